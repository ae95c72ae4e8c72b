//! A case as its police see it: the child, photos, the last-seen place on
//! the map, deadlines, the timeline, sightings, face-match leads, possible
//! duplicates, the public register, and the actions the officer's role
//! allows. It reloads itself when the scope feed reports a change to this
//! case.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_lang},
    forms::{self, Form, FormAction, Load},
    i18n::Lang,
    map::DistrictMap,
    pages::{
        case_parts::{Album, Duplicates, Publication, Sightings},
        home::gate,
        leads::{LEAD_FIELDS, LeadCard},
        queue::{countdown_cell, deadline_label, status_label, use_feed, use_now},
    },
    time,
};

const CASE_FIELDS: &str = "id caseNumber kind status closureReason circumstances channel filedAtOffice reportedAt updatedAt publishedAt publicDescription publishConsent mergedInto { id caseNumber } duplicateCandidates { score reasons case { id caseNumber child { name } district { name } } } child { name otherNames sex ageYears heightCm clothing distinguishingMarks } lastSeen { place at latitude longitude districtMismatch district { id name nameUr headquarters { latitude longitude } } suggestedDistrict { name } } reporter { name relation phone } district { id name nameUr } fir { number policeStation date } deadlines { kind dueAt status settledAt } timeline { id kind fromStatus toStatus note visibleToReporter actorRole at } sightings { id seenAt place description assessment district { name } } photos { id width height uploadedByRole faceStatus link(variant: THUMBNAIL) { url } } allowedActions";

/// The case query, by id (from a notification) or by number.
fn case_query(by_id: bool) -> String {
    let head = if by_id {
        "query Case($key: ID!) { case(id: $key) {"
    } else {
        "query Case($key: String!) { case(caseNumber: $key) {"
    };
    format!("{head} {CASE_FIELDS} matchLeads {{ {LEAD_FIELDS} }} }} }}")
}

/// The mutation for an action, the note's type, and any extra arguments.
pub fn mutation_for(action: &str) -> Option<String> {
    let (field, note_required, extra_decl, extra_args, visibility) = match action {
        "ACKNOWLEDGE" => ("acknowledgeCase", false, "", "", true),
        "RECORD_REPORTER_CONTACT" => ("recordReporterContact", false, "", "", true),
        "REGISTER_FIR" => (
            "registerFir",
            false,
            ", $fir: FirInput!",
            ", fir: $fir",
            true,
        ),
        "START_INVESTIGATION" => ("startInvestigation", false, "", "", true),
        "MARK_RECOVERED" => ("markRecovered", false, "", "", true),
        "MARK_FOUND_DECEASED" => ("markFoundDeceased", false, "", "", true),
        "CLOSE" => (
            "closeCase",
            false,
            ", $reason: ClosureReason!",
            ", reason: $reason",
            true,
        ),
        "WITHDRAW" => ("withdrawCase", false, "", "", false),
        "REOPEN" => ("reopenCase", true, "", "", true),
        "TRANSFER" => (
            "transferCase",
            true,
            ", $district: String!",
            ", districtId: $district",
            true,
        ),
        "ADD_NOTE" | "ADD_REPORTER_NOTE" => {
            return Some(
                "mutation($id: ID!, $note: String!, $vis: Boolean!) { addCaseNote(caseId: $id, note: $note, visibleToReporter: $vis) { id } }"
                    .into(),
            );
        }
        _ => return None,
    };
    let note_type = if note_required { "String!" } else { "String" };
    let (vis_decl, vis_arg) = if visibility {
        (", $vis: Boolean!", ", noteVisibleToReporter: $vis")
    } else {
        ("", "")
    };
    Some(format!(
        "mutation($id: ID!, $note: {note_type}{vis_decl}{extra_decl}) {{ {field}(caseId: $id, note: $note{vis_arg}{extra_args}) {{ id }} }}"
    ))
}

