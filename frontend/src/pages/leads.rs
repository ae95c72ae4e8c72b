//! Face-match leads for the police: the missing child's photo beside the
//! found child's or the sighting's, how near the faces are, and confirm,
//! reject or unsure. The list reloads when the scope feed reports a lead.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_lang},
    forms::{self, Load},
    i18n::Lang,
    pages::{home::gate, queue::use_feed},
    route::Route,
    time,
};

/// The fields a lead card shows.
pub const LEAD_FIELDS: &str = "id status otherSide distance createdAt decidedAt caseNumber sightingId foundChild { approxAgeYears sex foundPlace institutionName } casePhoto { url } otherPhoto { url }";

const DECIDE: &str = "mutation($id: ID!, $decision: Decision!) { decideMatchLead(leadId: $id, decision: $decision) { id status } }";

/// Faces under this distance are likely one person (the server's default
/// `ZA_FACE_MATCH_DISTANCE`).
const LIKELY: f64 = 0.6;

/// Whether a feed event means the list of leads changed.
pub fn is_lead_event(event: &Value) -> bool {
    matches!(
        event["kind"].as_str(),
        Some("MATCH_PROPOSED" | "MATCH_DECIDED")
    )
}

/// The distance as people read it: two decimals and what it suggests.
pub fn distance_words(lang: Lang, distance: f64) -> String {
    let key = if distance < LIKELY {
        "likely_same"
    } else {
        "unlikely_same"
    };
    format!("{distance:.2} — {}", lang.t(key))
}

#[function_component(Leads)]
pub fn leads() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let sees = auth.session.as_ref().is_some_and(|s| s.sees_feed());
    let (connected, _, last) = use_feed(sees);
    let reload = use_state(|| 0u32);
    let seen = use_mut_ref(|| None::<Value>);
    if let Some(event) = last.as_ref().filter(|e| is_lead_event(e))
        && seen.borrow().as_ref() != Some(event)
    {
        *seen.borrow_mut() = Some(event.clone());
        reload.set(reload.wrapping_add(1));
    }
    let query = use_memo((), |_| {
        format!(
            "query Leads {{ matchLeads(filter: {{ status: OPEN }}, first: 50) {{ {LEAD_FIELDS} }} }}"
        )
    });
    let load = use_leads(query, *reload);
    if !sees {
        return html! { <section><h1>{ lang.t("leads") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let on_decided = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    let may_decide = auth.session.as_ref().is_some_and(|s| s.is_police());
    html! {
        <section>
            <div class="title-row">
                <h1>{ lang.t("leads") }</h1>
                <span id="live-state" class={if connected { "live on" } else { "live" }} aria-live="polite">
                    { if connected { lang.t("live") } else { lang.t("offline") } }
                </span>
            </div>
            <p class="muted">{ lang.t("leads_intro") }</p>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                if data["matchLeads"].as_array().is_none_or(|l| l.is_empty()) {
                    <p id="leads-empty">{ lang.t("no_leads") }</p>
                }
                <div class="lead-list">
                { for data["matchLeads"].as_array().into_iter().flatten().map(|lead| html! {
                    <LeadCard lead={lead.clone()} {may_decide} on_decided={on_decided.clone()} with_case={true} />
                }) }
                </div>
            }
        </section>
    }
}

#[hook]
fn use_leads(query: std::rc::Rc<String>, reload: u32) -> Load {
    let state = use_state(|| Load::Loading);
    {
        let state = state.clone();
        use_effect_with(reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::gql(&query, json!({})).await {
                    Ok(data) => Load::Ready(data),
                    Err(err) => Load::Failed(err),
                });
            });
        });
    }
    (*state).clone()
}

#[derive(Properties, PartialEq)]
pub struct LeadProps {
    pub lead: Value,
    pub may_decide: bool,
    pub on_decided: Callback<()>,
    /// Link to the case (on the list of leads, not on the case page).
    pub with_case: bool,
}

