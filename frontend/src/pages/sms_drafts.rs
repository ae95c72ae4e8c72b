//! Reports that came by SMS: the queue of drafts, longest waiting first,
//! and one draft with its messages as sent and what was read from them.
//! A facilitation officer calls the sender back, then completes the draft
//! into a case with the report form, or discards it with a reason;
//! district police read their district's drafts only.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    filing::{FilingForm, Receipt, ReceiptView},
    forms::{self, District, Load},
    i18n::Lang,
    pages::{
        home::gate,
        leads::sex_key,
        queue::use_now,
        sms_parts::{DiscardForm, Messages, missing_text, prefill},
    },
    route::Route,
    session::Session,
    time,
};

const DRAFTS: &str = "query SmsDrafts { smsDrafts(status: OPEN) { id reference phone language districtId childName childAgeYears unknownFields districtCandidates createdAt } }";

const DRAFT: &str = "query SmsDraft($id: ID!) { smsDraft(id: $id) { id reference status phone language districtId childName childAgeYears childSex place seenWhen unknownFields districtCandidates caseId discardReason createdAt messages { id kind text receivedAt } } }";

/// The roles the server shows drafts to.
pub fn sees_drafts(session: &Session) -> bool {
    matches!(session.role(), "FACILITATION_OFFICER" | "DISTRICT_POLICE")
}

/// A district's name, or the national queue for a draft without one.
fn district_name(districts: &[District], id: &Value, lang: Lang) -> String {
    match id.as_str() {
        Some(id) => districts
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.label(lang))
            .unwrap_or_else(|| id.to_owned()),
        None => lang.t("national_queue").to_owned(),
    }
}

fn language_key(language: &Value) -> &'static str {
    match language.as_str() {
        Some("ENGLISH") => "ENGLISH",
        _ => "URDU",
    }
}

fn status_key(status: &str) -> &'static str {
    match status {
        "COMPLETED" => "draft_COMPLETED",
        "DISCARDED" => "draft_DISCARDED",
        _ => "draft_OPEN",
    }
}

/// How long a draft has waited since its first SMS.
fn waited(draft: &Value, now: i64) -> String {
    let since = draft["createdAt"]
        .as_str()
        .and_then(time::epoch_ms)
        .unwrap_or(now);
    time::countdown(since, now).text
}

fn child_summary(draft: &Value) -> String {
    let name = draft["childName"].as_str().unwrap_or("—");
    match draft["childAgeYears"].as_i64() {
        Some(age) => format!("{name}, {age}"),
        None => name.to_owned(),
    }
}

