//! How well intake finds duplicate reports. A generated set of children is
//! filed through the GraphQL intake; a known share of them is reported a
//! second time the way another relative or an office would give it:
//! another Roman spelling, Urdu script, the second name dropped, the age a
//! year off, a neighbouring district, a day apart. The candidate pairs the
//! server stored are then scored against the known pairs.
//!
//! The peer, computed on the same cases in the same run, proposes a pair
//! when the names are spelt exactly alike and every other fact agrees as
//! closely as the server allows: the ratio says what the spelling-tolerant
//! keys and the neighbouring districts add.
//!
//! Run with `cargo bench --profile dev -p zainab-tests --bench duplicates`
//! (accuracy, not speed, is measured); set `ZA_TEST_DATABASE_URL` to a
//! PostgreSQL admin URL to run it there.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};

use chrono::{Duration, TimeZone, Utc};
use entities::{UserRole, case, duplicate_candidate};
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;
use zainab_tests::{TestApp, users::case_input};

const CHILDREN: usize = 300;
/// Every how-many-th child is reported twice.
const TWICE_EVERY: usize = 2;

/// First names: Roman spellings as one family writes them, another
/// family's spelling, the Urdu script, and the sex.
const FIRST: [(&str, &str, &str, &str); 16] = [
    ("Ayesha", "Aisha", "عائشہ", "FEMALE"),
    ("Fatima", "Fatimah", "فاطمہ", "FEMALE"),
    ("Zainab", "Zaynab", "زینب", "FEMALE"),
    ("Khadija", "Khadeeja", "خدیجہ", "FEMALE"),
    ("Maryam", "Mariam", "مریم", "FEMALE"),
    ("Amna", "Aamna", "آمنہ", "FEMALE"),
    ("Sana", "Sanaa", "ثنا", "FEMALE"),
    ("Hina", "Heena", "حنا", "FEMALE"),
    ("Muhammad", "Mohammed", "محمد", "MALE"),
    ("Ali", "Aly", "علی", "MALE"),
    ("Hussain", "Hussein", "حسین", "MALE"),
    ("Usman", "Osman", "عثمان", "MALE"),
    ("Qasim", "Kasim", "قاسم", "MALE"),
    ("Waseem", "Vaseem", "وسیم", "MALE"),
    ("Imran", "Imraan", "عمران", "MALE"),
    ("Bilal", "Belal", "بلال", "MALE"),
];
const SECOND: [(&str, &str); 6] = [
    ("Khan", "خان"),
    ("Ahmed", "احمد"),
    ("Akhtar", "اختر"),
    ("Iqbal", "اقبال"),
    ("Rashid", "راشد"),
    ("Nawaz", "نواز"),
];
/// Districts, each with a neighbour whose headquarters lie within
/// 60 km.
const DISTRICTS: [(&str, &str); 8] = [
    ("PB-lahore", "PB-kasur"),
    ("PB-kasur", "PB-lahore"),
    ("PB-sheikhupura", "PB-lahore"),
    ("PB-gujranwala", "PB-sialkot"),
    ("PB-sialkot", "PB-gujranwala"),
    ("PB-rawalpindi", "ICT-islamabad"),
    ("ICT-islamabad", "PB-rawalpindi"),
    ("PB-faisalabad", "PB-nankana-sahib"),
];

/// A small deterministic generator, so that every run files the same set.
struct Draw(u64);

