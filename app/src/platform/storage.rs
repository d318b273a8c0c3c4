//! Files people upload (résumés): kept by a storage backend under random keys, never at a
//! public path. The database row (`stored_files`) says whose a file is; the backend only
//! holds bytes.
//!
//! One backend exists: the local filesystem, under the data folder unless configured.
//! Several app servers need a shared folder or an object store: an S3-compatible backend
//! would be another `Backend` variant (object_store's `aws` feature, behind a cargo
//! feature), chosen by configuration. It is not built.

use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use std::path::PathBuf;
use std::sync::Arc;

use super::AppError;

/// Where the bytes go.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A folder on this machine (created if missing).
    Local(PathBuf),
}

#[derive(Clone)]
pub struct Storage {
    backend: Backend,
    /// Opened at first use, so that a server that never stores a file never creates its folder.
    store: Arc<tokio::sync::OnceCell<Arc<dyn ObjectStore>>>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("backend", &self.backend).finish()
    }
}

impl Storage {
    pub fn new(backend: Backend) -> Self {
        Self { backend, store: Arc::default() }
    }

    async fn store(&self) -> Result<&Arc<dyn ObjectStore>, AppError> {
        self.store
            .get_or_try_init(|| async {
                match &self.backend {
                    Backend::Local(dir) => {
                        tokio::fs::create_dir_all(dir).await.map_err(|e| format!("{}: {e}", dir.display()))?;
                        let store = LocalFileSystem::new_with_prefix(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                        Ok::<Arc<dyn ObjectStore>, String>(Arc::new(store.with_automatic_cleanup(true)))
                    }
                }
            })
            .await
            .map_err(|error| {
                tracing::error!(%error, "the file storage cannot be opened");
                AppError::Unavailable
            })
    }

    pub fn local(dir: impl Into<PathBuf>) -> Self {
        Self::new(Backend::Local(dir.into()))
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Keeps `bytes` under a new random key and returns the key. Atomic: a reader never sees a partial file.
    pub async fn put(&self, bytes: Vec<u8>) -> Result<String, AppError> {
        let token = super::tokens::new_token();
        // Two levels of fan-out keep any one folder small.
        let key = format!("{}/{}/{}", &token[..2], &token[2..4], &token[..32]);
        let options = PutOptions { mode: PutMode::Create, ..Default::default() };
        self.store().await?.put_opts(&Path::from(key.as_str()), PutPayload::from(bytes), options).await.map_err(|error| {
            tracing::error!(%error, "storing a file failed");
            AppError::Unavailable
        })?;
        Ok(key)
    }

    /// The bytes kept under `key`; a key this storage never gave out is not found.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, AppError> {
        let path = parse_key(key)?;
        match self.store().await?.get(&path).await {
            Ok(result) => Ok(result.bytes().await.map_err(unavailable)?.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(error) => Err(unavailable(error)),
        }
    }

    /// Removes the file under `key`; one already gone is fine.
    pub async fn delete(&self, key: &str) -> Result<(), AppError> {
        let path = parse_key(key)?;
        match self.store().await?.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

fn unavailable(error: object_store::Error) -> AppError {
    tracing::error!(%error, "file storage failed");
    AppError::Unavailable
}

/// Only the shape `put` gives out: no other path of the backend can be named.
fn parse_key(key: &str) -> Result<Path, AppError> {
    let parts: Vec<&str> = key.split('/').collect();
    let valid = matches!(parts.as_slice(), [a, b, c] if a.len() == 2 && b.len() == 2 && c.len() == 32)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    if valid { Ok(Path::from(key)) } else { Err(AppError::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_of_our_own_shape_are_accepted() {
        assert!(parse_key("ab/cd/0123456789abcdef0123456789abcdef").is_ok());
        for bad in ["../etc/passwd", "ab/cd/../../x", "AB/cd/0123456789abcdef0123456789abcdef", "ab/cd", ""] {
            assert!(parse_key(bad).is_err(), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn put_get_delete_round_trip() {
        let dir = std::env::temp_dir().join(format!("hirevoo-storage-{}", super::super::tokens::new_token()));
        let storage = Storage::local(&dir);
        let key = storage.put(b"%PDF-1.4 hello".to_vec()).await.unwrap();
        assert!(dir.join(&key).is_file());
        assert_eq!(storage.get(&key).await.unwrap(), b"%PDF-1.4 hello");
        storage.delete(&key).await.unwrap();
        assert_eq!(storage.get(&key).await, Err(AppError::NotFound));
        storage.delete(&key).await.unwrap();
        let _ = std::fs::remove_dir_all(dir);
    }
}
