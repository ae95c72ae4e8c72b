//! Following a case by its number and tracking code, without an account:
//! the status and the updates the police made visible, kept live.

use serde_json::json;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::use_lang,
    forms::{self, Form, Load},
    i18n::Lang,
    live::{self, LiveEvent},
    pages::{case::event_item, queue::status_label},
    route::Route,
    session,
};

const TRACK: &str = "query Track($number: String!, $code: String!) { trackCase(caseNumber: $number, trackingCode: $code) { caseNumber status childName reportedAt updatedAt district { name nameUr } updates { id kind fromStatus toStatus note at } } }";
const UPDATES: &str = "subscription Updates($number: String!, $code: String, $after: ID) { caseUpdates(caseNumber: $number, trackingCode: $code, after: $after) { id kind toStatus at } }";

#[function_component(TrackForm)]
pub fn track_form() -> Html {
    let lang = use_lang();
    let form = use_reducer(Form::default);
    let navigator = use_navigator();
    let onsubmit = {
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let number = form.get("case_number").trim().to_uppercase();
            let code = form.get("tracking_code").trim().to_uppercase();
            if number.is_empty() {
                return;
            }
            session::remember_code(&number, &code);
            if let Some(n) = &navigator {
                n.push(&Route::Track { number });
            }
        })
    };
    html! {
        <section class="narrow">
            <h1>{ lang.t("track") }</h1>
            <form {onsubmit}>
                { forms::input(&form, "case_number", lang.t("case_number"), "text", true) }
                { forms::input(&form, "tracking_code", lang.t("tracking_code"), "text", true) }
                <button type="submit" class="primary">{ lang.t("track") }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TrackProps {
    pub number: String,
}

#[function_component(Track)]
pub fn track(props: &TrackProps) -> Html {
    let lang = use_lang();
    let code = use_state(|| session::remembered_code(&props.number));
    let form = use_reducer(Form::default);
    let events = use_state(|| 0u32);
    let connected = use_state(|| false);
    {
        let (events, connected) = (events.clone(), connected.clone());
        use_effect_with(
            ((*code).clone(), props.number.clone()),
            move |(code, number)| {
                let sub = code.as_ref().map(|code| {
                    let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
                    live::subscribe(
                        UPDATES,
                        "caseUpdates",
                        json!({ "number": number, "code": code }),
                        Callback::from(move |event| match event {
                            LiveEvent::Connected => connected.set(true),
                            LiveEvent::Reconnecting | LiveEvent::Error(_) => connected.set(false),
                            LiveEvent::Next(_) => {
                                counter.set(counter.get().wrapping_add(1));
                                events.set(counter.get());
                            }
                        }),
                    )
                });
                move || drop(sub)
            },
        );
    }
    let vars = json!({ "number": props.number, "code": (*code).clone().unwrap_or_default() });
    let load = forms::use_gql(TRACK, vars, *events);

    let Some(_) = &*code else {
        let onsubmit = {
            let (form, code, number) = (form.clone(), code.clone(), props.number.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let value = form.get("tracking_code").trim().to_uppercase();
                session::remember_code(&number, &value);
                code.set(Some(value));
            })
        };
        return html! {
            <section class="narrow">
                <h1>{ lang.t("track") }{ ": " }{ &props.number }</h1>
                <form {onsubmit}>
                    { forms::input(&form, "tracking_code", lang.t("tracking_code"), "text", true) }
                    <button type="submit" class="primary">{ lang.t("track") }</button>
                </form>
            </section>
        };
    };
    let Load::Ready(data) = &load else {
        return html! { <section><h1>{ &props.number }</h1>{ forms::not_ready(&load, lang) }</section> };
    };
    let case = &data["trackCase"];
    let district = match lang {
        Lang::En => forms::s(&case["district"]["name"]),
        Lang::Ur => forms::s(&case["district"]["nameUr"]),
    };
    let updates = case["updates"].as_array().cloned().unwrap_or_default();
    html! {
        <section class="track">
            <div class="title-row">
                <h1>{ forms::s(&case["caseNumber"]) }</h1>
                <span id="live-state" class={if *connected { "live on" } else { "live" }} aria-live="polite">
                    { if *connected { lang.t("live") } else { lang.t("offline") } }
                </span>
            </div>
            <dl class="facts">
                <dt>{ lang.t("child") }</dt><dd>{ forms::s(&case["childName"]) }</dd>
                <dt>{ lang.t("district") }</dt><dd>{ district }</dd>
                <dt>{ lang.t("status") }</dt>
                <dd id="track-status" aria-live="polite" data-status={forms::s(&case["status"])}>{ status_label(lang, &case["status"]) }</dd>
                <dt>{ lang.t("reported") }</dt><dd>{ crate::time::format_pkt(case["reportedAt"].as_str().unwrap_or_default()) }</dd>
            </dl>
            <h2>{ lang.t("updates") }</h2>
            if updates.is_empty() {
                <p class="muted">{ lang.t("no_updates") }</p>
            } else {
                <ol class="timeline" id="updates">{ for updates.iter().rev().map(|e| event_item(lang, e)) }</ol>
            }
        </section>
    }
}