impl Draw {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

struct Child {
    first: usize,
    second: usize,
    age: i64,
    district: usize,
    day: i64,
}

fn input(
    name: &str,
    sex: &str,
    age: i64,
    district: &str,
    day: i64,
    phone: usize,
) -> serde_json::Value {
    let seen = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().unwrap() + Duration::days(day);
    let mut input = case_input(district);
    input["child"]["name"] = json!(name);
    input["child"]["otherNames"] = json!([]);
    input["child"]["sex"] = json!(sex);
    input["child"]["ageYears"] = json!(age);
    input["child"]["bFormNumber"] = serde_json::Value::Null;
    input["lastSeen"]["at"] = json!(seen.to_rfc3339());
    input["reporter"]["phone"] = json!(format!("0300{:07}", 1_000_000 + phone));
    input
}

fn precision_recall(found: &HashSet<(Uuid, Uuid)>, truth: &HashSet<(Uuid, Uuid)>) -> (f64, f64) {
    let hits = found.intersection(truth).count() as f64;
    let precision = if found.is_empty() {
        1.0
    } else {
        hits / found.len() as f64
    };
    (precision, hits / truth.len() as f64)
}

fn pair(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

#[tokio::main]
async fn main() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let mut draw = Draw(0x5eed_2026);
    let mut truth = HashSet::new();
    let mut filed = 0;
    let mut file = |input: serde_json::Value| {
        filed += 1;
        let app = &app;
        let officer = &officer;
        async move {
            app.report_with(officer, input)
                .await
                .id
                .parse::<Uuid>()
                .unwrap()
        }
    };
    for i in 0..CHILDREN {
        let child = Child {
            first: draw.next(FIRST.len()),
            second: draw.next(SECOND.len()),
            age: 3 + draw.next(13) as i64,
            district: draw.next(DISTRICTS.len()),
            day: draw.next(90) as i64,
        };
        let (roman, other, urdu, sex) = FIRST[child.first];
        let (second, second_ur) = SECOND[child.second];
        let (district, neighbour) = DISTRICTS[child.district];
        let original = file(input(
            &format!("{roman} {second}"),
            sex,
            child.age,
            district,
            child.day,
            i,
        ))
        .await;
        if i % TWICE_EVERY != 0 {
            continue;
        }
        let name = match draw.next(6) {
            0 => format!("{roman} {second}"),
            1 => format!("{other} {second}"),
            2 => format!("{urdu} {second_ur}"),
            3 => roman.to_owned(),
            4 => other.to_owned(),
            _ => urdu.to_owned(),
        };
        let age = child.age + [-1, 0, 0, 1][draw.next(4)];
        let place = if draw.next(3) == 0 {
            neighbour
        } else {
            district
        };
        let day = child.day + [-1, 0, 0, 1][draw.next(4)];
        let again = file(input(&name, sex, age, place, day, CHILDREN + i)).await;
        truth.insert(pair(original, again));
    }

    let found: HashSet<(Uuid, Uuid)> = duplicate_candidate::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| pair(c.case_a, c.case_b))
        .collect();

    let cases = case::Entity::find().all(&app.state.db).await.unwrap();
    let mut by_name: HashMap<String, Vec<&case::Model>> = HashMap::new();
    for c in &cases {
        by_name
            .entry(c.child_name.to_lowercase())
            .or_default()
            .push(c);
    }
    let mut peer = HashSet::new();
    for group in by_name.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                let close = a.child_sex == b.child_sex
                    && a.last_seen_district_id == b.last_seen_district_id
                    && (a.child_age_years - b.child_age_years).abs() <= 1
                    && (a.last_seen_at - b.last_seen_at).num_hours().abs() <= 24;
                if close {
                    peer.insert(pair(a.id, b.id));
                }
            }
        }
    }

    let (p, r) = precision_recall(&found, &truth);
    let (pp, pr) = precision_recall(&peer, &truth);
    println!(
        "{} cases filed, {} known duplicate pairs, database {:?}",
        filed,
        truth.len(),
        app.state.db.get_database_backend()
    );
    println!("| method | pairs proposed | precision | recall | recall vs peer |");
    println!("| --- | --- | --- | --- | --- |");
    println!(
        "| peer: exact spelling, same district | {} | {:.3} | {:.3} | 1.00x |",
        peer.len(),
        pp,
        pr
    );
    println!(
        "| intake's candidates | {} | {:.3} | {:.3} | {:.2}x |",
        found.len(),
        p,
        r,
        r / pr.max(f64::EPSILON)
    );
}
