//! What the test player needs from the browser: the clock, localStorage, the answer
//! on screen, and the page events that proctoring records. On the server
//! these do nothing: the player only runs once hydrated.

use uuid::Uuid;

use crate::assessments::queue::Queue;

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the browser has a network connection at all (else a failed save means the server is busy).
pub fn has_network() -> bool {
    #[cfg(feature = "hydrate")]
    return web_sys::window().is_none_or(|w| w.navigator().on_line());
    #[cfg(not(feature = "hydrate"))]
    return true;
}

pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    return chrono::Utc::now().timestamp_millis();
}

pub fn load_queue(session_id: Uuid) -> Queue {
    #[cfg(feature = "hydrate")]
    if let Some(text) = storage().and_then(|s| s.get_item(&Queue::storage_key(session_id)).ok().flatten()) {
        return serde_json::from_str(&text).unwrap_or_default();
    }
    let _ = session_id;
    Queue::default()
}

pub fn store_queue(session_id: Uuid, queue: &Queue) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(queue)) {
        let key = Queue::storage_key(session_id);
        let _ = if queue.is_empty() { storage.remove_item(&key) } else { storage.set_item(&key, &text) };
    }
    let _ = (session_id, queue);
}

/// What the page shows as the answer to question `version_id`, if it is on screen: the
/// checked options' values and the text typed. A candidate may answer before the page's
/// code has loaded; this is how what they did is kept.
pub fn answer_on_page(version_id: Uuid) -> Option<(Vec<String>, String)> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let document = web_sys::window()?.document()?;
        let area = document.get_element_by_id(ANSWER_AREA_ID)?;
        if area.get_attribute("data-version").as_deref() != Some(version_id.to_string().as_str()) {
            return None;
        }
        let (mut checked, mut text) = (Vec::new(), String::new());
        let fields = area.query_selector_all("input, textarea").ok()?;
        for i in 0..fields.length() {
            let Some(node) = fields.item(i) else { continue };
            if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                match input.type_().as_str() {
                    "radio" | "checkbox" if input.checked() => checked.push(input.value()),
                    "radio" | "checkbox" => {}
                    _ => text = input.value(),
                }
            } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                text = area.value();
            }
        }
        return Some((checked, text));
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = version_id;
        None
    }
}

/// The id of the element around the current question's inputs.
pub const ANSWER_AREA_ID: &str = "answer-area";

/// Whether this browser had opened the session before: then this load is a reload.
pub fn seen_before(session_id: Uuid) -> bool {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let key = format!("hirevoo:opened:{session_id}");
        let seen = storage.get_item(&key).ok().flatten().is_some();
        let _ = storage.set_item(&key, "1");
        return seen;
    }
    let _ = session_id;
    false
}

/// Calls `record` with the proctoring kind of each page event, until the returned function is
/// called: the test's player calls it when it goes away, so that no event reaches the values it
/// has dropped.
pub fn watch_page(record: impl Fn(&'static str) + Clone + 'static) -> Box<dyn FnOnce() + Send + Sync> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let (Some(window), Some(document)) = (web_sys::window(), web_sys::window().and_then(|w| w.document())) else { return Box::new(|| ()) };
        let mut listeners: Vec<(web_sys::EventTarget, &'static str, wasm_bindgen::JsValue)> = Vec::new();
        let mut listen = |target: &web_sys::EventTarget, event: &'static str, handler: Box<dyn Fn()>| {
            let callback = Closure::<dyn Fn()>::new(handler).into_js_value();
            let _ = target.add_event_listener_with_callback(event, callback.unchecked_ref());
            listeners.push((target.clone(), event, callback));
        };
        let visibility = {
            let (record, document) = (record.clone(), document.clone());
            Box::new(move || record(if document.hidden() { "tab_hidden" } else { "tab_visible" }))
        };
        listen(&document, "visibilitychange", visibility);
        let fullscreen = {
            let (record, document) = (record.clone(), document.clone());
            Box::new(move || {
                if document.fullscreen_element().is_none() {
                    record("fullscreen_exit")
                }
            })
        };
        listen(&document, "fullscreenchange", fullscreen);
        for (event, kind) in [("blur", "window_blur"), ("focus", "window_focus"), ("copy", "copy"), ("cut", "cut"), ("paste", "paste"), ("contextmenu", "context_menu")] {
            let record = record.clone();
            listen(&window, event, Box::new(move || record(kind)));
        }
        // The browser runs one thread: the listeners never leave it.
        let listeners = leptos::reactive::send_wrapper_ext::SendOption::new_local(Some(listeners));
        Box::new(move || {
            for (target, event, callback) in listeners.take().into_iter().flatten() {
                let _ = target.remove_event_listener_with_callback(event, callback.unchecked_ref());
            }
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = record;
        Box::new(|| ())
    }
}