/// The variables for an action from the form.
pub fn variables_for(action: &str, case_id: &str, form: &Form) -> Value {
    let mut vars = json!({
        "id": case_id,
        "note": form.opt("note"),
        "vis": form.checked("note_visible"),
    });
    match action {
        "REGISTER_FIR" => {
            vars["fir"] = json!({
                "number": form.get("fir_number").trim(),
                "policeStation": form.get("police_station").trim(),
                "date": form.get("fir_date"),
            });
        }
        "CLOSE" => vars["reason"] = form.opt("reason"),
        "TRANSFER" => vars["district"] = form.opt("to_district"),
        // A note for the reporter is always visible to them.
        "ADD_REPORTER_NOTE" => vars["vis"] = json!(true),
        "WITHDRAW" => {
            if let Some(v) = vars.as_object_mut() {
                v.remove("vis");
            }
        }
        _ => {}
    }
    vars
}

#[derive(Properties, PartialEq)]
pub struct CaseProps {
    /// A case number, or (from a notification) a case id.
    pub number: String,
}

#[function_component(CasePage)]
pub fn case_page(props: &CaseProps) -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let now = use_now();
    let signed_in = auth.session.is_some();
    let (_, events, last) = use_feed(auth.session.as_ref().is_some_and(|s| s.sees_feed()));
    let reload = use_state(|| 0u32);
    let by_id = props.number.len() == 36 && props.number.matches('-').count() == 4;
    let query = use_memo(by_id, |by_id| case_query(*by_id));
    // A feed event about another case does not reload this one.
    let feed_key = use_mut_ref(|| 0u32);
    let loaded_id = use_state(String::new);
    if last
        .as_ref()
        .is_some_and(|e| forms::s(&e["caseId"]) == *loaded_id)
    {
        *feed_key.borrow_mut() = events;
    }
    let load = use_case(
        query,
        props.number.clone(),
        reload.wrapping_add(*feed_key.borrow()),
    );

    if !signed_in {
        return html! { <section>{ gate(lang, false) }</section> };
    }
    let data = match &load {
        Load::Ready(data) => data["case"].clone(),
        other => return html! { <section>{ forms::not_ready(other, lang) }</section> },
    };
    let id = forms::s(&data["id"]);
    if *loaded_id != id {
        loaded_id.set(id.clone());
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
    };
    let district = match lang {
        Lang::En => forms::s(&data["district"]["name"]),
        Lang::Ur => forms::s(&data["district"]["nameUr"]),
    };
    let ls = &data["lastSeen"];
    let point = match (ls["latitude"].as_f64(), ls["longitude"].as_f64()) {
        (Some(lat), Some(lon)) => Some((lat, lon, forms::s(&ls["place"]))),
        _ => None,
    };
    let role = auth
        .session
        .as_ref()
        .map(|s| s.role().to_owned())
        .unwrap_or_default();
    let police = auth.session.as_ref().is_some_and(|s| s.is_police());
    let staff = police || auth.session.as_ref().is_some_and(|s| s.is_oversight());
    let leads = data["matchLeads"].as_array().cloned().unwrap_or_default();
    let actions: Vec<String> = data["allowedActions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect();

    html! {
        <article class="case">
            <div class="title-row">
                <h1>{ forms::s(&data["caseNumber"]) }</h1>
                <span id="case-status">{ status_label(lang, &data["status"]) }</span>
            </div>
            <div class="grid">
                <section class="card" aria-labelledby="child-h">
                    <h2 id="child-h">{ lang.t("child") }</h2>
                    <dl class="facts">
                        <dt>{ lang.t("child_name") }</dt><dd>{ forms::s(&data["child"]["name"]) }</dd>
                        <dt>{ lang.t("age") }</dt><dd>{ data["child"]["ageYears"].as_i64().unwrap_or_default() }</dd>
                        <dt>{ lang.t("sex") }</dt><dd>{ lang.t(sex_key(&data["child"]["sex"])) }</dd>
                        if let Some(h) = data["child"]["heightCm"].as_i64() {
                            <><dt>{ lang.t("height") }</dt><dd>{ h }</dd></>
                        }
                        if let Some(c) = data["child"]["clothing"].as_str() {
                            <><dt>{ lang.t("clothing") }</dt><dd>{ c }</dd></>
                        }
                        if let Some(m) = data["child"]["distinguishingMarks"].as_str() {
                            <><dt>{ lang.t("marks") }</dt><dd>{ m }</dd></>
                        }
                        <dt>{ lang.t("district") }</dt><dd>{ district }</dd>
                        <dt>{ lang.t("last_seen_place") }</dt><dd>{ forms::s(&ls["place"]) }</dd>
                        <dt>{ lang.t("last_seen_at") }</dt><dd>{ time::format_pkt(ls["at"].as_str().unwrap_or_default()) }</dd>
                        if let Some(c) = data["circumstances"].as_str() {
                            <><dt>{ lang.t("circumstances") }</dt><dd>{ c }</dd></>
                        }
                        if data["reporter"].is_object() {
                            <><dt>{ lang.t("reporter_contact") }</dt>
                            <dd>{ format!("{} ({}), {}", forms::s(&data["reporter"]["name"]), forms::s(&data["reporter"]["relation"]), forms::s(&data["reporter"]["phone"])) }</dd></>
                        }
                        if data["fir"].is_object() {
                            <><dt>{ lang.t("fir") }</dt>
                            <dd id="case-fir">{ format!("{} — {}, {}", forms::s(&data["fir"]["number"]), forms::s(&data["fir"]["policeStation"]), forms::s(&data["fir"]["date"])) }</dd></>
                        }
                    </dl>
                    if ls["districtMismatch"].as_bool() == Some(true) {
                        <p class="warn">{ lang.t("mismatch") }{ ": " }{ forms::s(&ls["suggestedDistrict"]["name"]) }</p>
                    }
                    <Album case_id={id.clone()} photos={data["photos"].clone()} role={role.clone()}
                        status={forms::s(&data["status"])} on_change={on_done.clone()} />
                </section>
                <section class="card" aria-labelledby="map-h">
                    <h2 id="map-h">{ lang.t("map") }</h2>
                    <DistrictMap title={lang.t("last_seen_place")} point={point}
                        highlight={Some(forms::s(&ls["district"]["id"]))} />
                </section>
                <section class="card" aria-labelledby="dl-h">
                    <h2 id="dl-h">{ lang.t("deadline") }</h2>
                    <ul class="deadlines">
                    { for data["deadlines"].as_array().into_iter().flatten().map(|d| {
                        let kind = forms::s(&d["kind"]);
                        if d["status"] == "OPEN" {
                            let due = d["dueAt"].as_str().and_then(time::epoch_ms).unwrap_or_default();
                            html! { <li>{ countdown_cell(lang, Some((kind, due)), now) }</li> }
                        } else {
                            html! { <li class="muted">{ deadline_label(lang, &kind) }{ ": " }{ forms::s(&d["status"]) }</li> }
                        }
                    }) }
                    </ul>
                </section>
                if !actions.is_empty() {
                    <section class="card" aria-labelledby="act-h">
                        <h2 id="act-h">{ lang.t("actions") }</h2>
                        <Actions case_id={id.clone()} actions={actions.clone()} on_done={on_done.clone()} />
                    </section>
                }
                if staff {
                    <section class="card" aria-labelledby="pub-h" id="register-card">
                        <h2 id="pub-h">{ lang.t("public_register") }</h2>
                        <Publication case={data.clone()} actions={actions.clone()} on_change={on_done.clone()} />
                    </section>
                    <section class="card" aria-labelledby="dup-h" id="duplicates">
                        <h2 id="dup-h">{ lang.t("duplicates") }</h2>
                        <Duplicates case={data.clone()} {police} on_change={on_done.clone()} />
                    </section>
                }
            </div>
            if !leads.is_empty() {
                <section class="card" aria-labelledby="leads-h" id="case-leads">
                    <h2 id="leads-h">{ lang.t("leads") }</h2>
                    { for leads.iter().map(|lead| html! {
                        <LeadCard lead={lead.clone()} may_decide={police} on_decided={on_done.clone()} with_case={false} />
                    }) }
                </section>
            }
            <section class="card" aria-labelledby="tl-h">
                <h2 id="tl-h">{ lang.t("timeline") }</h2>
                <ol class="timeline" id="timeline">
                { for data["timeline"].as_array().into_iter().flatten().rev().map(|e| event_item(lang, e)) }
                </ol>
            </section>
            if data["sightings"].as_array().is_some_and(|s| !s.is_empty()) {
                <section class="card" aria-labelledby="si-h" id="sightings">
                    <h2 id="si-h">{ lang.t("sightings") }</h2>
                    <Sightings sightings={data["sightings"].clone()} {police} on_change={on_done.clone()} />
                </section>
            }
        </article>
    }
}

