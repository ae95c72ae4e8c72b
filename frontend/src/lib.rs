//! The Zainab Alert dashboard: police queues and case pages, assisted
//! intake, citizens' reports and tracking, the public register and the
//! oversight views, in English and Urdu, over the platform's GraphQL API.

pub mod api;
pub mod app;
pub mod filing;
pub mod forms;
pub mod i18n;
pub mod live;
pub mod map;
pub mod pages;
pub mod route;
pub mod session;
pub mod time;

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
