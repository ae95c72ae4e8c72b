//! A citizen's own reports, each with its progress kept live.

use serde_json::json;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    forms::{self, Load},
    live::{self, LiveEvent},
    pages::{home::gate, queue::status_label},
    route::Route,
};

const MINE: &str = "query Mine { cases(first: 50) { nodes { id caseNumber status reportedAt child { name } district { name nameUr } } } }";
const UPDATES: &str = "subscription Mine($number: String!, $after: ID) { caseUpdates(caseNumber: $number, after: $after) { id toStatus } }";

#[function_component(MyCases)]
pub fn my_cases() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let load = forms::use_gql(MINE, json!({}), 0);
    if auth.session.as_ref().is_none_or(|s| s.role() != "CITIZEN") {
        return html! { <section><h1>{ lang.t("my_cases") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let Load::Ready(data) = &load else {
        return html! { <section><h1>{ lang.t("my_cases") }</h1>{ forms::not_ready(&load, lang) }</section> };
    };
    let cases = data["cases"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    html! {
        <section>
            <h1>{ lang.t("my_cases") }</h1>
            <p><Link<Route> to={Route::Report} classes="button primary">{ lang.t("report") }</Link<Route>></p>
            <ul class="cards">
                { for cases.iter().map(|c| html! {
                    <MyCase number={forms::s(&c["caseNumber"])} child={forms::s(&c["child"]["name"])}
                        status={forms::s(&c["status"])} />
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MyCaseProps {
    number: String,
    child: String,
    status: String,
}

#[function_component(MyCase)]
fn my_case(props: &MyCaseProps) -> Html {
    let lang = use_lang();
    let status = use_state(|| props.status.clone());
    {
        let status = status.clone();
        use_effect_with(props.number.clone(), move |number| {
            let sub = live::subscribe(
                UPDATES,
                "caseUpdates",
                json!({ "number": number }),
                Callback::from(move |event| {
                    if let LiveEvent::Next(update) = event
                        && let Some(to) = update["toStatus"].as_str()
                    {
                        status.set(to.to_owned());
                    }
                }),
            );
            move || drop(sub)
        });
    }
    html! {
        <li class="card" data-case={props.number.clone()}>
            <h2>{ &props.number }</h2>
            <p>{ &props.child }</p>
            <p class="my-status">{ status_label(lang, &serde_json::Value::String((*status).clone())) }</p>
            <Link<Route> to={Route::Track { number: props.number.clone() }}>{ lang.t("follow") }</Link<Route>>
        </li>
    }
}
