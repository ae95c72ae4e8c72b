//! Alerts in the schema: a user's notifications, the duty roster, the
//! deadline policy, each case's deadlines, missed deadlines for oversight,
//! and the development SMS inbox.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{
    DeadlineKind, DeadlineStatus, Language, Level, OutboxStatus, deadline, deadline_breach,
    deadline_policy, duty_contact, notification, outbox,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    auth::User,
    pagination::{PageInfo, decode_id_cursor, encode_cursor, page_size},
    parts,
    places::{District, district_by_id},
};
use crate::{
    deadlines::{
        policy::{self, DeadlinePolicyInput},
        rung,
    },
    domain::alerts::{self, BreachFilter, DutyContactInput},
    error::{ApiError, ApiResult},
};

fn parse_uuid(field: &str, id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not an id"))
}

pub struct Notification(notification::Model);

#[Object]
impl Notification {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// `case_filed`, `escalated` or `deadline_missed`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(|id| ID(id.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn read(&self) -> bool {
        self.0.read_at.is_some()
    }
}

#[derive(SimpleObject)]
pub struct NotificationConnection {
    pub nodes: Vec<Notification>,
    pub page_info: PageInfo,
    pub unread_count: u64,
}

#[derive(SimpleObject)]
pub struct DutyContact {
    pub id: ID,
    pub level: Level,
    pub jurisdiction_id: Option<String>,
    pub label: String,
    pub phone: String,
    pub language: Language,
}

impl From<duty_contact::Model> for DutyContact {
    fn from(m: duty_contact::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            level: m.level,
            jurisdiction_id: m.jurisdiction_id,
            label: m.label,
            phone: m.phone,
            language: m.language,
        }
    }
}

#[derive(SimpleObject)]
pub struct DeadlinePolicy {
    pub version: i32,
    pub acknowledge_minutes: i32,
    pub contact_reporter_minutes: i32,
    pub register_fir_minutes: i32,
    pub investigation_days: i32,
    pub escalation_interval_minutes: i32,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<deadline_policy::Model> for DeadlinePolicy {
    fn from(m: deadline_policy::Model) -> Self {
        Self {
            version: m.version,
            acknowledge_minutes: m.acknowledge_minutes,
            contact_reporter_minutes: m.contact_reporter_minutes,
            register_fir_minutes: m.register_fir_minutes,
            investigation_days: m.investigation_days,
            escalation_interval_minutes: m.escalation_interval_minutes,
            note: m.note,
            created_at: m.created_at,
        }
    }
}

/// One of a case's deadlines.
#[derive(SimpleObject)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due_at: DateTime<Utc>,
    pub status: DeadlineStatus,
    /// When it was met or stopped applying.
    pub settled_at: Option<DateTime<Utc>>,
    /// The highest rung a miss has reached; `None` while on time.
    pub escalated_to: Option<Level>,
    pub policy_version: i32,
}

impl From<deadline::Model> for Deadline {
    fn from(m: deadline::Model) -> Self {
        Self {
            kind: m.kind,
            due_at: m.due_at,
            status: m.status,
            settled_at: m.met_at,
            escalated_to: rung(m.escalation_level),
            policy_version: m.policy_version,
        }
    }
}

pub struct Breach(deadline_breach::Model);

#[Object]
impl Breach {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn case_id(&self) -> ID {
        ID(self.0.case_id.to_string())
    }
    async fn deadline(&self) -> DeadlineKind {
        self.0.kind
    }
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    async fn met_at(&self) -> Option<DateTime<Utc>> {
        self.0.met_at
    }
    /// How late it was met, or has been so far.
    async fn late_by_minutes(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let (state, _) = parts(ctx)?;
        let until = self.0.met_at.unwrap_or_else(|| state.clock.now());
        Ok((until - self.0.due_at).num_minutes().max(0))
    }
    async fn escalated_to(&self) -> Option<Level> {
        rung(self.0.escalation_level)
    }
    /// The district police office responsible when it was missed.
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.0.district_id)
    }
    /// The officer handling the case then, if one had taken it.
    async fn responsible_officer(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        use sea_orm::EntityTrait;
        let (state, _) = parts(ctx)?;
        let Some(id) = self.0.responsible_user_id else {
            return Ok(None);
        };
        Ok(entities::user::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(User))
    }
}

#[derive(SimpleObject)]
pub struct BreachConnection {
    pub nodes: Vec<Breach>,
    pub page_info: PageInfo,
}

/// A message as the development inbox shows it.
#[derive(SimpleObject)]
pub struct InboxSms {
    pub id: ID,
    pub to: String,
    pub body: String,
    pub purpose: String,
    pub encoding: String,
    pub segments: i32,
    pub status: OutboxStatus,
    pub created_at: DateTime<Utc>,
}

impl From<outbox::Model> for InboxSms {
    fn from(m: outbox::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            to: m.to_phone,
            body: m.body,
            purpose: m.purpose,
            encoding: m.encoding,
            segments: m.segments,
            status: m.status,
            created_at: m.created_at,
        }
    }
}

