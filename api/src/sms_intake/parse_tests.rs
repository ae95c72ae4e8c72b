//! The parser on messages shaped like real ones, against the shipped
//! districts.

use entities::{Language, Sex};

use super::{parse::report, places::Gazetteer};
use crate::domain::geo::DistrictRef;

pub(crate) fn districts() -> Vec<DistrictRef> {
    DistrictRef::shipped().unwrap_or_else(|err| panic!("{err}"))
}

struct Expect {
    text: &'static str,
    name: Option<&'static str>,
    age: Option<i32>,
    sex: Option<Sex>,
    district: Option<&'static str>,
}

const fn e(
    text: &'static str,
    name: Option<&'static str>,
    age: Option<i32>,
    sex: Option<Sex>,
    district: Option<&'static str>,
) -> Expect {
    Expect {
        text,
        name,
        age,
        sex,
        district,
    }
}

const M: Option<Sex> = Some(Sex::Male);
const F: Option<Sex> = Some(Sex::Female);

const CASES: &[Expect] = &[
    e(
        "Mera beta Ali 8 saal Rawalpindi Saddar se lapata",
        Some("Ali"),
        Some(8),
        M,
        Some("PB-rawalpindi"),
    ),
    e(
        "علی عمر 8 سال راولپنڈی سے لاپتہ",
        Some("علی"),
        Some(8),
        None,
        Some("PB-rawalpindi"),
    ),
    e(
        "Missing: Ayesha, 6, Lahore",
        Some("Ayesha"),
        Some(6),
        None,
        Some("PB-lahore"),
    ),
    e(
        "meri beti fatima 5 sal ki lahor se gum ho gayi",
        Some("fatima"),
        Some(5),
        F,
        Some("PB-lahore"),
    ),
    e(
        "My son Bilal age 10 missing from Multan since morning",
        Some("Bilal"),
        Some(10),
        M,
        Some("PB-multan"),
    ),
    e(
        "میری بیٹی زینب عمر 7 سال قصور سے لاپتہ ہے",
        Some("زینب"),
        Some(7),
        F,
        Some("PB-kasur"),
    ),
    e(
        "bacha Hamza 9yrs Faislabad ghulam muhammad abad se lapata",
        Some("Hamza"),
        Some(9),
        M,
        Some("PB-faisalabad"),
    ),
    e(
        "Mera bhai Usman 12 saal DG Khan se kal shaam se gum",
        Some("Usman"),
        Some(12),
        M,
        Some("PB-dera-ghazi-khan"),
    ),
    e(
        "Child Sana Khan, 4, missing in Islamabad G-9",
        Some("Sana Khan"),
        Some(4),
        None,
        Some("ICT-islamabad"),
    ),
    e(
        "beta Ahmed 6 saal Pindi se lapata",
        Some("Ahmed"),
        Some(6),
        M,
        Some("PB-rawalpindi"),
    ),
    e(
        "Missing girl Maryam 11 years Peshawar",
        Some("Maryam"),
        Some(11),
        F,
        Some("KP-peshawar"),
    ),
    e(
        "بیٹا عثمان ۱۰ سال پشاور سے لاپتہ",
        Some("عثمان"),
        Some(10),
        M,
        Some("KP-peshawar"),
    ),
    e(
        "Mera beta Ali 8 saal Chak 45 se lapata",
        Some("Ali"),
        Some(8),
        M,
        None,
    ),
    e(
        "beti Hira 7 saal Karachi se lapata",
        Some("Hira"),
        Some(7),
        F,
        None,
    ),
    e(
        "Missing: Zara, 3, Mirpur Khas",
        Some("Zara"),
        Some(3),
        None,
        Some("SD-mirpur-khas"),
    ),
    e(
        "Missing: Zain, 3, Mirpur",
        Some("Zain"),
        Some(3),
        None,
        Some("AJK-mirpur"),
    ),
    e(
        "larka Imran 14 sal Gujranwala se 3 ghante pehle se gum",
        Some("Imran"),
        Some(14),
        M,
        Some("PB-gujranwala"),
    ),
    e(
        "میرا بچہ احمد رضا 5 سال فیصل آباد سے گم ہو گیا",
        Some("احمد رضا"),
        Some(5),
        M,
        Some("PB-faisalabad"),
    ),
    e(
        "Ali 8 Sialkot",
        Some("Ali"),
        Some(8),
        None,
        Some("PB-sialkot"),
    ),
    e("help my daughter is missing", None, None, F, None),
];

#[test]
fn real_shaped_messages_are_read() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let mut wrong = Vec::new();
    for case in CASES {
        let got = report(case.text, &places);
        let district = got.district.map(|d| d.id.as_str());
        if got.child_name.as_deref() != case.name
            || got.age_years != case.age
            || got.sex != case.sex
            || district != case.district
        {
            wrong.push(format!(
                "{}\n   got {:?} {:?} {:?} {:?}",
                case.text, got.child_name, got.age_years, got.sex, district
            ));
        }
    }
    assert!(wrong.is_empty(), "misread:\n{}", wrong.join("\n"));
}

#[test]
fn a_city_of_several_districts_is_ambiguous_not_guessed() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let got = report("beti Hira 7 saal Karachi se lapata", &places);
    assert_eq!(got.district, None);
    assert_eq!(got.candidates.len(), 7);
    assert!(got.unknown.contains(&"district"));
    assert_eq!(got.place.as_deref(), Some("Karachi"));
}

#[test]
fn the_place_keeps_the_words_after_the_district_and_time_words_are_read() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let got = report(
        "Mera beta Ali 8 saal Rawalpindi Saddar se kal shaam lapata",
        &places,
    );
    assert_eq!(got.place.as_deref(), Some("Rawalpindi Saddar"));
    assert_eq!(got.seen_when.as_deref(), Some("yesterday evening"));
    assert_eq!(got.language, Language::English);
    let urdu = report("علی عمر 8 سال راولپنڈی سے آج صبح لاپتہ", &places);
    assert_eq!(urdu.language, Language::Urdu);
    assert_eq!(urdu.seen_when.as_deref(), Some("today morning"));
    let hours = report(
        "larka Imran 14 sal Gujranwala se 3 ghante pehle se gum",
        &places,
    );
    assert_eq!(hours.seen_when.as_deref(), Some("3 hours ago"));
}

#[test]
fn an_unknown_place_is_kept_in_words_and_listed_as_unknown() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let got = report("Mera beta Ali 8 saal Chak 45 se lapata", &places);
    assert_eq!(got.district, None);
    assert!(got.unknown.contains(&"district"));
    assert!(got.unknown.contains(&"seenWhen"));
    assert!(!got.unknown.contains(&"childName"));
}

#[test]
fn everyday_words_that_are_district_names_need_a_capital() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let got = report("bacha paani ki tank ke paas se gum", &places);
    assert_eq!(got.district, None);
    let got = report("Missing: Asad, 9, Tank", &places);
    assert_eq!(got.district.map(|d| d.id.as_str()), Some("KP-tank"));
}

#[test]
fn text_that_looks_like_code_is_only_words() {
    let districts = districts();
    let places = Gazetteer::new(&districts);
    let got = report(
        "'; DROP TABLE cases; -- <script>alert(1)</script> Lahore",
        &places,
    );
    assert_eq!(got.district.map(|d| d.id.as_str()), Some("PB-lahore"));
}
