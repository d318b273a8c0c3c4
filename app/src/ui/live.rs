//! The browser's end of the live channel (`platform/live.rs` on the server).
//!
//! `on_live_events(handler)` opens an `EventSource` to `/events` for as long as the calling
//! component lives and calls `handler` with each event: `kind` is "application" (a pipeline change,
//! with its requisition), "notification" (one for the signed-in person), or "reconnect" (events may
//! have been missed: re-read). Events carry ids only; handlers re-read through server functions.
//! On the server and without JavaScript it does nothing: those pages are read once.

use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LiveEvent {
    pub kind: String,
    pub id: Uuid,
    #[serde(default)]
    pub requisition: Option<Uuid>,
}

pub fn on_live_events(on_event: impl Fn(LiveEvent) + 'static) {
    #[cfg(feature = "hydrate")]
    browser::open(on_event);
    #[cfg(not(feature = "hydrate"))]
    let _ = on_event;
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use uuid::Uuid;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::LiveEvent;

    type Handlers = (Closure<dyn Fn(web_sys::MessageEvent)>, Closure<dyn Fn()>, Closure<dyn Fn()>);

    thread_local! {
        // Open sources by key, so that a component's clean-up (which must be Send) can close its own.
        static SOURCES: RefCell<HashMap<u64, (web_sys::EventSource, Handlers)>> = RefCell::new(HashMap::new());
    }
    static NEXT_KEY: AtomicU64 = AtomicU64::new(0);

    pub fn open(on_event: impl Fn(LiveEvent) + 'static) {
        let Ok(source) = web_sys::EventSource::new("/events") else { return };
        let on_event = Rc::new(on_event);
        let missed = Rc::new(Cell::new(false));
        let on_message = {
            let on_event = on_event.clone();
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                if let Some(event) = message.data().as_string().and_then(|text| serde_json::from_str::<LiveEvent>(&text).ok()) {
                    on_event(event);
                }
            })
        };
        // The browser reconnects by itself after an error; once it is back, what happened
        // meanwhile is re-read.
        let on_error = {
            let missed = missed.clone();
            Closure::<dyn Fn()>::new(move || missed.set(true))
        };
        let on_open = Closure::<dyn Fn()>::new(move || {
            if missed.replace(false) {
                on_event(LiveEvent { kind: "reconnect".into(), id: Uuid::nil(), requisition: None });
            }
        });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
        SOURCES.with(|sources| sources.borrow_mut().insert(key, (source, (on_message, on_error, on_open))));
        leptos::prelude::on_cleanup(move || {
            if let Some((source, _handlers)) = SOURCES.with(|sources| sources.borrow_mut().remove(&key)) {
                source.close();
            }
        });
    }
}
