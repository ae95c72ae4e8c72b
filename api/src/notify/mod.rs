//! Who hears of a case, and how: in-app notifications for staff accounts
//! and SMS through the outbox for their phones and the duty numbers of a
//! jurisdiction, all written in the transaction of the event.

pub mod callbacks;
pub mod dispatcher;
pub mod gateway;
pub mod messages;
pub mod outbox;
pub mod routing;
pub mod sms;

use chrono::{DateTime, Utc};
use entities::{Language, Level, UserRole, case, duty_contact, notification, user};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use self::{messages::Message, outbox::NewSms};

/// One rung of the chain of command for one case.
pub struct Rung<'a> {
    pub level: Level,
    pub jurisdiction_id: Option<&'a str>,
}

impl<'a> Rung<'a> {
    pub fn of(case: &'a case::Model, level: Level) -> Self {
        let jurisdiction_id = match level {
            Level::District => Some(case.district_id.as_str()),
            Level::Region => Some(case.region_id.as_str()),
            Level::Province => Some(case.province_id.as_str()),
            Level::National => None,
        };
        Self {
            level,
            jurisdiction_id,
        }
    }
}

/// The active, on-duty staff of a rung.
async fn staff_on_duty(
    db: &impl ConnectionTrait,
    rung: &Rung<'_>,
) -> Result<Vec<user::Model>, DbErr> {
    let query = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::OnDuty.eq(true));
    let query = match (rung.level, rung.jurisdiction_id) {
        (Level::District, Some(id)) => query
            .filter(user::Column::Role.eq(UserRole::DistrictPolice))
            .filter(user::Column::DistrictId.eq(id)),
        (Level::Region, Some(id)) => query
            .filter(user::Column::Role.eq(UserRole::RegionalPolice))
            .filter(user::Column::RegionId.eq(id)),
        (Level::Province, Some(id)) => query
            .filter(user::Column::Role.eq(UserRole::ProvincialOversight))
            .filter(user::Column::ProvinceId.eq(id)),
        (Level::National, _) => query.filter(user::Column::Role.eq(UserRole::Ministry)),
        _ => return Ok(Vec::new()),
    };
    query.all(db).await
}

async fn contacts_of(
    db: &impl ConnectionTrait,
    rung: &Rung<'_>,
) -> Result<Vec<duty_contact::Model>, DbErr> {
    let query = duty_contact::Entity::find().filter(duty_contact::Column::Level.eq(rung.level));
    let query = match rung.jurisdiction_id {
        Some(id) => query.filter(duty_contact::Column::JurisdictionId.eq(id)),
        None => query.filter(duty_contact::Column::JurisdictionId.is_null()),
    };
    query.all(db).await
}

/// Tells a rung about a case: a notification and an SMS for each on-duty
/// officer, an SMS for each duty number. `cause` makes the dedupe keys, so
/// telling the same rung of the same cause twice sends nothing new.
/// Returns how many people were told.
pub async fn tell_rung(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    case: &case::Model,
    rung: &Rung<'_>,
    kind: &str,
    cause: &str,
    text: impl Fn(Language) -> Message,
) -> Result<usize, DbErr> {
    let staff = staff_on_duty(db, rung).await?;
    let contacts = contacts_of(db, rung).await?;
    for officer in &staff {
        let message = text(officer.language);
        notify_user(db, now, officer.id, Some(case.id), kind, &message).await?;
        if let Some(phone) = &officer.phone {
            outbox::enqueue(
                db,
                now,
                NewSms {
                    dedupe_key: format!("{cause}:user:{}", officer.id),
                    purpose: kind,
                    case_id: Some(case.id),
                    to_phone: phone,
                    body: message.body,
                },
            )
            .await?;
        }
    }
    for contact in &contacts {
        outbox::enqueue(
            db,
            now,
            NewSms {
                dedupe_key: format!("{cause}:contact:{}", contact.id),
                purpose: kind,
                case_id: Some(case.id),
                to_phone: &contact.phone,
                body: text(contact.language).body,
            },
        )
        .await?;
    }
    Ok(staff.len() + contacts.len())
}

pub async fn notify_user(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    user_id: Uuid,
    case_id: Option<Uuid>,
    kind: &str,
    message: &Message,
) -> Result<(), DbErr> {
    notification::Entity::insert(notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        case_id: Set(case_id),
        kind: Set(kind.to_owned()),
        title: Set(message.title.clone()),
        body: Set(message.body.clone()),
        created_at: Set(now),
        read_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
