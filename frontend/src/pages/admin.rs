//! System administrators: the users and their duty status, creating a
//! user (the initial password is shown once), the duty roster's contacts
//! and third-party apps' API keys (see `admin_parts`).

use serde_json::{Value, json};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_lang},
    forms::{self, Form, Load},
    pages::{
        admin_parts::{ApiKeys, DutyContacts},
        home::gate,
    },
};

const USERS: &str = "query Users { users(first: 100) { nodes { id username displayName role office onDuty active district { name } province { name } } } }";
const CREATE: &str = "mutation Create($input: CreateUserInput!) { createUser(input: $input) { initialPassword user { username } } }";
const ROLES: [&str; 8] = [
    "FACILITATION_OFFICER",
    "CHILD_PROTECTION",
    "DISTRICT_POLICE",
    "REGIONAL_POLICE",
    "PROVINCIAL_OVERSIGHT",
    "MINISTRY",
    "SYSTEM_ADMIN",
    "INTEGRATION",
];

/// The `CreateUserInput` for the form: the jurisdiction the role needs.
pub fn create_input(form: &Form) -> Value {
    let district = form.get("u_district");
    let province = district.split('-').next().unwrap_or_default().to_owned();
    let mut input = json!({
        "username": form.get("u_username").trim(),
        "displayName": form.get("u_name").trim(),
        "role": form.opt("u_role"),
        "office": form.opt("u_office"),
        "phone": form.opt("u_phone"),
    });
    match form.get("u_role").as_str() {
        "FACILITATION_OFFICER" | "DISTRICT_POLICE" | "CHILD_PROTECTION" => {
            input["districtId"] = json!(district)
        }
        "PROVINCIAL_OVERSIGHT" if !province.is_empty() => input["provinceId"] = json!(province),
        _ => {}
    }
    input
}

#[function_component(Admin)]
pub fn admin() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let districts = forms::use_districts();
    let reload = use_state(|| 0u32);
    let load = forms::use_gql(USERS, json!({}), *reload);
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let created = use_state(|| None::<(String, String)>);
    if auth
        .session
        .as_ref()
        .is_none_or(|s| s.role() != "SYSTEM_ADMIN")
    {
        return html! { <section><h1>{ lang.t("admin") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let onsubmit = {
        let (form, error, created, reload) =
            (form.clone(), error.clone(), created.clone(), reload.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = create_input(&form);
            let (error, created, reload) = (error.clone(), created.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql(CREATE, json!({ "input": input })).await {
                    Ok(data) => {
                        let c = &data["createUser"];
                        created.set(Some((
                            forms::s(&c["user"]["username"]),
                            forms::s(&c["initialPassword"]),
                        )));
                        error.set(None);
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };
    let toggle = |id: String, field: &'static str, value: bool| {
        let (reload, error) = (reload.clone(), error.clone());
        Callback::from(move |_| {
            let (id, reload, error) = (id.clone(), reload.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mutation = match field {
                    "active" => {
                        "mutation($id: ID!, $v: Boolean!) { setUserActive(userId: $id, active: $v) { id } }"
                    }
                    _ => {
                        "mutation($id: ID!, $v: Boolean!) { setOnDuty(userId: $id, onDuty: $v) { id } }"
                    }
                };
                match api::gql(mutation, json!({ "id": id, "v": value })).await {
                    Ok(_) => reload.set(reload.wrapping_add(1)),
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };
    html! {
        <section>
            <h1>{ lang.t("admin") }</h1>
            <section class="card" aria-labelledby="new-h">
                <h2 id="new-h">{ lang.t("create_user") }</h2>
                <form {onsubmit}>
                    <div class="row">
                        { forms::input(&form, "u_username", lang.t("username"), "text", true) }
                        { forms::input(&form, "u_name", lang.t("name"), "text", true) }
                        { forms::select(&form, "u_role", lang.t("role"), &ROLES.iter().map(|r| ((*r).to_owned(), (*r).to_owned())).collect::<Vec<_>>(), true) }
                    </div>
                    <div class="row">
                        { forms::select(&form, "u_district", lang.t("district"), &forms::district_options(&districts, lang), false) }
                        { forms::input(&form, "u_office", "Office", "text", false) }
                        { forms::input(&form, "u_phone", lang.t("phone"), "tel", false) }
                    </div>
                    { forms::error_box(&error) }
                    <button type="submit" class="primary">{ lang.t("create_user") }</button>
                </form>
                if let Some((username, password)) = &*created {
                    <p role="status">{ format!("{username} — {}: ", lang.t("initial_password")) }<code>{ password }</code></p>
                }
            </section>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                <section class="card" aria-labelledby="users-h">
                    <h2 id="users-h">{ lang.t("users") }</h2>
                    <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{ lang.t("username") }</th><th scope="col">{ lang.t("name") }</th>
                            <th scope="col">{ lang.t("role") }</th><th scope="col">{ lang.t("district") }</th>
                            <th scope="col">{ lang.t("duty") }</th><th scope="col">{ lang.t("active") }</th>
                        </tr></thead>
                        <tbody>
                        { for data["users"]["nodes"].as_array().into_iter().flatten().map(|u| {
                            let id = forms::s(&u["id"]);
                            let on_duty = u["onDuty"].as_bool().unwrap_or(false);
                            let active = u["active"].as_bool().unwrap_or(false);
                            html! {
                                <tr>
                                    <td>{ forms::s(&u["username"]) }</td>
                                    <td>{ forms::s(&u["displayName"]) }</td>
                                    <td>{ forms::s(&u["role"]) }</td>
                                    <td>{ forms::s(&u["district"]["name"]) }</td>
                                    <td><button type="button" aria-pressed={on_duty.to_string()} onclick={toggle(id.clone(), "duty", !on_duty)}>{ if on_duty { "✓" } else { "—" } }</button></td>
                                    <td><button type="button" aria-pressed={active.to_string()} onclick={toggle(id.clone(), "active", !active)}>{ if active { "✓" } else { "—" } }</button></td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                </section>
            }
            <DutyContacts />
            <ApiKeys />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_district_role_gets_its_district_and_oversight_its_province() {
        let mut form = Form::default();
        form.0.insert("u_username".into(), "dpo.test".into());
        form.0.insert("u_name".into(), "Officer".into());
        form.0.insert("u_role".into(), "DISTRICT_POLICE".into());
        form.0.insert("u_district".into(), "PB-lahore".into());
        let input = create_input(&form);
        assert_eq!(input["districtId"], "PB-lahore");
        assert!(input.get("provinceId").is_none());
        form.0
            .insert("u_role".into(), "PROVINCIAL_OVERSIGHT".into());
        let input = create_input(&form);
        assert_eq!(input["provinceId"], "PB");
        assert!(input.get("districtId").is_none());
    }
}
