//! The Content-Security-Policy of every page: scripts only from this site with the
//! response's nonce (Leptos writes its hydration and resource scripts with it),
//! styles only from this site, no plugins, no framing, forms only to this site.

use leptos::prelude::*;

/// The policy for a page whose inline scripts carry `nonce`. Browsers compile the
/// WebAssembly bundle only with `'wasm-unsafe-eval'`; it allows no JavaScript `eval`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// For every response that is not a page (server functions, files, errors): nothing may run or be framed.
pub const LOCKED_DOWN_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Sets the page's policy on the response being rendered, with the nonce Leptos renders its scripts with.
pub fn apply_page_policy() {
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let value = http::HeaderValue::from_str(&page_policy(&nonce)).expect("a nonce is URL-safe base64");
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::page_policy;

    #[test]
    fn scripts_need_the_nonce_and_nothing_else_is_loosened() {
        let policy = page_policy("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "style-src 'self'"] {
            assert!(policy.contains(directive), "{directive}");
        }
    }
}
