//! The public register of missing children: search without an account,
//! kept current by the register's live changes.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::use_lang,
    forms::{self, Form, Load},
    i18n::Lang,
    live::{self, LiveEvent},
    pages::queue::status_label,
    route::Route,
};

const SEARCH: &str = "query Register($filter: RegisterFilter) { register(first: 50, filter: $filter) { nodes { caseNumber name ageYears sex status lastSeenOn photoUrl district { name nameUr } } } }";
const CHANGES: &str =
    "subscription Changes($after: ID) { registerChanges(after: $after) { id kind caseNumber } }";
const PROVINCES: [(&str, &str, &str); 7] = [
    ("PB", "Punjab", "پنجاب"),
    ("SD", "Sindh", "سندھ"),
    ("KP", "Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    ("BA", "Balochistan", "بلوچستان"),
    ("ICT", "Islamabad Capital Territory", "اسلام آباد"),
    ("GB", "Gilgit-Baltistan", "گلگت بلتستان"),
    ("AJK", "Azad Jammu and Kashmir", "آزاد جموں و کشمیر"),
];

/// The register filter for the search form: only what was filled in.
pub fn filter(form: &Form) -> Value {
    let mut f = serde_json::Map::new();
    for (key, value) in [
        ("name", form.opt("name")),
        ("provinceId", form.opt("province")),
        ("ageMin", form.int("age_min")),
        ("ageMax", form.int("age_max")),
        ("sex", form.opt("sex")),
    ] {
        if !value.is_null() {
            f.insert(key.into(), value);
        }
    }
    Value::Object(f)
}

#[function_component(Register)]
pub fn register() -> Html {
    let lang = use_lang();
    let form = use_reducer(Form::default);
    let applied = use_state(|| json!({}));
    let changes = use_state(|| 0u32);
    {
        let changes = changes.clone();
        use_effect_with((), move |_| {
            let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
            let sub = live::subscribe(
                CHANGES,
                "registerChanges",
                json!({}),
                Callback::from(move |event| {
                    if let LiveEvent::Next(_) = event {
                        counter.set(counter.get().wrapping_add(1));
                        changes.set(counter.get());
                    }
                }),
            );
            move || drop(sub)
        });
    }
    let load = forms::use_gql(SEARCH, json!({ "filter": *applied }), *changes);
    let onsubmit = {
        let (form, applied) = (form.clone(), applied.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set(filter(&form));
        })
    };
    let provinces: Vec<(String, String)> = PROVINCES
        .iter()
        .map(|(id, en, ur)| {
            (
                (*id).into(),
                if lang == Lang::Ur {
                    (*ur).into()
                } else {
                    (*en).into()
                },
            )
        })
        .collect();

    html! {
        <section>
            <h1>{ lang.t("register") }</h1>
            <form class="search" role="search" {onsubmit}>
                <div class="row">
                    { forms::input(&form, "name", lang.t("child_name"), "search", false) }
                    { forms::select(&form, "province", lang.t("province"), &provinces, false) }
                    { forms::select(&form, "sex", lang.t("sex"), &forms::enum_options(lang, &["FEMALE", "MALE"]), false) }
                    { forms::input(&form, "age_min", lang.t("age_min"), "number", false) }
                    { forms::input(&form, "age_max", lang.t("age_max"), "number", false) }
                </div>
                <button type="submit" class="primary" id="register-search">{ lang.t("search") }</button>
            </form>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                { results(lang, &data["register"]["nodes"]) }
            }
        </section>
    }
}

fn results(lang: Lang, nodes: &Value) -> Html {
    let list = nodes.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        return html! { <p id="register-empty">{ lang.t("no_results") }</p> };
    }
    html! {
        <ul class="cards register" id="register-results">
            { for list.iter().map(|c| {
                let number = forms::s(&c["caseNumber"]);
                let district = match lang {
                    Lang::En => forms::s(&c["district"]["name"]),
                    Lang::Ur => forms::s(&c["district"]["nameUr"]),
                };
                html! {
                    <li class="card child-card">
                        if let Some(url) = c["photoUrl"].as_str() {
                            <img src={url.to_owned()} alt={forms::s(&c["name"])} loading="lazy" />
                        }
                        <h2><Link<Route> to={Route::Child { number: number.clone() }}>{ forms::s(&c["name"]) }</Link<Route>></h2>
                        <p>{ format!("{}, {district}", c["ageYears"].as_i64().unwrap_or_default()) }</p>
                        <p>{ lang.t("last_seen_on") }{ ": " }{ forms::s(&c["lastSeenOn"]) }</p>
                        { status_label(lang, &c["status"]) }
                    </li>
                }
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_has_only_what_was_filled_in() {
        let mut form = Form::default();
        form.0.insert("name".into(), " Ayesha ".into());
        form.0.insert("age_max".into(), "12".into());
        form.0.insert("age_min".into(), "".into());
        assert_eq!(filter(&form), json!({ "name": "Ayesha", "ageMax": 12 }));
        assert_eq!(filter(&Form::default()), json!({}));
    }
}