#[function_component(SmsDrafts)]
pub fn sms_drafts() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let now = use_now();
    let reload = use_state(|| 0u32);
    let districts = forms::use_districts();
    let load = forms::use_gql(DRAFTS, json!({}), *reload);
    let Some(session) = auth.session.as_ref().filter(|s| sees_drafts(s)) else {
        return html! { <section><h1>{ lang.t("sms_drafts") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    };
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    let intro = if session.role() == "FACILITATION_OFFICER" {
        lang.t("sms_intro")
    } else {
        lang.t("sms_read_only")
    };
    html! {
        <section>
            <div class="title-row">
                <h1>{ lang.t("sms_drafts") }</h1>
                <button type="button" id="drafts-refresh" onclick={refresh}>{ lang.t("refresh") }</button>
            </div>
            <p class="muted">{ intro }</p>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                if data["smsDrafts"].as_array().is_none_or(|d| d.is_empty()) {
                    <p id="drafts-empty">{ lang.t("no_drafts") }</p>
                } else {
                    <div class="table-wrap">
                    <table class="drafts" id="sms-drafts">
                        <caption class="sr-only">{ lang.t("sms_drafts") }</caption>
                        <thead><tr>
                            <th scope="col">{ lang.t("reference") }</th>
                            <th scope="col">{ lang.t("waiting") }</th>
                            <th scope="col">{ lang.t("sender") }</th>
                            <th scope="col">{ lang.t("language") }</th>
                            <th scope="col">{ lang.t("district") }</th>
                            <th scope="col">{ lang.t("child") }</th>
                            <th scope="col">{ lang.t("missing_fields") }</th>
                        </tr></thead>
                        <tbody>
                        { for data["smsDrafts"].as_array().into_iter().flatten().map(|d| {
                            let reference = forms::s(&d["reference"]);
                            html! {
                                <tr class="draft-row" data-reference={reference.clone()}>
                                    <td><Link<Route> to={Route::SmsDraft { id: forms::s(&d["id"]) }}>{ reference }</Link<Route>></td>
                                    <td class="waited">{ waited(d, now) }</td>
                                    <td dir="ltr">{ forms::s(&d["phone"]) }</td>
                                    <td>{ lang.t(language_key(&d["language"])) }</td>
                                    <td class="draft-district">{ district_name(&districts, &d["districtId"], lang) }</td>
                                    <td>{ child_summary(d) }</td>
                                    <td class="missing">{ missing_text(lang, d) }</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct DraftProps {
    pub id: String,
}

#[function_component(SmsDraftPage)]
pub fn sms_draft_page(props: &DraftProps) -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let navigator = use_navigator();
    let now = use_now();
    let reload = use_state(|| 0u32);
    let receipt = use_state(|| None::<Receipt>);
    let districts = forms::use_districts();
    let load = forms::use_gql(DRAFT, json!({ "id": props.id }), *reload);
    let Some(session) = auth.session.as_ref().filter(|s| sees_drafts(s)) else {
        return html! { <section><h1>{ lang.t("sms_drafts") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    };
    let back = html! { <p class="no-print"><Link<Route> to={Route::SmsDrafts}>{ lang.t("back_to_drafts") }</Link<Route>></p> };
    if let Some(r) = &*receipt {
        let on_again = Callback::from(move |_| {
            if let Some(n) = &navigator {
                n.push(&Route::SmsDrafts);
            }
        });
        return html! {
            <section>
                <h1>{ lang.t("sms_drafts") }</h1>
                <ReceiptView receipt={r.clone()} {on_again} again="back_to_drafts" />
            </section>
        };
    }
    let draft = match &load {
        Load::Ready(data) => data["smsDraft"].clone(),
        other => return html! { <section>{ back }{ forms::not_ready(other, lang) }</section> },
    };
    let id = forms::s(&draft["id"]);
    let status = forms::s(&draft["status"]);
    let officer = session.role() == "FACILITATION_OFFICER";
    let candidates: Vec<String> = draft["districtCandidates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect();
    let candidate_names: Vec<String> = candidates
        .iter()
        .map(|c| district_name(&districts, &json!(c), lang))
        .collect();
    let on_filed = {
        let receipt = receipt.clone();
        Callback::from(move |r| receipt.set(Some(r)))
    };
    let on_discarded = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    let optional = |key: &str| draft[key].as_str().unwrap_or("—").to_owned();
    let phone = forms::s(&draft["phone"]);

    html! {
        <article class="sms-draft" data-reference={forms::s(&draft["reference"])}>
            { back }
            <div class="title-row">
                <h1 id="draft-reference">{ forms::s(&draft["reference"]) }</h1>
                <span id="draft-status" class="status" data-status={status.clone()}>{ lang.t(status_key(&status)) }</span>
            </div>
            <div class="grid">
                <section class="card" aria-labelledby="msg-h">
                    <h2 id="msg-h">{ lang.t("messages") }</h2>
                    <Messages messages={draft["messages"].clone()} />
                </section>
                <section class="card" aria-labelledby="parsed-h">
                    <h2 id="parsed-h">{ lang.t("parsed") }</h2>
                    <dl class="facts" id="draft-facts">
                        <dt>{ lang.t("sender") }</dt>
                        <dd dir="ltr"><a href={format!("tel:{phone}")}>{ &phone }</a></dd>
                        <dt>{ lang.t("language") }</dt><dd>{ lang.t(language_key(&draft["language"])) }</dd>
                        <dt>{ lang.t("received_at") }</dt>
                        <dd>{ time::format_pkt(draft["createdAt"].as_str().unwrap_or_default()) }</dd>
                        if status == "OPEN" {
                            <><dt>{ lang.t("waiting") }</dt><dd>{ waited(&draft, now) }</dd></>
                        }
                        <dt>{ lang.t("district") }</dt>
                        <dd id="draft-district">{ district_name(&districts, &draft["districtId"], lang) }</dd>
                        if !candidates.is_empty() {
                            <><dt>{ lang.t("candidates") }</dt><dd id="draft-candidates">{ candidate_names.join(", ") }</dd></>
                        }
                        <dt>{ lang.t("child_name") }</dt><dd>{ optional("childName") }</dd>
                        <dt>{ lang.t("age") }</dt>
                        <dd>{ draft["childAgeYears"].as_i64().map_or("—".into(), |a| a.to_string()) }</dd>
                        <dt>{ lang.t("sex") }</dt>
                        <dd>{ if draft["childSex"].is_null() { "—" } else { lang.t(sex_key(&draft["childSex"])) } }</dd>
                        <dt>{ lang.t("last_seen_place") }</dt><dd dir="auto">{ optional("place") }</dd>
                        <dt>{ lang.t("seen_when") }</dt><dd>{ optional("seenWhen") }</dd>
                        <dt>{ lang.t("missing_fields") }</dt><dd id="draft-missing">{ missing_text(lang, &draft) }</dd>
                        if let Some(reason) = draft["discardReason"].as_str() {
                            <><dt>{ lang.t("reason") }</dt><dd id="draft-discard-reason">{ reason }</dd></>
                        }
                    </dl>
                </section>
            </div>
            if status != "OPEN" {
                <p role="status" id="draft-closed">{ lang.t(status_key(&status)) }</p>
            } else if officer {
                <section class="card" aria-labelledby="complete-h" id="draft-complete">
                    <h2 id="complete-h">{ lang.t("complete_draft") }</h2>
                    <p class="muted">{ lang.t("complete_note") }</p>
                    if !candidates.is_empty() {
                        <p class="warn" id="ambiguous-note">{ lang.t("ambiguous_note") }{ ": " }{ candidate_names.join(", ") }</p>
                    }
                    <FilingForm {on_filed} initial={prefill(&draft)} draft_id={AttrValue::from(id.clone())}
                        districts_first={candidates.clone()} />
                </section>
                <section class="card" aria-labelledby="discard-h" id="draft-discard">
                    <h2 id="discard-h">{ lang.t("discard_draft") }</h2>
                    <DiscardForm id={AttrValue::from(id.clone())} on_done={on_discarded} />
                </section>
            } else {
                <p class="muted" id="draft-read-only">{ lang.t("sms_read_only") }</p>
            }
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_without_a_district_is_in_the_national_queue() {
        let lahore = District {
            id: "PB-lahore".into(),
            name: "Lahore".into(),
            name_ur: "لاہور".into(),
            province_id: "PB".into(),
        };
        let all = [lahore];
        assert_eq!(district_name(&all, &json!("PB-lahore"), Lang::En), "Lahore");
        assert_eq!(district_name(&all, &json!("PB-lahore"), Lang::Ur), "لاہور");
        assert_eq!(
            district_name(&all, &Value::Null, Lang::En),
            "National queue"
        );
    }

    #[test]
    fn the_wait_counts_from_the_first_sms() {
        let now = time::epoch_ms("2026-06-15T12:00:00Z").unwrap_or_default();
        let draft = json!({ "createdAt": "2026-06-15T10:55:00Z" });
        assert_eq!(waited(&draft, now), "1h 05m");
        assert_eq!(
            child_summary(&json!({ "childName": "Ali", "childAgeYears": 8 })),
            "Ali, 8"
        );
        assert_eq!(child_summary(&json!({})), "—");
    }
}
