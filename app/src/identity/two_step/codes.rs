//! The codes of two-step sign-in: time-based one-time passwords (RFC 6238: HMAC-SHA1, six
//! digits, 30-second steps, as every authenticator app reads them) and single-use recovery codes.

use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use crate::platform::AppError;

pub const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
/// 160 bits, RFC 4226's recommendation.
const KEY_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// No look-alikes (0/o, 1/l/i): read from paper and typed again.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const ISSUER: &str = "Hirevoo";

pub fn new_key() -> Result<Vec<u8>, AppError> {
    let mut key = vec![0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(AppError::internal)?;
    Ok(key)
}

fn totp(key: &[u8]) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, key.to_vec())
}

/// The key as people type it into an app: base32, in groups of four.
pub fn key_text(key: &[u8]) -> String {
    let text = totp(key).get_secret_base32();
    text.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The key from its base32 text (spaces and case ignored).
pub fn key_from_text(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    totp_rs::Secret::Encoded(compact).to_bytes().ok().filter(|key| !key.is_empty())
}

/// The code an app shows for `key` during time step `step`.
pub fn code_for_step(key: &[u8], step: i64) -> String {
    totp(key).generate(step.max(0) as u64 * STEP_SECONDS)
}

pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.max(0) / STEP_SECONDS as i64
}

/// The time step `code` belongs to, if it is this step's code or a neighbour's (clocks drift)
/// and newer than `last_used_step`: a code works once.
pub fn matching_step(key: &[u8], code: &str, unix_seconds: i64, last_used_step: i64) -> Option<i64> {
    let now = step_at(unix_seconds);
    (now - 1..=now + 1).filter(|step| *step > last_used_step).find(|step| same(&code_for_step(key, *step), code))
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What someone typed, as a six-digit code (spaces allowed), if it is one.
pub fn as_time_code(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// `otpauth://` as authenticator apps scan it.
pub fn provisioning_uri(email: &str, key: &[u8]) -> String {
    let label = percent_encode(&format!("{ISSUER}:{email}"));
    let secret = totp(key).get_secret_base32();
    format!("otpauth://totp/{label}?secret={secret}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}")
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The URI as an SVG QR code, to scan from the screen.
pub fn qr_svg(uri: &str) -> Result<String, AppError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(AppError::internal)?;
    let image = code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).dark_color(svg::Color("#000000")).light_color(svg::Color("#ffffff")).build();
    // Inside HTML, the XML declaration before the element has no place.
    Ok(image.find("<svg").map_or(image.clone(), |start| image[start..].to_owned()))
}

/// Ten new recovery codes, `xxxxx-xxxxx` (about 49 random bits each).
pub fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    let mut bytes = [0u8; RECOVERY_CODES * 10];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(bytes
        .chunks(10)
        .map(|chunk| {
            let letters: String = chunk.iter().map(|b| RECOVERY_ALPHABET[*b as usize % RECOVERY_ALPHABET.len()] as char).collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect())
}

/// A recovery code as it is kept: the SHA-256 of its letters, however it was typed.
pub fn recovery_code_hash(input: &str) -> Vec<u8> {
    let letters: String = input.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    Sha256::digest(letters.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 key "12345678901234567890", eight digits.
    #[test]
    fn codes_follow_the_rfc_test_vectors() {
        let key = b"12345678901234567890";
        let eight = TOTP::new_unchecked(Algorithm::SHA1, 8, 0, 30, key.to_vec());
        for (time, code) in [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (2000000000, "69279037")] {
            assert_eq!(eight.generate(time), code);
        }
        assert_eq!(code_for_step(key, step_at(59)), "287082", "six digits are the last six");
    }

    #[test]
    fn a_code_matches_its_step_or_a_neighbour_once() {
        let key = new_key().unwrap();
        let now = 1_800_000_000;
        let step = step_at(now);
        let code = code_for_step(&key, step);
        assert_eq!(matching_step(&key, &code, now, 0), Some(step));
        assert_eq!(matching_step(&key, &code, now + 30, 0), Some(step), "one step late");
        assert_eq!(matching_step(&key, &code, now - 30, 0), Some(step), "one step early");
        assert_eq!(matching_step(&key, &code, now + 90, 0), None, "too old");
        assert_eq!(matching_step(&key, &code, now, step), None, "used already");
    }

    #[test]
    fn typed_codes_are_read_leniently_and_strictly() {
        assert_eq!(as_time_code(" 123 456 "), Some("123456".into()));
        assert_eq!(as_time_code("12345"), None);
        assert_eq!(as_time_code("abcdef"), None);
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|code| code.len() == 11 && code.as_bytes()[5] == b'-'));
        assert_eq!(recovery_code_hash(&codes[0]), recovery_code_hash(&format!(" {} ", codes[0].to_uppercase().replace('-', ""))));
        assert_ne!(recovery_code_hash(&codes[0]), recovery_code_hash(&codes[1]));
    }

    #[test]
    fn keys_read_back_from_their_text_and_uri() {
        let key = new_key().unwrap();
        let text = key_text(&key);
        assert_eq!(key_from_text(&text), Some(key.clone()));
        let uri = provisioning_uri("ada+hr@example.com", &key);
        assert!(uri.starts_with("otpauth://totp/Hirevoo:ada%2Bhr@example.com?secret="), "{uri}");
        assert!(uri.contains(&text.replace(' ', "")));
        assert!(qr_svg(&uri).unwrap().starts_with("<svg"));
    }
}
