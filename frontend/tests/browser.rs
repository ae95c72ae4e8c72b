//! Component tests in a real browser (headless Chromium through
//! chromedriver): the app mounts, and its language switch turns the whole
//! document to right-to-left Urdu and back; a face-match lead renders its
//! two photos side by side with the decision buttons only for police; an
//! SMS's text shows as text, and the report form completes a draft from its
//! fields.
#![cfg(target_arch = "wasm32")]
// A failed step stops the test loudly.
#![allow(clippy::expect_used)]

use std::time::Duration;

use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;
use yew::prelude::*;
use zainab_dashboard::{
    app::App,
    filing::FilingForm,
    i18n,
    pages::{leads::LeadCard, sms_parts::Messages},
};

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
        "leads",
        "found",
        "public_register",
        "duplicates",
        "api_keys",
        "duty_contacts",
        "PUBLISH",
        "CONFIRM",
        "sms_drafts",
        "national_queue",
        "discard_reason",
    ] {
        let (en, ur) = (i18n::Lang::En.t(key), i18n::Lang::Ur.t(key));
        assert_ne!(en, ur, "{key}");
        assert!(
            ur.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{key}: {ur}"
        );
    }
}

#[derive(Properties, PartialEq)]
struct OneLead {
    may_decide: bool,
}

/// A lead as the server answers `matchLeads` (recorded from a real run).
#[function_component(OneLeadCard)]
fn one_lead(props: &OneLead) -> Html {
    let lead = json!({
        "id": "0190a1b2-0000-7000-8000-000000000001",
        "status": "OPEN",
        "otherSide": "FOUND",
        "distance": 0.3467,
        "createdAt": "2026-12-04T07:07:12Z",
        "decidedAt": null,
        "caseNumber": "ZA-2026-000041",
        "sightingId": null,
        "foundChild": { "approxAgeYears": 8, "sex": "MALE", "foundPlace": "Lahore Railway Station", "institutionName": "Child Protection Bureau" },
        "casePhoto": { "url": "data:image/gif;base64,R0lGODlhAQABAAAAACw=" },
        "otherPhoto": { "url": "data:image/gif;base64,R0lGODlhAQABAAAAACw=" }
    });
    html! { <LeadCard {lead} may_decide={props.may_decide} on_decided={Callback::noop()} with_case={false} /> }
}

fn mount_lead(may_decide: bool) -> web_sys::Element {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<OneLeadCard>::with_root_and_props(root.clone(), OneLead { may_decide })
        .render();
    root
}

#[wasm_bindgen_test]
async fn a_lead_shows_both_photos_the_distance_and_buttons_only_for_police() {
    let police = mount_lead(true);
    let oversight = mount_lead(false);
    settle().await;

    let count = |root: &web_sys::Element, selector: &str| {
        root.query_selector_all(selector).expect("a query").length()
    };
    assert_eq!(count(&police, ".side-by-side img"), 2);
    let distance = police
        .query_selector(".distance")
        .expect("a query")
        .expect("the distance");
    assert_eq!(
        distance.text_content().as_deref(),
        Some("0.35 — likely the same child")
    );
    assert_eq!(count(&police, "button.decide-confirm"), 1);
    assert_eq!(count(&police, "button.decide-reject"), 1);
    assert_eq!(count(&police, "button.decide-unsure"), 1);
    assert_eq!(count(&oversight, ".side-by-side img"), 2);
    assert_eq!(count(&oversight, "button"), 0);
}

fn mount<C: BaseComponent>(props: C::Properties) -> web_sys::Element {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    root
}

#[wasm_bindgen_test]
async fn an_sms_that_looks_like_markup_is_shown_as_its_text() {
    let sent = "<img src=x onerror=alert(1)><b>Ali</b> 8 saal";
    let messages = json!([
        { "id": "1", "kind": "REPORT", "text": sent, "receivedAt": "2026-12-04T07:07:12Z" },
        { "id": "2", "kind": "FOLLOW_UP", "text": "علی لاہور سے", "receivedAt": "2026-12-04T07:09:00Z" },
    ]);
    let root = mount::<Messages>(zainab_dashboard::pages::sms_parts::MessagesProps { messages });
    settle().await;

    let texts = root.query_selector_all(".sms-text").expect("a query");
    assert_eq!(texts.length(), 2);
    let first = texts.get(0).expect("the first text");
    assert_eq!(first.text_content().as_deref(), Some(sent));
    assert_eq!(
        root.query_selector_all("img, b").expect("a query").length(),
        0
    );
    let time = root
        .query_selector("time")
        .expect("a query")
        .expect("a time");
    assert_eq!(
        time.text_content().as_deref(),
        Some("04 Dec 2026, 12:07 PKT · Report")
    );
}

#[function_component(DraftFormFor)]
fn draft_form() -> Html {
    let draft = json!({
        "phone": "+923001110001", "language": "URDU", "districtId": null,
        "childName": "Hira", "childAgeYears": 7, "childSex": "FEMALE", "place": "Karachi",
        "seenWhen": null, "createdAt": "2026-12-04T07:07:12Z",
        "messages": [{ "text": "beti Hira 7 saal Karachi se lapata" }],
    });
    html! {
        <FilingForm on_filed={Callback::noop()} draft_id={AttrValue::from("d-1")}
            initial={zainab_dashboard::pages::sms_parts::prefill(&draft)} />
    }
}

#[wasm_bindgen_test]
async fn the_report_form_completes_a_draft_from_its_fields_without_photos() {
    let root = mount::<DraftFormFor>(());
    settle().await;

    let value = |id: &str| {
        let el = root
            .query_selector(&format!("#{id}"))
            .expect("a query")
            .unwrap_or_else(|| panic!("#{id}"));
        js_sys::Reflect::get(&el, &"value".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    assert_eq!(value("child_name"), "Hira");
    assert_eq!(value("age"), "7");
    assert_eq!(value("sex"), "FEMALE");
    assert_eq!(value("place"), "Karachi");
    assert_eq!(value("reporter_phone"), "+923001110001");
    assert_eq!(value("reporter_language"), "URDU");
    assert_eq!(value("last_seen_at"), "2026-12-04T12:07");
    assert_eq!(value("circumstances"), "beti Hira 7 saal Karachi se lapata");
    assert_eq!(value("reporter_name"), "");
    assert!(root.query_selector("#photos").expect("a query").is_none());
    // Every field has its label.
    let fields = root
        .query_selector_all("input, select, textarea")
        .expect("a query");
    for i in 0..fields.length() {
        let field: web_sys::Element = fields
            .get(i)
            .expect("a field")
            .dyn_into()
            .expect("an element");
        let label = root
            .query_selector(&format!("label[for=\"{}\"]", field.id()))
            .expect("a query");
        assert!(label.is_some(), "no label for #{}", field.id());
    }
}
