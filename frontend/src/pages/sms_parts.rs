//! Parts of the SMS reports pages: what a draft's missing fields are
//! called, a guess at the last-seen time from the sender's words, the
//! report form's starting values, the conversation as sent, and the
//! discard form.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use yew::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_lang,
    forms::{self, Form},
    i18n::Lang,
    time,
};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Pakistan Standard Time, UTC+5.
const PKT_MS: i64 = 5 * HOUR_MS;

/// The label of a field the messages did not tell (`unknownFields`).
pub fn missing_key(field: &str) -> &'static str {
    match field {
        "childName" => "child_name",
        "ageYears" => "age",
        "sex" => "sex",
        "district" => "district",
        "place" => "last_seen_place",
        "seenWhen" => "when_seen",
        _ => "UNKNOWN",
    }
}

/// What the messages did not tell, in words, or a dash.
pub fn missing_text(lang: Lang, draft: &Value) -> String {
    let fields: Vec<&str> = draft["unknownFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|f| lang.t(missing_key(f)))
        .collect();
    if fields.is_empty() {
        "—".into()
    } else {
        fields.join(", ")
    }
}

/// When the child was last seen, read from the sender's words (`today`,
/// `yesterday evening`, `3 hours ago`) against the time the SMS came, in
/// milliseconds since the epoch: a starting value for the officer to
/// confirm on the call, never later than the SMS itself.
pub fn seen_guess(seen_when: &str, received_ms: i64) -> i64 {
    let words: Vec<&str> = seen_when.split_whitespace().collect();
    if let [n, "hours", "ago"] = words.as_slice()
        && let Ok(n) = n.parse::<i64>()
    {
        return received_ms - n * HOUR_MS;
    }
    let days = if seen_when.contains("two days ago") {
        2
    } else if words.contains(&"yesterday") {
        1
    } else {
        0
    };
    let hour = [
        ("morning", 9),
        ("afternoon", 14),
        ("evening", 18),
        ("night", 21),
    ]
    .iter()
    .find(|(part, _)| words.contains(part))
    .map(|(_, hour)| *hour);
    let at = match hour {
        Some(hour) => {
            let local_day = (received_ms + PKT_MS).div_euclid(DAY_MS) * DAY_MS;
            local_day - days * DAY_MS + hour * HOUR_MS - PKT_MS
        }
        None => received_ms - days * DAY_MS,
    };
    at.min(received_ms)
}

/// The report form's starting values from a draft: what the messages
/// told, the sender's number and language, and the messages themselves as
/// what happened.
pub fn prefill(draft: &Value) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            values.insert(key.to_owned(), value);
        }
    };
    let text = |key: &str| draft[key].as_str().map(str::to_owned);
    put("child_name", text("childName"));
    put(
        "age",
        draft["childAgeYears"].as_i64().map(|n| n.to_string()),
    );
    put("sex", text("childSex"));
    put("district", text("districtId"));
    put("place", text("place"));
    put("reporter_phone", text("phone"));
    put("reporter_language", text("language"));
    let received = draft["createdAt"]
        .as_str()
        .and_then(time::epoch_ms)
        .unwrap_or_else(time::now_ms);
    let seen = seen_guess(draft["seenWhen"].as_str().unwrap_or_default(), received);
    put("last_seen_at", Some(time::epoch_ms_to_pkt_input(seen)));
    let said: Vec<&str> = draft["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["text"].as_str())
        .collect();
    put("circumstances", Some(said.join("\n")));
    values
}

fn message_kind_key(kind: &Value) -> &'static str {
    match kind.as_str() {
        Some("FOLLOW_UP") => "sms_FOLLOW_UP",
        _ => "sms_REPORT",
    }
}

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub messages: Value,
}

/// The conversation, oldest first, each text as sent: shown as text (never
/// as markup) in the direction its own script reads.
#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let lang = use_lang();
    html! {
        <ol class="timeline sms-messages" id="sms-messages">
        { for props.messages.as_array().into_iter().flatten().map(|m| html! {
            <li class="sms-message" data-kind={forms::s(&m["kind"])}>
                <time>{ time::format_pkt(m["receivedAt"].as_str().unwrap_or_default()) }
                    { " · " }{ lang.t(message_kind_key(&m["kind"])) }</time>
                <p class="sms-text" dir="auto">{ forms::s(&m["text"]) }</p>
            </li>
        }) }
        </ol>
    }
}

