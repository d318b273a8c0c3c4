//! Forms that carry a file (`multipart/form-data`), read by plain routes so that they work
//! without JavaScript and take bodies far larger than a server function's. The whole body is
//! read before answering: a browser still sending a file may not see an answer given earlier.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Text fields are read up to this many bytes; anything longer is refused by the field's own rule.
const MAX_TEXT_BYTES: usize = 24_000;

#[derive(Debug, Default)]
pub struct UploadForm {
    /// Each text field's first value, in the order sent.
    pub fields: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
    /// The file field held more than the limit; its bytes were dropped.
    pub file_too_large: bool,
}

#[derive(Debug)]
pub struct UploadedFile {
    /// The name it had on the person's device, without any folder.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl UploadForm {
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    /// Not a multipart form, or cut off.
    Unreadable,
    /// The body passed the route's limit.
    TooLarge,
}

/// Reads the form: the first file of `file_field` up to `max_file_bytes`, and every other field as text.
pub async fn read(request: Request, file_field: &str, max_file_bytes: usize) -> Result<UploadForm, UploadError> {
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| UploadError::Unreadable)?;
    let failed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE { UploadError::TooLarge } else { UploadError::Unreadable }
    };
    let mut form = UploadForm::default();
    let mut seen: Vec<String> = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let first = !seen.contains(&name);
        seen.push(name.clone());
        if name == file_field && first {
            let file_name = clean_file_name(field.file_name().unwrap_or_default());
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(failed)? {
                if bytes.len() + chunk.len() > max_file_bytes {
                    form.file_too_large = true;
                    bytes = Vec::new();
                } else if !form.file_too_large {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if !bytes.is_empty() {
                form.file = Some(UploadedFile { file_name, bytes });
            }
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(failed)? {
            let room = MAX_TEXT_BYTES.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        if first {
            form.fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok(form)
}

/// The answer to a form posted without JavaScript: go to the page that shows the outcome.
pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// A file's name kept as a label only: no folder, no control characters, at most 255 characters.
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    clean.trim().to_owned()
}

/// A PDF by its content, whatever its name: the header at the start and the end-of-file
/// marker near the end (writers may put a little after it).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_recognized_by_content() {
        assert!(looks_like_pdf(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"));
        assert!(!looks_like_pdf(b"PK\x03\x04 a zip named resume.pdf"));
        assert!(!looks_like_pdf(b"%PDF-1.4 truncated"));
        let mut trailing = b"%PDF-1.7\n%%EOF".to_vec();
        trailing.extend(std::iter::repeat_n(b' ', 2000));
        assert!(!looks_like_pdf(&trailing), "the marker must be near the end");
    }

    #[test]
    fn file_names_lose_their_folders() {
        assert_eq!(clean_file_name("C:\\Users\\ada\\CV.pdf"), "CV.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name(" \u{7}"), "");
    }
}
