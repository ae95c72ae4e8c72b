//! Likely duplicates: when a case is filed, earlier cases that may be the
//! same child (reported by another relative, or by an office) are found and
//! stored with a score and the reasons. Police merge a duplicate into the
//! case that goes on, or dismiss the pair; a merge can be undone.
//!
//! Two cases are compared on the child's sex, their names across spellings
//! and scripts (the register's name keys), ages, districts (the same, or
//! headquarters within [`NEIGHBOUR_KM`]), the days last seen, and faces
//! when both cases have them. Sex must agree; half the names, ages within
//! two years, the same or a neighbouring district and two days are the
//! least that is compared further. Faces usually come later than the
//! report: the face worker looks at a case's pairs again once it has found
//! a face on one of its photos.

use super::timeline::{self, Entry};
use chrono::{DateTime, Duration, Utc};
use entities::{
    CaseEventKind, CaseStatus, ClosureReason, Sex, TextList, case,
    duplicate_candidate as candidate, face,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    begin_write,
    caller::Caller,
    cases,
    geo::{Geography, Point},
    lifecycle::{self, CaseAction},
    scope::CaseScope,
};
use crate::{
    deadlines,
    error::{ApiError, ApiResult},
    events,
    notify::{
        messages,
        outbox::{self, NewSms},
        routing,
    },
    register::names,
    state::AppState,
};

/// Districts whose headquarters lie this close count as neighbours.
pub const NEIGHBOUR_KM: f64 = 60.0;
/// Pairs scoring at least this are proposed to police.
pub const THRESHOLD: f64 = 0.75;
/// Face embeddings closer than this (Euclidean) look like one person.
const FACE_DISTANCE: f32 = 0.6;
/// Only cases last seen within this many days of each other are compared.
const WINDOW_DAYS: i64 = 2;

pub const OPEN: &str = "open";
pub const DISMISSED: &str = "dismissed";
pub const MERGED: &str = "merged";

/// What the comparison needs of a case.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The keys of every word of every name given for the child.
    pub name_keys: Vec<String>,
    pub sex: Sex,
    pub age_years: i32,
    pub district_id: String,
    pub district_hq: Option<Point>,
    pub last_seen_at: DateTime<Utc>,
}

impl Profile {
    pub fn new(
        geo: &Geography,
        names_given: impl IntoIterator<Item = impl AsRef<str>>,
        sex: Sex,
        age_years: i32,
        district_id: &str,
        last_seen_at: DateTime<Utc>,
    ) -> Self {
        let mut name_keys: Vec<String> = names_given
            .into_iter()
            .flat_map(|n| names::keys(n.as_ref()))
            .collect();
        name_keys.sort();
        name_keys.dedup();
        Self {
            name_keys,
            sex,
            age_years,
            district_id: district_id.to_owned(),
            district_hq: geo.district(district_id).map(|d| d.hq),
            last_seen_at,
        }
    }

    pub fn of(geo: &Geography, case: &case::Model) -> Self {
        let names_given = std::iter::once(&case.child_name).chain(&case.child_other_names.0);
        Self::new(
            geo,
            names_given,
            case.child_sex,
            case.child_age_years,
            &case.last_seen_district_id,
            case.last_seen_at,
        )
    }
}

/// A likely duplicate: how alike the two are, from 0 to 1, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Likeness {
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Compares two cases; `None` when they are not likely the same child.
/// `face_distance` is the closest distance between the two cases' faces,
/// when both have any.
pub fn compare(a: &Profile, b: &Profile, face_distance: Option<f32>) -> Option<Likeness> {
    assess(a, b, face_distance).filter(|likeness| likeness.score >= THRESHOLD)
}