/// One lead: the two photos side by side, the distance, what is known of
/// the other side, and the decision buttons while it is open or unsure.
#[function_component(LeadCard)]
pub fn lead_card(props: &LeadProps) -> Html {
    let lang = use_lang();
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let lead = &props.lead;
    let id = forms::s(&lead["id"]);
    let status = forms::s(&lead["status"]);
    let distance = lead["distance"].as_f64().unwrap_or(1.0);
    let decide = |decision: &'static str| {
        let (id, error, busy, on_decided) = (
            id.clone(),
            error.clone(),
            busy.clone(),
            props.on_decided.clone(),
        );
        Callback::from(move |_| {
            let (id, error, busy, on_decided) =
                (id.clone(), error.clone(), busy.clone(), on_decided.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql(DECIDE, json!({ "id": id, "decision": decision })).await {
                    Ok(_) => {
                        error.set(None);
                        on_decided.emit(());
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };
    let other_label = if lead["otherSide"] == "SIGHTING" {
        lang.t("sighting_photo")
    } else {
        lang.t("found_photo")
    };
    let found = &lead["foundChild"];
    let number = forms::s(&lead["caseNumber"]);
    let heading = format!("{} {number}", lang.t("lead_for"));
    html! {
        <article class="match-lead card" data-lead={id.clone()} data-case={number.clone()}
            data-status={status.clone()} aria-label={heading.clone()}>
            <h3>
                if props.with_case {
                    { lang.t("lead_for") }{ " " }
                    <Link<Route> to={Route::Case { number: number.clone() }}>{ number.clone() }</Link<Route>>
                } else {
                    { heading.clone() }
                }
            </h3>
            <div class="side-by-side">
                <figure>
                    <img src={forms::s(&lead["casePhoto"]["url"])} alt={lang.t("case_photo")} />
                    <figcaption>{ lang.t("case_photo") }</figcaption>
                </figure>
                <figure>
                    <img src={forms::s(&lead["otherPhoto"]["url"])} alt={other_label} />
                    <figcaption>{ other_label }</figcaption>
                </figure>
            </div>
            <dl class="facts">
                <dt>{ lang.t("face_distance") }</dt>
                <dd class="distance">{ distance_words(lang, distance) }</dd>
                <dt>{ lang.t("lead_status") }</dt>
                <dd class="lead-status">{ lang.t(lead_status_key(&status)) }</dd>
                <dt>{ lang.t("proposed_at") }</dt>
                <dd>{ time::format_pkt(lead["createdAt"].as_str().unwrap_or_default()) }</dd>
                if found.is_object() {
                    <><dt>{ lang.t("found_child") }</dt>
                    <dd>{ format!("{}, {} — {}, {}", found["approxAgeYears"].as_i64().unwrap_or_default(),
                        lang.t(sex_key(&found["sex"])), forms::s(&found["foundPlace"]), forms::s(&found["institutionName"])) }</dd></>
                }
            </dl>
            if props.may_decide && (status == "OPEN" || status == "UNSURE") {
                <div class="buttons" role="group" aria-label={lang.t("decide")}>
                    <button type="button" class="primary decide-confirm" disabled={*busy} onclick={decide("CONFIRM")}>{ lang.t("CONFIRM") }</button>
                    <button type="button" class="decide-reject" disabled={*busy} onclick={decide("REJECT")}>{ lang.t("REJECT") }</button>
                    if status == "OPEN" {
                        <button type="button" class="decide-unsure" disabled={*busy} onclick={decide("UNSURE")}>{ lang.t("UNSURE") }</button>
                    }
                </div>
            }
            { forms::error_box(&error) }
        </article>
    }
}

fn lead_status_key(status: &str) -> &'static str {
    match status {
        "CONFIRMED" => "lead_CONFIRMED",
        "REJECTED" => "lead_REJECTED",
        "UNSURE" => "lead_UNSURE",
        _ => "lead_OPEN",
    }
}

pub fn sex_key(value: &Value) -> &'static str {
    match value.as_str() {
        Some("FEMALE") => "FEMALE",
        Some("MALE") => "MALE",
        Some("OTHER") => "OTHER",
        _ => "UNKNOWN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lead_events_reload_the_list() {
        assert!(is_lead_event(&json!({ "kind": "MATCH_PROPOSED" })));
        assert!(is_lead_event(&json!({ "kind": "MATCH_DECIDED" })));
        assert!(!is_lead_event(&json!({ "kind": "CASE_FILED" })));
        assert!(!is_lead_event(&json!({})));
    }

    #[test]
    fn the_distance_reads_with_what_it_suggests() {
        assert_eq!(
            distance_words(Lang::En, 0.41234),
            "0.41 — likely the same child"
        );
        assert_eq!(
            distance_words(Lang::En, 0.7),
            "0.70 — probably not the same child"
        );
        assert!(distance_words(Lang::Ur, 0.3).starts_with("0.30 — "));
    }
}
