//! The browser entry point: mounts the chat on the page.

use leptos::prelude::*;
use leptos_chat::App;

fn main() {
    let url = server_url();
    mount_to_body(move || view! { <App url /> });
}

/// `ws://<this page's host>/echo?tag=<tag>`: the test server serves this
/// page and its WebSocket endpoints on one port. The tag (the page's own
/// `?tag=`, or a new one per load) names this page's connections in the
/// server's statistics.
fn server_url() -> String {
    let location = window().location();
    let scheme = match location.protocol().as_deref() {
        Ok("https:") => "wss",
        _ => "ws",
    };
    let host = location.host().unwrap_or_default();
    let tag = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
        .ok()
        .and_then(|query| query.get("tag"))
        .unwrap_or_else(|| format!("leptos-{}", js_sys::Date::now()));
    let tag = js_sys::encode_uri_component(&tag);
    format!("{scheme}://{host}/echo?tag={tag}")
}