#[hook]
fn use_case(query: std::rc::Rc<String>, key: String, reload: u32) -> Load {
    let state = use_state(|| Load::Loading);
    {
        let state = state.clone();
        use_effect_with((key, reload), move |(key, _)| {
            let key = key.clone();
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::gql(&query, json!({ "key": key })).await {
                    Ok(data) => Load::Ready(data),
                    Err(err) => Load::Failed(err),
                });
            });
        });
    }
    (*state).clone()
}

fn sex_key(value: &Value) -> &'static str {
    match value.as_str() {
        Some("FEMALE") => "FEMALE",
        Some("MALE") => "MALE",
        Some("OTHER") => "OTHER",
        _ => "UNKNOWN",
    }
}

pub fn event_item(lang: Lang, e: &Value) -> Html {
    let kind = forms::s(&e["kind"]);
    let title = match e["toStatus"].as_str() {
        Some(to) if kind == "STATUS_CHANGED" || kind == "FILED" => {
            lang.t(status_key_static(to)).to_owned()
        }
        _ => lang.t(event_key(&kind)).to_owned(),
    };
    html! {
        <li class={classes!("event", format!("ev-{}", kind.to_lowercase()))}>
            <time>{ time::format_pkt(e["at"].as_str().unwrap_or_default()) }</time>
            <strong>{ title }</strong>
            if let Some(note) = e["note"].as_str() {
                <p class="note">{ note }</p>
            }
        </li>
    }
}

