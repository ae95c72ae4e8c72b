//! The public register of missing children. A case is on it only while
//! police have published it, the reporter consented, and it is not a case
//! of child abuse; a recovered child shows as found, without a photo, for
//! `ZA_REGISTER_FOUND_FOR`, then drops off; found deceased and closed cases
//! drop off at once.
//!
//! What the public may see is copied into `register_entries` in the same
//! transaction as every change that affects it ([`sync`]), and every
//! public query, page and feed reads that table alone: a bug in a public
//! resolver cannot reach the reporter's details, because they are not
//! there. Each change to an entry is logged in `register_changes` for
//! feeds and the public subscription.

pub mod feeds;
pub mod live;
pub mod names;
pub mod poster;
pub mod search;
pub mod share;
pub mod sightings;

use chrono::{DateTime, Duration, Utc};
use entities::{CaseKind, CaseStatus, case, photo, register_change, register_entry};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{error::ApiResult, state::AppState};

/// How a case stands on the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Missing,
    Found { until: DateTime<Utc> },
    Off,
}

/// The one rule of who is on the register, and how.
pub fn listing(case: &case::Model, now: DateTime<Utc>, found_for: Duration) -> Listing {
    if case.published_at.is_none() || !case.publish_consent || case.kind == CaseKind::ChildAbuse {
        return Listing::Off;
    }
    match (case.status, case.recovered_at) {
        (CaseStatus::Recovered, Some(at)) if at + found_for > now => Listing::Found {
            until: at + found_for,
        },
        (status, _) if status.is_final() => Listing::Off,
        _ => Listing::Missing,
    }
}

pub fn found_for(state: &AppState) -> Duration {
    Duration::from_std(state.config.register_found_for).unwrap_or(Duration::days(7))
}

/// The short, stable link to a child's public page.
pub fn page_url(state: &AppState, case_number: &str) -> String {
    format!(
        "{}/m/{case_number}",
        state.config.public_url.trim_end_matches('/')
    )
}

/// The name the register shows.
pub fn public_name(case: &case::Model) -> String {
    if case.publish_full_name {
        case.child_name.trim().to_owned()
    } else {
        case.child_name
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Brings the register entry of `case_id` in line with the case, inside the
/// transaction that changed the case, and logs what changed.
pub async fn sync(
    txn: &impl ConnectionTrait,
    state: &AppState,
    case_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let Some(case) = case::Entity::find_by_id(case_id).one(txn).await? else {
        return Ok(());
    };
    let existing = register_entry::Entity::find_by_id(case_id).one(txn).await?;
    let listing = listing(&case, now, found_for(state));
    let Some(wanted) = entry(txn, &case, listing, existing.as_ref(), now).await? else {
        if existing.is_some() {
            register_entry::Entity::delete_by_id(case_id)
                .exec(txn)
                .await?;
            log(txn, &case.case_number, "removed", now).await?;
        }
        return Ok(());
    };

    let kind = match &existing {
        None => "listed",
        Some(old) if same_public(old, &wanted) => return Ok(()),
        Some(old) if old.status != wanted.status && wanted.status == "found" => "found",
        Some(_) => "updated",
    };
    // Every column marked changed, so that an update writes them all.
    let row = register_entry::ActiveModel::from(wanted).reset_all();
    if existing.is_some() {
        register_entry::Entity::update(row).exec(txn).await?;
    } else {
        register_entry::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
    }
    log(txn, &case.case_number, kind, now).await
}

async fn entry(
    db: &impl ConnectionTrait,
    case: &case::Model,
    listing: Listing,
    existing: Option<&register_entry::Model>,
    now: DateTime<Utc>,
) -> ApiResult<Option<register_entry::Model>> {
    let (status, found_until) = match listing {
        Listing::Off => return Ok(None),
        Listing::Missing => ("missing", None),
        Listing::Found { until } => ("found", Some(until)),
    };
    // The first photo of the case's album; none once the child is found.
    let photo_id = if status == "missing" {
        photo::Entity::find()
            .filter(photo::Column::CaseId.eq(case.id))
            .filter(photo::Column::SightingId.is_null())
            .order_by_asc(photo::Column::Id)
            .one(db)
            .await?
            .map(|p| p.id)
    } else {
        None
    };
    let name = public_name(case);
    Ok(Some(register_entry::Model {
        case_id: case.id,
        case_number: case.case_number.clone(),
        name_keys: names::column(&name),
        public_name: name,
        sex: case.child_sex,
        age_years: case.child_age_years,
        district_id: case.last_seen_district_id.clone(),
        province_id: case.province_id.clone(),
        last_seen_on: crate::clock::pakistan_date(case.last_seen_at),
        status: status.to_owned(),
        found_until,
        description: case.public_description.clone(),
        photo_id,
        listed_at: existing.map_or(now, |e| e.listed_at),
        updated_at: now,
    }))
}

fn same_public(a: &register_entry::Model, b: &register_entry::Model) -> bool {
    register_entry::Model {
        updated_at: b.updated_at,
        ..a.clone()
    } == *b
}

async fn log(
    db: &impl ConnectionTrait,
    case_number: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    register_change::Entity::insert(register_change::ActiveModel {
        id: NotSet,
        case_number: Set(case_number.to_owned()),
        kind: Set(kind.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Brings the stored name keys in line with [`names::column`] after its
/// rules change, so that search finds what the new rules match. Entries
/// whose keys are current are left alone; returns how many were rewritten.
pub async fn rekey_names(db: &impl ConnectionTrait) -> ApiResult<usize> {
    let entries: Vec<(Uuid, String, String)> = register_entry::Entity::find()
        .select_only()
        .columns([
            register_entry::Column::CaseId,
            register_entry::Column::PublicName,
            register_entry::Column::NameKeys,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let mut rewritten = 0;
    for (case_id, public_name, stored) in entries {
        let keys = names::column(&public_name);
        if keys == stored {
            continue;
        }
        register_entry::Entity::update_many()
            .col_expr(register_entry::Column::NameKeys, Expr::value(keys))
            .filter(register_entry::Column::CaseId.eq(case_id))
            .exec(db)
            .await?;
        rewritten += 1;
    }
    Ok(rewritten)
}

/// Keeps the register current while the server runs.
pub async fn run(state: AppState, stop: tokio::sync::watch::Receiver<bool>) {
    crate::ticker::every_tick(state, stop, "register expiry", |state| async move {
        expire(&state).await
    })
    .await;
}

/// Takes found children off the register once their time is up.
pub async fn expire(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now();
    let due = register_entry::Entity::find()
        .filter(register_entry::Column::FoundUntil.lte(now))
        .all(&state.db)
        .await?;
    for entry in &due {
        let txn = crate::domain::begin_write(&state.db).await?;
        sync(&txn, state, entry.case_id, now).await?;
        txn.commit().await?;
    }
    Ok(due.len())
}
