//! The REST API's access tokens: JSON Web Tokens signed with HMAC-SHA-256 under a key derived
//! from the site's secret key. Only this one header is accepted, so that a token cannot choose
//! its own algorithm (`none`, or a public key taken as a secret).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::Role;

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// What an access token says: who (`sub`, their name and role), which sign-in it belongs to
/// (`fam`, the refresh tokens' family), and when it was made and stops working (Unix seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub name: String,
    pub role: Role,
    pub fam: Uuid,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of ours: malformed, another header, a wrong signature.
    Invalid,
    Expired,
}

#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl Signer {
    pub fn new(key: [u8; 32]) -> Self {
        Self { key }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length")
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let payload = serde_json::to_vec(claims).expect("claims serialize");
        let signed = format!("{}.{}", URL_SAFE_NO_PAD.encode(HEADER), URL_SAFE_NO_PAD.encode(payload));
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// The claims of a token this key signed, if it has not expired at `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let (signed, signature) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let (header, payload) = signed.split_once('.').ok_or(TokenError::Invalid)?;
        if URL_SAFE_NO_PAD.decode(header).ok().as_deref() != Some(HEADER.as_bytes()) {
            return Err(TokenError::Invalid);
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| TokenError::Invalid)?;
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        mac.verify_slice(&signature).map_err(|_| TokenError::Invalid)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenError::Invalid)?;
        let claims: Claims = serde_json::from_slice(&payload).map_err(|_| TokenError::Invalid)?;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims { sub: Uuid::from_u128(7), name: "Eli".into(), role: Role::DelegationEmployee, fam: Uuid::from_u128(9), iat: 100, exp }
    }

    #[test]
    fn a_token_verifies_with_its_key_until_it_expires() {
        let signer = Signer::new([1; 32]);
        let token = signer.sign(&claims(1000));
        assert_eq!(signer.verify(&token, 999), Ok(claims(1000)));
        assert_eq!(signer.verify(&token, 1000), Err(TokenError::Expired));
        assert_eq!(Signer::new([2; 32]).verify(&token, 999), Err(TokenError::Invalid), "another key");
    }

    #[test]
    fn changed_or_foreign_tokens_are_refused() {
        let signer = Signer::new([1; 32]);
        let token = signer.sign(&claims(1000));
        let parts: Vec<&str> = token.split('.').collect();
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&Claims { role: Role::Superadmin, ..claims(1000) }).unwrap());
        assert_eq!(signer.verify(&format!("{}.{forged_payload}.{}", parts[0], parts[2]), 999), Err(TokenError::Invalid));
        let none = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(signer.verify(&format!("{none}.{}.", parts[1]), 999), Err(TokenError::Invalid), "alg none");
        for junk in ["", "a.b", "a.b.c", &format!("{token}x")] {
            assert_eq!(signer.verify(junk, 999), Err(TokenError::Invalid), "{junk}");
        }
    }
}
