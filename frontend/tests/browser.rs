//! Component tests in a real browser (headless Chromium through
//! chromedriver): the app mounts, and its language switch turns the whole
//! document to right-to-left Urdu and back.
#![cfg(target_arch = "wasm32")]
// A failed step stops the test loudly.
#![allow(clippy::expect_used)]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;
use zainab_dashboard::{app::App, i18n};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

async fn settle() {
    gloo_timers::future::sleep(Duration::from_millis(50)).await;
}

#[wasm_bindgen_test]
async fn the_language_switch_turns_the_page_right_to_left() {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;

    let html = document().document_element().expect("<html>");
    assert_eq!(html.get_attribute("dir").as_deref(), Some("ltr"));
    let switch: HtmlElement = document()
        .get_element_by_id("lang-switch")
        .expect("the switch")
        .dyn_into()
        .expect("a button");
    assert_eq!(switch.text_content().as_deref(), Some("اردو"));

    switch.click();
    settle().await;
    assert_eq!(html.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(html.get_attribute("lang").as_deref(), Some("ur"));
    let brand = root
        .query_selector(".brand")
        .expect("a query")
        .expect("the brand");
    assert_eq!(brand.text_content().as_deref(), Some("زینب الرٹ"));
    assert_eq!(switch.text_content().as_deref(), Some("English"));

    switch.click();
    settle().await;
    assert_eq!(html.get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(brand.text_content().as_deref(), Some("Zainab Alert"));
}

#[wasm_bindgen_test]
fn urdu_strings_exist_for_what_every_page_shows() {
    for key in [
        "app",
        "login",
        "queue",
        "track",
        "register",
        "report",
        "intake",
        "oversight",
    ] {
        let (en, ur) = (i18n::Lang::En.t(key), i18n::Lang::Ur.t(key));
        assert_ne!(en, ur, "{key}");
        assert!(
            ur.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{key}: {ur}"
        );
    }
}
