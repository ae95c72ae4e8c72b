//! What an SMS report says, as far as a parser can tell: the child's name,
//! age and sex, the district and place last seen, and when, from the way
//! people text in English, Urdu script and Roman Urdu. What it cannot tell
//! it leaves empty and lists in [`Report::unknown`]; the raw text is always
//! kept beside it, and an officer calls the sender back to complete it.

use entities::{Language, Sex};

use super::{
    places::{Found, Gazetteer},
    words::{self, Word},
};
use crate::domain::geo::DistrictRef;

/// What the parser made of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'g> {
    pub child_name: Option<String>,
    pub age_years: Option<i32>,
    pub sex: Option<Sex>,
    pub district: Option<&'g DistrictRef>,
    /// Districts a shared name could mean (`Karachi`), when no single one.
    pub candidates: Vec<String>,
    /// The place words as written: `Rawalpindi Saddar`.
    pub place: Option<String>,
    /// `today`, `yesterday evening`, `3 hours ago`.
    pub seen_when: Option<String>,
    /// The language to answer in: Urdu for Urdu script, English otherwise.
    pub language: Language,
    /// Field names the parser could not fill.
    pub unknown: Vec<&'static str>,
}

const AGE_UNITS: &[&str] = &[
    "saal", "sal", "sala", "saala", "years", "year", "yrs", "yr", "y", "yo", "baras", "bars",
    "سال", "سالہ", "برس",
];
const AGE_CUES: &[&str] = &["age", "aged", "umar", "umer", "umr", "عمر"];
const NAME_CUES: &[&str] = &["naam", "name", "named", "called", "نام"];
const RELATIONS_MALE: &[&str] = &[
    "beta",
    "bacha",
    "bachah",
    "son",
    "boy",
    "larka",
    "larkaa",
    "bhai",
    "brother",
    "nephew",
    "bhatija",
    "بیٹا",
    "بچہ",
    "لڑکا",
    "بھائی",
    "بھتیجا",
];
const RELATIONS_FEMALE: &[&str] = &[
    "beti",
    "bachi",
    "daughter",
    "girl",
    "larki",
    "behan",
    "bahan",
    "sister",
    "niece",
    "bhatiji",
    "بیٹی",
    "بچی",
    "لڑکی",
    "بہن",
    "بھتیجی",
];
const RELATIONS_ANY: &[&str] = &["child", "kid", "bacchay", "bachay", "بچے"];
/// Words after which the place follows (English) or before which it stands
/// (Urdu postpositions).
const PLACE_BEFORE: &[&str] = &["from", "in", "at", "near", "frm"];
const PLACE_AFTER: &[&str] = &["se", "sy", "say", "mein", "main", "mai", "me", "سے", "میں"];
const TIME_WORDS: &[(&str, &str)] = &[
    ("aaj", "today"),
    ("aj", "today"),
    ("today", "today"),
    ("آج", "today"),
    ("kal", "yesterday"),
    ("yesterday", "yesterday"),
    ("کل", "yesterday"),
    ("parson", "two days ago"),
    ("parsoon", "two days ago"),
    ("پرسوں", "two days ago"),
    ("subah", "morning"),
    ("subha", "morning"),
    ("morning", "morning"),
    ("صبح", "morning"),
    ("dopahar", "afternoon"),
    ("dopehar", "afternoon"),
    ("afternoon", "afternoon"),
    ("دوپہر", "afternoon"),
    ("shaam", "evening"),
    ("sham", "evening"),
    ("evening", "evening"),
    ("شام", "evening"),
    ("raat", "night"),
    ("rat", "night"),
    ("night", "night"),
    ("رات", "night"),
];
const HOURS: &[&str] = &[
    "ghante",
    "ghanty",
    "ghantay",
    "hours",
    "hour",
    "hrs",
    "گھنٹے",
];
/// Words that are never a name.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "mera", "meri", "mere", "my", "our", "hamara", "hamari", "humara", "hum", "main", "is", "was",
    "has", "have", "been", "the", "a", "an", "and", "or", "of", "to", "since", "ka", "ki", "ke",
    "ko", "hai", "hain", "he", "she", "tha", "thi", "ho", "gaya", "gayi", "gya", "gyi", "gaye",
    "hogaya", "hogayi", "hogya", "missing", "lapata", "lapta", "laapata", "gum", "gumshuda",
    "ghum", "lost", "kidnapped", "abducted", "agwa", "please", "plz", "pls", "help", "madad",
    "urgent", "last", "seen", "dekha", "nahi", "nahin", "mila", "mili", "report", "ghar", "home",
    "school", "market", "bazar", "bazaar", "wala", "wali", "old", "is", "are", "police", "sir",
    "status", "alert", "mr", "mrs", "s", "o", "d", "w", "ne", "jo", "ye", "yeh", "wo", "woh",
    "koi", "bhi", "aur", "ya", "hy", "hay", "tak", "se", "sy", "say", "mein", "me", "mai", "from",
    "in", "at", "near", "frm", "میرا", "میری", "میرے", "ہمارا", "ہماری", "سے", "میں", "کو", "کا",
    "کی", "کے", "ہے", "ہیں", "تھا", "تھی", "لاپتہ", "گمشدہ", "گم", "اغوا", "ہو", "گیا", "گئی",
    "گئے", "ہوگیا", "ہوگئی", "آخری", "بار", "دیکھا", "گیا", "گھر", "سکول", "بازار", "مدد", "پلیز",
    "اور", "یا", "نہیں", "ملا", "ملی", "والا", "والی", "بجے", "baje", "bajay", "pm", "am",
];

