//! Intake: a report of a child becomes a case, routed to its district and
//! region, numbered, and recorded on its timeline and in the audit log, all
//! in one transaction.

use async_graphql::InputObject;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entities::{
    CaseEventKind, CaseKind, CaseStatus, FilingChannel, Language, Sex, TextList, UserRole, case,
    case_counter, case_event,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    caller::Caller,
    case_number::CaseNumber,
    child::resolve_age,
    geo::DistrictRef,
    nadra::{BFormNumber, Cnic},
    phone::PhoneNumber,
    text,
};
use crate::{
    auth::passwords,
    deadlines,
    error::{ApiError, ApiResult},
    events,
    notify::routing,
    state::AppState,
};

#[derive(Debug, Clone, InputObject)]
pub struct ReportCaseInput {
    pub kind: CaseKind,
    pub child: ChildInput,
    pub last_seen: LastSeenInput,
    /// What happened, in the reporter's words.
    pub circumstances: Option<String>,
    pub reporter: ReporterInput,
}

#[derive(Debug, Clone, InputObject)]
pub struct ChildInput {
    pub name: String,
    /// Nicknames and other spellings, including in Urdu script.
    pub other_names: Option<Vec<String>>,
    pub sex: Sex,
    /// Give the date of birth, the age in years, or both.
    pub date_of_birth: Option<NaiveDate>,
    pub age_years: Option<i32>,
    pub height_cm: Option<i32>,
    pub languages: Option<Vec<String>>,
    pub distinguishing_marks: Option<String>,
    pub clothing: Option<String>,
    /// The child's B-form (CRC) number, when known: `XXXXX-XXXXXXX-X`.
    pub b_form_number: Option<String>,
}

#[derive(Debug, Clone, InputObject)]
pub struct LastSeenInput {
    /// Where, in words: a street, a market, a school.
    pub place: String,
    pub district_id: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, InputObject)]
pub struct ReporterInput {
    pub name: String,
    /// Relation to the child: mother, uncle, teacher, neighbour...
    pub relation: String,
    /// A Pakistani mobile number; the SMS receipt goes there.
    pub phone: String,
    pub cnic: Option<String>,
    /// The reporter agrees that the child's details may be published.
    pub consent_to_publish: bool,
    /// The register may show the child's full name; by default it shows
    /// the first name only.
    #[graphql(default = false)]
    pub consent_to_publish_full_name: bool,
    /// The language of the SMS receipt and updates; Urdu when left out.
    pub language: Option<Language>,
}

/// A filed case with the tracking code, shown once and stored only hashed.
pub struct Filed {
    pub case: case::Model,
    pub tracking_code: String,
}

/// Files a report with the photos that came with it (already checked):
/// the case and its photos' rows commit together, or neither does.
pub async fn report_case(
    state: &AppState,
    caller: &Caller,
    input: ReportCaseInput,
    photos: Vec<crate::photos::Processed>,
) -> ApiResult<Filed> {
    report(state, caller, input, photos, None).await
}

/// Files the report a facilitation officer completed from SMS draft
/// `draft_id` after calling its sender back: the case comes in by SMS, and
/// the draft is closed in the same transaction.
pub async fn report_case_from_draft(
    state: &AppState,
    caller: &Caller,
    input: ReportCaseInput,
    draft_id: Uuid,
) -> ApiResult<Filed> {
    super::sms_drafts::check_completable(state, caller, draft_id).await?;
    report(state, caller, input, Vec::new(), Some(draft_id)).await
}

