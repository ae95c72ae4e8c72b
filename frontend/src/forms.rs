//! Form state and labelled fields, the districts list for pickers, and a
//! hook that runs a GraphQL query when its inputs change.

use std::{cell::RefCell, collections::BTreeMap, rc::Rc};

use serde::Deserialize;
use serde_json::{Value, json};
use web_sys::{File, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    i18n::Lang,
};

/// A form's values by field name. Changes go through the reducer, so two
/// quick edits never overwrite each other.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Form(pub BTreeMap<String, String>);

impl Reducible for Form {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut values = self.0.clone();
        match action {
            FormAction::Set(key, value) => {
                values.insert(key, value);
            }
            FormAction::Reset(initial) => values = initial,
        }
        Rc::new(Form(values))
    }
}

pub enum FormAction {
    Set(String, String),
    Reset(BTreeMap<String, String>),
}

impl Form {
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_default()
    }

    /// The trimmed value, or `null` when empty.
    pub fn opt(&self, key: &str) -> Value {
        let value = self.get(key);
        let value = value.trim();
        if value.is_empty() {
            Value::Null
        } else {
            Value::String(value.to_owned())
        }
    }

    /// The value as a whole number, or `null` when empty or not a number.
    pub fn int(&self, key: &str) -> Value {
        self.get(key)
            .trim()
            .parse::<i64>()
            .map(|n| json!(n))
            .unwrap_or(Value::Null)
    }

    pub fn checked(&self, key: &str) -> bool {
        self.get(key) == "true"
    }
}

pub fn setter(form: &UseReducerHandle<Form>, key: &str) -> Callback<String> {
    let form = form.clone();
    let key = key.to_owned();
    Callback::from(move |value| form.dispatch(FormAction::Set(key.clone(), value)))
}

/// A labelled input. `id` doubles as the field name.
pub fn input(
    form: &UseReducerHandle<Form>,
    id: &str,
    label: &str,
    kind: &'static str,
    required: bool,
) -> Html {
    let set = setter(form, id);
    let oninput = Callback::from(move |e: InputEvent| {
        let el: HtmlInputElement = e.target_unchecked_into();
        set.emit(el.value());
    });
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }{ if required { " *" } else { "" } }</label>
            <input id={id.to_owned()} name={id.to_owned()} type={kind} value={form.get(id)}
                {required} {oninput} />
        </div>
    }
}

pub fn textarea(form: &UseReducerHandle<Form>, id: &str, label: &str, required: bool) -> Html {
    let set = setter(form, id);
    let oninput = Callback::from(move |e: InputEvent| {
        let el: HtmlTextAreaElement = e.target_unchecked_into();
        set.emit(el.value());
    });
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }{ if required { " *" } else { "" } }</label>
            <textarea id={id.to_owned()} name={id.to_owned()} value={form.get(id)} rows="3"
                {required} {oninput} />
        </div>
    }
}

pub fn checkbox(form: &UseReducerHandle<Form>, id: &str, label: &str) -> Html {
    let set = setter(form, id);
    let onchange = Callback::from(move |e: Event| {
        let el: HtmlInputElement = e.target_unchecked_into();
        set.emit(if el.checked() {
            "true".into()
        } else {
            String::new()
        });
    });
    html! {
        <div class="field check">
            <input id={id.to_owned()} name={id.to_owned()} type="checkbox"
                checked={form.checked(id)} {onchange} />
            <label for={id.to_owned()}>{ label }</label>
        </div>
    }
}

/// A labelled picker; `options` are (value, text).
pub fn select(
    form: &UseReducerHandle<Form>,
    id: &str,
    label: &str,
    options: &[(String, String)],
    required: bool,
) -> Html {
    let set = setter(form, id);
    let onchange = Callback::from(move |e: Event| {
        let el: HtmlSelectElement = e.target_unchecked_into();
        set.emit(el.value());
    });
    let current = form.get(id);
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }{ if required { " *" } else { "" } }</label>
            <select id={id.to_owned()} name={id.to_owned()} {required} {onchange}>
                <option value="" selected={current.is_empty()}>{ "—" }</option>
                { for options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == current}>{ text }</option>
                }) }
            </select>
        </div>
    }
}

