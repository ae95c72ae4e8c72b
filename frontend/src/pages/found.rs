//! Child protection (and police): register a child found or unidentified
//! with a photo for the face worker, and follow one's own records and the
//! leads on them, by case number and face distance only.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use web_sys::File;
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_lang},
    forms::{self, Form, FormAction, Load},
    pages::{home::gate, leads::sex_key},
    time,
};

const LIST: &str = "query Found { foundChildren(first: 50) { id approxAgeYears sex foundAt foundPlace institutionName createdAt linkedCaseNumber photos { id faceStatus } matchLeads { id status caseNumber distance } } }";
const REGISTER: &str =
    "mutation($input: FoundChildInput!) { registerFoundChild(input: $input) { id } }";
const ADD_PHOTO: &str = "mutation($id: ID!, $photo: Upload!) { addFoundChildPhoto(foundChildId: $id, photo: $photo) { id } }";
const SEXES: [&str; 3] = ["FEMALE", "MALE", "OTHER"];

/// The `FoundChildInput` for the form, or the field that is wrong.
pub fn found_input(form: &Form) -> Result<Value, ApiError> {
    let bad = |field: &str, message: &str| ApiError {
        code: "BAD_USER_INPUT".into(),
        message: message.into(),
        field: Some(field.into()),
    };
    let age = form
        .get("f_age")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|a| (0..=17).contains(a))
        .ok_or_else(|| bad("approxAgeYears", "an age from 0 to 17"))?;
    let found_at = time::pkt_input_to_utc(&form.get("f_found_at"))
        .ok_or_else(|| bad("foundAt", "when the child was found"))?;
    let district = form.get("f_district");
    Ok(json!({
        "approxAgeYears": age,
        "sex": form.opt("f_sex"),
        "foundAt": found_at,
        "foundPlace": form.get("f_found_place").trim(),
        "foundDistrictId": form.opt("f_found_district").as_str().map_or(district.clone(), str::to_owned),
        "districtId": district,
        "currentPlace": form.get("f_current_place").trim(),
        "description": form.get("f_description").trim(),
        "institutionName": form.get("f_institution").trim(),
        "institutionPhone": form.get("f_institution_phone").trim(),
    }))
}

#[function_component(Found)]
pub fn found() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let districts = forms::use_districts();
    let reload = use_state(|| 0u32);
    let load = forms::use_gql(LIST, json!({}), *reload);
    let form = use_reducer(Form::default);
    let photo = use_state(|| None::<File>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let own_district = auth
        .session
        .as_ref()
        .and_then(|s| s.user.district.as_ref().map(|d| d.id.clone()))
        .unwrap_or_default();
    {
        let form = form.clone();
        use_effect_with(own_district.clone(), move |district| {
            let mut initial = BTreeMap::new();
            initial.insert("f_district".to_owned(), district.clone());
            initial.insert(
                "f_found_at".to_owned(),
                time::epoch_ms_to_pkt_input(time::now_ms()),
            );
            form.dispatch(FormAction::Reset(initial));
        });
    }
    let allowed = auth.session.as_ref().is_some_and(|s| {
        matches!(
            s.role(),
            "CHILD_PROTECTION" | "DISTRICT_POLICE" | "REGIONAL_POLICE"
        )
    });
    if !allowed {
        return html! { <section><h1>{ lang.t("found") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }

    let on_photo = {
        let photo = photo.clone();
        Callback::from(move |files: Vec<File>| photo.set(files.into_iter().next()))
    };
    let onsubmit = {
        let (form, photo, error, busy, done, reload, own) = (
            form.clone(),
            photo.clone(),
            error.clone(),
            busy.clone(),
            done.clone(),
            reload.clone(),
            own_district.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = match found_input(&form) {
                Ok(input) => input,
                Err(err) => return error.set(Some(err)),
            };
            let (form, photo, error, busy, done, reload, own) = (
                form.clone(),
                photo.clone(),
                error.clone(),
                busy.clone(),
                done.clone(),
                reload.clone(),
                own.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = match api::gql(REGISTER, json!({ "input": input })).await {
                    Ok(data) => match (*photo).clone() {
                        Some(file) => {
                            let id = forms::s(&data["registerFoundChild"]["id"]);
                            let files = vec![("variables.photo".to_owned(), file)];
                            api::gql_files(ADD_PHOTO, json!({ "id": id, "photo": null }), files)
                                .await
                                .map(|_| ())
                        }
                        None => Ok(()),
                    },
                    Err(err) => Err(err),
                };
                match result {
                    Ok(()) => {
                        error.set(None);
                        done.set(true);
                        photo.set(None);
                        let mut initial = BTreeMap::new();
                        initial.insert("f_district".to_owned(), own);
                        initial.insert(
                            "f_found_at".to_owned(),
                            time::epoch_ms_to_pkt_input(time::now_ms()),
                        );
                        form.dispatch(FormAction::Reset(initial));
                    }
                    Err(err) => {
                        done.set(false);
                        error.set(Some(err));
                    }
                }
                reload.set(reload.wrapping_add(1));
                busy.set(false);
            });
        })
    };
    let options = forms::district_options(&districts, lang);

    html! {
        <section>
            <h1>{ lang.t("found") }</h1>
            <section class="card" aria-labelledby="reg-h">
                <h2 id="reg-h">{ lang.t("register_found") }</h2>
                <form class="filing" {onsubmit} aria-busy={busy.to_string()}>
                    <div class="row">
                        { forms::input(&form, "f_age", lang.t("approx_age"), "number", true) }
                        { forms::select(&form, "f_sex", lang.t("sex"), &forms::enum_options(lang, &SEXES), true) }
                        { forms::input(&form, "f_found_at", lang.t("found_at"), "datetime-local", true) }
                    </div>
                    <div class="row">
                        { forms::input(&form, "f_found_place", lang.t("found_place"), "text", true) }
                        { forms::select(&form, "f_found_district", lang.t("found_district"), &options, false) }
                    </div>
                    <div class="row">
                        { forms::select(&form, "f_district", lang.t("held_district"), &options, true) }
                        { forms::input(&form, "f_current_place", lang.t("current_place"), "text", true) }
                    </div>
                    { forms::textarea(&form, "f_description", lang.t("found_description"), true) }
                    <div class="row">
                        { forms::input(&form, "f_institution", lang.t("institution"), "text", true) }
                        { forms::input(&form, "f_institution_phone", lang.t("institution_phone"), "tel", true) }
                    </div>
                    { forms::file_input("f_photo", lang.t("add_photo"), false, on_photo) }
                    { forms::error_box(&error) }
                    if *done {
                        <p role="status" id="found-registered">{ lang.t("found_registered") }</p>
                    }
                    <button type="submit" class="primary" id="found-submit" disabled={*busy}>{ lang.t("register_found") }</button>
                </form>
            </section>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                <section class="card" aria-labelledby="own-h">
                    <h2 id="own-h">{ lang.t("found_records") }</h2>
                    <ul class="found-list" id="found-list">
                    { for data["foundChildren"].as_array().into_iter().flatten().map(|c| found_item(lang, c)) }
                    </ul>
                </section>
            }
        </section>
    }
}

