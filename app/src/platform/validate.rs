//! Input rules shared by the forms and the server functions that receive them.

use super::AppError;

pub const MAX_EMAIL: usize = 254;
pub const MAX_NAME: usize = 120;
pub const MIN_PASSWORD: usize = 12;
/// Argon2 takes any length; this bounds the work a request can ask for.
pub const MAX_PASSWORD: usize = 256;

/// A trimmed, lower-cased email address of a plausible shape.
pub fn email(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim().to_lowercase();
    if value.is_empty() {
        return Err(AppError::invalid(field, "Enter an email address."));
    }
    if value.chars().count() > MAX_EMAIL {
        return Err(AppError::invalid(field, "That email address is too long."));
    }
    let plausible = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
    }) && !value.contains(|c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
        && value.matches('@').count() == 1;
    if !plausible {
        return Err(AppError::invalid(field, "Enter an email address like name@example.com."));
    }
    Ok(value)
}

/// A person's or organization's name: trimmed, 1 to 120 characters, no control characters.
pub fn name(field: &str, label: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, format!("Enter a {label}.")));
    }
    if value.chars().count() > MAX_NAME {
        return Err(AppError::invalid(field, format!("The {label} can be at most {MAX_NAME} characters.")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value.to_owned())
}

/// Free text such as instructions or a description: trimmed, at most `max` characters; may be empty.
pub fn long_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("The {label} can be at most {max} characters.")));
    }
    Ok(value.to_owned())
}

/// A URL-safe tenant slug: lowercase letters, digits and inner hyphens, 1 to 40 characters.
pub fn slug(field: &str, value: &str) -> Result<String, AppError> {
    slug_up_to(field, value, 40)
}

/// A slug of at most `max` characters (a flag's key, say).
pub fn slug_up_to(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim().to_lowercase();
    let valid = (1..=max).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !valid {
        return Err(AppError::invalid(
            field,
            format!("Use 1 to {max} lowercase letters, digits or hyphens, not starting or ending with a hyphen."),
        ));
    }
    Ok(value)
}

pub fn new_password(field: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(AppError::invalid(field, format!("Use at least {MIN_PASSWORD} characters.")));
    }
    if length > MAX_PASSWORD {
        return Err(AppError::invalid(field, format!("Use at most {MAX_PASSWORD} characters.")));
    }
    if password != confirm {
        return Err(AppError::invalid("confirm", "The two passwords do not match."));
    }
    Ok(())
}

/// A path inside this site to go to after signing in; anything else is ignored.
///
/// Browsers drop tabs and newlines from addresses and read `\` as `/`, so `/\t/evil.example`
/// or `/\evil.example` would leave the site: only a plain path is kept, one that no reading
/// turns into another host (no second leading slash, no backslash, no control character or
/// space anywhere, no percent-encoded slash or backslash that a second decoding would reveal).
pub fn local_path(value: Option<&str>) -> &str {
    match value {
        Some(path) if is_plain_local_path(path) => path,
        _ => "/",
    }
}

fn is_plain_local_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path.starts_with('/')
        && !path.starts_with("//")
        && path.len() < 512
        && !path.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        && !["%2f", "%5c", "%09", "%0a", "%0d", "%00", "%25"].iter().any(|encoded| lower.contains(encoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_local_paths_are_followed_after_signing_in() {
        for kept in ["/", "/jobs", "/jobs/42/edit?tab=pipeline&x=1#top", "/candidates?q=o%27brien", "/a/b/"] {
            assert_eq!(local_path(Some(kept)), kept);
        }
        let bypasses = [
            "//evil.example", "///evil.example", "/\\evil.example", "\\/evil.example", "/\t/evil.example", "/\n/evil.example",
            "/\r/evil.example", "\t//evil.example", " //evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
            "/%5Cevil.example", "/%09/evil.example", "/%0a/evil.example", "/%252F%252Fevil.example", "https://evil.example",
            "evil.example", "javascript:alert(1)", "/\u{0}/evil", "/\u{3000}/evil.example", "",
        ];
        for bypass in bypasses {
            assert_eq!(local_path(Some(bypass)), "/", "{bypass:?} kept");
        }
        assert_eq!(local_path(Some(&format!("/{}", "a".repeat(600)))), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(email("email", "  Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@@example.com", "<x>@example.com", "ada@.example.com"] {
            assert!(email("email", bad).is_err(), "{bad:?} accepted");
        }
        assert!(email("email", &format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn names_allow_metacharacters_but_not_control_characters() {
        assert_eq!(name("name", "name", " O'Brien <Ltd> \"; drop table users;--").unwrap(), "O'Brien <Ltd> \"; drop table users;--");
        assert!(name("name", "name", "   ").is_err());
        assert!(name("name", "name", "a\u{0}b").is_err());
        assert!(name("name", "name", &"x".repeat(121)).is_err());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("slug", "Acme-2").unwrap(), "acme-2");
        for bad in ["", "-acme", "acme-", "ac me", "acmé", &"a".repeat(41)] {
            assert!(slug("slug", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords() {
        assert!(new_password("password", "short", "short").is_err());
        assert!(new_password("password", "long enough pass", "different pass!").is_err());
        assert!(new_password("password", "long enough pass", "long enough pass").is_ok());
    }
}
