//! Two administration cards: API keys for third-party apps (the secret is
//! shown once, when issued) and the duty roster's contacts.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_lang,
    forms::{self, Form, FormAction, Load},
    time,
};

const KEYS: &str = "query Keys { apiKeys { id name contact prefix requestsPerMinute createdAt revokedAt requestsLastHour } }";
const ISSUE: &str =
    "mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret key { id } } }";
const REVOKE: &str = "mutation($id: ID!) { revokeApiKey(id: $id) { id } }";
const CONTACTS: &str =
    "query Duty { dutyContacts { id level jurisdictionId label phone language } }";
const ADD_CONTACT: &str =
    "mutation($input: DutyContactInput!) { addDutyContact(input: $input) { id } }";
const REMOVE_CONTACT: &str = "mutation($id: ID!) { removeDutyContact(id: $id) }";
const LEVELS: [&str; 4] = ["DISTRICT", "REGION", "PROVINCE", "NATIONAL"];
const LANGUAGES: [&str; 2] = ["ENGLISH", "URDU"];

/// The `IssueApiKeyInput` for the form.
pub fn key_input(form: &Form) -> Value {
    json!({
        "name": form.get("k_name").trim(),
        "contact": form.get("k_contact").trim(),
        "requestsPerMinute": form.int("k_rpm"),
    })
}

/// The `DutyContactInput` for the form: no jurisdiction at the national level.
pub fn contact_input(form: &Form) -> Value {
    let national = form.get("d_level") == "NATIONAL";
    json!({
        "level": form.opt("d_level"),
        "jurisdictionId": if national { Value::Null } else { form.opt("d_jurisdiction") },
        "label": form.get("d_label").trim(),
        "phone": form.get("d_phone").trim(),
        "language": form.opt("d_language"),
    })
}

/// Runs a mutation and, on success, hands its data to `then`.
fn send(
    query: &'static str,
    vars: Value,
    error: UseStateHandle<Option<ApiError>>,
    then: Callback<Value>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match api::gql(query, vars).await {
            Ok(data) => {
                error.set(None);
                then.emit(data);
            }
            Err(err) => error.set(Some(err)),
        }
    });
}

