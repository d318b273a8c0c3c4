//! The browser entry: hydrates the page the server rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The candidate bundle holds only the test page (see `app::CandidateApp`).
    #[cfg(feature = "candidate")]
    leptos::mount::hydrate_body(app::CandidateApp);
    #[cfg(not(feature = "candidate"))]
    leptos::mount::hydrate_body(app::App);
    // Tells tests (and anyone curious) that the page now runs in the browser.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
