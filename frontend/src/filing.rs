//! The report form, shared by citizens and facilitation officers, and the
//! receipt with the case number and the tracking code.

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
}

const KINDS: [&str; 3] = ["MISSING_CHILD", "ABDUCTION", "CHILD_ABUSE"];
const SEXES: [&str; 4] = ["FEMALE", "MALE", "OTHER", "UNKNOWN"];

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
        },
    }))
}

const FILE: &str = "mutation($input: ReportCaseInput!, $photos: [Upload!]) { reportCase(input: $input, photos: $photos) { trackingCode case { caseNumber district { name } } } }";

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
        use_effect_with((), move |_| {
            let mut initial = std::collections::BTreeMap::new();
            initial.insert("kind".to_owned(), "MISSING_CHILD".to_owned());
            initial.insert(
                "last_seen_at".to_owned(),
                time::epoch_ms_to_pkt_input(time::now_ms()),
            );
            form.dispatch(FormAction::Reset(initial));
        });
    }

    let onsubmit = {
        let (form, error, busy, on_filed, photos) = (
            form.clone(),
            error.clone(),
            busy.clone(),
            props.on_filed.clone(),
            photos.clone(),
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
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql_files(FILE, json!({ "input": input, "photos": slots }), files).await
                {
                    Ok(data) => {
                        let filed = &data["reportCase"];
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
                { forms::file_input("photos", lang.t("child_photos"), true, on_photos) }
                if !photos.is_empty() {
                    <p class="muted" id="photos-chosen">{ format!("{}: {}", lang.t("photos"), photos.len()) }</p>
                }
            </fieldset>
            <fieldset>
                <legend>{ lang.t("last_seen_place") }</legend>
                { forms::input(&form, "place", lang.t("last_seen_place"), "text", true) }
                <div class="row">
                    { forms::select(&form, "district", lang.t("district"), &forms::district_options(&districts, lang), true) }
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
                <button type="button" onclick={again}>{ lang.t("new_report") }</button>
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
    fn a_missing_time_is_refused_before_sending() {
        let mut form = filled();
        form.0.remove("last_seen_at");
        let err = report_input(&form).err().map(|e| e.field);
        assert_eq!(err, Some(Some("lastSeen.at".into())));
    }
}