async fn report(
    state: &AppState,
    caller: &Caller,
    input: ReportCaseInput,
    photos: Vec<crate::photos::Processed>,
    draft: Option<Uuid>,
) -> ApiResult<Filed> {
    let actor = caller.actor()?;
    let (channel, reporter_user_id, filed_by, office) = match actor.role {
        UserRole::Citizen if actor.via_portal => {
            (FilingChannel::Portal, Some(actor.user_id), None, None)
        }
        UserRole::Citizen => (FilingChannel::App, Some(actor.user_id), None, None),
        UserRole::FacilitationOfficer => (
            FilingChannel::Assisted,
            None,
            Some(actor.user_id),
            actor.office.clone(),
        ),
        _ => {
            tracing::info!(
                user.role = actor.role_name(),
                "refused intake: role does not file reports"
            );
            return Err(ApiError::Forbidden("your role does not file reports"));
        }
    };
    let channel = if draft.is_some() {
        FilingChannel::Sms
    } else {
        channel
    };

    let now = state.clock.now();
    if let Some(citizen) = reporter_user_id {
        check_daily_reports(state, citizen, now).await?;
    }
    let report = validate(state, input, now)?;
    let tracking_code = passwords::tracking_code();
    let tracking_code_hash = passwords::hash_secret_blocking(tracking_code.clone())
        .await
        .map_err(ApiError::internal)?;

    let mut staged = Vec::with_capacity(photos.len());
    for processed in photos {
        match crate::photos::stage(state, processed).await {
            Ok(photo) => staged.push(photo),
            Err(err) => {
                crate::photos::discard(state, &staged).await;
                return Err(err);
            }
        }
    }
    let filing = Filing {
        tracking_code: &tracking_code,
        channel,
        reporter_user_id,
        filed_by,
        office,
        tracking_code_hash,
        draft,
    };
    match file(state, caller, report, filing, &staged).await {
        Ok(case) => Ok(Filed {
            case,
            tracking_code,
        }),
        Err(err) => {
            crate::photos::discard(state, &staged).await;
            Err(err)
        }
    }
}

/// How a report came in, decided by who filed it.
struct Filing<'a> {
    tracking_code: &'a str,
    channel: FilingChannel,
    reporter_user_id: Option<Uuid>,
    filed_by: Option<Uuid>,
    office: Option<String>,
    tracking_code_hash: String,
    /// The SMS draft the case completes, closed in the same transaction.
    draft: Option<Uuid>,
}

async fn file(
    state: &AppState,
    caller: &Caller,
    report: ValidReport<'_>,
    filing: Filing<'_>,
    photos: &[crate::photos::Staged],
) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let Filing {
        tracking_code,
        channel,
        reporter_user_id,
        filed_by,
        office,
        tracking_code_hash,
        draft,
    } = filing;
    let id = Uuid::now_v7();

    let txn = super::begin_write(&state.db).await?;
    let number = next_case_number(&txn, state.clock.today_in_pakistan().year()).await?;
    let row = case::ActiveModel {
        id: Set(id),
        case_number: Set(number.as_str().to_owned()),
        tracking_code_hash: Set(tracking_code_hash),
        kind: Set(report.kind),
        status: Set(CaseStatus::Reported),
        closure_reason: Set(None),
        child_name: Set(report.child_name),
        child_other_names: Set(TextList(report.child_other_names)),
        child_sex: Set(report.child_sex),
        child_date_of_birth: Set(report.child_date_of_birth),
        child_age_years: Set(report.child_age_years),
        child_height_cm: Set(report.child_height_cm),
        child_languages: Set(TextList(report.child_languages)),
        child_distinguishing_marks: Set(report.child_distinguishing_marks),
        child_clothing: Set(report.child_clothing),
        child_b_form_number: Set(report.child_b_form_number),
        last_seen_place: Set(report.last_seen_place),
        last_seen_district_id: Set(report.district.id.clone()),
        last_seen_lat: Set(report.last_seen_lat),
        last_seen_lon: Set(report.last_seen_lon),
        last_seen_at: Set(report.last_seen_at),
        suggested_district_id: Set(report.suggested_district_id.clone()),
        district_mismatch: Set(report.district_mismatch),
        circumstances: Set(report.circumstances),
        reporter_name: Set(report.reporter_name),
        reporter_relation: Set(report.reporter_relation),
        reporter_phone: Set(report.reporter_phone),
        reporter_cnic: Set(report.reporter_cnic),
        publish_consent: Set(report.publish_consent),
        publish_full_name: Set(report.publish_full_name),
        public_description: Set(None),
        recovered_at: Set(None),
        reporter_user_id: Set(reporter_user_id),
        reporter_language: Set(report.reporter_language),
        handling_officer_id: Set(None),
        channel: Set(channel),
        filed_by_user_id: Set(filed_by),
        filed_at_office: Set(office),
        district_id: Set(report.district.id.clone()),
        region_id: Set(report.district.region_id.clone()),
        province_id: Set(report.district.province_id.clone()),
        fir_number: Set(None),
        fir_police_station: Set(None),
        fir_date: Set(None),
        published_at: Set(None),
        reported_at: Set(now),
        updated_at: Set(now),
    };
    let case = case::Entity::insert(row).exec_with_returning(&txn).await?;

    let event = case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_id: Set(id),
        kind: Set(CaseEventKind::Filed),
        from_status: Set(None),
        to_status: Set(Some(CaseStatus::Reported)),
        note: Set(None),
        visible_to_reporter: Set(true),
        actor_user_id: Set(Some(actor.user_id)),
        actor_role: Set(Some(actor.role)),
        data: Set(json!({ "channel": channel, "district_id": case.district_id })),
        created_at: Set(now),
    };
    case_event::Entity::insert(event)
        .exec_without_returning(&txn)
        .await?;
    let policy = deadlines::policy::current(&txn).await?;
    deadlines::start(&txn, id, now, &policy).await?;
    for photo in photos {
        crate::photos::insert_staged(&txn, &case, photo, actor, now, state.config.photos_per_case)
            .await?;
    }
    let told = routing::case_filed(
        &txn,
        state,
        now,
        &case,
        tracking_code,
        policy.acknowledge_minutes,
    )
    .await?;
    if let Some(draft_id) = draft {
        super::sms_drafts::close_completed(&txn, draft_id, &case, actor, now).await?;
    }
    let duplicates = super::duplicates::detect(&txn, state, &case, now).await?;
    caller
        .audit(
            &txn,
            now,
            "case.create",
            Some(id),
            json!({ "case_number": case.case_number, "channel": channel, "district_id": case.district_id, "duplicate_candidates": duplicates, "sms_draft_id": draft }),
        )
        .await?;
    events::commit(state, txn, events::Change::filed(&case, actor.role)).await?;

    tracing::info!(case.id = %id, case.district = %case.district_id, case.photos = photos.len(), alert.recipients = told, "case filed and alerted");
    Ok(case)
}

