//! Which district a message names: the districts' English and Urdu names,
//! the spellings Roman Urdu gives them (matched by the register's
//! spelling-tolerant keys), the names written as one word, and the short
//! forms people text (`Pindi`, `DG Khan`, `ISB`).
//!
//! A name of several districts at once (`Karachi`, `Quetta`) is reported
//! as ambiguous rather than guessed.

use crate::{domain::geo::DistrictRef, register::names};

use super::words::Word;

/// Short forms and old names, each for one district or, when a city holds
/// several districts, for all of them.
const ALIASES: &[(&str, &[&str])] = &[
    ("pindi", &["PB-rawalpindi"]),
    ("rwp", &["PB-rawalpindi"]),
    ("پنڈی", &["PB-rawalpindi"]),
    ("isb", &["ICT-islamabad"]),
    ("lhr", &["PB-lahore"]),
    ("fsd", &["PB-faisalabad"]),
    ("lyallpur", &["PB-faisalabad"]),
    ("لائلپور", &["PB-faisalabad"]),
    ("dg khan", &["PB-dera-ghazi-khan"]),
    ("d g khan", &["PB-dera-ghazi-khan"]),
    ("dgk", &["PB-dera-ghazi-khan"]),
    ("di khan", &["KP-dera-ismail-khan"]),
    ("d i khan", &["KP-dera-ismail-khan"]),
    ("dik", &["KP-dera-ismail-khan"]),
    ("ryk", &["PB-rahim-yar-khan"]),
    ("hyd", &["SD-hyderabad"]),
    ("nawabshah", &["SD-shaheed-benazir-abad"]),
    ("نواب شاہ", &["SD-shaheed-benazir-abad"]),
    ("benazirabad", &["SD-shaheed-benazir-abad"]),
    ("mirpurkhas", &["SD-mirpur-khas"]),
    ("toba", &["PB-toba-tek-singh"]),
    ("mandi", &["PB-mandi-bahauddin"]),
    ("karachi", KARACHI),
    ("khi", KARACHI),
    ("کراچی", KARACHI),
    ("quetta", QUETTA),
    ("کوئٹہ", QUETTA),
];

const KARACHI: &[&str] = &[
    "SD-karachi-central",
    "SD-karachi-east",
    "SD-karachi-south",
    "SD-karachi-west",
    "SD-keamari",
    "SD-korangi",
    "SD-malir",
];
const QUETTA: &[&str] = &["BA-quetta-east", "BA-quetta-west"];

/// Names that are also everyday words: matched only as written, with a
/// capital letter in Latin script.
const EVERYDAY: &[&str] = &[
    "tank", "hub", "bagh", "nagar", "haveli", "swat", "dir", "kech",
];

/// How good a match is, compared in order: words matched, words written
/// exactly so, fewer districts meant, characters.
type Rank = (usize, usize, std::cmp::Reverse<usize>, usize);

/// One way of writing a district (or a group of them).
struct Form {
    words: Vec<String>,
    districts: Vec<usize>,
    /// Spelling-tolerant keys, for Latin forms whose words are long enough.
    keys: Option<Vec<String>>,
    everyday: bool,
}

/// The district names of the country, ready for matching.
pub struct Gazetteer<'g> {
    districts: &'g [DistrictRef],
    forms: Vec<Form>,
}

/// What the place words of a message come to.
#[derive(Debug, Clone, PartialEq)]
pub enum Found<'g> {
    District {
        district: &'g DistrictRef,
        /// Which words named it.
        at: std::ops::Range<usize>,
    },
    /// A name several districts share; the candidates' ids.
    Ambiguous {
        ids: Vec<String>,
        at: std::ops::Range<usize>,
    },
    Nothing,
}

impl<'g> Gazetteer<'g> {
    pub fn new(districts: &'g [DistrictRef]) -> Self {
        let index = |id: &str| districts.iter().position(|d| d.id == id);
        let mut forms = Vec::new();
        for (i, district) in districts.iter().enumerate() {
            let latin = district.name.to_lowercase().replace('-', " ");
            forms.push(form(&latin, vec![i]));
            if latin.contains(' ') {
                forms.push(form(&latin.replace(' ', ""), vec![i]));
            }
            forms.push(form(&district.name_ur, vec![i]));
            if district.name_ur.contains(' ') {
                forms.push(form(&district.name_ur.replace(' ', ""), vec![i]));
            }
        }
        for (alias, ids) in ALIASES {
            let found: Vec<usize> = ids.iter().filter_map(|id| index(id)).collect();
            if !found.is_empty() {
                forms.push(form(alias, found));
            }
        }
        Self { districts, forms }
    }

    /// The best match in `words`: the name of most words wins, then the
    /// one with most words written exactly so, then a name of one district
    /// over a name of several, then the longest.
    pub fn find(&self, words: &[Word]) -> Found<'g> {
        let keys: Vec<Option<String>> = words
            .iter()
            .map(|w| w.lower.is_ascii().then(|| key(&w.lower)))
            .collect();
        let mut best: Option<(Rank, usize, &Form)> = None;
        for start in 0..words.len() {
            for form in &self.forms {
                let Some(exact) = matches_at(form, &words[start..], &keys[start..]) else {
                    continue;
                };
                let length: usize = form.words.iter().map(|w| w.chars().count()).sum();
                let rank = (
                    form.words.len(),
                    exact,
                    std::cmp::Reverse(form.districts.len()),
                    length,
                );
                if best
                    .as_ref()
                    .is_none_or(|(best_rank, _, _)| rank > *best_rank)
                {
                    best = Some((rank, start, form));
                }
            }
        }
        let Some((_, start, form)) = best else {
            return Found::Nothing;
        };
        let at = start..start + form.words.len();
        match form.districts.as_slice() {
            [one] => Found::District {
                district: &self.districts[*one],
                at,
            },
            many => Found::Ambiguous {
                ids: many.iter().map(|&i| self.districts[i].id.clone()).collect(),
                at,
            },
        }
    }
}

fn form(written: &str, districts: Vec<usize>) -> Form {
    let words: Vec<String> = written.split_whitespace().map(str::to_lowercase).collect();
    let latin = words.iter().all(|w| w.is_ascii());
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    let long_enough = keys.iter().all(|k| k.chars().count() >= 3);
    Form {
        everyday: words.len() == 1 && EVERYDAY.contains(&words[0].as_str()),
        keys: (latin && long_enough).then_some(keys),
        words,
        districts,
    }
}

fn key(word: &str) -> String {
    names::keys(word).join("")
}

/// Whether `form` stands at the start of `words`, whose spelling-tolerant
/// keys (for Latin words) are `keys`: how many of its words are written
/// exactly so, or `None`.
fn matches_at(form: &Form, words: &[Word], keys: &[Option<String>]) -> Option<usize> {
    if words.len() < form.words.len() {
        return None;
    }
    let mut exact = 0;
    for (i, expected) in form.words.iter().enumerate() {
        let word = &words[i];
        if form.everyday {
            if !(word.capitalised && word.lower == *expected) {
                return None;
            }
            exact += 1;
            continue;
        }
        if word.lower == *expected {
            exact += 1;
            continue;
        }
        // A spelling variant: same key, and about as long.
        let variant = match (&form.keys, &keys[i]) {
            (Some(form_keys), Some(key)) => {
                word.lower.len() + 2 >= expected.len() && *key == form_keys[i]
            }
            _ => false,
        };
        if !variant {
            return None;
        }
    }
    Some(exact)
}
