//! Secrets the server must read back (two-step sign-in keys), sealed at rest with AES-256-GCM
//! under the site's key: a copy of the database alone does not reveal them.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use std::path::Path;

use super::AppError;

const NONCE_BYTES: usize = 12;

#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
    /// Derived from the key, for signing (never the sealing key itself).
    signing_key: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    pub fn new(key: [u8; 32]) -> Self {
        use sha2::Digest;
        let signing_key = sha2::Sha256::new().chain_update(b"hirevoo signing key\0").chain_update(key).finalize().into();
        Self { cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)), signing_key }
    }

    /// Signs and checks the REST API's access tokens; servers that share the key accept each other's.
    pub fn token_signer(&self) -> super::jwt::Signer {
        super::jwt::Signer::new(self.signing_key)
    }

    /// A keyed hash of `parts` (each length-prefixed): the same on every server sharing the key,
    /// and not reversible by whoever reads the database alone.
    pub fn keyed_hash(&self, parts: &[&str]) -> Vec<u8> {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.signing_key).expect("any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// A key written as 64 hex characters (`HIREVOO_SECRET_KEY`).
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the secret key must be 64 hexadecimal characters (32 random bytes)".into());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
        }
        Ok(Self::new(key))
    }

    /// The key kept in `path`, made (readable by its owner only) when there is none yet: the
    /// embedded setup's default. Servers that share a database must share `HIREVOO_SECRET_KEY`.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = super::tokens::new_token();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                write_private(path, &key).map_err(|e| format!("{}: {e}", path.display()))?;
                tracing::info!(path = %path.display(), "a new secret key was made for sealing two-step sign-in keys");
                Self::from_hex(&key)
            }
            Err(error) => Err(format!("{}: {error}", path.display())),
        }
    }

    /// A random nonce, then the ciphertext with its tag.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(AppError::internal)?;
        let sealed = self.cipher.encrypt(Nonce::from_slice(&nonce), plaintext).map_err(AppError::internal)?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Fails for anything this key did not seal, or that changed since.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, AppError> {
        if sealed.len() <= NONCE_BYTES {
            return Err(AppError::internal("a sealed secret too short to hold its nonce"));
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        self.cipher.decrypt(Nonce::from_slice(nonce), ciphertext).map_err(AppError::internal)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_sealed_opens_with_the_same_key_only() {
        let key = SecretBox::new([7; 32]);
        let sealed = key.seal(b"JBSWY3DPEHPK3PXP").unwrap();
        assert!(!sealed.windows(16).any(|w| w == b"JBSWY3DPEHPK3PXP"), "the plaintext is not in the sealed bytes");
        assert_eq!(key.open(&sealed).unwrap(), b"JBSWY3DPEHPK3PXP");
        assert_ne!(key.seal(b"same").unwrap(), key.seal(b"same").unwrap(), "a fresh nonce each time");
        assert!(SecretBox::new([8; 32]).open(&sealed).is_err(), "another key");
        let mut tampered = sealed.clone();
        tampered[20] ^= 1;
        assert!(key.open(&tampered).is_err(), "a changed byte");
        assert!(key.open(&sealed[..5]).is_err());
    }

    #[test]
    fn keys_are_read_as_64_hex_characters() {
        assert!(SecretBox::from_hex(&"ab".repeat(32)).is_ok());
        assert!(SecretBox::from_hex("abc").is_err());
        assert!(SecretBox::from_hex(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn a_missing_key_file_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("hirevoo-key-{}", super::super::tokens::new_token()));
        let path = dir.join("secret.key");
        let first = SecretBox::from_file(&path).unwrap();
        let sealed = first.seal(b"kept").unwrap();
        let again = SecretBox::from_file(&path).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), b"kept");
        let _ = std::fs::remove_dir_all(dir);
    }
}
