//! The working parts of a case page besides its lifecycle actions: the
//! photo album with upload and removal, publishing on the public register,
//! duplicate candidates with merge and dismiss, and sighting assessment.
//! Each part asks the server and then has the page reload the case.

use serde_json::{Value, json};
use web_sys::File;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_lang,
    forms::{self, Form},
    i18n::Lang,
    route::Route,
    time,
};

const ADD_PHOTO: &str =
    "mutation($id: ID!, $photo: Upload!) { addCasePhoto(caseId: $id, photo: $photo) { id } }";
const REMOVE_PHOTO: &str = "mutation($id: ID!) { removeCasePhoto(photoId: $id) }";
const PUBLISH: &str =
    "mutation($id: ID!, $d: String) { publishCase(caseId: $id, description: $d) { id } }";
const UNPUBLISH: &str = "mutation($id: ID!) { unpublishCase(caseId: $id) { id } }";
const MERGE: &str =
    "mutation($keep: ID!, $dup: ID!) { mergeCases(keepId: $keep, duplicateId: $dup) { id } }";
const UNMERGE: &str =
    "mutation($keep: ID!, $dup: ID!) { unmergeCases(keepId: $keep, duplicateId: $dup) { id } }";
const DISMISS: &str =
    "mutation($id: ID!, $other: ID!) { dismissDuplicate(caseId: $id, otherCaseId: $other) }";
const ASSESS: &str = "mutation($id: ID!, $a: Assessment!) { assessSighting(sightingId: $id, assessment: $a) { id } }";

/// What the viewer may do with a case's photos.
pub fn may_add_photos(role: &str, status: &str) -> bool {
    let final_status = matches!(status, "RECOVERED" | "FOUND_DECEASED" | "CLOSED");
    !final_status
        && matches!(
            role,
            "CITIZEN" | "FACILITATION_OFFICER" | "DISTRICT_POLICE" | "REGIONAL_POLICE"
        )
}

/// Police of the case take any photo off; others only the ones their role
/// uploaded (the reporter and the filing officer are the only ones of theirs).
pub fn may_remove_photo(role: &str, uploaded_by: &str) -> bool {
    matches!(role, "DISTRICT_POLICE" | "REGIONAL_POLICE")
        || (matches!(role, "CITIZEN" | "FACILITATION_OFFICER") && role == uploaded_by)
}

/// Runs a mutation; on success calls `done`, otherwise shows the error.
fn run(
    query: &'static str,
    vars: Value,
    files: api::Files,
    error: UseStateHandle<Option<ApiError>>,
    busy: UseStateHandle<bool>,
    done: Callback<()>,
) {
    busy.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        match api::gql_files(query, vars, files).await {
            Ok(_) => {
                error.set(None);
                done.emit(());
            }
            Err(err) => error.set(Some(err)),
        }
        busy.set(false);
    });
}

#[derive(Properties, PartialEq)]
pub struct AlbumProps {
    pub case_id: String,
    pub photos: Value,
    pub role: String,
    pub status: String,
    pub on_change: Callback<()>,
}