const DISCARD: &str = "mutation($id: ID!, $reason: String!) { discardSmsDraft(id: $id, reason: $reason) { id status } }";

#[derive(Properties, PartialEq)]
pub struct DiscardProps {
    pub id: AttrValue,
    pub on_done: Callback<()>,
}

/// Sets the draft aside with a reason the officer must give.
#[function_component(DiscardForm)]
pub fn discard_form(props: &DiscardProps) -> Html {
    let lang = use_lang();
    let form = use_reducer(Form::default);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (form, error, busy, id, on_done) = (
            form.clone(),
            error.clone(),
            busy.clone(),
            props.id.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
            let variables =
                json!({ "id": id.as_str(), "reason": form.get("discard_reason").trim() });
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::gql(DISCARD, variables).await {
                    Ok(_) => {
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="discard" {onsubmit} aria-busy={busy.to_string()}>
            { forms::textarea(&form, "discard_reason", lang.t("discard_reason"), true) }
            { forms::error_box(&error) }
            <button type="submit" id="discard-submit" disabled={*busy}>{ lang.t("discard") }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        time::epoch_ms(text).unwrap_or_default()
    }

    #[test]
    fn the_senders_words_become_a_time_in_pakistan() {
        // 15 June, 19:30 in Pakistan.
        let sent = at("2026-06-15T14:30:00Z");
        assert_eq!(seen_guess("3 hours ago", sent), at("2026-06-15T11:30:00Z"));
        assert_eq!(seen_guess("today", sent), sent);
        assert_eq!(seen_guess("", sent), sent);
        // Yesterday at 18:00 Pakistan time.
        assert_eq!(
            seen_guess("yesterday evening", sent),
            at("2026-06-14T13:00:00Z")
        );
        assert_eq!(
            seen_guess("two days ago morning", sent),
            at("2026-06-13T04:00:00Z")
        );
        // Tonight has not come yet when the SMS came at 19:30.
        assert_eq!(seen_guess("today night", sent), sent);
    }

    #[test]
    fn just_after_midnight_in_pakistan_is_already_the_next_day() {
        // 16 June, 00:30 in Pakistan, still 15 June in UTC.
        let sent = at("2026-06-15T19:30:00Z");
        assert_eq!(
            seen_guess("yesterday evening", sent),
            at("2026-06-15T13:00:00Z")
        );
    }

    #[test]
    fn a_draft_fills_the_report_form() {
        let draft = json!({
            "phone": "+923001110001", "language": "URDU", "districtId": "PB-lahore",
            "childName": "Ali", "childAgeYears": 8, "childSex": "MALE", "place": "Anarkali",
            "seenWhen": "3 hours ago", "createdAt": "2026-06-15T14:30:00Z",
            "messages": [{ "text": "Mera beta Ali 8 saal" }, { "text": "<b>Anarkali</b>" }],
        });
        let values = prefill(&draft);
        assert_eq!(values["child_name"], "Ali");
        assert_eq!(values["age"], "8");
        assert_eq!(values["sex"], "MALE");
        assert_eq!(values["district"], "PB-lahore");
        assert_eq!(values["reporter_phone"], "+923001110001");
        assert_eq!(values["reporter_language"], "URDU");
        assert_eq!(values["last_seen_at"], "2026-06-15T16:30");
        assert_eq!(
            values["circumstances"],
            "Mera beta Ali 8 saal\n<b>Anarkali</b>"
        );
        assert!(!values.contains_key("reporter_name"));

        let bare = prefill(&json!({
            "phone": "+923001110002", "childSex": null, "createdAt": "2026-06-15T14:30:00Z",
        }));
        assert!(!bare.contains_key("sex"));
        assert!(!bare.contains_key("circumstances"));
    }

    #[test]
    fn missing_fields_read_as_the_forms_labels() {
        let draft = json!({ "unknownFields": ["sex", "seenWhen"] });
        assert_eq!(missing_text(Lang::En, &draft), "Sex, When last seen");
        assert_eq!(missing_text(Lang::En, &json!({ "unknownFields": [] })), "—");
    }
}