/// The likeness of two cases that pass the gates (sex, half the names, ages,
/// districts and days), whatever their score.
fn assess(a: &Profile, b: &Profile, face_distance: Option<f32>) -> Option<Likeness> {
    if a.sex != b.sex || a.name_keys.is_empty() || b.name_keys.is_empty() {
        return None;
    }
    let shared = a
        .name_keys
        .iter()
        .filter(|k| b.name_keys.contains(k))
        .count();
    let fewer = a.name_keys.len().min(b.name_keys.len());
    let name = shared as f64 / fewer as f64;
    let mut reasons = Vec::new();
    if name < 0.5 {
        return None;
    }
    reasons.push(if name >= 1.0 {
        "names match across spellings".to_owned()
    } else {
        format!("{shared} of {fewer} names match across spellings")
    });

    let age_gap = (a.age_years - b.age_years).abs();
    let age = match age_gap {
        0 => 1.0,
        1 => 0.8,
        2 => 0.4,
        _ => return None,
    };
    reasons.push(match age_gap {
        0 => "same age".to_owned(),
        1 => "ages a year apart".to_owned(),
        gap => format!("ages {gap} years apart"),
    });

    let place = if a.district_id == b.district_id {
        reasons.push("same district".to_owned());
        1.0
    } else {
        match (a.district_hq, b.district_hq) {
            (Some(x), Some(y)) if x.distance_km(y) <= NEIGHBOUR_KM => {
                reasons.push(format!(
                    "neighbouring districts ({:.0} km apart)",
                    x.distance_km(y)
                ));
                0.6
            }
            _ => return None,
        }
    };

    let hours = (a.last_seen_at - b.last_seen_at).num_hours().abs();
    let date = match hours {
        0..=24 => 1.0,
        25..=48 => 0.5,
        _ => return None,
    };
    reasons.push(if hours <= 24 {
        "last seen within a day of each other".to_owned()
    } else {
        "last seen within two days of each other".to_owned()
    });

    let mut score = 0.4 * name + 0.2 * age + 0.2 * place + 0.2 * date;
    if let Some(distance) = face_distance {
        if distance < FACE_DISTANCE {
            reasons.push("faces on the photos look alike".to_owned());
            score = (score + 0.15).min(1.0);
        } else {
            reasons.push("faces on the photos look different".to_owned());
            score -= 0.3;
        }
    }
    Some(Likeness {
        score: (score.max(0.0) * 100.0).round() / 100.0,
        reasons,
    })
}