#[derive(Default)]
pub struct AlertsQuery;

#[Object]
impl AlertsQuery {
    /// The signed-in user's notifications, newest first.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity + 1")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        unread_only: Option<bool>,
    ) -> ApiResult<NotificationConnection> {
        let (state, caller) = parts(ctx)?;
        let first = page_size(first)?;
        let after = decode_id_cursor("notification", after)?;
        let (rows, more) = alerts::notifications(
            &state.db,
            caller,
            unread_only.unwrap_or(false),
            first,
            after,
        )
        .await?;
        let unread_count = alerts::unread_count(&state.db, caller).await?;
        let end_cursor = rows
            .last()
            .map(|n| encode_cursor("notification", &n.id.to_string()));
        Ok(NotificationConnection {
            nodes: rows.into_iter().map(Notification).collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
            unread_count,
        })
    }

    /// Duty numbers; for administrators.
    async fn duty_contacts(
        &self,
        ctx: &Context<'_>,
        level: Option<Level>,
        jurisdiction_id: Option<String>,
    ) -> ApiResult<Vec<DutyContact>> {
        let (state, caller) = parts(ctx)?;
        let rows = alerts::duty_contacts(&state.db, caller, level, jurisdiction_id).await?;
        Ok(rows.into_iter().map(DutyContact::from).collect())
    }

    /// The deadline policy in force; for any signed-in user.
    async fn deadline_policy(&self, ctx: &Context<'_>) -> ApiResult<DeadlinePolicy> {
        let (state, caller) = parts(ctx)?;
        caller.actor()?;
        Ok(policy::current(&state.db).await?.into())
    }

    /// Every version of the deadline policy, newest first.
    async fn deadline_policy_history(&self, ctx: &Context<'_>) -> ApiResult<Vec<DeadlinePolicy>> {
        let (state, caller) = parts(ctx)?;
        caller.actor()?;
        Ok(policy::history(&state.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Missed deadlines, newest first: the ministry sees all, a province or
    /// region its own.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity + 1")]
    async fn deadline_breaches(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<BreachFilter>,
    ) -> ApiResult<BreachConnection> {
        let (state, caller) = parts(ctx)?;
        let first = page_size(first)?;
        let after = decode_id_cursor("breach", after)?;
        let filter = filter.unwrap_or_default();
        let (rows, more) = alerts::breaches(&state.db, caller, &filter, first, after).await?;
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "breach.list",
                None,
                json!({ "filter": format!("{filter:?}"), "count": rows.len() }),
            )
            .await?;
        let end_cursor = rows
            .last()
            .map(|b| encode_cursor("breach", &b.id.to_string()));
        Ok(BreachConnection {
            nodes: rows.into_iter().map(Breach).collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
        })
    }

    /// SMS kept by the `log` gateway, newest first; for administrators.
    async fn dev_sms_inbox(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> ApiResult<Vec<InboxSms>> {
        let (state, caller) = parts(ctx)?;
        let rows = alerts::dev_inbox(state, caller, page_size(first)?).await?;
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "sms.dev_inbox",
                None,
                json!({ "count": rows.len() }),
            )
            .await?;
        Ok(rows.into_iter().map(InboxSms::from).collect())
    }
}

#[derive(Default)]
pub struct AlertsMutation;

#[Object]
impl AlertsMutation {
    /// Marks the given notifications of the signed-in user read, or all of
    /// them when `ids` is left out; returns how many changed.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        ids: Option<Vec<ID>>,
    ) -> ApiResult<u64> {
        let (state, caller) = parts(ctx)?;
        let ids = ids
            .map(|ids| {
                ids.iter()
                    .map(|id| parse_uuid("ids", id))
                    .collect::<ApiResult<Vec<_>>>()
            })
            .transpose()?;
        alerts::mark_read(state, caller, ids).await
    }

    async fn add_duty_contact(
        &self,
        ctx: &Context<'_>,
        input: DutyContactInput,
    ) -> ApiResult<DutyContact> {
        let (state, caller) = parts(ctx)?;
        Ok(alerts::add_duty_contact(state, caller, input).await?.into())
    }

    async fn remove_duty_contact(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let (state, caller) = parts(ctx)?;
        alerts::remove_duty_contact(state, caller, parse_uuid("id", &id)?).await?;
        Ok(true)
    }

    /// Puts a staff account on or off its jurisdiction's alert roster.
    async fn set_on_duty(&self, ctx: &Context<'_>, user_id: ID, on_duty: bool) -> ApiResult<User> {
        let (state, caller) = parts(ctx)?;
        let user =
            alerts::set_on_duty(state, caller, parse_uuid("userId", &user_id)?, on_duty).await?;
        Ok(User(user))
    }

    /// Puts a new version of the deadline policy in force for new cases.
    async fn update_deadline_policy(
        &self,
        ctx: &Context<'_>,
        input: DeadlinePolicyInput,
    ) -> ApiResult<DeadlinePolicy> {
        let (state, caller) = parts(ctx)?;
        Ok(policy::update(state, caller, input).await?.into())
    }
}