#[function_component(Album)]
pub fn album(props: &AlbumProps) -> Html {
    let lang = use_lang();
    let chosen = use_state(Vec::<File>::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let list = props.photos.as_array().cloned().unwrap_or_default();
    let may_add = may_add_photos(&props.role, &props.status);

    let on_files = {
        let chosen = chosen.clone();
        Callback::from(move |files: Vec<File>| chosen.set(files))
    };
    let upload = {
        let (chosen, error, busy, done, id) = (
            chosen.clone(),
            error.clone(),
            busy.clone(),
            props.on_change.clone(),
            props.case_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(file) = chosen.first().cloned() else {
                return;
            };
            let files = vec![("variables.photo".to_owned(), file)];
            let chosen = chosen.clone();
            let done = done.reform(move |_| chosen.set(Vec::new()));
            run(
                ADD_PHOTO,
                json!({ "id": id, "photo": null }),
                files,
                error.clone(),
                busy.clone(),
                done,
            );
        })
    };

    html! {
        <div class="photos" id="photos">
            <h3>{ lang.t("photos") }</h3>
            if list.is_empty() {
                <p class="muted" id="no-photos">{ lang.t("no_photos") }</p>
            }
            <ul class="album">
            { for list.iter().enumerate().map(|(i, p)| {
                let id = forms::s(&p["id"]);
                let remove = {
                    let (error, busy, done, id) = (error.clone(), busy.clone(), props.on_change.clone(), id.clone());
                    Callback::from(move |_| run(REMOVE_PHOTO, json!({ "id": id }), Vec::new(), error.clone(), busy.clone(), done.clone()))
                };
                let alt = format!("{} {}", lang.t("photo_of_child"), i + 1);
                html! {
                    <li class="photo" data-photo={id.clone()}>
                        <img src={forms::s(&p["link"]["url"])} alt={alt.clone()} loading="lazy" />
                        <span class="muted face-status">{ lang.t(face_key(&p["faceStatus"])) }</span>
                        if may_remove_photo(&props.role, p["uploadedByRole"].as_str().unwrap_or_default()) {
                            <button type="button" class="remove-photo" disabled={*busy} onclick={remove}
                                aria-label={format!("{}: {alt}", lang.t("remove_photo"))}>{ lang.t("remove_photo") }</button>
                        }
                    </li>
                }
            }) }
            </ul>
            if may_add {
                <form class="upload" onsubmit={upload} aria-label={lang.t("add_photo")}>
                    { forms::file_input("case_photo", lang.t("add_photo"), false, on_files) }
                    <button type="submit" id="photo-upload" disabled={*busy || chosen.is_empty()}>{ lang.t("upload") }</button>
                </form>
            }
            { forms::error_box(&error) }
        </div>
    }
}

fn face_key(value: &Value) -> &'static str {
    match value.as_str() {
        Some("ONE_FACE") => "face_ok",
        Some("NO_FACE") => "face_none",
        Some("SEVERAL_FACES") => "face_several",
        Some("FACE_TOO_SMALL") => "face_small",
        Some("FAILED") => "face_failed",
        _ => "face_pending",
    }
}

#[derive(Properties, PartialEq)]
pub struct PublicationProps {
    pub case: Value,
    pub actions: Vec<String>,
    pub on_change: Callback<()>,
}

/// The register card: whether the case is on it, and for police the
/// description the public reads and the publish / take off buttons.
#[function_component(Publication)]
pub fn publication(props: &PublicationProps) -> Html {
    let lang = use_lang();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let case = &props.case;
    let id = forms::s(&case["id"]);
    let published = case["publishedAt"].as_str();
    let may = |a: &str| props.actions.iter().any(|x| x == a);

    let publish = {
        let (form, error, busy, done, id) = (
            form.clone(),
            error.clone(),
            busy.clone(),
            props.on_change.clone(),
            id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let vars = json!({ "id": id, "d": form.opt("publish_description") });
            run(
                PUBLISH,
                vars,
                Vec::new(),
                error.clone(),
                busy.clone(),
                done.clone(),
            );
        })
    };
    let unpublish = {
        let (error, busy, done, id) = (
            error.clone(),
            busy.clone(),
            props.on_change.clone(),
            id.clone(),
        );
        Callback::from(move |_| {
            run(
                UNPUBLISH,
                json!({ "id": id }),
                Vec::new(),
                error.clone(),
                busy.clone(),
                done.clone(),
            )
        })
    };
    let number = forms::s(&case["caseNumber"]);

    html! {
        <div class="publication">
            if let Some(at) = published {
                <p id="published-state" data-published="true">
                    { lang.t("on_register_since") }{ " " }{ time::format_pkt(at) }{ " — " }
                    <Link<Route> to={Route::Child { number: number.clone() }}>{ lang.t("public_page") }</Link<Route>>
                </p>
                if let Some(d) = case["publicDescription"].as_str() {
                    <p class="note">{ d }</p>
                }
            } else {
                <p id="published-state" data-published="false">{ lang.t(not_published_key(case)) }</p>
            }
            if may("PUBLISH") {
                <form onsubmit={publish} aria-label={lang.t("PUBLISH")}>
                    { forms::textarea(&form, "publish_description", lang.t("public_description"), false) }
                    <button type="submit" class="primary" id="action-publish" disabled={*busy}>{ lang.t("PUBLISH") }</button>
                </form>
            }
            if may("UNPUBLISH") {
                <button type="button" id="action-unpublish" disabled={*busy} onclick={unpublish}>{ lang.t("UNPUBLISH") }</button>
            }
            { forms::error_box(&error) }
        </div>
    }
}

