//! The start page: each role goes to where it works; the public sees the
//! ways in that need no account.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    app::{use_auth, use_lang},
    route::Route,
};

/// Where a role starts its day.
pub fn start_for(role: &str) -> Option<Route> {
    match role {
        "DISTRICT_POLICE" | "REGIONAL_POLICE" => Some(Route::Queue),
        "FACILITATION_OFFICER" => Some(Route::Intake),
        "CHILD_PROTECTION" => Some(Route::Found),
        "CITIZEN" => Some(Route::MyCases),
        "PROVINCIAL_OVERSIGHT" | "MINISTRY" => Some(Route::Oversight),
        "SYSTEM_ADMIN" => Some(Route::Admin),
        _ => None,
    }
}

#[function_component(Home)]
pub fn home() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    if let Some(route) = auth.session.as_ref().and_then(|s| start_for(s.role())) {
        return html! { <Redirect<Route> to={route} /> };
    }
    html! {
        <section class="home">
            <h1>{ lang.t("app") }</h1>
            <p class="lead">{ lang.t("home_intro") }</p>
            <ul class="tiles">
                <li><Link<Route> to={Route::Signup}>{ lang.t("report") }</Link<Route>></li>
                <li><Link<Route> to={Route::TrackForm}>{ lang.t("track") }</Link<Route>></li>
                <li><Link<Route> to={Route::Register}>{ lang.t("register") }</Link<Route>></li>
                <li><Link<Route> to={Route::Login}>{ lang.t("login") }</Link<Route>></li>
            </ul>
        </section>
    }
}

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let lang = use_lang();
    html! {
        <section>
            <h1>{ "404" }</h1>
            <p>{ lang.t("not_found") }</p>
            <Link<Route> to={Route::Home}>{ lang.t("app") }</Link<Route>>
        </section>
    }
}

/// What a page shows instead of itself to someone who may not see it.
pub fn gate(lang: crate::i18n::Lang, signed_in: bool) -> Html {
    if signed_in {
        html! { <p class="error" role="alert">{ lang.t("forbidden") }</p> }
    } else {
        html! {
            <p>{ lang.t("sign_in_needed") }{ " " }
                <Link<Route> to={Route::Login}>{ lang.t("login") }</Link<Route>></p>
        }
    }
}
