//! What staff do with alerts: read their notifications, keep the duty
//! roster (administrators), and follow missed deadlines (oversight).

use async_graphql::InputObject;
use chrono::{DateTime, Utc};
use entities::{
    Language, Level, OutboxStatus, UserRole, deadline, deadline_breach, duty_contact, notification,
    outbox, user,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{actor::Actor, begin_write, caller::Caller, phone::PhoneNumber, text};
use crate::{
    config::SmsGatewayKind,
    error::{ApiError, ApiResult},
    state::AppState,
};

fn require_admin(caller: &Caller) -> ApiResult<&Actor> {
    caller.require(
        UserRole::SystemAdmin,
        "only administrators manage the duty roster",
    )
}

/// The caller's own notifications, newest first.
pub async fn notifications(
    db: &impl ConnectionTrait,
    caller: &Caller,
    unread_only: bool,
    first: u64,
    after: Option<Uuid>,
) -> ApiResult<(Vec<notification::Model>, bool)> {
    let actor = caller.actor()?;
    let mut query =
        notification::Entity::find().filter(notification::Column::UserId.eq(actor.user_id));
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    Ok(super::newest_first(db, query, notification::Column::Id, first, after).await?)
}

pub async fn unread_count(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<u64> {
    let actor = caller.actor()?;
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks the caller's notifications read: those listed, or all when `None`.
/// Others' notifications are left alone whatever ids are given.
pub async fn mark_read(
    state: &AppState,
    caller: &Caller,
    ids: Option<Vec<Uuid>>,
) -> ApiResult<u64> {
    let actor = caller.actor()?;
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(state.clock.now()))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        update = update.filter(notification::Column::Id.is_in(ids));
    }
    Ok(update.exec(&state.db).await?.rows_affected)
}

#[derive(Debug, Clone, InputObject)]
pub struct DutyContactInput {
    pub level: Level,
    /// The district, region or province id; leave out for the national level.
    pub jurisdiction_id: Option<String>,
    /// Who answers: "Control room, DPO office Lahore".
    pub label: String,
    pub phone: String,
    pub language: Option<Language>,
}

pub async fn add_duty_contact(
    state: &AppState,
    caller: &Caller,
    input: DutyContactInput,
) -> ApiResult<duty_contact::Model> {
    require_admin(caller)?;
    let jurisdiction = input
        .jurisdiction_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let known = match (input.level, jurisdiction) {
        (Level::District, Some(id)) => state.geo.district(id).is_some(),
        (Level::Region, Some(id)) => state.geo.region(id).is_some(),
        (Level::Province, Some(id)) => state.geo.province(id).is_some(),
        (Level::National, None) => true,
        _ => false,
    };
    if !known {
        return Err(ApiError::bad_input(
            "jurisdictionId",
            "give the id of a district, region or province matching the level, or none for the national level",
        ));
    }
    let phone =
        PhoneNumber::parse(&input.phone).map_err(|msg| ApiError::bad_input("phone", msg))?;
    let label = text::required("label", &input.label, 100)?;
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
    let row = duty_contact::Entity::insert(duty_contact::ActiveModel {
        id: Set(Uuid::now_v7()),
        level: Set(input.level),
        jurisdiction_id: Set(jurisdiction.map(str::to_owned)),
        label: Set(label),
        phone: Set(phone.as_str().to_owned()),
        language: Set(input.language.unwrap_or_default()),
        created_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    caller
        .audit(
            &txn,
            now,
            "duty_contact.add",
            None,
            json!({ "id": row.id, "level": row.level, "jurisdiction_id": row.jurisdiction_id }),
        )
        .await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn remove_duty_contact(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require_admin(caller)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let removed = duty_contact::Entity::delete_by_id(id).exec(&txn).await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::NotFound("duty contact"));
    }
    caller
        .audit(&txn, now, "duty_contact.remove", None, json!({ "id": id }))
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn duty_contacts(
    db: &impl ConnectionTrait,
    caller: &Caller,
    level: Option<Level>,
    jurisdiction_id: Option<String>,
) -> ApiResult<Vec<duty_contact::Model>> {
    require_admin(caller)?;
    let mut query = duty_contact::Entity::find();
    if let Some(level) = level {
        query = query.filter(duty_contact::Column::Level.eq(level));
    }
    if let Some(id) = jurisdiction_id {
        query = query.filter(duty_contact::Column::JurisdictionId.eq(id));
    }
    Ok(query.order_by_asc(duty_contact::Column::Id).all(db).await?)
}

/// Puts a staff account on or off the alert roster of its jurisdiction.
pub async fn set_on_duty(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    on_duty: bool,
) -> ApiResult<user::Model> {
    require_admin(caller)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let updated = user::Entity::update_many()
        .col_expr(user::Column::OnDuty, Expr::value(on_duty))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::NotFound("user"));
    }
    caller
        .audit(
            &txn,
            now,
            "user.duty",
            None,
            json!({ "user_id": user_id, "on_duty": on_duty }),
        )
        .await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    txn.commit().await?;
    Ok(user)
}

#[derive(Debug, Clone, Default, InputObject)]
pub struct BreachFilter {
    pub province_id: Option<String>,
    pub district_id: Option<String>,
    /// The officer who was handling the case.
    pub responsible_user_id: Option<async_graphql::ID>,
    /// Due at or after this time.
    pub due_from: Option<DateTime<Utc>>,
    /// Due before this time.
    pub due_to: Option<DateTime<Utc>>,
    /// Only breaches whose deadline is still unmet.
    pub unmet_only: Option<bool>,
}

/// Missed deadlines within the caller's oversight, newest first.
pub async fn breaches(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &BreachFilter,
    first: u64,
    after: Option<Uuid>,
) -> ApiResult<(Vec<deadline_breach::Model>, bool)> {
    let actor = caller.actor()?;
    let scope = match (actor.role, &actor.province_id, &actor.region_id) {
        (UserRole::Ministry, _, _) => Condition::all(),
        (UserRole::ProvincialOversight, Some(id), _) => {
            Condition::all().add(deadline_breach::Column::ProvinceId.eq(id.as_str()))
        }
        (UserRole::RegionalPolice, _, Some(id)) => {
            Condition::all().add(deadline_breach::Column::RegionId.eq(id.as_str()))
        }
        _ => {
            tracing::info!(
                user.role = actor.role_name(),
                "refused breach list: not oversight"
            );
            return Err(ApiError::Forbidden("only oversight lists missed deadlines"));
        }
    };
    let mut query = deadline_breach::Entity::find().filter(scope);
    if let Some(id) = &filter.province_id {
        query = query.filter(deadline_breach::Column::ProvinceId.eq(id.as_str()));
    }
    if let Some(id) = &filter.district_id {
        query = query.filter(deadline_breach::Column::DistrictId.eq(id.as_str()));
    }
    if let Some(id) = &filter.responsible_user_id {
        let id = Uuid::parse_str(id.as_str())
            .map_err(|_| ApiError::bad_input("filter.responsibleUserId", "not a user id"))?;
        query = query.filter(deadline_breach::Column::ResponsibleUserId.eq(id));
    }
    if let Some(from) = filter.due_from {
        query = query.filter(deadline_breach::Column::DueAt.gte(from));
    }
    if let Some(to) = filter.due_to {
        query = query.filter(deadline_breach::Column::DueAt.lt(to));
    }
    if filter.unmet_only == Some(true) {
        query = query.filter(deadline_breach::Column::MetAt.is_null());
    }
    Ok(super::newest_first(db, query, deadline_breach::Column::Id, first, after).await?)
}

/// A case's deadlines, in the order they fall due.
pub async fn case_deadlines(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> ApiResult<Vec<deadline::Model>> {
    Ok(deadline::Entity::find()
        .filter(deadline::Column::CaseId.eq(case_id))
        .order_by_asc(deadline::Column::DueAt)
        .all(db)
        .await?)
}

/// The messages the `log` gateway kept, newest first, for administrators
/// of a development or training installation.
pub async fn dev_inbox(
    state: &AppState,
    caller: &Caller,
    first: u64,
) -> ApiResult<Vec<outbox::Model>> {
    require_admin(caller)?;
    if state.config.sms_gateway != SmsGatewayKind::Log {
        return Err(ApiError::conflict(
            "NOT_LOG_GATEWAY",
            "the development inbox exists only with ZA_SMS_GATEWAY=log",
        ));
    }
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Status.eq(OutboxStatus::Sent))
        .order_by_desc(outbox::Column::Id)
        .limit(first)
        .all(&state.db)
        .await?)
}