#[function_component(ApiKeys)]
pub fn api_keys() -> Html {
    let lang = use_lang();
    let reload = use_state(|| 0u32);
    let load = forms::use_gql(KEYS, json!({}), *reload);
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let secret = use_state(|| None::<String>);
    let onsubmit = {
        let (form, error, secret, reload) =
            (form.clone(), error.clone(), secret.clone(), reload.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form2, secret, reload) = (form.clone(), secret.clone(), reload.clone());
            let then = Callback::from(move |data: Value| {
                secret.set(Some(forms::s(&data["issueApiKey"]["secret"])));
                form2.dispatch(FormAction::Reset(Default::default()));
                reload.set(reload.wrapping_add(1));
            });
            send(
                ISSUE,
                json!({ "input": key_input(&form) }),
                error.clone(),
                then,
            );
        })
    };
    html! {
        <section class="card" aria-labelledby="keys-h" id="api-keys">
            <h2 id="keys-h">{ lang.t("api_keys") }</h2>
            <form {onsubmit}>
                <div class="row">
                    { forms::input(&form, "k_name", lang.t("app_name"), "text", true) }
                    { forms::input(&form, "k_contact", lang.t("app_contact"), "text", true) }
                    { forms::input(&form, "k_rpm", lang.t("requests_per_minute"), "number", true) }
                </div>
                <button type="submit" class="primary" id="issue-key">{ lang.t("issue_key") }</button>
            </form>
            if let Some(secret) = &*secret {
                <p role="status" class="warn">{ lang.t("secret_once") }{ " " }<code id="api-key-secret">{ secret }</code></p>
            }
            { forms::error_box(&error) }
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                <div class="table-wrap">
                <table id="api-key-list">
                    <thead><tr>
                        <th scope="col">{ lang.t("app_name") }</th><th scope="col">{ lang.t("key_prefix") }</th>
                        <th scope="col">{ lang.t("requests_per_minute") }</th><th scope="col">{ lang.t("requests_last_hour") }</th>
                        <th scope="col">{ lang.t("key_state") }</th>
                    </tr></thead>
                    <tbody>
                    { for data["apiKeys"].as_array().into_iter().flatten().map(|k| {
                        let id = forms::s(&k["id"]);
                        let revoke = {
                            let (error, reload, id) = (error.clone(), reload.clone(), id.clone());
                            Callback::from(move |_| {
                                let reload = reload.clone();
                                send(REVOKE, json!({ "id": id }), error.clone(), Callback::from(move |_| reload.set(reload.wrapping_add(1))));
                            })
                        };
                        let name = forms::s(&k["name"]);
                        html! {
                            <tr class="api-key" data-key={name.clone()}>
                                <td>{ name.clone() }<br /><span class="muted">{ forms::s(&k["contact"]) }</span></td>
                                <td><code>{ forms::s(&k["prefix"]) }</code></td>
                                <td>{ k["requestsPerMinute"].as_i64().unwrap_or_default() }</td>
                                <td>{ k["requestsLastHour"].as_i64().unwrap_or_default() }</td>
                                <td>
                                    if let Some(at) = k["revokedAt"].as_str() {
                                        <span class="revoked">{ lang.t("revoked") }{ " " }{ time::format_pkt(at) }</span>
                                    } else {
                                        <button type="button" class="revoke" onclick={revoke}
                                            aria-label={format!("{}: {name}", lang.t("revoke"))}>{ lang.t("revoke") }</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}

#[function_component(DutyContacts)]
pub fn duty_contacts() -> Html {
    let lang = use_lang();
    let reload = use_state(|| 0u32);
    let load = forms::use_gql(CONTACTS, json!({}), *reload);
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let onsubmit = {
        let (form, error, reload) = (form.clone(), error.clone(), reload.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form2, reload) = (form.clone(), reload.clone());
            let then = Callback::from(move |_| {
                form2.dispatch(FormAction::Reset(Default::default()));
                reload.set(reload.wrapping_add(1));
            });
            send(
                ADD_CONTACT,
                json!({ "input": contact_input(&form) }),
                error.clone(),
                then,
            );
        })
    };
    html! {
        <section class="card" aria-labelledby="duty-h" id="duty-contacts">
            <h2 id="duty-h">{ lang.t("duty_contacts") }</h2>
            <form {onsubmit}>
                <div class="row">
                    { forms::select(&form, "d_level", lang.t("level"), &forms::enum_options(lang, &LEVELS), true) }
                    { forms::input(&form, "d_jurisdiction", lang.t("jurisdiction_id"), "text", false) }
                    { forms::select(&form, "d_language", lang.t("language"), &forms::enum_options(lang, &LANGUAGES), false) }
                </div>
                <div class="row">
                    { forms::input(&form, "d_label", lang.t("contact_label"), "text", true) }
                    { forms::input(&form, "d_phone", lang.t("phone"), "tel", true) }
                </div>
                <button type="submit" class="primary" id="add-contact">{ lang.t("add_contact") }</button>
            </form>
            { forms::error_box(&error) }
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                <ul id="duty-list">
                { for data["dutyContacts"].as_array().into_iter().flatten().map(|d| {
                    let id = forms::s(&d["id"]);
                    let label = forms::s(&d["label"]);
                    let remove = {
                        let (error, reload, id) = (error.clone(), reload.clone(), id.clone());
                        Callback::from(move |_| {
                            let reload = reload.clone();
                            send(REMOVE_CONTACT, json!({ "id": id }), error.clone(), Callback::from(move |_| reload.set(reload.wrapping_add(1))));
                        })
                    };
                    html! {
                        <li class="duty-contact" data-label={label.clone()}>
                            { format!("{} {} — {}: {} ", lang.t(level_key(&d["level"])), forms::s(&d["jurisdictionId"]), label, forms::s(&d["phone"])) }
                            <button type="button" class="remove-contact" onclick={remove}
                                aria-label={format!("{}: {label}", lang.t("remove"))}>{ lang.t("remove") }</button>
                        </li>
                    }
                }) }
                </ul>
            }
        </section>
    }
}

fn level_key(value: &Value) -> &'static str {
    LEVELS
        .iter()
        .find(|l| value.as_str() == Some(**l))
        .copied()
        .unwrap_or("NATIONAL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_asks_for_a_whole_number_of_requests() {
        let mut form = Form::default();
        form.0.insert("k_name".into(), " Roshni app ".into());
        form.0.insert("k_contact".into(), "ops@example.pk".into());
        form.0.insert("k_rpm".into(), "600".into());
        let input = key_input(&form);
        assert_eq!(input["name"], "Roshni app");
        assert_eq!(input["requestsPerMinute"], 600);
        form.0.insert("k_rpm".into(), "many".into());
        assert_eq!(key_input(&form)["requestsPerMinute"], Value::Null);
    }

    #[test]
    fn a_national_contact_has_no_jurisdiction() {
        let mut form = Form::default();
        form.0.insert("d_level".into(), "NATIONAL".into());
        form.0.insert("d_jurisdiction".into(), "PB-lahore".into());
        form.0.insert("d_label".into(), "ZARRA control room".into());
        form.0.insert("d_phone".into(), "051 1234567".into());
        assert_eq!(contact_input(&form)["jurisdictionId"], Value::Null);
        form.0.insert("d_level".into(), "DISTRICT".into());
        assert_eq!(contact_input(&form)["jurisdictionId"], "PB-lahore");
        assert_eq!(contact_input(&form)["language"], Value::Null);
    }
}
