//! Signing in (staff and citizens) and opening a citizen account.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_lang},
    forms::{self, Form},
    pages::home::start_for,
    route::Route,
};

#[function_component(Login)]
pub fn login() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let navigator = use_navigator();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (form, error, busy, auth) = (form.clone(), error.clone(), busy.clone(), auth.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form, error, busy, set, navigator) = (
                form.clone(),
                error.clone(),
                busy.clone(),
                auth.set.clone(),
                navigator.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::login(form.get("username").trim(), &form.get("password")).await {
                    Ok(session) => {
                        let start = start_for(session.role()).unwrap_or(Route::Home);
                        set.emit(Some(session));
                        if let Some(n) = navigator {
                            n.push(&start);
                        }
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };

    html! {
        <section class="narrow">
            <h1>{ lang.t("login") }</h1>
            <form {onsubmit} aria-busy={busy.to_string()}>
                { forms::input(&form, "username", lang.t("username"), "text", true) }
                { forms::input(&form, "password", lang.t("password"), "password", true) }
                { forms::error_box(&error) }
                <button type="submit" class="primary" disabled={*busy}>{ lang.t("login") }</button>
            </form>
            <p><Link<Route> to={Route::Signup}>{ lang.t("signup") }</Link<Route>></p>
        </section>
    }
}

#[function_component(Signup)]
pub fn signup() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let navigator = use_navigator();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);

    if auth.session.as_ref().is_some_and(|s| s.role() == "CITIZEN") {
        return html! { <Redirect<Route> to={Route::Report} /> };
    }

    let onsubmit = {
        let (form, error, set) = (form.clone(), error.clone(), auth.set.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form, error, set, navigator) =
                (form.clone(), error.clone(), set.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::register_citizen(
                    form.get("name").trim(),
                    form.get("phone").trim(),
                    &form.get("password"),
                )
                .await
                {
                    Ok(session) => {
                        set.emit(Some(session));
                        if let Some(n) = navigator {
                            n.push(&Route::Report);
                        }
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };

    html! {
        <section class="narrow">
            <h1>{ lang.t("signup") }</h1>
            <form {onsubmit}>
                { forms::input(&form, "name", lang.t("name"), "text", true) }
                { forms::input(&form, "phone", lang.t("phone"), "tel", true) }
                { forms::input(&form, "password", lang.t("password"), "password", true) }
                { forms::error_box(&error) }
                <button type="submit" class="primary">{ lang.t("signup") }</button>
            </form>
        </section>
    }
}