fn status_key_static(s: &str) -> &'static str {
    const KNOWN: [&str; 8] = [
        "REPORTED",
        "ACKNOWLEDGED",
        "REPORTER_CONTACTED",
        "FIR_REGISTERED",
        "UNDER_INVESTIGATION",
        "RECOVERED",
        "FOUND_DECEASED",
        "CLOSED",
    ];
    KNOWN
        .iter()
        .find(|k| **k == s)
        .copied()
        .unwrap_or("STATUS_CHANGED")
}

fn event_key(kind: &str) -> &'static str {
    const KNOWN: [&str; 17] = [
        "FILED",
        "STATUS_CHANGED",
        "NOTE",
        "TRANSFERRED",
        "REOPENED",
        "ESCALATED",
        "PHOTO_ADDED",
        "PHOTO_REMOVED",
        "PUBLISHED",
        "UNPUBLISHED",
        "SIGHTING",
        "SIGHTING_ASSESSED",
        "CASE_FILED",
        "MATCH_PROPOSED",
        "MATCH_DECIDED",
        "MERGED",
        "UNMERGED",
    ];
    KNOWN
        .iter()
        .find(|k| **k == kind)
        .copied()
        .unwrap_or("NOTE")
}

#[derive(Properties, PartialEq)]
struct ActionsProps {
    case_id: String,
    actions: Vec<String>,
    on_done: Callback<()>,
}

const ACTION_KEYS: [&str; 12] = [
    "ACKNOWLEDGE",
    "RECORD_REPORTER_CONTACT",
    "REGISTER_FIR",
    "START_INVESTIGATION",
    "MARK_RECOVERED",
    "MARK_FOUND_DECEASED",
    "CLOSE",
    "WITHDRAW",
    "REOPEN",
    "TRANSFER",
    "ADD_NOTE",
    "ADD_REPORTER_NOTE",
];

