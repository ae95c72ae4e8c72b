//! What reached the fake SMS centre.
//!
//! Bearerbox hands each message to fakesmsc as one line
//! `<sender> <receiver> <type> <body>`, and fakesmsc logs it on stderr as
//! `... DEBUG: Got message N: <line>`. The type says how to read the body:
//!
//! - `text`: the text itself, UTF-8, unescaped (GSM 7-bit messages, the default);
//! - `ucs-2`: UCS-2 (UTF-16BE) bytes, URL-encoded the way Kannel does it:
//!   a space byte (0x20) as `+`, letters, digits and a few signs as themselves,
//!   every other byte as `%XX`; `زینب` arrives as `%062%06%CC%06F%06(`;
//! - `data`: 8-bit bytes, URL-encoded the same way;
//! - `udh <udh> data <body>`: a message with a user data header, both parts
//!   URL-encoded. The line does not say whether the body is UCS-2.
//!
//! Bearerbox does not split long messages for the fake SMS centre: a message
//! of any length arrives as one line. A `text` message holding a line break
//! arrives broken, as two lines: the second one does not parse and is
//! reported on stderr.

use std::{fs::File, io::Write, path::Path};

use tokio::{
    io::{AsyncBufReadExt, AsyncRead, BufReader},
    sync::watch,
};

/// How the message was coded on its way to the SMS centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// GSM 7-bit (`coding=0`, the default).
    Text,
    /// 8-bit data (`coding=1`), or a message with a user data header.
    Data,
    /// UCS-2 (`coding=2`), as Urdu has to be sent.
    Ucs2,
}

/// One message the fake SMS centre received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// fakesmsc's own count, starting at 1.
    pub number: u64,
    pub sender: String,
    pub receiver: String,
    pub coding: Coding,
    /// The user data header, if the message had one.
    pub udh: Option<Vec<u8>>,
    /// The body decoded: UTF-8 for text, UTF-16BE for UCS-2. 8-bit data is
    /// read as UTF-8 with invalid bytes replaced.
    pub text: String,
    /// How many SMS the message arrived in: more than one when Kannel split
    /// it and the parts were joined again here.
    pub parts: usize,
    /// The bytes of the body, before any decoding.
    raw: Vec<u8>,
}

/// Everything fakesmsc reported so far.
#[derive(Debug, Default)]
pub(super) struct Inbox {
    pub messages: Vec<Received>,
    /// `Got message` lines that did not parse.
    pub unparsed: Vec<String>,
}

/// Reads fakesmsc's stderr until it closes, copying every line to `log` and
/// every received message into `inbox`.
pub(super) async fn read_log(
    stderr: impl AsyncRead + Unpin,
    log: &Path,
    inbox: watch::Sender<Inbox>,
) {
    let mut log = File::create(log).expect("creating fakesmsc's log file");
    let mut lines = BufReader::new(stderr);
    let mut line = Vec::new();
    let mut parts = Concatenation::default();
    loop {
        line.clear();
        match lines.read_until(b'\n', &mut line).await {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) => {
                eprintln!("reading fakesmsc's output failed: {err}");
                return;
            }
        }
        // A local file: a short blocking write is fine in a test.
        if let Err(err) = log.write_all(&line) {
            eprintln!("writing fakesmsc's log failed: {err}");
        }

        let text = String::from_utf8_lossy(&line);
        let Some(reported) = got_message(text.trim_end_matches(['\r', '\n'])) else {
            continue;
        };
        match reported {
            Ok(message) => {
                if let Some(whole) = parts.add(message) {
                    inbox.send_modify(|inbox| inbox.messages.push(whole));
                }
            }
            Err(raw) => {
                eprintln!("fakesmsc reported a message that does not parse: {raw}");
                inbox.send_modify(|inbox| inbox.unparsed.push(raw));
            }
        }
    }
}

/// `None` for log lines that report no message; `Err` with the raw line for
/// a report that does not parse.
fn got_message(line: &str) -> Option<Result<Received, String>> {
    let (_, report) = line.split_once("Got message ")?;
    let (number, rest) = report.split_once(": <")?;
    let number = number.parse().ok()?;
    let parsed = rest
        .strip_suffix('>')
        .and_then(|body| parse(number, body))
        .ok_or_else(|| line.to_owned());
    Some(parsed)
}

fn parse(number: u64, line: &str) -> Option<Received> {
    let mut parts = line.splitn(4, ' ');
    let sender = parts.next()?.to_owned();
    let receiver = parts.next()?.to_owned();
    let kind = parts.next()?;
    let body = parts.next()?;

    let (coding, udh, raw) = match kind {
        "text" => (Coding::Text, None, body.as_bytes().to_vec()),
        "ucs-2" => (Coding::Ucs2, None, url_decode(body)?),
        "data" => (Coding::Data, None, url_decode(body)?),
        "udh" => {
            let (udh, data) = body.split_once(" data ")?;
            (Coding::Data, Some(url_decode(udh)?), url_decode(data)?)
        }
        _ => return None,
    };
    let text = match coding {
        Coding::Ucs2 => utf16be(&raw)?,
        Coding::Text | Coding::Data => lossy(&raw),
    };
    Some(Received {
        number,
        sender,
        receiver,
        coding,
        udh,
        text,
        parts: 1,
        raw,
    })
}

