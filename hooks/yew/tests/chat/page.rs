//! The page as the tests see it: the chat mounted in a fresh element, what
//! it shows, its draft box and Send button, and a wait for the next
//! render. Both halves (`mock_server`, `test_server`) use it.

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_websocket::reconnect::{Backoff, Jitter};
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::component::{Chat, ChatProps};

/// Reconnects 5 ms after a drop, then 10, 20, 40 and 50 ms at most between
/// refused attempts: the real timers run, so a test keeps them short.
pub fn fast_backoff() -> Backoff {
    Backoff::new()
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(50))
        .with_jitter(Jitter::None)
}

/// The chat, mounted; dropping it unmounts the chat (which closes its
/// socket with 1000) and removes its element.
pub struct Page {
    root: Element,
    app: Option<yew::AppHandle<Chat>>,
}

impl Page {
    pub fn mount(url: impl Into<String>) -> Self {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("appended");
        let props = ChatProps {
            url: url.into().into(),
            backoff: fast_backoff(),
        };
        let app = yew::Renderer::<Chat>::with_root_and_props(root.clone(), props).render();
        Self {
            root,
            app: Some(app),
        }
    }

    /// The connection's state as the chat shows it: "open", "waiting",
    /// "connecting", ...
    pub fn state(&self) -> String {
        self.text("state")
    }

    /// What the chat says about the last send: "sent", "queued", ...
    pub fn outcome(&self) -> String {
        self.text("outcome")
    }

    /// The messages the chat shows, in its order.
    pub fn messages(&self) -> Vec<String> {
        let items = self
            .root
            .query_selector_all("[data-testid=messages] li")
            .expect("a valid selector");
        (0..items.length())
            .filter_map(|n| items.item(n))
            .map(|item| item.text_content().unwrap_or_default())
            .collect()
    }

    /// Types `text` into the draft box and clicks Send.
    pub fn send(&self, text: &str) {
        let draft: HtmlInputElement = self.element("draft").unchecked_into();
        draft.set_value(text);
        self.element("send").unchecked_into::<HtmlElement>().click();
    }

    /// Waits until `ready` holds for what the chat shows (5 s at most).
    pub async fn until(&self, what: &str, ready: impl Fn(&Self) -> bool) {
        for _ in 0..1000 {
            if ready(self) {
                return;
            }
            sleep(Duration::from_millis(5)).await;
        }
        panic!(
            "the chat never showed {what}: state {:?}, {} messages, last send {:?}",
            self.state(),
            self.messages().len(),
            self.outcome()
        );
    }

    fn element(&self, test_id: &str) -> Element {
        self.root
            .query_selector(&format!("[data-testid={test_id}]"))
            .expect("a valid selector")
            .unwrap_or_else(|| panic!("no {test_id} in the chat"))
    }

    /// The element's text; empty before the chat's first render.
    fn text(&self, test_id: &str) -> String {
        self.root
            .query_selector(&format!("[data-testid={test_id}]"))
            .expect("a valid selector")
            .and_then(|element| element.text_content())
            .unwrap_or_default()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}