fn found_item(lang: crate::i18n::Lang, child: &Value) -> Html {
    let leads = child["matchLeads"].as_array().cloned().unwrap_or_default();
    html! {
        <li class="found-record" data-found={forms::s(&child["id"])}>
            <strong>{ format!("{}, {}", child["approxAgeYears"].as_i64().unwrap_or_default(), lang.t(sex_key(&child["sex"]))) }</strong>
            { format!(" — {} · {}", forms::s(&child["foundPlace"]), time::format_pkt(child["foundAt"].as_str().unwrap_or_default())) }
            if let Some(number) = child["linkedCaseNumber"].as_str() {
                <p class="linked">{ lang.t("linked_case") }{ ": " }<strong>{ number }</strong></p>
            }
            <p class="muted">{ format!("{}: {}", lang.t("photos"), child["photos"].as_array().map_or(0, Vec::len)) }</p>
            if leads.is_empty() {
                <p class="muted">{ lang.t("no_leads") }</p>
            } else {
                <table class="found-leads">
                    <caption class="sr-only">{ lang.t("leads") }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.t("case_number") }</th>
                        <th scope="col">{ lang.t("face_distance") }</th>
                        <th scope="col">{ lang.t("lead_status") }</th>
                    </tr></thead>
                    <tbody>
                    { for leads.iter().map(|l| html! {
                        <tr class="found-lead" data-case={forms::s(&l["caseNumber"])}>
                            <td>{ forms::s(&l["caseNumber"]) }</td>
                            <td>{ format!("{:.2}", l["distance"].as_f64().unwrap_or_default()) }</td>
                            <td>{ lang.t(match l["status"].as_str() {
                                Some("CONFIRMED") => "lead_CONFIRMED",
                                Some("REJECTED") => "lead_REJECTED",
                                Some("UNSURE") => "lead_UNSURE",
                                _ => "lead_OPEN",
                            }) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Form {
        let mut form = Form::default();
        for (k, v) in [
            ("f_age", "6"),
            ("f_sex", "FEMALE"),
            ("f_found_at", "2026-06-15T09:30"),
            ("f_found_place", " Railway station "),
            ("f_district", "PB-lahore"),
            ("f_current_place", "Edhi home, Lahore"),
            ("f_description", "Red frock"),
            ("f_institution", "Edhi"),
            ("f_institution_phone", "042 1234567"),
        ] {
            form.0.insert(k.into(), v.into());
        }
        form
    }

    #[test]
    fn the_form_becomes_the_input_found_where_held_by_default() {
        let input = found_input(&filled()).unwrap_or_default();
        assert_eq!(input["approxAgeYears"], 6);
        assert_eq!(input["foundPlace"], "Railway station");
        assert_eq!(input["foundDistrictId"], "PB-lahore");
        assert_eq!(input["foundAt"], "2026-06-15T04:30:00Z");
    }

    #[test]
    fn an_age_over_seventeen_names_its_field() {
        let mut form = filled();
        form.0.insert("f_age".into(), "18".into());
        let err = found_input(&form).err();
        assert_eq!(err.and_then(|e| e.field), Some("approxAgeYears".into()));
    }
}
