//! A child's public page: the published details, share buttons, the
//! helpline, and a form to tell the police of a sighting. No account.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_lang,
    forms::{self, Form, FormAction, Load},
    i18n::Lang,
    pages::queue::status_label,
    time,
};

const CHILD: &str = "query Child($n: String!) { registerChild(caseNumber: $n) { caseNumber name ageYears sex status description photoUrl pageUrl helpline lastSeenOn district { id name nameUr } province { name nameUr } shareText { en ur } } }";
const SIGHTING: &str = "mutation Seen($n: String!, $input: SightingInput!) { reportSighting(caseNumber: $n, input: $input) { id receivedAt } }";

/// Share links for a text and a page, in the order shown.
pub fn share_links(text: &str, url: &str) -> Vec<(&'static str, String)> {
    let both = js_sys::encode_uri_component(&format!("{text} {url}"));
    let text = js_sys::encode_uri_component(text);
    let url = js_sys::encode_uri_component(url);
    vec![
        ("WhatsApp", format!("https://wa.me/?text={both}")),
        (
            "Facebook",
            format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
        ),
        (
            "X",
            format!("https://twitter.com/intent/tweet?text={text}&url={url}"),
        ),
    ]
}

#[derive(Properties, PartialEq)]
pub struct ChildProps {
    pub number: String,
}

#[function_component(Child)]
pub fn child(props: &ChildProps) -> Html {
    let lang = use_lang();
    let load = forms::use_gql(CHILD, json!({ "n": props.number }), 0);
    let copied = use_state(|| false);
    let data = match &load {
        Load::Ready(data) if data["registerChild"].is_object() => data["registerChild"].clone(),
        Load::Ready(_) => return html! { <section><p>{ lang.t("no_results") }</p></section> },
        other => return html! { <section>{ forms::not_ready(other, lang) }</section> },
    };
    let share = match lang {
        Lang::En => forms::s(&data["shareText"]["en"]),
        Lang::Ur => forms::s(&data["shareText"]["ur"]),
    };
    let page = forms::s(&data["pageUrl"]);
    let copy = {
        let (page, copied) = (page.clone(), copied.clone());
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&page);
                copied.set(true);
            }
        })
    };
    let district = match lang {
        Lang::En => forms::s(&data["district"]["name"]),
        Lang::Ur => forms::s(&data["district"]["nameUr"]),
    };
    html! {
        <article class="child-page">
            <h1 id="child-name">{ forms::s(&data["name"]) }</h1>
            { status_label(lang, &data["status"]) }
            <div class="grid">
                if let Some(url) = data["photoUrl"].as_str() {
                    <img class="portrait" src={url.to_owned()} alt={forms::s(&data["name"])} />
                }
                <dl class="facts">
                    <dt>{ lang.t("case_number") }</dt><dd>{ forms::s(&data["caseNumber"]) }</dd>
                    <dt>{ lang.t("age") }</dt><dd>{ data["ageYears"].as_i64().unwrap_or_default() }</dd>
                    <dt>{ lang.t("district") }</dt><dd>{ district }</dd>
                    <dt>{ lang.t("last_seen_on") }</dt><dd>{ forms::s(&data["lastSeenOn"]) }</dd>
                    if let Some(d) = data["description"].as_str() {
                        <><dt>{ lang.t("description") }</dt><dd>{ d }</dd></>
                    }
                    <dt>{ lang.t("helpline") }</dt>
                    <dd><a href={format!("tel:{}", forms::s(&data["helpline"]))}>{ forms::s(&data["helpline"]) }</a></dd>
                </dl>
            </div>
            <section aria-labelledby="share-h" class="share">
                <h2 id="share-h">{ lang.t("share") }</h2>
                <p class="muted">{ &share }</p>
                { for share_links(&share, &page).into_iter().map(|(name, href)| html! {
                    <a class="button" href={href} target="_blank" rel="noopener noreferrer">{ name }</a>
                }) }
                <button type="button" onclick={copy}>{ lang.t("copy_link") }</button>
                if *copied { <span role="status">{ lang.t("copied") }</span> }
            </section>
            <Sighting number={props.number.clone()} district={forms::s(&data["district"]["id"])} />
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct SightingProps {
    number: String,
    district: String,
}

#[function_component(Sighting)]
fn sighting(props: &SightingProps) -> Html {
    let lang = use_lang();
    let districts = forms::use_districts();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let sent = use_state(|| false);
    {
        let (form, district) = (form.clone(), props.district.clone());
        use_effect_with((), move |_| {
            let mut initial = std::collections::BTreeMap::new();
            initial.insert("s_district".to_owned(), district);
            initial.insert(
                "s_at".to_owned(),
                time::epoch_ms_to_pkt_input(time::now_ms()),
            );
            form.dispatch(FormAction::Reset(initial));
        });
    }
    let onsubmit = {
        let (form, error, sent, number) = (
            form.clone(),
            error.clone(),
            sent.clone(),
            props.number.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(at) = time::pkt_input_to_utc(&form.get("s_at")) else {
                error.set(Some(ApiError {
                    code: "BAD_USER_INPUT".into(),
                    message: "give the date and time".into(),
                    field: Some("seenAt".into()),
                }));
                return;
            };
            let input: Value = json!({
                "seenAt": at,
                "place": form.get("s_place").trim(),
                "districtId": form.get("s_district"),
                "description": form.get("s_description").trim(),
                "contactName": form.opt("s_contact_name"),
                "contactPhone": form.opt("s_contact_phone"),
            });
            let (error, sent, number) = (error.clone(), sent.clone(), number.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql(SIGHTING, json!({ "n": number, "input": input })).await {
                    Ok(_) => {
                        error.set(None);
                        sent.set(true);
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };
    html! {
        <section aria-labelledby="sighting-h" class="card">
            <h2 id="sighting-h">{ lang.t("sighting") }</h2>
            if *sent {
                <p role="status" id="sighting-sent">{ lang.t("sighting_sent") }</p>
            } else {
                <form {onsubmit}>
                    { forms::input(&form, "s_at", lang.t("seen_at"), "datetime-local", true) }
                    { forms::input(&form, "s_place", lang.t("seen_place"), "text", true) }
                    { forms::select(&form, "s_district", lang.t("district"), &forms::district_options(&districts, lang), true) }
                    { forms::textarea(&form, "s_description", lang.t("description"), true) }
                    { forms::input(&form, "s_contact_name", lang.t("contact_name"), "text", false) }
                    { forms::input(&form, "s_contact_phone", lang.t("contact_phone"), "tel", false) }
                    { forms::error_box(&error) }
                    <button type="submit" class="primary">{ lang.t("submit") }</button>
                </form>
            }
        </section>
    }
}
