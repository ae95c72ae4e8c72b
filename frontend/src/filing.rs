//! The report form, shared by citizens and facilitation officers (also to
//! complete a report that came by SMS), and the receipt with the case
//! number and the tracking code.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_lang,
    forms::{self, Form, FormAction},
    route::Route,
    session, time,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub case_number: String,
    pub tracking_code: String,
    pub district: String,
}

#[derive(Properties, PartialEq)]
pub struct FilingProps {
    pub on_filed: Callback<Receipt>,
    /// Values the form starts from, over its defaults (a draft's fields).
    #[prop_or_default]
    pub initial: BTreeMap<String, String>,
    /// Completes this SMS draft instead of filing a new report: no photos,
    /// and the reporter's language is asked for.
    #[prop_or_default]
    pub draft_id: Option<AttrValue>,
    /// Districts listed first in the picker: those an SMS's place could mean.
    #[prop_or_default]
    pub districts_first: Vec<String>,
}

const KINDS: [&str; 3] = ["MISSING_CHILD", "ABDUCTION", "CHILD_ABUSE"];
const SEXES: [&str; 4] = ["FEMALE", "MALE", "OTHER", "UNKNOWN"];
const LANGUAGES: [&str; 2] = ["URDU", "ENGLISH"];

/// The `ReportCaseInput` for the form's values.
pub fn report_input(form: &Form) -> Result<Value, ApiError> {
    let at = time::pkt_input_to_utc(&form.get("last_seen_at")).ok_or_else(|| ApiError {
        code: "BAD_USER_INPUT".into(),
        message: "give the date and time the child was last seen".into(),
        field: Some("lastSeen.at".into()),
    })?;
    Ok(json!({
        "kind": form.opt("kind"),
        "child": {
            "name": form.get("child_name").trim(),
            "sex": form.opt("sex"),
            "ageYears": form.int("age"),
            "heightCm": form.int("height"),
            "clothing": form.opt("clothing"),
            "distinguishingMarks": form.opt("marks"),
        },
        "lastSeen": {
            "place": form.get("place").trim(),
            "districtId": form.opt("district"),
            "at": at,
        },
        "circumstances": form.opt("circumstances"),
        "reporter": {
            "name": form.get("reporter_name").trim(),
            "relation": form.get("relation").trim(),
            "phone": form.get("reporter_phone").trim(),
            "cnic": form.opt("cnic"),
            "consentToPublish": form.checked("consent"),
            "language": form.opt("reporter_language"),
        },
    }))
}

const FILE: &str = "mutation($input: ReportCaseInput!, $photos: [Upload!]) { reportCase(input: $input, photos: $photos) { trackingCode case { caseNumber district { name } } } }";

const COMPLETE: &str = "mutation($id: ID!, $input: ReportCaseInput!) { completeSmsDraft(id: $id, input: $input) { trackingCode case { caseNumber district { name } } } }";

/// The districts for the picker, those in `first` (in their order) on top.
pub fn ordered_districts(
    districts: &[forms::District],
    lang: crate::i18n::Lang,
    first: &[String],
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = first
        .iter()
        .filter_map(|id| districts.iter().find(|d| d.id == *id))
        .map(|d| (d.id.clone(), d.label(lang)))
        .collect();
    options.extend(
        forms::district_options(districts, lang)
            .into_iter()
            .filter(|(id, _)| !first.contains(id)),
    );
    options
}

/// The photos as multipart files and the `photos` variable they fill.
pub fn photo_files(photos: &[web_sys::File]) -> (Value, api::Files) {
    let files = photos
        .iter()
        .enumerate()
        .map(|(i, f)| (format!("variables.photos.{i}"), f.clone()))
        .collect();
    let slots = if photos.is_empty() {
        Value::Null
    } else {
        Value::Array(vec![Value::Null; photos.len()])
    };
    (slots, files)
}