/// The lower id first, so a pair is stored once.
fn ordered(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

fn embedding(bytes: &[u8]) -> Option<Vec<f32>> {
    (bytes.len() == 128 * 4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

/// The closest distance between a face of `a` and a face of `b`, when both
/// cases have faces.
async fn face_distance(db: &impl ConnectionTrait, a: Uuid, b: Uuid) -> ApiResult<Option<f32>> {
    let rows = face::Entity::find()
        .filter(face::Column::CaseId.is_in([a, b]))
        .filter(face::Column::Side.eq(entities::FaceSide::Missing))
        .all(db)
        .await?;
    let of = |id: Uuid| -> Vec<Vec<f32>> {
        rows.iter()
            .filter(|r| r.case_id == id)
            .filter_map(|r| embedding(&r.embedding))
            .collect()
    };
    let (fa, fb) = (of(a), of(b));
    let mut best: Option<f32> = None;
    for x in &fa {
        for y in &fb {
            let d = x
                .iter()
                .zip(y)
                .map(|(p, q)| (p - q) * (p - q))
                .sum::<f32>()
                .sqrt();
            best = Some(best.map_or(d, |b| b.min(d)));
        }
    }
    Ok(best)
}

/// Finds and stores the likely duplicates of `case`: inside the intake
/// transaction when it is filed, and again when the face worker has found
/// a face on one of its photos. Faces can make a pair a candidate that was
/// not one on names and places alone, and they rescore an open candidate
/// either way; a dismissed or merged pair is left as decided. Returns how
/// many new candidates were found.
pub async fn detect(
    db: &impl ConnectionTrait,
    state: &AppState,
    case: &case::Model,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let window = Duration::days(WINDOW_DAYS);
    let earlier = case::Entity::find()
        .filter(case::Column::Id.ne(case.id))
        .filter(case::Column::ChildSex.eq(case.child_sex))
        .filter(case::Column::LastSeenAt.gte(case.last_seen_at - window))
        .filter(case::Column::LastSeenAt.lte(case.last_seen_at + window))
        .all(db)
        .await?;
    let this = Profile::of(&state.geo, case);
    let mut found = 0;
    for other in &earlier {
        let faces = face_distance(db, case.id, other.id).await?;
        let Some(likeness) = assess(&this, &Profile::of(&state.geo, other), faces) else {
            continue;
        };
        match pair(db, case.id, other.id).await? {
            Some(known) if known.status == OPEN && faces.is_some() => {
                rescore(db, known, likeness).await?;
                continue;
            }
            Some(_) => continue,
            None if likeness.score < THRESHOLD => continue,
            None => {}
        }
        let (a, b) = ordered(case.id, other.id);
        candidate::Entity::insert(candidate::ActiveModel {
            id: Set(Uuid::now_v7()),
            case_a: Set(a),
            case_b: Set(b),
            score: Set(likeness.score),
            reasons: Set(TextList(likeness.reasons)),
            status: Set(OPEN.to_owned()),
            created_at: Set(now),
            decided_at: Set(None),
            decided_by_user_id: Set(None),
            kept_case_id: Set(None),
            prior_status: Set(None),
        })
        .exec_without_returning(db)
        .await?;
        found += 1;
    }
    Ok(found)
}

/// Gives an open candidate the score and reasons its faces now support.
async fn rescore(
    db: &impl ConnectionTrait,
    known: candidate::Model,
    likeness: Likeness,
) -> ApiResult<()> {
    if known.score == likeness.score && known.reasons.0 == likeness.reasons {
        return Ok(());
    }
    let mut row = candidate::ActiveModel::from(known);
    row.score = Set(likeness.score);
    row.reasons = Set(TextList(likeness.reasons));
    row.update(db).await?;
    Ok(())
}

/// Whether `actor`'s role may see duplicate candidates at all: police and
/// oversight (who read them but cannot act on them).
pub fn may_see(role: entities::UserRole) -> bool {
    use entities::UserRole as R;
    matches!(
        role,
        R::DistrictPolice | R::RegionalPolice | R::ProvincialOversight | R::Ministry
    )
}

/// The candidates of `case_id` still open, highest score first, each with
/// the other case; only pairs whose other case lies in the caller's scope.
pub async fn for_case(
    db: &impl ConnectionTrait,
    caller: &Caller,
    case_id: Uuid,
) -> ApiResult<Vec<(candidate::Model, case::Model)>> {
    let actor = caller.actor()?;
    if !may_see(actor.role) {
        return Err(ApiError::Forbidden("your role does not see duplicates"));
    }
    let rows = candidate::Entity::find()
        .filter(
            Condition::any()
                .add(candidate::Column::CaseA.eq(case_id))
                .add(candidate::Column::CaseB.eq(case_id)),
        )
        .filter(candidate::Column::Status.eq(OPEN))
        .order_by_desc(candidate::Column::Score)
        .all(db)
        .await?;
    let others: Vec<Uuid> = rows
        .iter()
        .map(|r| {
            if r.case_a == case_id {
                r.case_b
            } else {
                r.case_a
            }
        })
        .collect();
    let visible = case::Entity::find()
        .filter(case::Column::Id.is_in(others))
        .filter(CaseScope::of(Some(actor)).condition())
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let other = if row.case_a == case_id {
                row.case_b
            } else {
                row.case_a
            };
            visible
                .iter()
                .find(|c| c.id == other)
                .map(|c| (row, c.clone()))
        })
        .collect())
}

/// Both cases loaded through the caller's scope, refused unless the caller
/// is police of both.
async fn both(
    db: &impl ConnectionTrait,
    caller: &Caller,
    first: Uuid,
    second: Uuid,
) -> ApiResult<(case::Model, case::Model)> {
    let actor = caller.actor()?;
    if first == second {
        return Err(ApiError::bad_input(
            "duplicateId",
            "a case cannot be a duplicate of itself",
        ));
    }
    let one = cases::find(db, caller, first).await?;
    let two = cases::find(db, caller, second).await?;
    if !lifecycle::may_take(actor, &one, CaseAction::Close)
        || !lifecycle::may_take(actor, &two, CaseAction::Close)
    {
        tracing::info!(
            user.role = actor.role_name(),
            "refused duplicate decision: not police of both cases"
        );
        return Err(ApiError::Forbidden(
            "only police of both cases decide on duplicates",
        ));
    }
    Ok((one, two))
}

