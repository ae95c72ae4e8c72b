//! How well the SMS parser reads reports. Messages are generated the way
//! people text them, in English, Roman Urdu and Urdu script, for every
//! district, with the spellings Roman Urdu gives names (a vowel doubled or
//! dropped, `w` for `v`, lower case, the words run together) and the short
//! forms people use; the parser's district, name and age are compared with
//! what was written in.
//!
//! The peer, on the same messages in the same run, finds the district by
//! exact match: the first district whose English name (ignoring case) or
//! Urdu name stands in the text as whole words, the longest first. The
//! ratio says what the spelling-tolerant keys and the aliases add.
//!
//! Run with `cargo bench --profile dev -p zainab-tests --bench sms_parse`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use zainab_api::{
    domain::geo::DistrictRef,
    sms_intake::{parse, places::Gazetteer},
};

const NAMES: [(&str, &str, bool); 10] = [
    ("Ali", "علی", true),
    ("Ayesha", "عائشہ", false),
    ("Bilal", "بلال", true),
    ("Fatima", "فاطمہ", false),
    ("Hamza", "حمزہ", true),
    ("Zainab", "زینب", false),
    ("Usman", "عثمان", true),
    ("Maryam", "مریم", false),
    ("Imran", "عمران", true),
    ("Sana", "ثنا", false),
];
const AREAS: [&str; 4] = ["Saddar", "Model Town", "Chowk", "Gulshan"];
/// Short forms people text, with the district they mean.
const SHORT: [(&str, &str); 6] = [
    ("Pindi", "PB-rawalpindi"),
    ("DG Khan", "PB-dera-ghazi-khan"),
    ("DI Khan", "KP-dera-ismail-khan"),
    ("Lyallpur", "PB-faisalabad"),
    ("Nawabshah", "SD-shaheed-benazir-abad"),
    ("ISB", "ICT-islamabad"),
];

fn districts() -> Vec<DistrictRef> {
    DistrictRef::shipped().unwrap()
}

/// A Roman Urdu spelling of `name`, chosen by `n`.
fn respell(name: &str, n: usize) -> String {
    match n % 5 {
        0 => name.to_owned(),
        1 => name.to_lowercase(),
        2 => {
            // The first vowel after the first letter doubled: Multaan, Laahore.
            let at = name
                .char_indices()
                .skip(1)
                .find(|(_, c)| "aeiou".contains(*c))
                .map(|(i, _)| i);
            match at {
                Some(i) => format!("{}{}", &name[..=i], &name[i..]),
                None => name.to_owned(),
            }
        }
        3 => match name.strip_suffix('e') {
            Some(stem) => stem.to_owned(),
            None => name.replace('v', "w"),
        },
        _ => name.replace(' ', ""),
    }
}

struct Message {
    text: String,
    district: String,
    name: String,
    age: i32,
}

fn messages(districts: &[DistrictRef]) -> Vec<Message> {
    let mut out = Vec::new();
    let mut n = 0usize;
    for district in districts {
        for template in 0..6 {
            n += 1;
            let (latin, urdu, boy) = NAMES[n % NAMES.len()];
            let age = i32::try_from(3 + n % 13).unwrap();
            let area = AREAS[n % AREAS.len()];
            let place = respell(&district.name, n);
            let (relation, relation_ur) = if boy {
                ("beta", "بیٹا")
            } else {
                ("beti", "بیٹی")
            };
            let (text, name) = match template {
                0 => (format!("Missing: {latin}, {age}, {}", district.name), latin),
                1 => (
                    format!("My child {latin} age {age} missing from {place} {area}"),
                    latin,
                ),
                2 => (
                    format!("Mera {relation} {latin} {age} saal {place} {area} se lapata"),
                    latin,
                ),
                3 => (
                    format!("{relation} {latin} {age} sal {place} se gum ho gaya"),
                    latin,
                ),
                4 => (
                    format!("{urdu} عمر {age} سال {} سے لاپتہ", district.name_ur),
                    urdu,
                ),
                _ => (
                    format!(
                        "میرا {relation_ur} {urdu} {age} سال {} سے گم ہو گیا",
                        district.name_ur
                    ),
                    urdu,
                ),
            };
            out.push(Message {
                text,
                district: district.id.clone(),
                name: name.to_owned(),
                age,
            });
        }
    }
    for (i, (short, id)) in SHORT.iter().enumerate() {
        for n in 0..10 {
            let (latin, _, _) = NAMES[(i + n) % NAMES.len()];
            out.push(Message {
                text: format!("beta {latin} {} saal {short} se lapata", 4 + n),
                district: (*id).to_owned(),
                name: latin.to_owned(),
                age: i32::try_from(4 + n).unwrap(),
            });
        }
    }
    out
}

/// The peer: whole-word exact match of a district's English (any case) or
/// Urdu name, the longest name first.
fn exact_match<'d>(text: &str, districts: &'d [DistrictRef]) -> Option<&'d DistrictRef> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let joined = format!(" {} ", words.join(" "));
    let mut by_length: Vec<&DistrictRef> = districts.iter().collect();
    by_length.sort_by_key(|d| std::cmp::Reverse(d.name.len()));
    by_length.into_iter().find(|d| {
        joined.contains(&format!(" {} ", d.name.to_lowercase()))
            || joined.contains(&format!(" {} ", d.name_ur))
    })
}

fn main() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let messages = messages(&districts);
    let total = messages.len();
    let (mut district, mut peer, mut name, mut age, mut wrong_district) = (0, 0, 0, 0, 0);
    let started = std::time::Instant::now();
    for message in &messages {
        let read = parse::report(&message.text, &places);
        match read.district {
            Some(d) if d.id == message.district => district += 1,
            Some(_) => wrong_district += 1,
            None => {}
        }
        if read.child_name.as_deref() == Some(message.name.as_str()) {
            name += 1;
        }
        if std::env::var_os("ZA_BENCH_SHOW_MISSES").is_some()
            && (read.district.is_none_or(|d| d.id != message.district)
                || read.child_name.as_deref() != Some(message.name.as_str()))
        {
            println!(
                "missed: {} -> {:?} {:?}",
                message.text,
                read.district.map(|d| &d.id),
                read.child_name
            );
        }
        if read.age_years == Some(message.age) {
            age += 1;
        }
    }
    let elapsed = started.elapsed();
    for message in &messages {
        if exact_match(&message.text, &districts).is_some_and(|d| d.id == message.district) {
            peer += 1;
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    println!(
        "messages: {total} ({} districts, English, Roman Urdu, Urdu script)",
        districts.len()
    );
    println!(
        "district right: parser {:.1}%, exact-match peer {:.1}% (ratio {:.2})",
        pct(district),
        pct(peer),
        district as f64 / peer.max(1) as f64
    );
    println!(
        "district wrong (not just missing): parser {:.1}%",
        pct(wrong_district)
    );
    println!(
        "child's name right: {:.1}%, age right: {:.1}%",
        pct(name),
        pct(age)
    );
    println!(
        "parse time: {:.1} µs per message",
        elapsed.as_secs_f64() * 1e6 / total as f64
    );
}
