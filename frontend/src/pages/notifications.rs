//! The signed-in officer's notifications: new cases, escalations and
//! missed deadlines, newest first.

use serde_json::json;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api,
    app::{use_auth, use_lang},
    forms::{self, Load},
    pages::{home::gate, queue::use_feed},
    route::Route,
    time,
};

const LIST: &str = "query Notes { notifications(first: 50) { unreadCount nodes { id kind title body caseId createdAt read } } }";

#[function_component(Notifications)]
pub fn notifications() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let (_, events, _) = use_feed(auth.session.as_ref().is_some_and(|s| s.sees_feed()));
    let reload = use_state(|| 0u32);
    let load = forms::use_gql(LIST, json!({}), events.wrapping_add(*reload));
    if auth.session.is_none() {
        return html! { <section>{ gate(lang, false) }</section> };
    }
    let mark_all = {
        let reload = reload.clone();
        Callback::from(move |_| {
            let reload = reload.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::gql("mutation { markNotificationsRead }", json!({})).await;
                reload.set(reload.wrapping_add(1));
            });
        })
    };
    let Load::Ready(data) = &load else {
        return html! { <section><h1>{ lang.t("notifications") }</h1>{ forms::not_ready(&load, lang) }</section> };
    };
    let list = &data["notifications"];
    html! {
        <section>
            <div class="title-row">
                <h1>{ lang.t("notifications") }{ format!(" ({})", list["unreadCount"].as_i64().unwrap_or_default()) }</h1>
                <button type="button" onclick={mark_all}>{ lang.t("mark_read") }</button>
            </div>
            <ul class="notes">
            { for list["nodes"].as_array().into_iter().flatten().map(|n| html! {
                <li class={if n["read"].as_bool() == Some(true) { "note-item" } else { "note-item unread" }}>
                    <time>{ time::format_pkt(n["createdAt"].as_str().unwrap_or_default()) }</time>
                    <strong>{ forms::s(&n["title"]) }</strong>
                    <p>{ forms::s(&n["body"]) }</p>
                    if let Some(id) = n["caseId"].as_str() {
                        <Link<Route> to={Route::Case { number: id.to_owned() }}>{ lang.t("open") }</Link<Route>>
                    } else if n["kind"].as_str() == Some("sms_draft") {
                        <Link<Route> to={Route::SmsDrafts}>{ lang.t("sms_drafts") }</Link<Route>>
                    }
                </li>
            }) }
            </ul>
        </section>
    }
}