async fn pair(db: &impl ConnectionTrait, x: Uuid, y: Uuid) -> ApiResult<Option<candidate::Model>> {
    let (a, b) = ordered(x, y);
    Ok(candidate::Entity::find()
        .filter(candidate::Column::CaseA.eq(a))
        .filter(candidate::Column::CaseB.eq(b))
        .one(db)
        .await?)
}

/// Police judge that two cases are different children: the pair is not
/// proposed again.
pub async fn dismiss(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    other_id: Uuid,
) -> ApiResult<()> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    both(&txn, caller, case_id, other_id).await?;
    let row = pair(&txn, case_id, other_id)
        .await?
        .filter(|r| r.status == OPEN)
        .ok_or(ApiError::NotFound("duplicate candidate"))?;
    candidate::Entity::update(candidate::ActiveModel {
        id: Set(row.id),
        status: Set(DISMISSED.to_owned()),
        decided_at: Set(Some(now)),
        decided_by_user_id: Set(Some(actor.user_id)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    for id in [case_id, other_id] {
        caller
            .audit(
                &txn,
                now,
                "case.duplicate_dismiss",
                Some(id),
                json!({ "candidate_id": row.id, "case_ids": [case_id, other_id] }),
            )
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the duplicate of a merge to `to` (closed as a duplicate, or back
/// to where it was; a merged duplicate is closed as such), unless someone changed it meanwhile, and writes the
/// step on both cases' timelines. Returns the step's data for the audit.
async fn move_duplicate(
    db: &impl ConnectionTrait,
    kind: CaseEventKind,
    keep: &case::Model,
    dup: &case::Model,
    to: CaseStatus,
    actor: &super::actor::Actor,
    now: DateTime<Utc>,
) -> ApiResult<serde_json::Value> {
    let updated =
        case::Entity::update_many()
            .set(case::ActiveModel {
                status: Set(to),
                closure_reason: Set(
                    (kind == CaseEventKind::Merged).then_some(ClosureReason::Duplicate)
                ),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(case::Column::Id.eq(dup.id))
            .filter(case::Column::Status.eq(dup.status))
            .exec(db)
            .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::conflict(
            "STALE",
            "the case changed while you were working on it; reload and try again",
        ));
    }
    let data = json!({ "kept_case_id": keep.id, "duplicate_case_id": dup.id, "kept": keep.case_number, "duplicate": dup.case_number });
    for (case_id, status) in [(keep.id, None), (dup.id, Some((dup.status, to)))] {
        let entry = Entry {
            status,
            visible_to_reporter: true,
            data: data.clone(),
            ..Entry::new(case_id, kind, Some(actor))
        };
        timeline::record(db, entry, now).await?;
    }
    Ok(data)
}

/// Tells the reporter of `case` about a merge into `kept` or its undoing.
async fn tell_reporter(
    db: &impl ConnectionTrait,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    kept: &str,
    cause: &str,
    undone: bool,
) -> ApiResult<()> {
    let facts = routing::facts(state, case, "track");
    let message = messages::merge(&facts, case.reporter_language, kept, undone);
    outbox::enqueue(
        db,
        now,
        NewSms {
            dedupe_key: format!("case:{}:{cause}", case.id),
            purpose: if undone { "unmerged" } else { "merged" },
            case_id: Some(case.id),
            to_phone: &case.reporter_phone,
            body: message.body,
        },
    )
    .await?;
    Ok(())
}

/// Merges `duplicate_id` into `keep_id`: the duplicate is closed as a
/// duplicate (never deleted), both timelines record it, both reporters are
/// told, and the pair remembers the duplicate's status for an undo.
pub async fn merge(
    state: &AppState,
    caller: &Caller,
    keep_id: Uuid,
    duplicate_id: Uuid,
) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (keep, dup) = both(&txn, caller, keep_id, duplicate_id).await?;
    let merged_into = |id: Uuid| {
        candidate::Entity::find()
            .filter(candidate::Column::Status.eq(MERGED))
            .filter(
                Condition::any()
                    .add(candidate::Column::CaseA.eq(id))
                    .add(candidate::Column::CaseB.eq(id)),
            )
            .filter(candidate::Column::KeptCaseId.ne(id))
            .one(&txn)
    };
    if merged_into(keep_id).await?.is_some() {
        return Err(ApiError::conflict(
            "ALREADY_MERGED",
            "the case to keep is itself merged into another",
        ));
    }
    if merged_into(duplicate_id).await?.is_some() {
        return Err(ApiError::conflict(
            "ALREADY_MERGED",
            "the duplicate is already merged into a case",
        ));
    }
    if keep.status.is_final() || dup.status.is_final() {
        return Err(ApiError::conflict(
            "ILLEGAL_TRANSITION",
            "only open cases can be merged",
        ));
    }
    let existing = pair(&txn, keep_id, duplicate_id).await?;
    let (a, b) = ordered(keep_id, duplicate_id);
    let id = existing.as_ref().map_or_else(Uuid::now_v7, |r| r.id);
    let row = candidate::ActiveModel {
        id: Set(id),
        status: Set(MERGED.to_owned()),
        decided_at: Set(Some(now)),
        decided_by_user_id: Set(Some(actor.user_id)),
        kept_case_id: Set(Some(keep_id)),
        prior_status: Set(Some(dup.status)),
        ..Default::default()
    };
    match existing {
        Some(_) => {
            candidate::Entity::update(row).exec(&txn).await?;
        }
        None => {
            candidate::Entity::insert(candidate::ActiveModel {
                case_a: Set(a),
                case_b: Set(b),
                score: Set(0.0),
                reasons: Set(TextList(vec!["merged by police".to_owned()])),
                created_at: Set(now),
                ..row
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }

    let data = move_duplicate(
        &txn,
        CaseEventKind::Merged,
        &keep,
        &dup,
        CaseStatus::Closed,
        actor,
        now,
    )
    .await?;
    deadlines::on_status(&txn, duplicate_id, CaseStatus::Closed, now).await?;
    crate::register::sync(&txn, state, duplicate_id, now).await?;
    let cause = format!("merge:{id}:{}", now.timestamp_millis());
    let closed = case::Entity::find_by_id(duplicate_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("case"))?;
    for case in [&keep, &closed] {
        tell_reporter(&txn, state, now, case, &keep.case_number, &cause, false).await?;
        caller
            .audit(&txn, now, "case.merge", Some(case.id), data.clone())
            .await?;
    }
    let change = events::Change {
        kind: CaseEventKind::Merged,
        case: &closed,
        before: Some(&dup),
        to_status: Some(CaseStatus::Closed),
        note: None,
        visible_to_reporter: true,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %duplicate_id, kept.id = %keep_id, "case merged");
    Ok(keep)
}

/// Undoes the merge of `duplicate_id` into `keep_id`: the duplicate gets
/// back the status it had, both timelines record it, both reporters are
/// told, and the pair is proposed no more.
pub async fn unmerge(
    state: &AppState,
    caller: &Caller,
    keep_id: Uuid,
    duplicate_id: Uuid,
) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let (keep, dup) = both(&txn, caller, keep_id, duplicate_id).await?;
    let row = pair(&txn, keep_id, duplicate_id)
        .await?
        .filter(|r| r.status == MERGED && r.kept_case_id == Some(keep_id))
        .ok_or(ApiError::NotFound("merge"))?;
    let prior = row.prior_status.unwrap_or(CaseStatus::Acknowledged);
    candidate::Entity::update(candidate::ActiveModel {
        id: Set(row.id),
        status: Set(DISMISSED.to_owned()),
        decided_at: Set(Some(now)),
        decided_by_user_id: Set(Some(actor.user_id)),
        kept_case_id: Set(None),
        prior_status: Set(None),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let data = move_duplicate(
        &txn,
        CaseEventKind::Unmerged,
        &keep,
        &dup,
        prior,
        actor,
        now,
    )
    .await?;
    deadlines::on_reopen(&txn, duplicate_id, now).await?;
    deadlines::on_status(&txn, duplicate_id, prior, now).await?;
    crate::register::sync(&txn, state, duplicate_id, now).await?;
    let restored = case::Entity::find_by_id(duplicate_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("case"))?;
    let cause = format!("unmerge:{}:{}", row.id, now.timestamp_millis());
    for case in [&keep, &restored] {
        tell_reporter(&txn, state, now, case, &keep.case_number, &cause, true).await?;
        caller
            .audit(&txn, now, "case.unmerge", Some(case.id), data.clone())
            .await?;
    }
    let change = events::Change {
        kind: CaseEventKind::Unmerged,
        case: &restored,
        before: Some(&dup),
        to_status: Some(prior),
        note: None,
        visible_to_reporter: true,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %duplicate_id, kept.id = %keep_id, "merge undone");
    Ok(restored)
}

/// The case `case_id` was merged into, if it was.
pub async fn merged_into(db: &impl ConnectionTrait, case_id: Uuid) -> ApiResult<Option<Uuid>> {
    let row = candidate::Entity::find()
        .filter(candidate::Column::Status.eq(MERGED))
        .filter(
            Condition::any()
                .add(candidate::Column::CaseA.eq(case_id))
                .add(candidate::Column::CaseB.eq(case_id)),
        )
        .filter(candidate::Column::KeptCaseId.ne(case_id))
        .one(db)
        .await?;
    Ok(row.and_then(|r| r.kept_case_id))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const LAHORE: Point = Point {
        lat: 31.5204,
        lon: 74.3587,
    };
    const KASUR: Point = Point {
        lat: 31.1179,
        lon: 74.4461,
    };
    const MULTAN: Point = Point {
        lat: 30.1575,
        lon: 71.5249,
    };

    fn child(name: &str, age: i32, district: &str, hq: Point, hours: i64) -> Profile {
        let mut name_keys = names::keys(name);
        name_keys.sort();
        name_keys.dedup();
        Profile {
            name_keys,
            sex: Sex::Female,
            age_years: age,
            district_id: district.to_owned(),
            district_hq: Some(hq),
            last_seen_at: Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
                + Duration::hours(hours),
        }
    }

    #[test]
    fn the_same_girl_in_urdu_a_year_older_next_door_is_a_candidate() {
        let mother = child("Ayesha Bibi", 7, "lahore", LAHORE, 0);
        let uncle = child("عائشہ", 8, "kasur", KASUR, 20);
        let found = compare(&mother, &uncle, None).expect("a candidate");
        assert!(found.score >= THRESHOLD);
        assert_eq!(found.reasons[0], "names match across spellings");
        assert!(found.reasons.contains(&"ages a year apart".to_owned()));
        assert!(found.reasons.iter().any(|r| r.starts_with("neighbouring")));
    }

    #[test]
    fn far_districts_other_names_or_ages_are_not_candidates() {
        let mother = child("Ayesha Bibi", 7, "lahore", LAHORE, 0);
        assert_eq!(
            compare(&mother, &child("Ayesha Bibi", 7, "multan", MULTAN, 0), None),
            None
        );
        assert_eq!(
            compare(&mother, &child("Amna", 7, "lahore", LAHORE, 0), None),
            None
        );
        assert_eq!(
            compare(
                &mother,
                &child("Ayesha Bibi", 12, "lahore", LAHORE, 0),
                None
            ),
            None
        );
        assert_eq!(
            compare(
                &mother,
                &child("Ayesha Bibi", 7, "lahore", LAHORE, 80),
                None
            ),
            None
        );
    }

    #[test]
    fn faces_raise_or_lower_the_score() {
        let mother = child("Ayesha Bibi", 7, "lahore", LAHORE, 0);
        let uncle = child("Aisha", 9, "kasur", KASUR, 30);
        let plain = compare(&mother, &uncle, None).map(|l| l.score);
        let alike = compare(&mother, &uncle, Some(0.3)).expect("alike faces");
        assert!(plain.is_none_or(|s| alike.score > s));
        assert!(
            alike
                .reasons
                .contains(&"faces on the photos look alike".to_owned())
        );
        let same = child("Ayesha", 7, "lahore", LAHORE, 0);
        assert!(compare(&mother, &same, None).is_some());
        assert_eq!(compare(&mother, &same, Some(0.9)), None);
    }
}