/// Translated options for an enum's values.
pub fn enum_options(lang: Lang, values: &[&'static str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| ((*v).to_owned(), lang.t(v).to_owned()))
        .collect()
}

pub fn error_box(error: &Option<ApiError>) -> Html {
    match error {
        Some(err) => html! { <p class="error" role="alert">{ err.to_string() }</p> },
        None => html! {},
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct District {
    pub id: String,
    pub name: String,
    pub name_ur: String,
    pub province_id: String,
}

impl District {
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.name.clone(),
            Lang::Ur => self.name_ur.clone(),
        }
    }
}

thread_local! {
    static DISTRICTS: RefCell<Option<Rc<Vec<District>>>> = const { RefCell::new(None) };
}

/// Every district, fetched once per page load.
#[hook]
pub fn use_districts() -> Rc<Vec<District>> {
    let list = use_state(|| DISTRICTS.with(|d| d.borrow().clone()).unwrap_or_default());
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            if list.is_empty() {
                wasm_bindgen_futures::spawn_local(async move {
                    let query = "{ provinces { id regions { districts { id name nameUr } } } }";
                    if let Ok(data) = api::gql(query, json!({})).await {
                        let mut all = Vec::new();
                        for province in data["provinces"].as_array().into_iter().flatten() {
                            let pid = province["id"].as_str().unwrap_or_default();
                            for region in province["regions"].as_array().into_iter().flatten() {
                                for d in region["districts"].as_array().into_iter().flatten() {
                                    all.push(District {
                                        id: d["id"].as_str().unwrap_or_default().into(),
                                        name: d["name"].as_str().unwrap_or_default().into(),
                                        name_ur: d["nameUr"].as_str().unwrap_or_default().into(),
                                        province_id: pid.into(),
                                    });
                                }
                            }
                        }
                        all.sort_by(|a, b| a.name.cmp(&b.name));
                        let all = Rc::new(all);
                        DISTRICTS.with(|d| *d.borrow_mut() = Some(all.clone()));
                        list.set(all);
                    }
                });
            }
        });
    }
    (*list).clone()
}

pub fn district_options(districts: &[District], lang: Lang) -> Vec<(String, String)> {
    districts
        .iter()
        .map(|d| (d.id.clone(), d.label(lang)))
        .collect()
}

/// What a query has given so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    Ready(Value),
    Failed(ApiError),
}

/// Runs `query` with `variables` whenever they or `reload` change.
#[hook]
pub fn use_gql(query: &'static str, variables: Value, reload: u32) -> Load {
    let state = use_state(|| Load::Loading);
    {
        let state = state.clone();
        use_effect_with((variables, reload), move |(variables, _)| {
            let variables = variables.clone();
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::gql(query, variables).await {
                    Ok(data) => Load::Ready(data),
                    Err(err) => Load::Failed(err),
                });
            });
        });
    }
    (*state).clone()
}

/// A loading line or an error, for a query that is not ready.
pub fn not_ready(load: &Load, lang: Lang) -> Html {
    match load {
        Load::Loading => html! { <p class="muted" aria-live="polite">{ lang.t("loading") }</p> },
        Load::Failed(err) => html! { <p class="error" role="alert">{ err.to_string() }</p> },
        Load::Ready(_) => html! {},
    }
}

pub fn s(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A labelled file picker for photos; `on_files` gets the chosen files.
pub fn file_input(id: &str, label: &str, multiple: bool, on_files: Callback<Vec<File>>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: HtmlInputElement = e.target_unchecked_into();
        let files = el.files().map(|list| {
            (0..list.length())
                .filter_map(|i| list.get(i))
                .collect::<Vec<_>>()
        });
        on_files.emit(files.unwrap_or_default());
    });
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            <input id={id.to_owned()} name={id.to_owned()} type="file"
                accept="image/jpeg,image/png,image/webp" {multiple} {onchange} />
        </div>
    }
}
