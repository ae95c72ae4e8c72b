//! A report of a missing, abducted or abused child, and everything the
//! police record on it.

use sea_orm::entity::prelude::*;

use crate::{CaseKind, CaseStatus, ClosureReason, FilingChannel, Language, Sex, TextList};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    /// A UUIDv7: ordering by id is ordering by filing time.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `ZA-2026-000123`: what people read aloud and text.
    #[sea_orm(unique)]
    pub case_number: String,
    /// Argon2 hash of the code a reporter without an account tracks the case with.
    pub tracking_code_hash: String,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub closure_reason: Option<ClosureReason>,

    pub child_name: String,
    pub child_other_names: TextList,
    pub child_sex: Sex,
    pub child_date_of_birth: Option<Date>,
    /// Age in years when reported; derived from the date of birth when given.
    pub child_age_years: i32,
    pub child_height_cm: Option<i32>,
    pub child_languages: TextList,
    pub child_distinguishing_marks: Option<String>,
    pub child_clothing: Option<String>,
    pub child_b_form_number: Option<String>,

    pub last_seen_place: String,
    pub last_seen_district_id: String,
    pub last_seen_lat: Option<f64>,
    pub last_seen_lon: Option<f64>,
    pub last_seen_at: DateTimeUtc,
    /// The district whose headquarters is nearest to the coordinates given.
    pub suggested_district_id: Option<String>,
    /// The coordinates point to another district than the one given.
    pub district_mismatch: bool,
    pub circumstances: Option<String>,

    pub reporter_name: String,
    pub reporter_relation: String,
    pub reporter_phone: String,
    pub reporter_cnic: Option<String>,
    pub publish_consent: bool,
    /// The citizen account that reported, when there is one.
    pub reporter_user_id: Option<Uuid>,

    pub channel: FilingChannel,
    pub filed_by_user_id: Option<Uuid>,
    pub filed_at_office: Option<String>,

    /// The district, region and province responsible now; they change on transfer.
    pub district_id: String,
    pub region_id: String,
    pub province_id: String,

    /// The officer who acknowledged the case and handles it.
    pub handling_officer_id: Option<Uuid>,
    /// The language of the reporter's SMS.
    pub reporter_language: Language,

    pub fir_number: Option<String>,
    pub fir_police_station: Option<String>,
    pub fir_date: Option<Date>,

    /// When police put the case on the public register; `None` while it is not there.
    pub published_at: Option<DateTimeUtc>,
    /// The reporter let the register show the child's full name, not only the first.
    pub publish_full_name: bool,
    /// What police wrote for the public when they published the case.
    pub public_description: Option<String>,
    /// When the child was last marked recovered; `None` while not recovered.
    pub recovered_at: Option<DateTimeUtc>,

    pub reported_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