#[function_component(Actions)]
fn actions(props: &ActionsProps) -> Html {
    let lang = use_lang();
    let districts = forms::use_districts();
    let chosen = use_state(|| None::<&'static str>);
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let buttons = ACTION_KEYS
        .iter()
        .filter(|k| props.actions.iter().any(|a| a == *k))
        .map(|key| {
            let pressed = *chosen == Some(*key);
            let chosen = chosen.clone();
            let form = form.clone();
            let error = error.clone();
            let key: &'static str = key;
            let onclick = Callback::from(move |_| {
                form.dispatch(FormAction::Reset(Default::default()));
                error.set(None);
                chosen.set(Some(key));
            });
            html! {
                <button type="button" id={format!("action-{}", key.to_lowercase())}
                    aria-pressed={pressed.to_string()} {onclick}>{ lang.t(key) }</button>
            }
        });

    let onsubmit = {
        let (chosen, form, error, busy, on_done, case_id) = (
            chosen.clone(),
            form.clone(),
            error.clone(),
            busy.clone(),
            props.on_done.clone(),
            props.case_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(action) = *chosen else { return };
            let Some(mutation) = mutation_for(action) else {
                return;
            };
            let vars = variables_for(action, &case_id, &form);
            let (chosen, error, busy, on_done) =
                (chosen.clone(), error.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql(&mutation, vars).await {
                    Ok(_) => {
                        error.set(None);
                        chosen.set(None);
                        on_done.emit(());
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };

    let note_required = matches!(
        *chosen,
        Some("REOPEN" | "TRANSFER" | "ADD_NOTE" | "ADD_REPORTER_NOTE")
    );
    html! {
        <div class="action-panel">
            <div class="buttons">{ for buttons }</div>
            if let Some(action) = *chosen {
                <form class="action-form" onsubmit={onsubmit} aria-label={lang.t(action)}>
                    if action == "REGISTER_FIR" {
                        { forms::input(&form, "fir_number", lang.t("fir_number"), "text", true) }
                        { forms::input(&form, "police_station", lang.t("police_station"), "text", true) }
                        { forms::input(&form, "fir_date", lang.t("fir_date"), "date", true) }
                    }
                    if action == "CLOSE" {
                        { forms::select(&form, "reason", lang.t("reason"), &forms::enum_options(lang, &["DUPLICATE", "FALSE_REPORT", "WITHDRAWN"]), true) }
                    }
                    if action == "TRANSFER" {
                        { forms::select(&form, "to_district", lang.t("to_district"), &forms::district_options(&districts, lang), true) }
                    }
                    { forms::textarea(&form, "note", lang.t("note"), note_required) }
                    if action != "WITHDRAW" && action != "ADD_REPORTER_NOTE" {
                        { forms::checkbox(&form, "note_visible", lang.t("note_visible")) }
                    }
                    { forms::error_box(&error) }
                    <button type="submit" class="primary" id="action-submit" disabled={*busy}>{ lang.t(action) }</button>
                </form>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_has_its_mutation() {
        for action in ACTION_KEYS {
            assert!(mutation_for(action).is_some(), "{action}");
        }
        assert_eq!(mutation_for("DELETE"), None);
        let fir = mutation_for("REGISTER_FIR").unwrap_or_default();
        assert!(fir.contains(
            "registerFir(caseId: $id, note: $note, noteVisibleToReporter: $vis, fir: $fir)"
        ));
        let reopen = mutation_for("REOPEN").unwrap_or_default();
        assert!(reopen.contains("$note: String!"));
        assert!(
            !mutation_for("WITHDRAW")
                .unwrap_or_default()
                .contains("$vis")
        );
    }

    #[test]
    fn the_fir_form_becomes_its_variables() {
        let mut form = Form::default();
        for (k, v) in [
            ("fir_number", " 123/26 "),
            ("police_station", "Anarkali"),
            ("fir_date", "2026-06-15"),
            ("note", ""),
        ] {
            form.0.insert(k.into(), v.into());
        }
        let vars = variables_for("REGISTER_FIR", "c1", &form);
        assert_eq!(vars["fir"]["number"], "123/26");
        assert_eq!(vars["note"], Value::Null);
        assert_eq!(vars["vis"], false);
    }
}
