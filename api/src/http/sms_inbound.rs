//! `GET` (or `POST`) `/sms/inbound`: Kannel's `sms-service` hands over each
//! incoming SMS, authenticated by the secret in `ZA_SMS_INBOUND_SECRET`
//! (as `key=`). The query carries Kannel's escapes: `id=%I` (its message
//! id), `from=%p`, `coding=%c`, `charset=%C` and `text=%b`, the message's
//! bytes URL-encoded, UTF-16BE for UCS-2. A `POST` may carry the text as
//! its body instead.
//!
//! The answer body is empty: the service runs with `max-messages = 0`,
//! and every reply goes through the outbox instead (durable, retried,
//! UCS-2 for Urdu). A resend and a message over the sender's limit are
//! answered 200 too, so that Kannel does not send them again.

use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;

use super::Http;
use crate::{
    domain::phone::PhoneNumber,
    sms_intake::inbound::{self, Incoming},
};

/// Longer texts are refused: ten concatenated segments and a margin.
pub const MAX_TEXT_CHARS: usize = 1600;

pub(super) async fn receive(
    State(http): State<Http>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let state = &http.state;
    let Some(secret) = state.config.sms_inbound_secret.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let params = Params::parse(query.as_deref().unwrap_or(""));
    if !same_secret(params.get("key"), secret.expose_secret().as_bytes()) {
        tracing::info!("refused an incoming SMS without the right secret");
        return (StatusCode::UNAUTHORIZED, "wrong or missing key").into_response();
    }
    let sms = match incoming(&params, &body) {
        Ok(sms) => sms,
        Err((status, why)) => {
            tracing::info!(sms.refusal = why, "refused an incoming SMS");
            return (status, why).into_response();
        }
    };
    match inbound::receive(state, sms).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(err) => {
            tracing::error!(error = %err.into_anyhow(), "an incoming SMS could not be handled");
            // Kannel tries again later; the message id keeps it single.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Compares in constant time, through an HMAC of both sides under a
/// fixed key so that lengths do not matter either.
fn same_secret(given: Option<&[u8]>, expected: &[u8]) -> bool {
    let Some(given) = given else {
        return false;
    };
    let digest = |bytes: &[u8]| {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"zainab-alert sms inbound")
            .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
        mac.update(bytes);
        mac
    };
    let expected = digest(expected).finalize().into_bytes();
    digest(given).verify_slice(&expected).is_ok()
}

/// Query parameters as bytes: Kannel URL-encodes raw message bytes, which
/// need not be UTF-8.
struct Params(Vec<(String, Vec<u8>)>);

impl Params {
    fn parse(query: &str) -> Self {
        let decode = |part: &str| {
            let spaced = part.replace('+', " ");
            percent_encoding::percent_decode_str(&spaced).collect::<Vec<u8>>()
        };
        Self(
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (
                        String::from_utf8_lossy(&decode(name)).into_owned(),
                        decode(value),
                    )
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(|v| String::from_utf8_lossy(v).trim().to_owned())
    }
}

type Refusal = (StatusCode, &'static str);

fn incoming(params: &Params, body: &[u8]) -> Result<Incoming, Refusal> {
    let gateway_id = params
        .text("id")
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
        })
        .ok_or((
            StatusCode::BAD_REQUEST,
            "id: the gateway's message id is missing or malformed",
        ))?;
    let from = params
        .text("from")
        .ok_or((StatusCode::BAD_REQUEST, "from: the sender is missing"))?;
    let phone = sender(&from)?;
    let coding = match params.text("coding").as_deref() {
        None | Some("") | Some("0") => 0,
        Some("1") => 1,
        Some("2") => 2,
        Some(_) => return Err((StatusCode::BAD_REQUEST, "coding: must be 0, 1 or 2")),
    };
    let raw = match params.get("text") {
        Some(text) => text,
        None => body,
    };
    let charset = params
        .text("charset")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let text = decode(raw, coding, &charset);
    let text = clean(&text);
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            "text: longer than an SMS can be",
        ));
    }
    if text.is_empty() {
        return Err((StatusCode::BAD_REQUEST, "text: the message is empty"));
    }
    Ok(Incoming {
        gateway_id,
        phone,
        text,
        coding,
    })
}

/// A Pakistani mobile number in international form, or another sender
/// (a foreign number, a short code) as its digits.
fn sender(from: &str) -> Result<String, Refusal> {
    if let Ok(phone) = PhoneNumber::parse(from) {
        return Ok(phone.as_str().to_owned());
    }
    let plus = from.starts_with('+');
    let digits: String = from.chars().filter(char::is_ascii_digit).collect();
    let only_digits = from
        .chars()
        .all(|c| c.is_ascii_digit() || c == '+' || c == ' ' || c == '-');
    if !only_digits || digits.len() < 3 || digits.len() > 16 {
        return Err((StatusCode::BAD_REQUEST, "from: not a phone number"));
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

/// The message's text: UTF-16BE for UCS-2, UTF-8 otherwise (Latin-1 when
/// the bytes are not UTF-8).
fn decode(raw: &[u8], coding: i32, charset: &str) -> String {
    let utf16 = coding == 2 || charset.starts_with("UTF-16") || charset.starts_with("UCS-2");
    if utf16 {
        let units: Vec<u16> = raw
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_owned(),
        Err(_) => raw.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Control characters become spaces and invisible direction overrides go;
/// everything else is kept as sent. The text is only ever stored and shown,
/// never interpreted.
pub fn clean(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ucs2_bytes_as_kannel_encodes_them_decode_to_urdu() {
        let params = Params::parse("text=%069%06D%06%CC%00+%069%06E%061&coding=2");
        let text = decode(params.get("text").unwrap_or_default(), 2, "UTF-16BE");
        assert_eq!(text, "علی عمر");
    }

    #[test]
    fn control_characters_and_direction_overrides_do_not_survive() {
        assert_eq!(
            clean("Ali\u{0}\u{7} 8\u{202E} saal\r\nLahore"),
            "Ali   8 saal  Lahore"
        );
    }

    #[test]
    fn the_secret_must_match_exactly() {
        assert!(same_secret(Some(b"abc"), b"abc"));
        assert!(!same_secret(Some(b"abd"), b"abc"));
        assert!(!same_secret(Some(b"abcd"), b"abc"));
        assert!(!same_secret(None, b"abc"));
    }

    #[test]
    fn senders_are_normalised_or_refused() {
        assert_eq!(sender("03001234567"), Ok("+923001234567".to_owned()));
        assert_eq!(sender("+447700900123"), Ok("+447700900123".to_owned()));
        assert!(sender("'; DROP TABLE cases; --").is_err());
    }
}