fn not_published_key(case: &Value) -> &'static str {
    if case["kind"] == "CHILD_ABUSE" {
        "never_published"
    } else if case["publishConsent"] == false {
        "no_consent"
    } else {
        "not_on_register"
    }
}

#[derive(Properties, PartialEq)]
pub struct DuplicatesProps {
    pub case: Value,
    pub police: bool,
    pub on_change: Callback<()>,
}

/// Other reports that may be of the same child, with merge and dismiss;
/// on a merged case, the case it went into and an undo.
#[function_component(Duplicates)]
pub fn duplicates(props: &DuplicatesProps) -> Html {
    let lang = use_lang();
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let case = &props.case;
    let id = forms::s(&case["id"]);
    let list = case["duplicateCandidates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let merged = &case["mergedInto"];
    if list.is_empty() && !merged.is_object() {
        return html! { <p class="muted" id="no-duplicates">{ lang.t("no_duplicates") }</p> };
    }
    let act = |query: &'static str, vars: Value| {
        let (error, busy, done) = (error.clone(), busy.clone(), props.on_change.clone());
        Callback::from(move |_| {
            run(
                query,
                vars.clone(),
                Vec::new(),
                error.clone(),
                busy.clone(),
                done.clone(),
            )
        })
    };
    html! {
        <div class="duplicates">
            if merged.is_object() {
                <p id="merged-into">
                    { lang.t("merged_into") }{ " " }
                    <Link<Route> to={Route::Case { number: forms::s(&merged["caseNumber"]) }}>{ forms::s(&merged["caseNumber"]) }</Link<Route>>
                    if props.police {
                        { " " }
                        <button type="button" id="action-unmerge" disabled={*busy}
                            onclick={act(UNMERGE, json!({ "keep": forms::s(&merged["id"]), "dup": id }))}>{ lang.t("unmerge") }</button>
                    }
                </p>
            }
            <ul class="candidates">
            { for list.iter().map(|d| {
                let other = &d["case"];
                let other_id = forms::s(&other["id"]);
                let number = forms::s(&other["caseNumber"]);
                let reasons: Vec<String> = d["reasons"].as_array().into_iter().flatten().map(forms::s).collect();
                html! {
                    <li class="candidate" data-case={number.clone()}>
                        <Link<Route> to={Route::Case { number: number.clone() }}>{ number.clone() }</Link<Route>>
                        { format!(" — {}, {} · ", forms::s(&other["child"]["name"]), forms::s(&other["district"]["name"])) }
                        <span class="score">{ format!("{}: {:.2}", lang.t("likeness"), d["score"].as_f64().unwrap_or_default()) }</span>
                        <p class="muted reasons">{ reasons.join("; ") }</p>
                        if props.police {
                            <div class="buttons">
                                <button type="button" class="merge" disabled={*busy}
                                    onclick={act(MERGE, json!({ "keep": id, "dup": other_id }))}>{ lang.t("merge_here") }</button>
                                <button type="button" class="dismiss" disabled={*busy}
                                    onclick={act(DISMISS, json!({ "id": id, "other": other_id }))}>{ lang.t("not_duplicate") }</button>
                            </div>
                        }
                    </li>
                }
            }) }
            </ul>
            { forms::error_box(&error) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SightingsProps {
    pub sightings: Value,
    pub police: bool,
    pub on_change: Callback<()>,
}

const ASSESSMENTS: [&str; 3] = ["CREDIBLE", "NOT_CREDIBLE", "HOAX"];

/// Sightings from the public, newest first, each with its assessment and,
/// for police, the buttons to judge it.
#[function_component(Sightings)]
pub fn sightings(props: &SightingsProps) -> Html {
    let lang = use_lang();
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    html! {
        <>
            <ul class="sightings">
            { for props.sightings.as_array().into_iter().flatten().map(|s| {
                let id = forms::s(&s["id"]);
                let current = s["assessment"].as_str().unwrap_or_default().to_owned();
                html! {
                    <li class="sighting" data-sighting={id.clone()} data-assessment={current.clone()}>
                        <strong>{ time::format_pkt(s["seenAt"].as_str().unwrap_or_default()) }</strong>
                        { format!(" — {}, {}: {}", forms::s(&s["place"]), forms::s(&s["district"]["name"]), forms::s(&s["description"])) }
                        <p class="assessment">{ lang.t("assessment") }{ ": " }{ if current.is_empty() { lang.t("not_assessed") } else { assessment_label(lang, &current) } }</p>
                        if props.police {
                            <div class="buttons" role="group" aria-label={lang.t("assessment")}>
                            { for ASSESSMENTS.iter().map(|a| {
                                let (error, handle, done, id) = (error.clone(), busy.clone(), props.on_change.clone(), id.clone());
                                let onclick = Callback::from(move |_| run(ASSESS, json!({ "id": id, "a": a }), Vec::new(), error.clone(), handle.clone(), done.clone()));
                                html! {
                                    <button type="button" class={format!("assess-{}", a.to_lowercase())} aria-pressed={(current == *a).to_string()}
                                        disabled={*busy} {onclick}>{ lang.t(a) }</button>
                                }
                            }) }
                            </div>
                        }
                    </li>
                }
            }) }
            </ul>
            { forms::error_box(&error) }
        </>
    }
}

fn assessment_label(lang: Lang, value: &str) -> &'static str {
    ASSESSMENTS
        .iter()
        .find(|a| **a == value)
        .map(|a| lang.t(a))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_added_by_those_allowed_while_the_case_is_open() {
        assert!(may_add_photos("DISTRICT_POLICE", "REPORTED"));
        assert!(may_add_photos("CITIZEN", "FIR_REGISTERED"));
        assert!(!may_add_photos("DISTRICT_POLICE", "CLOSED"));
        assert!(!may_add_photos("PROVINCIAL_OVERSIGHT", "REPORTED"));
        assert!(!may_add_photos("MINISTRY", "REPORTED"));
    }

    #[test]
    fn police_remove_any_photo_and_others_only_their_own() {
        assert!(may_remove_photo("DISTRICT_POLICE", "CITIZEN"));
        assert!(may_remove_photo("CITIZEN", "CITIZEN"));
        assert!(!may_remove_photo("CITIZEN", "DISTRICT_POLICE"));
        assert!(!may_remove_photo(
            "PROVINCIAL_OVERSIGHT",
            "PROVINCIAL_OVERSIGHT"
        ));
    }

    #[test]
    fn an_unpublished_case_says_why() {
        assert_eq!(
            not_published_key(&json!({ "kind": "CHILD_ABUSE", "publishConsent": true })),
            "never_published"
        );
        assert_eq!(
            not_published_key(&json!({ "kind": "MISSING_CHILD", "publishConsent": false })),
            "no_consent"
        );
        assert_eq!(
            not_published_key(&json!({ "kind": "MISSING_CHILD", "publishConsent": true })),
            "not_on_register"
        );
    }
}
