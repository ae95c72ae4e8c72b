//! `STATUS <case number> <tracking code>` and its Urdu and Roman Urdu
//! forms (`HALAT ...`, `حالت ...`): a reporter asks by SMS where a case
//! stands.

use crate::{auth::passwords, domain::case_number::CaseNumber};

const KEYWORDS: &[&str] = &[
    "status",
    "halat",
    "haalat",
    "haal",
    "hal",
    "حالت",
    "صورتحال",
    "اسٹیٹس",
    "سٹیٹس",
];

/// A status request: the case number and the code, when both were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Asked {
        number: CaseNumber,
        code: String,
    },
    /// The keyword without a case number: the sender gets the usage.
    Incomplete,
}

/// `Some` when `text` asks for a status: it starts with a keyword, or it
/// holds nothing but a case number and a code.
pub fn status(text: &str) -> Option<Status> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.first()?;
    let keyword = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let rest = if KEYWORDS.contains(&keyword.as_str()) {
        &words[1..]
    } else if CaseNumber::parse(first).is_ok() && words.len() <= 3 {
        &words[..]
    } else {
        return None;
    };
    let Some(at) = rest.iter().position(|w| CaseNumber::parse(w).is_ok()) else {
        // `halat` also opens sentences ("halat kharab hai..."): only a
        // keyword standing nearly alone is a request without its number.
        return (words.len() <= 2).then_some(Status::Incomplete);
    };
    let number = CaseNumber::parse(rest[at]).ok()?;
    let code: String = rest
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, w)| *w)
        .collect();
    Some(Status::Asked {
        number,
        code: passwords::normalise_tracking_code(&code),
    })
}

/// The text to keep of a status request: the code is a secret and is
/// never stored.
pub fn redacted(status: &Status) -> String {
    match status {
        Status::Asked { number, .. } => format!("STATUS {} ********", number.as_str()),
        Status::Incomplete => "STATUS".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_requests_are_read_in_every_form() {
        for text in [
            "STATUS ZA-2026-000123 ABCD-EFGH",
            "status za-2026-000123 abcd efgh",
            "Halat ZA-2026-000123 ABCDEFGH",
            "حالت ZA-2026-000123 ABCD-EFGH",
            "ZA-2026-000123 ABCD-EFGH",
        ] {
            let Some(Status::Asked { number, code }) = status(text) else {
                panic!("{text} was not read as a status request");
            };
            assert_eq!(number.as_str(), "ZA-2026-000123", "{text}");
            assert_eq!(code, "ABCD-EFGH", "{text}");
        }
    }

    #[test]
    fn a_keyword_without_a_number_is_incomplete_and_a_report_is_no_request() {
        assert_eq!(status("status please"), Some(Status::Incomplete));
        assert_eq!(status("Mera beta Ali 8 saal Lahore se lapata"), None);
        assert_eq!(status("Halat kharab hai beta lapata"), None);
    }

    #[test]
    fn the_code_is_never_kept() {
        let asked = status("STATUS ZA-2026-000123 ABCD-EFGH").unwrap_or(Status::Incomplete);
        assert_eq!(redacted(&asked), "STATUS ZA-2026-000123 ********");
    }
}