fn is(word: &Word, list: &[&str]) -> bool {
    list.contains(&word.lower.as_str())
}

/// Reads a report out of `text`.
pub fn report<'g>(text: &str, places: &Gazetteer<'g>) -> Report<'g> {
    let words = words::split(text);
    let language = if text.chars().any(words::is_arabic_script) {
        Language::Urdu
    } else {
        Language::English
    };

    let age = age(&words);
    let sex = words.iter().find_map(|w| {
        if is(w, RELATIONS_MALE) {
            Some(Sex::Male)
        } else if is(w, RELATIONS_FEMALE) {
            Some(Sex::Female)
        } else {
            None
        }
    });
    let (district, candidates, place_at) = match places.find(&words) {
        Found::District { district, at } => (Some(district), Vec::new(), Some(at)),
        Found::Ambiguous { ids, at } => (None, ids, Some(at)),
        Found::Nothing => (None, Vec::new(), None),
    };
    let place = place_at
        .clone()
        .map(|at| place_words(&words, at))
        .or_else(|| place_by_cue(&words, age.map(|(_, i)| i)));
    let taken = |i: usize| {
        place_at.as_ref().is_some_and(|at| at.contains(&i)) || age.is_some_and(|(_, at)| at == i)
    };
    let child_name = name(&words, &taken);
    let seen_when = seen_when(&words);

    let mut unknown = Vec::new();
    let fields = [
        ("childName", child_name.is_none()),
        ("ageYears", age.is_none()),
        ("sex", sex.is_none()),
        ("district", district.is_none()),
        ("place", place.is_none()),
        ("seenWhen", seen_when.is_none()),
    ];
    for (field, missing) in fields {
        if missing {
            unknown.push(field);
        }
    }
    Report {
        child_name,
        age_years: age.map(|(years, _)| years),
        sex,
        district,
        candidates,
        place,
        seen_when,
        language,
        unknown,
    }
}

/// A child's age and the index of its word: a number under 18 next to a
/// unit (`8 saal`) or a cue (`umar 8`), or else standing alone (`Ayesha,
/// 6, Lahore`) and not a time (`5 baje`, `3 ghante`).
fn age(words: &[Word]) -> Option<(i32, usize)> {
    let child_age = |i: usize| {
        words[i]
            .number()
            .filter(|n| *n <= 17)
            .and_then(|n| i32::try_from(n).ok())
    };
    let next_is = |i: usize, list: &[&str]| words.get(i + 1).is_some_and(|w| is(w, list));
    let before_is = |i: usize, list: &[&str]| i > 0 && is(&words[i - 1], list);
    let cued = (0..words.len()).find_map(|i| {
        let years = child_age(i)?;
        (next_is(i, AGE_UNITS) || before_is(i, AGE_CUES)).then_some((years, i))
    });
    cued.or_else(|| {
        (0..words.len()).find_map(|i| {
            let years = child_age(i)?;
            let time =
                next_is(i, HOURS) || next_is(i, &["baje", "bajay", "bajey", "pm", "am", "بجے"]);
            (!time).then_some((years, i))
        })
    })
}

