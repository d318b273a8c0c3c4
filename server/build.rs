//! Compiles the stylesheet from the classes used in app/src; the server embeds it (and the migrations).

use std::path::Path;

fn main() {
    // Read when it runs, not when it was compiled: a build directory shared by clones in other
    // places may reuse this script's binary.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("..");
    let app_src = root.join("app/src");
    println!("cargo:rerun-if-changed={}", app_src.display());
    println!("cargo:rerun-if-changed={}", root.join("style/input.css").display());
    // The migrations are embedded in the binary; a new file must rebuild it.
    println!("cargo:rerun-if-changed={}", root.join("migrations").display());
    let sources: Vec<String> = style::rust_files(&app_src)
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("readable source"))
        .collect();
    assert!(!sources.is_empty(), "no Rust sources found under {}", app_src.display());
    let css = style::stylesheet(sources.iter().map(String::as_str));
    // A page without its utilities still renders, unstyled and with hidden parts showing: never ship that.
    assert!(css.contains(".min-h-screen") && css.contains(".hidden"), "the stylesheet lacks the app's utility classes");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("hirevoo.css");
    std::fs::write(out, css).expect("writable OUT_DIR");
}