/// Undoes Kannel's URL encoding: `+` is a space, `%XX` a byte, anything
/// else stands for itself.
/// Joins the parts of concatenated messages (user data header element 0:
/// reference, total, sequence) once all have arrived. The fake SMS centre
/// prints every part with a header as `data`, whatever its coding; text of
/// the GSM alphabet never holds a zero byte, UCS-2 (with its spaces) does.
#[derive(Default)]
struct Concatenation {
    waiting: std::collections::HashMap<(String, u8), Vec<Option<Received>>>,
}

impl Concatenation {
    fn add(&mut self, message: Received) -> Option<Received> {
        let Some(&[5, 0, 3, reference, total, sequence]) = message.udh.as_deref() else {
            return Some(message);
        };
        let (total, index) = (usize::from(total), usize::from(sequence).checked_sub(1)?);
        let key = (message.receiver.clone(), reference);
        let slots = self
            .waiting
            .entry(key.clone())
            .or_insert_with(|| vec![None; total]);
        *slots.get_mut(index)? = Some(message);
        if slots.iter().any(Option::is_none) {
            return None;
        }
        let parts: Vec<Received> = self.waiting.remove(&key)?.into_iter().flatten().collect();
        let raw: Vec<u8> = parts.iter().flat_map(|p| p.raw.iter().copied()).collect();
        let (coding, text) = if raw.contains(&0) {
            (Coding::Ucs2, utf16be(&raw)?)
        } else {
            (Coding::Text, lossy(&raw))
        };
        let first = parts.first()?;
        Some(Received {
            number: first.number,
            sender: first.sender.clone(),
            receiver: first.receiver.clone(),
            coding,
            udh: None,
            text,
            parts: parts.len(),
            raw,
        })
    }
}

fn url_decode(encoded: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut input = encoded.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = hex(input.next()?)?;
                let low = hex(input.next()?)?;
                bytes.push((high << 4) | low);
            }
            other => bytes.push(other),
        }
    }
    Some(bytes)
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

fn utf16be(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
    char::decode_utf16(units).collect::<Result<_, _>>().ok()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(line: &str) -> Received {
        got_message(line)
            .expect("a report")
            .expect("a report that parses")
    }

    #[test]
    fn text_is_read_as_it_stands() {
        let line = "2026-12-03 22:52:57 [15570] [0] DEBUG: Got message 3: \
                    <8583 +923001234567 text Case ZA-2026-000123: 100% <b> + ok>";

        let message = received(line);

        assert_eq!(message.number, 3);
        assert_eq!(message.sender, "8583");
        assert_eq!(message.receiver, "+923001234567");
        assert_eq!(message.coding, Coding::Text);
        assert_eq!(message.text, "Case ZA-2026-000123: 100% <b> + ok");
    }

    #[test]
    fn ucs2_is_url_decoded_then_read_as_utf16() {
        // What fakesmsc printed for "زینب الرٹ: کیس ZA-2026-000123".
        let line = "2026-12-03 22:52:58 [15570] [0] DEBUG: Got message 4: <8583 03001234567 \
                    ucs-2 %062%06%CC%06F%06(%00+%06'%06D%061%06y%00%3A%00+%06%A9%06%CC%063%00+\
                    %00Z%00A%00-%002%000%002%006%00-%000%000%000%001%002%003>";

        let message = received(line);

        assert_eq!(message.coding, Coding::Ucs2);
        assert_eq!(message.text, "زینب الرٹ: کیس ZA-2026-000123");
    }

    #[test]
    fn the_parts_of_a_split_ucs2_message_are_joined_in_order() {
        let part = |number: u64, sequence: u8, text: &str| Received {
            number,
            sender: "ZainabAlert".to_owned(),
            receiver: "+923001234567".to_owned(),
            coding: Coding::Data,
            udh: Some(vec![5, 0, 3, 7, 2, sequence]),
            text: String::new(),
            parts: 1,
            raw: text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        };
        let mut joining = Concatenation::default();

        assert!(joining.add(part(2, 2, "ZA-2026-000123")).is_none());
        let whole = joining.add(part(3, 1, "زینب الرٹ ")).expect("both parts");

        assert_eq!(whole.text, "زینب الرٹ ZA-2026-000123");
        assert_eq!(whole.coding, Coding::Ucs2);
        assert_eq!(whole.parts, 2);
    }

    #[test]
    fn other_log_lines_are_no_reports() {
        assert!(got_message("2026-12-03 [1] [0] DEBUG: Connecting to <127.0.0.1>").is_none());
    }

    #[test]
    fn the_second_half_of_a_broken_line_does_not_parse() {
        let line = "2026-12-03 22:52:57 [15570] [0] DEBUG: Got message 2: <new line>";

        assert_eq!(got_message(line), Some(Err(line.to_owned())));
    }
}
