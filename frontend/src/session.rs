//! The signed-in user, kept in the browser's local storage so that a
//! reload or a deep link keeps the session.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

const SESSION_KEY: &str = "za.session";
const LANG_KEY: &str = "za.lang";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub display_name: String,
    pub role: String,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub district: Option<Named>,
    #[serde(default)]
    pub province: Option<Named>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user: User,
}

/// The fields of `User` to ask for with every session.
pub const USER_FIELDS: &str =
    "id displayName role office district { id name } province { id name }";

impl Session {
    pub fn role(&self) -> &str {
        &self.user.role
    }

    pub fn is_police(&self) -> bool {
        matches!(self.role(), "DISTRICT_POLICE" | "REGIONAL_POLICE")
    }

    pub fn sees_feed(&self) -> bool {
        matches!(
            self.role(),
            "DISTRICT_POLICE" | "REGIONAL_POLICE" | "PROVINCIAL_OVERSIGHT" | "MINISTRY"
        )
    }

    pub fn is_oversight(&self) -> bool {
        matches!(self.role(), "PROVINCIAL_OVERSIGHT" | "MINISTRY")
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load() -> Option<Session> {
    let text = storage()?.get_item(SESSION_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save(session: &Session) {
    if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(session)) {
        let _ = store.set_item(SESSION_KEY, &text);
    }
}

pub fn clear() {
    if let Some(store) = storage() {
        let _ = store.remove_item(SESSION_KEY);
    }
}

pub fn load_lang() -> Lang {
    match storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .as_deref()
    {
        Some("ur") => Lang::Ur,
        _ => Lang::En,
    }
}

pub fn save_lang(lang: Lang) {
    if let Some(store) = storage() {
        let _ = store.set_item(LANG_KEY, lang.code());
    }
}

/// A tracking code the reporter just received, kept for this tab only so
/// that the receipt's link opens the tracking page ready to follow.
pub fn remember_code(case_number: &str, code: &str) {
    if let Some(store) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = store.set_item(&format!("za.code.{case_number}"), code);
    }
}

pub fn remembered_code(case_number: &str) -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(&format!("za.code.{case_number}"))
        .ok()?
}