/// Refuses a citizen's report once their account has filed
/// `ZA_REPORTS_PER_CITIZEN_PER_DAY` in the last 24 hours, until the oldest
/// of those is a day old. Checked before any work is done on the report.
async fn check_daily_reports(state: &AppState, citizen: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let day_ago = now - Duration::hours(24);
    let recent: Vec<DateTime<Utc>> = case::Entity::find()
        .select_only()
        .column(case::Column::ReportedAt)
        .filter(case::Column::ReporterUserId.eq(citizen))
        .filter(case::Column::ReportedAt.gt(day_ago))
        .order_by_asc(case::Column::ReportedAt)
        .into_tuple()
        .all(&state.db)
        .await?;
    let allowed = usize::try_from(state.config.reports_per_citizen_per_day).unwrap_or(usize::MAX);
    if recent.len() < allowed {
        return Ok(());
    }
    let oldest = recent.first().copied().unwrap_or(now);
    let wait = Ord::max((oldest - day_ago).num_seconds(), 1);
    tracing::warn!(user.id = %citizen, "refused a report: the account is over its daily limit");
    Err(ApiError::RateLimited {
        retry_after_secs: u64::try_from(wait).unwrap_or(86_400),
    })
}

/// The next number in `year`'s sequence. Inside the intake transaction the
/// counter row stays locked until commit, so numbers are never handed out
/// twice and a rolled-back intake gives its number back.
async fn next_case_number(txn: &impl ConnectionTrait, year: i32) -> ApiResult<CaseNumber> {
    case_counter::Entity::insert(case_counter::ActiveModel {
        year: Set(year),
        last_number: Set(0),
    })
    .on_conflict(
        OnConflict::column(case_counter::Column::Year)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    let rows = case_counter::Entity::update_many()
        .col_expr(
            case_counter::Column::LastNumber,
            Expr::col(case_counter::Column::LastNumber).add(1),
        )
        .filter(case_counter::Column::Year.eq(year))
        .exec_with_returning(txn)
        .await?;
    let last = rows
        .first()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("case counter for {year} vanished")))?;
    Ok(CaseNumber::new(year, last.last_number))
}

/// A report whose every field has been checked and normalised.
struct ValidReport<'g> {
    kind: CaseKind,
    child_name: String,
    child_other_names: Vec<String>,
    child_sex: Sex,
    child_date_of_birth: Option<NaiveDate>,
    child_age_years: i32,
    child_height_cm: Option<i32>,
    child_languages: Vec<String>,
    child_distinguishing_marks: Option<String>,
    child_clothing: Option<String>,
    child_b_form_number: Option<String>,
    last_seen_place: String,
    district: &'g DistrictRef,
    last_seen_lat: Option<f64>,
    last_seen_lon: Option<f64>,
    last_seen_at: DateTime<Utc>,
    suggested_district_id: Option<String>,
    district_mismatch: bool,
    circumstances: Option<String>,
    reporter_name: String,
    reporter_relation: String,
    reporter_phone: String,
    reporter_cnic: Option<String>,
    publish_consent: bool,
    publish_full_name: bool,
    reporter_language: Language,
}

