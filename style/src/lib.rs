//! Compiles the utility classes used by the application into one stylesheet.
//!
//! The server's build script calls [`stylesheet`]; the tests below keep every
//! class written in `app/src` meaningful, so a misspelt class fails the build's
//! tests instead of silently rendering unstyled.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The hand-written part of the stylesheet: things utilities cannot express.
pub const BASE_CSS: &str = include_str!("../input.css");

/// Every `.rs` file below `dir`, sorted so the output is reproducible.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn config() -> encre_css::Config {
    let mut config = encre_css::Config::default();
    config.scanner = encre_css::Scanner::from_fn(|source| {
        class_literals(source).flat_map(str::split_whitespace).collect()
    });
    config
}

/// The stylesheet for the given Rust sources: base rules, then the utilities they use.
pub fn stylesheet<'a>(sources: impl IntoIterator<Item = &'a str>) -> String {
    let utilities = encre_css::generate(sources, &config());
    format!("{utilities}\n{BASE_CSS}")
}

/// The string literals that hold classes: the first literal after `class=` (an
/// attribute) or after a `*_CLASS` constant's name, on each line.
pub fn class_literals(source: &str) -> impl Iterator<Item = &str> {
    source.lines().flat_map(|line| {
        let mut literals = Vec::new();
        let mut rest = line;
        while let Some(at) = ["class=", "_CLASS: &str ="].iter().filter_map(|marker| rest.find(marker).map(|i| i + marker.len())).min() {
            rest = &rest[at..];
            let trimmed = rest.trim_start();
            if let Some(literal) = trimmed.strip_prefix('"').and_then(|tail| tail.split('"').next()) {
                literals.push(literal);
            }
        }
        literals
    })
}

/// The distinct class names used across the given sources.
pub fn used_classes<'a>(sources: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    sources
        .into_iter()
        .flat_map(class_literals)
        .flat_map(str::split_whitespace)
        .map(str::to_owned)
        .collect()
}

/// Classes that generate no CSS at all: misspellings, or names Tailwind lacks.
pub fn unknown_classes<'a>(sources: impl IntoIterator<Item = &'a str> + Clone) -> Vec<String> {
    let config = {
        let mut config = encre_css::Config::default();
        config.preflight = encre_css::Preflight::new_none();
        config
    };
    used_classes(sources)
        .into_iter()
        .filter(|class| encre_css::generate([class.as_str()], &config).trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_sources() -> Vec<String> {
        let app_src = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("../app/src");
        rust_files(&app_src)
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("readable source"))
            .collect()
    }

    #[test]
    fn every_class_used_in_the_app_produces_css() {
        let sources = app_sources();
        let unknown = unknown_classes(sources.iter().map(String::as_str));
        assert!(unknown.is_empty(), "classes with no CSS: {unknown:?}");
    }

    #[test]
    fn a_misspelt_class_is_reported() {
        let source = r#"view! { <div class="flex justify-betwen p-4"></div> }"#;
        assert_eq!(unknown_classes([source]), vec!["justify-betwen".to_string()]);
    }

    #[test]
    fn variants_and_layout_utilities_compile_to_valid_css() {
        let css = stylesheet([r#"<a class="w-full justify-between py-2 rounded-lg hover:underline md:flex dark:bg-slate-900">"#]);
        assert!(css.contains("width: 100%"), "{css}");
        assert!(css.contains("justify-content: space-between"));
        assert!(css.contains("padding-block"));
        assert!(css.contains(":hover"));
        assert!(css.contains("@media (width >= 48rem)") || css.contains("min-width: 48rem") || css.contains("width>=48rem"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn the_app_stylesheet_holds_its_classes() {
        let sources = app_sources();
        let css = stylesheet(sources.iter().map(String::as_str));
        assert!(css.contains(".min-h-screen"), "the shell's classes are compiled");
        assert!(css.contains("focus-visible"));
    }
}
