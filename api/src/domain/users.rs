//! Staff accounts: created and disabled by system administrators, each
//! with the one jurisdiction their role is scoped to.

use async_graphql::InputObject;
use entities::{Language, UserRole, user};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{actor::Actor, begin_write, caller::Caller, phone::PhoneNumber, text};
use crate::{
    auth::{passwords, sessions},
    error::{ApiError, ApiResult},
    state::AppState,
};

#[derive(Debug, Clone, InputObject)]
pub struct CreateUserInput {
    /// 3 to 64 characters: lower-case letters, digits, `.`, `_` and `-`.
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    pub phone: Option<String>,
    /// For district police and child protection (and optionally
    /// facilitation officers).
    pub district_id: Option<String>,
    /// For regional police.
    pub region_id: Option<String>,
    /// For provincial oversight.
    pub province_id: Option<String>,
    /// For facilitation officers: the office or helpline they work at.
    pub office: Option<String>,
    /// Leave out to have one generated and returned once.
    pub password: Option<String>,
    /// The language of the person's SMS alerts; English when left out.
    pub language: Option<Language>,
}

/// Only system administrators manage accounts.
fn require_admin(caller: &Caller) -> ApiResult<&Actor> {
    caller.require(
        UserRole::SystemAdmin,
        "only system administrators manage accounts",
    )
}

/// Creates a staff account; returns it with its password (generated if none
/// was given). `caller` is `None` for the command line, which is trusted.
pub async fn create(
    state: &AppState,
    caller: Option<&Caller>,
    input: CreateUserInput,
) -> ApiResult<(user::Model, String)> {
    if let Some(caller) = caller {
        require_admin(caller)?;
    }
    let username = input.username.trim().to_lowercase();
    let valid_username = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid_username {
        return Err(ApiError::bad_input(
            "username",
            "3 to 64 characters: lower-case letters, digits, '.', '_' and '-'",
        ));
    }
    let display_name = text::required("displayName", &input.display_name, 100)?;
    let phone = input
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(PhoneNumber::parse)
        .transpose()
        .map_err(|msg| ApiError::bad_input("phone", msg))?;
    let office = text::optional("office", input.office.as_deref(), 200)?;
    let (province_id, region_id, district_id) = scope_for(state, &input, office.as_deref())?;
    let password = match input.password {
        Some(password) => {
            sessions::check_password(&password)?;
            password
        }
        None => passwords::random_password(),
    };
    let hash = passwords::hash_secret_blocking(password.clone())
        .await
        .map_err(ApiError::internal)?;
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(ApiError::conflict(
            "USERNAME_TAKEN",
            "this username is taken",
        ));
    }
    let user = user::Entity::insert(user::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(Some(username)),
        password_hash: Set(Some(hash)),
        display_name: Set(display_name),
        phone: Set(phone.map(|p| p.as_str().to_owned())),
        role: Set(input.role),
        province_id: Set(province_id),
        region_id: Set(region_id),
        district_id: Set(district_id),
        office: Set(office),
        external_issuer: Set(None),
        external_subject: Set(None),
        active: Set(true),
        on_duty: Set(true),
        language: Set(input.language.unwrap_or_default()),
        created_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let audit_caller = caller.cloned().unwrap_or_default();
    audit_caller
        .audit(
            &txn,
            now,
            "user.create",
            None,
            json!({ "user_id": user.id, "role": user.role }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(user.id = %user.id, user.role = super::actor::role_name(user.role), "account created");
    Ok((user, password))
}

/// The province, region and district an account of this role is scoped to,
/// derived from the most specific one given.
fn scope_for(
    state: &AppState,
    input: &CreateUserInput,
    office: Option<&str>,
) -> ApiResult<(Option<String>, Option<String>, Option<String>)> {
    let district = |required: bool| -> ApiResult<Option<(String, String, String)>> {
        match input.district_id.as_deref() {
            Some(id) => {
                let d = state
                    .geo
                    .district(id)
                    .ok_or_else(|| ApiError::bad_input("districtId", "no such district"))?;
                Ok(Some((
                    d.province_id.clone(),
                    d.region_id.clone(),
                    d.id.clone(),
                )))
            }
            None if required => Err(ApiError::bad_input(
                "districtId",
                "this role needs a district",
            )),
            None => Ok(None),
        }
    };
    Ok(match input.role {
        UserRole::DistrictPolice | UserRole::ChildProtection => {
            let (p, r, d) = district(true)?.unwrap_or_default();
            (Some(p), Some(r), Some(d))
        }
        UserRole::RegionalPolice => {
            let id = input
                .region_id
                .as_deref()
                .ok_or_else(|| ApiError::bad_input("regionId", "this role needs a region"))?;
            let r = state
                .geo
                .region(id)
                .ok_or_else(|| ApiError::bad_input("regionId", "no such region"))?;
            (Some(r.province_id.clone()), Some(r.id.clone()), None)
        }
        UserRole::ProvincialOversight => {
            let id = input
                .province_id
                .as_deref()
                .ok_or_else(|| ApiError::bad_input("provinceId", "this role needs a province"))?;
            let p = state
                .geo
                .province(id)
                .ok_or_else(|| ApiError::bad_input("provinceId", "no such province"))?;
            (Some(p.id.clone()), None, None)
        }
        UserRole::FacilitationOfficer => {
            if office.is_none() {
                return Err(ApiError::bad_input(
                    "office",
                    "say which office or helpline the officer works at",
                ));
            }
            match district(false)? {
                Some((p, r, d)) => (Some(p), Some(r), Some(d)),
                None => (None, None, None),
            }
        }
        UserRole::Ministry | UserRole::SystemAdmin | UserRole::Integration => (None, None, None),
        UserRole::Citizen => {
            return Err(ApiError::bad_input(
                "role",
                "citizens open their own accounts",
            ));
        }
    })
}

/// Enables or disables an account; disabling ends its sessions.
pub async fn set_active(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    active: bool,
) -> ApiResult<user::Model> {
    let admin = require_admin(caller)?;
    if admin.user_id == user_id && !active {
        return Err(ApiError::bad_input(
            "userId",
            "you cannot disable your own account",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    let mut change: user::ActiveModel = user.into();
    change.active = Set(active);
    let user = user::Entity::update(change).exec(&txn).await?;
    if !active {
        sessions::revoke_all(&txn, user_id, now).await?;
    }
    caller
        .audit(
            &txn,
            now,
            "user.set_active",
            None,
            json!({ "user_id": user_id, "active": active }),
        )
        .await?;
    txn.commit().await?;
    Ok(user)
}

/// Ends every session of an account, which stays enabled: whoever holds
/// its password signs in again, whoever holds only a token is out. For a
/// lost phone or a leaked token. Returns how many sessions ended.
pub async fn revoke_sessions(state: &AppState, caller: &Caller, user_id: Uuid) -> ApiResult<u64> {
    require_admin(caller)?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    let ended = sessions::revoke_all(&txn, user_id, now).await?;
    caller
        .audit(
            &txn,
            now,
            "user.revoke_sessions",
            None,
            json!({ "user_id": user_id, "sessions": ended }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(user.id = %user_id, sessions = ended, "an administrator ended a user's sessions");
    Ok(ended)
}

pub fn require_admin_caller(caller: &Caller) -> ApiResult<()> {
    require_admin(caller).map(|_| ())
}
