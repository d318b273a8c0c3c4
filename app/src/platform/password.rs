//! Argon2id password hashing at OWASP's minimum (19 MiB, t=2, p=1), off the async
//! runtime and bounded, so sign-ins cannot starve the server of memory or threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

use super::AppError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Verified against when the account does not exist, so both cases take as long.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    argon2()
        .hash_password(b"decoy password", &SaltString::from_b64("ZGVjb3lzYWx0ZGVjb3k").expect("salt"))
        .expect("hash")
        .to_string()
});

impl Hasher {
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || {
            let mut salt = [0u8; 16];
            getrandom::fill(&mut salt).map_err(AppError::internal)?;
            let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(AppError::internal)
        })
        .await
    }

    /// Whether `password` matches `hash`; with no hash, spends the same time and says no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        self.run(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| DECOY_HASH.clone());
            let parsed = PasswordHash::new(&hash).map_err(AppError::internal)?;
            Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok() && known)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self.permits.acquire().await.map_err(|_| AppError::Unavailable)?;
        tokio::task::spawn_blocking(work).await.map_err(AppError::internal)?
    }
}