fn validate(
    state: &AppState,
    input: ReportCaseInput,
    now: DateTime<Utc>,
) -> ApiResult<ValidReport<'_>> {
    let today = state.clock.today_in_pakistan();
    let ReportCaseInput {
        kind,
        child,
        last_seen,
        circumstances,
        reporter,
    } = input;

    let age = resolve_age(child.date_of_birth, child.age_years, today)
        .map_err(|err| ApiError::bad_input(err.field, err.message))?;
    if let Some(height) = child.height_cm
        && !(30..=220).contains(&height)
    {
        return Err(ApiError::bad_input(
            "child.heightCm",
            "height must be from 30 to 220 cm",
        ));
    }
    let b_form = child
        .b_form_number
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(BFormNumber::parse)
        .transpose()
        .map_err(|msg| {
            ApiError::bad_input("child.bFormNumber", format!("the B-form number {msg}"))
        })?;

    let district = state
        .geo
        .district(last_seen.district_id.trim())
        .ok_or_else(|| ApiError::bad_input("lastSeen.districtId", "no such district"))?;
    if last_seen.at > now + Duration::minutes(5) {
        return Err(ApiError::bad_input(
            "lastSeen.at",
            "the time last seen is in the future",
        ));
    }
    let earliest = child
        .date_of_birth
        .and_then(|born| born.and_hms_opt(0, 0, 0))
        .map(|born| born.and_utc())
        .unwrap_or(now - Duration::days(366 * 18));
    if last_seen.at < earliest {
        return Err(ApiError::bad_input(
            "lastSeen.at",
            "the time last seen is before the child was born",
        ));
    }
    let (lat, lon, suggested) = match (last_seen.latitude, last_seen.longitude) {
        (None, None) => (None, None, None),
        (Some(lat), Some(lon)) => {
            let point = state
                .geo
                .point_in_pakistan(lat, lon)
                .map_err(|err| ApiError::bad_input("lastSeen.latitude", err.message()))?;
            let nearest = state.geo.nearest_district(point).map(|d| d.id.clone());
            (Some(lat), Some(lon), nearest)
        }
        _ => {
            return Err(ApiError::bad_input(
                "lastSeen.longitude",
                "give both latitude and longitude, or neither",
            ));
        }
    };
    let mismatch = suggested.as_deref().is_some_and(|s| s != district.id);

    let phone = PhoneNumber::parse(&reporter.phone)
        .map_err(|msg| ApiError::bad_input("reporter.phone", msg))?;
    let cnic = reporter
        .cnic
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(Cnic::parse)
        .transpose()
        .map_err(|msg| ApiError::bad_input("reporter.cnic", format!("the CNIC {msg}")))?;

    Ok(ValidReport {
        kind,
        child_name: text::required("child.name", &child.name, 100)?,
        child_other_names: text::list("child.otherNames", child.other_names.as_deref(), 10, 100)?,
        child_sex: child.sex,
        child_date_of_birth: child.date_of_birth,
        child_age_years: age,
        child_height_cm: child.height_cm,
        child_languages: text::list("child.languages", child.languages.as_deref(), 10, 40)?,
        child_distinguishing_marks: text::optional(
            "child.distinguishingMarks",
            child.distinguishing_marks.as_deref(),
            1000,
        )?,
        child_clothing: text::optional("child.clothing", child.clothing.as_deref(), 1000)?,
        child_b_form_number: b_form.map(|b| b.as_str().to_owned()),
        last_seen_place: text::required("lastSeen.place", &last_seen.place, 500)?,
        district,
        last_seen_lat: lat,
        last_seen_lon: lon,
        last_seen_at: last_seen.at,
        suggested_district_id: suggested,
        district_mismatch: mismatch,
        circumstances: text::optional("circumstances", circumstances.as_deref(), 4000)?,
        reporter_name: text::required("reporter.name", &reporter.name, 100)?,
        reporter_relation: text::required("reporter.relation", &reporter.relation, 60)?,
        reporter_phone: phone.as_str().to_owned(),
        reporter_cnic: cnic.map(|c| c.as_str().to_owned()),
        publish_consent: reporter.consent_to_publish,
        publish_full_name: reporter.consent_to_publish && reporter.consent_to_publish_full_name,
        reporter_language: reporter.language.unwrap_or(Language::Urdu),
    })
}
