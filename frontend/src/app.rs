//! The shell: session and language contexts, the header with the
//! language switch and the links the role needs, and the routes.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::{
    i18n::{self, Lang},
    pages,
    route::Route,
    session::{self, Session},
};

/// The signed-in user (if any) and a way to change it.
#[derive(Clone, PartialEq)]
pub struct Auth {
    pub session: Option<Session>,
    pub set: Callback<Option<Session>>,
}

/// The language of the page and a way to switch it.
#[derive(Clone, PartialEq)]
pub struct Language {
    pub lang: Lang,
    pub set: Callback<Lang>,
}

#[hook]
pub fn use_lang() -> Lang {
    use_context::<Language>()
        .map(|l| l.lang)
        .unwrap_or_default()
}

#[hook]
pub fn use_auth() -> Auth {
    use_context::<Auth>().unwrap_or(Auth {
        session: None,
        set: Callback::noop(),
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let session = use_state(session::load);
    let lang = use_state(session::load_lang);

    {
        let lang = *lang;
        use_effect_with(lang, move |lang| {
            i18n::apply_to_document(*lang);
            session::save_lang(*lang);
        });
    }

    let auth = Auth {
        session: (*session).clone(),
        set: {
            let session = session.clone();
            Callback::from(move |next: Option<Session>| {
                match &next {
                    Some(s) => session::save(s),
                    None => session::clear(),
                }
                session.set(next);
            })
        },
    };
    let language = Language {
        lang: *lang,
        set: {
            let lang = lang.clone();
            Callback::from(move |next| lang.set(next))
        },
    };

    html! {
        <ContextProvider<Language> context={language}>
            <ContextProvider<Auth> context={auth}>
                <BrowserRouter>
                    <Header />
                    <main id="main" tabindex="-1">
                        <Switch<Route> render={switch} />
                    </main>
                </BrowserRouter>
            </ContextProvider<Auth>>
        </ContextProvider<Language>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Login => html! { <pages::login::Login /> },
        Route::Signup => html! { <pages::login::Signup /> },
        Route::Queue => html! { <pages::queue::Queue /> },
        Route::Case { number } => html! { <pages::case::CasePage {number} /> },
        Route::Leads => html! { <pages::leads::Leads /> },
        Route::Found => html! { <pages::found::Found /> },
        Route::Notifications => html! { <pages::notifications::Notifications /> },
        Route::Report => html! { <pages::report::Report /> },
        Route::MyCases => html! { <pages::my_cases::MyCases /> },
        Route::Intake => html! { <pages::intake::Intake /> },
        Route::SmsDrafts => html! { <pages::sms_drafts::SmsDrafts /> },
        Route::SmsDraft { id } => html! { <pages::sms_drafts::SmsDraftPage {id} /> },
        Route::TrackForm => html! { <pages::track::TrackForm /> },
        Route::Track { number } => html! { <pages::track::Track {number} /> },
        Route::Register => html! { <pages::register::Register /> },
        Route::Child { number } => html! { <pages::child::Child {number} /> },
        Route::Oversight => html! { <pages::oversight::Oversight /> },
        Route::Admin => html! { <pages::admin::Admin /> },
        Route::NotFound => html! { <pages::home::NotFound /> },
    }
}

/// The links each role works with.
fn nav_for(session: Option<&Session>) -> Vec<(Route, &'static str)> {
    let mut links = Vec::new();
    match session.map(Session::role) {
        Some(role @ ("DISTRICT_POLICE" | "REGIONAL_POLICE")) => {
            links.push((Route::Queue, "queue"));
            links.push((Route::Leads, "leads"));
            links.push((Route::Found, "found"));
            links.push((Route::Notifications, "notifications"));
            // Regional police do not see SMS drafts: they stay with the district.
            if role == "DISTRICT_POLICE" {
                links.push((Route::SmsDrafts, "sms_drafts"));
            }
        }
        Some("CHILD_PROTECTION") => links.push((Route::Found, "found")),
        Some("FACILITATION_OFFICER") => {
            links.push((Route::Intake, "intake"));
            links.push((Route::SmsDrafts, "sms_drafts"));
            links.push((Route::Notifications, "notifications"));
        }
        Some("CITIZEN") => {
            links.push((Route::MyCases, "my_cases"));
            links.push((Route::Report, "report"));
        }
        Some("PROVINCIAL_OVERSIGHT" | "MINISTRY") => {
            links.push((Route::Oversight, "oversight"));
            links.push((Route::Queue, "queue"));
            links.push((Route::Leads, "leads"));
            links.push((Route::Notifications, "notifications"));
        }
        Some("SYSTEM_ADMIN") => links.push((Route::Admin, "admin")),
        _ => {}
    }
    links.push((Route::TrackForm, "track"));
    links.push((Route::Register, "register"));
    links
}

#[function_component(Header)]
fn header() -> Html {
    let auth = use_auth();
    let language = use_context::<Language>();
    let lang = use_lang();
    let navigator = use_navigator();

    let switch_lang = {
        let language = language.clone();
        Callback::from(move |_| {
            if let Some(l) = &language {
                l.set.emit(l.lang.other());
            }
        })
    };
    let sign_out = {
        let set = auth.set.clone();
        Callback::from(move |_| {
            let set = set.clone();
            let navigator = navigator.clone();
            wasm_bindgen_futures::spawn_local(async move {
                crate::api::logout().await;
                set.emit(None);
                if let Some(n) = navigator {
                    n.push(&Route::Home);
                }
            });
        })
    };

    html! {
        <header class="top">
            <a class="skip" href="#main">{ lang.t("skip") }</a>
            <Link<Route> to={Route::Home} classes="brand">{ lang.t("app") }</Link<Route>>
            <nav aria-label={lang.t("app")}>
                { for nav_for(auth.session.as_ref()).into_iter().map(|(route, key)| html! {
                    <Link<Route> to={route}>{ lang.t(key) }</Link<Route>>
                }) }
            </nav>
            <div class="who">
                <button type="button" class="lang" id="lang-switch" onclick={switch_lang}
                    aria-label={lang.t("switch_lang")} lang={lang.other().code()}>
                    { lang.other().own_name() }
                </button>
                if let Some(s) = &auth.session {
                    <span class="user">{ &s.user.display_name }</span>
                    <button type="button" onclick={sign_out}>{ lang.t("logout") }</button>
                } else {
                    <Link<Route> to={Route::Login}>{ lang.t("login") }</Link<Route>>
                }
            </div>
        </header>
    }
}