/// The words that named the district and the place words that follow it
/// (`Rawalpindi Saddar`), up to a postposition or a stop word.
fn place_words(words: &[Word], at: std::ops::Range<usize>) -> String {
    let mut end = at.end;
    while end < words.len() && end < at.end + 3 && !is(&words[end], STOP) && !words[end].is_number()
    {
        end += 1;
    }
    join(&words[at.start..end])
}

/// Place words without a known district: after `from`/`in`, or before
/// `se`/`سے`.
fn place_by_cue(words: &[Word], age_at: Option<usize>) -> Option<String> {
    let usable = |w: &Word| !is(w, STOP) && !is(w, AGE_UNITS);
    if let Some(cue) = words.iter().position(|w| is(w, PLACE_BEFORE)) {
        let taken: Vec<Word> = words[cue + 1..]
            .iter()
            .take_while(|w| usable(w))
            .take(3)
            .cloned()
            .collect();
        if !taken.is_empty() {
            return Some(join(&taken));
        }
    }
    let cue = words.iter().position(|w| is(w, PLACE_AFTER))?;
    let first = age_at.map_or(0, |at| at + 1).max(cue.saturating_sub(2));
    let taken: Vec<Word> = words[first..cue]
        .iter()
        .filter(|w| usable(w))
        .cloned()
        .collect();
    (!taken.is_empty()).then(|| join(&taken))
}

/// The child's name: after a name cue, after a relation (`beta Ali`), or
/// else the first word that is no stop word, number, unit or place; the
/// next word too when it is capitalised or in Urdu script.
fn name(words: &[Word], taken: &dyn Fn(usize) -> bool) -> Option<String> {
    let candidate = |i: usize| {
        let w = &words[i];
        !taken(i)
            && !w.is_number()
            && !is(w, STOP)
            && !is(w, AGE_UNITS)
            && !is(w, AGE_CUES)
            && !is(w, NAME_CUES)
            && !is(w, RELATIONS_MALE)
            && !is(w, RELATIONS_FEMALE)
            && !is(w, RELATIONS_ANY)
            && !TIME_WORDS.iter().any(|(t, _)| *t == w.lower)
            && w.lower.chars().count() >= 2
    };
    let after = |cues: &dyn Fn(&Word) -> bool| {
        let cue = words.iter().position(cues)?;
        (cue + 1..words.len()).find(|&i| candidate(i))
    };
    let start = after(&|w| is(w, NAME_CUES))
        .or_else(|| {
            after(&|w| is(w, RELATIONS_MALE) || is(w, RELATIONS_FEMALE) || is(w, RELATIONS_ANY))
        })
        .or_else(|| (0..words.len()).find(|&i| candidate(i)))?;
    let mut end = start + 1;
    if end < words.len()
        && candidate(end)
        && (words[end].capitalised && words[start].capitalised
            || words[end].is_urdu() && words[start].is_urdu())
    {
        end += 1;
    }
    Some(join(&words[start..end]))
}

/// When, in the sender's words: a day and a part of it, or hours ago.
fn seen_when(words: &[Word]) -> Option<String> {
    let hours = (0..words.len()).find_map(|i| {
        let n = words[i].number()?;
        words
            .get(i + 1)
            .filter(|w| is(w, HOURS))
            .map(|_| format!("{n} hours ago"))
    });
    if hours.is_some() {
        return hours;
    }
    let mut parts: Vec<&str> = Vec::new();
    for word in words {
        if let Some((_, meaning)) = TIME_WORDS.iter().find(|(t, _)| *t == word.lower)
            && !parts.contains(meaning)
        {
            parts.push(meaning);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn join(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