#[function_component(FilingForm)]
pub fn filing_form(props: &FilingProps) -> Html {
    let lang = use_lang();
    let districts = forms::use_districts();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let photos = use_state(Vec::<web_sys::File>::new);
    let on_photos = {
        let photos = photos.clone();
        Callback::from(move |files: Vec<web_sys::File>| photos.set(files))
    };

    {
        let form = form.clone();
        let given = props.initial.clone();
        use_effect_with((), move |_| {
            let mut initial = BTreeMap::new();
            initial.insert("kind".to_owned(), "MISSING_CHILD".to_owned());
            initial.insert(
                "last_seen_at".to_owned(),
                time::epoch_ms_to_pkt_input(time::now_ms()),
            );
            initial.extend(given);
            form.dispatch(FormAction::Reset(initial));
        });
    }

    let onsubmit = {
        let (form, error, busy, on_filed, photos, draft_id) = (
            form.clone(),
            error.clone(),
            busy.clone(),
            props.on_filed.clone(),
            photos.clone(),
            props.draft_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let input = match report_input(&form) {
                Ok(input) => input,
                Err(err) => {
                    error.set(Some(err));
                    return;
                }
            };
            let (error, busy, on_filed) = (error.clone(), busy.clone(), on_filed.clone());
            let (slots, files) = photo_files(&photos);
            let (query, variables, field) = match &draft_id {
                Some(id) => (
                    COMPLETE,
                    json!({ "id": id.as_str(), "input": input }),
                    "completeSmsDraft",
                ),
                None => (
                    FILE,
                    json!({ "input": input, "photos": slots }),
                    "reportCase",
                ),
            };
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql_files(query, variables, files).await {
                    Ok(data) => {
                        let filed = &data[field];
                        let receipt = Receipt {
                            case_number: forms::s(&filed["case"]["caseNumber"]),
                            tracking_code: forms::s(&filed["trackingCode"]),
                            district: forms::s(&filed["case"]["district"]["name"]),
                        };
                        session::remember_code(&receipt.case_number, &receipt.tracking_code);
                        error.set(None);
                        on_filed.emit(receipt);
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };

    html! {
        <form class="filing" {onsubmit} aria-busy={busy.to_string()}>
            <fieldset>
                <legend>{ lang.t("child") }</legend>
                { forms::select(&form, "kind", lang.t("kind"), &forms::enum_options(lang, &KINDS), true) }
                { forms::input(&form, "child_name", lang.t("child_name"), "text", true) }
                <div class="row">
                    { forms::select(&form, "sex", lang.t("sex"), &forms::enum_options(lang, &SEXES), true) }
                    { forms::input(&form, "age", lang.t("age"), "number", true) }
                    { forms::input(&form, "height", lang.t("height"), "number", false) }
                </div>
                { forms::input(&form, "clothing", lang.t("clothing"), "text", false) }
                { forms::input(&form, "marks", lang.t("marks"), "text", false) }
                if props.draft_id.is_none() {
                    { forms::file_input("photos", lang.t("child_photos"), true, on_photos) }
                }
                if !photos.is_empty() {
                    <p class="muted" id="photos-chosen">{ format!("{}: {}", lang.t("photos"), photos.len()) }</p>
                }
            </fieldset>
            <fieldset>
                <legend>{ lang.t("last_seen_place") }</legend>
                { forms::input(&form, "place", lang.t("last_seen_place"), "text", true) }
                <div class="row">
                    { forms::select(&form, "district", lang.t("district"), &ordered_districts(&districts, lang, &props.districts_first), true) }
                    { forms::input(&form, "last_seen_at", lang.t("last_seen_at"), "datetime-local", true) }
                </div>
                { forms::textarea(&form, "circumstances", lang.t("circumstances"), false) }
            </fieldset>
            <fieldset>
                <legend>{ lang.t("reporter") }</legend>
                <div class="row">
                    { forms::input(&form, "reporter_name", lang.t("reporter_name"), "text", true) }
                    { forms::input(&form, "relation", lang.t("relation"), "text", true) }
                </div>
                <div class="row">
                    { forms::input(&form, "reporter_phone", lang.t("reporter_phone"), "tel", true) }
                    { forms::input(&form, "cnic", lang.t("cnic"), "text", false) }
                </div>
                if props.draft_id.is_some() {
                    { forms::select(&form, "reporter_language", lang.t("reporter_language"), &forms::enum_options(lang, &LANGUAGES), true) }
                }
                { forms::checkbox(&form, "consent", lang.t("consent")) }
            </fieldset>
            { forms::error_box(&error) }
            <button type="submit" class="primary" disabled={*busy}>{ lang.t("file") }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub receipt: Receipt,
    pub on_again: Callback<()>,
    /// The string key of the button that starts over.
    #[prop_or("new_report")]
    pub again: &'static str,
}

#[function_component(ReceiptView)]
pub fn receipt_view(props: &ReceiptProps) -> Html {
    let lang = use_lang();
    let r = &props.receipt;
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let again = {
        let on_again = props.on_again.clone();
        Callback::from(move |_| on_again.emit(()))
    };
    html! {
        <section class="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{ lang.t("receipt") }</h2>
            <dl>
                <dt>{ lang.t("case_number") }</dt>
                <dd id="receipt-case-number" class="big">{ &r.case_number }</dd>
                <dt>{ lang.t("tracking_code") }</dt>
                <dd id="receipt-tracking-code" class="big">{ &r.tracking_code }</dd>
                <dt>{ lang.t("district") }</dt>
                <dd>{ &r.district }</dd>
            </dl>
            <p>{ lang.t("receipt_note") }</p>
            <div class="actions no-print">
                <button type="button" onclick={print}>{ lang.t("print") }</button>
                <Link<Route> to={Route::Track { number: r.case_number.clone() }}>{ lang.t("follow") }</Link<Route>>
                <button type="button" onclick={again}>{ lang.t(props.again) }</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Form {
        let mut form = Form::default();
        for (k, v) in [
            ("kind", "MISSING_CHILD"),
            ("child_name", " Ayesha "),
            ("sex", "FEMALE"),
            ("age", "8"),
            ("place", "Anarkali Bazaar"),
            ("district", "PB-lahore"),
            ("last_seen_at", "2026-06-15T09:30"),
            ("reporter_name", "Rukhsana"),
            ("relation", "mother"),
            ("reporter_phone", "0345 1234567"),
            ("consent", "true"),
        ] {
            form.0.insert(k.into(), v.into());
        }
        form
    }

    #[test]
    fn the_form_becomes_the_api_input_in_utc() {
        let input = report_input(&filled()).unwrap_or_default();
        assert_eq!(input["child"]["name"], "Ayesha");
        assert_eq!(input["child"]["ageYears"], 8);
        assert_eq!(input["child"]["heightCm"], Value::Null);
        assert_eq!(input["lastSeen"]["at"], "2026-06-15T04:30:00Z");
        assert_eq!(input["reporter"]["consentToPublish"], true);
        assert_eq!(input["reporter"]["cnic"], Value::Null);
    }

    #[test]
    fn the_districts_an_sms_could_mean_come_first() {
        let district = |id: &str, name: &str| forms::District {
            id: id.into(),
            name: name.into(),
            name_ur: name.into(),
            province_id: "SD".into(),
        };
        let all = [
            district("SD-karachi-central", "Karachi Central"),
            district("SD-karachi-east", "Karachi East"),
            district("PB-lahore", "Lahore"),
        ];
        let first = [
            "SD-karachi-east".to_owned(),
            "SD-karachi-central".to_owned(),
        ];
        let ids: Vec<String> = ordered_districts(&all, crate::i18n::Lang::En, &first)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["SD-karachi-east", "SD-karachi-central", "PB-lahore"]);
    }

    #[test]
    fn a_missing_time_is_refused_before_sending() {
        let mut form = filled();
        form.0.remove("last_seen_at");
        let err = report_input(&form).err().map(|e| e.field);
        assert_eq!(err, Some(Some("lastSeen.at".into())));
    }
}
