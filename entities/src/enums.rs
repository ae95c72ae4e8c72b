//! Value types stored as short strings and shown in the GraphQL schema.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a user is, which decides what they may see and do.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[graphql(name = "Role")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserRole {
    /// A member of the public with an account (app or Citizen's Portal).
    #[sea_orm(string_value = "citizen")]
    Citizen,
    /// Staff at a government office or the 1099 helpline filing on a citizen's behalf.
    #[sea_orm(string_value = "facilitation_officer")]
    FacilitationOfficer,
    /// The District Police Officer and their staff, scoped to one district.
    #[sea_orm(string_value = "district_police")]
    DistrictPolice,
    /// The Regional Police Officer and staff, scoped to one region.
    #[sea_orm(string_value = "regional_police")]
    RegionalPolice,
    /// Inspector General, Home Secretary, Chief Minister's office: one province.
    #[sea_orm(string_value = "provincial_oversight")]
    ProvincialOversight,
    /// ZARRA's Director General and analysts: the whole country.
    #[sea_orm(string_value = "ministry")]
    Ministry,
    /// Manages accounts; sees no case.
    #[sea_orm(string_value = "system_admin")]
    SystemAdmin,
    /// A system that integrates over GraphQL, such as the Citizen's Portal.
    #[sea_orm(string_value = "integration")]
    Integration,
    /// Staff of a shelter, an Edhi centre or a hospital holding found
    /// children, scoped to one district.
    #[sea_orm(string_value = "child_protection")]
    ChildProtection,
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseKind {
    #[sea_orm(string_value = "missing_child")]
    MissingChild,
    #[sea_orm(string_value = "abduction")]
    Abduction,
    /// Never published.
    #[sea_orm(string_value = "child_abuse")]
    ChildAbuse,
}

/// Where a case stands in its lifecycle.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseStatus {
    #[sea_orm(string_value = "reported")]
    Reported,
    #[sea_orm(string_value = "acknowledged")]
    Acknowledged,
    #[sea_orm(string_value = "reporter_contacted")]
    ReporterContacted,
    #[sea_orm(string_value = "fir_registered")]
    FirRegistered,
    #[sea_orm(string_value = "under_investigation")]
    UnderInvestigation,
    #[sea_orm(string_value = "recovered")]
    Recovered,
    #[sea_orm(string_value = "found_deceased")]
    FoundDeceased,
    #[sea_orm(string_value = "closed")]
    Closed,
}

impl CaseStatus {
    /// Whether the case has reached an outcome (it can still be reopened).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Recovered | Self::FoundDeceased | Self::Closed)
    }
}

/// Why a case was closed without an outcome for the child.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClosureReason {
    #[sea_orm(string_value = "duplicate")]
    Duplicate,
    #[sea_orm(string_value = "false_report")]
    FalseReport,
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Sex {
    #[sea_orm(string_value = "female")]
    Female,
    #[sea_orm(string_value = "male")]
    Male,
    #[sea_orm(string_value = "other")]
    Other,
    #[sea_orm(string_value = "unknown")]
    Unknown,
}

/// How a report reached the platform.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FilingChannel {
    /// A citizen in the app or on the web.
    #[sea_orm(string_value = "app")]
    App,
    /// The Pakistan Citizen's Portal on a citizen's behalf.
    #[sea_orm(string_value = "portal")]
    Portal,
    /// A facilitation officer at a government office or the helpline.
    #[sea_orm(string_value = "assisted")]
    Assisted,
    /// An SMS, completed into a case by a facilitation officer who called back.
    #[sea_orm(string_value = "sms")]
    Sms,
}

/// What a timeline entry records.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseEventKind {
    #[sea_orm(string_value = "filed")]
    Filed,
    #[sea_orm(string_value = "status_changed")]
    StatusChanged,
    #[sea_orm(string_value = "note")]
    Note,
    #[sea_orm(string_value = "transferred")]
    Transferred,
    #[sea_orm(string_value = "reopened")]
    Reopened,
    /// A missed deadline climbed a rung of the chain of command.
    #[sea_orm(string_value = "escalated")]
    Escalated,
    #[sea_orm(string_value = "photo_added")]
    PhotoAdded,
    #[sea_orm(string_value = "photo_removed")]
    PhotoRemoved,
    /// Police put the case on the public register.
    #[sea_orm(string_value = "published")]
    Published,
    /// Police took the case off the public register.
    #[sea_orm(string_value = "unpublished")]
    Unpublished,
    /// Someone reported seeing the child.
    #[sea_orm(string_value = "sighting")]
    Sighting,
    /// Police judged a sighting.
    #[sea_orm(string_value = "sighting_judged")]
    SightingAssessed,
    /// The face worker proposed a found child or a sighting as a match.
    #[sea_orm(string_value = "match_proposed")]
    MatchProposed,
    /// Police confirmed, rejected or were unsure of a proposed match.
    #[sea_orm(string_value = "match_decided")]
    MatchDecided,
    /// Police merged two reports of one child.
    #[sea_orm(string_value = "merged")]
    Merged,
    /// Police undid a merge.
    #[sea_orm(string_value = "unmerged")]
    Unmerged,
}

/// A list of short texts kept as one JSON column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct TextList(pub Vec<String>);

/// Which side of a match a photo is on.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FaceSide {
    /// A photo of a missing child, on their case.
    #[sea_orm(string_value = "missing")]
    Missing,
    /// A photo of a found or unidentified child, on their record.
    #[sea_orm(string_value = "found")]
    Found,
    /// A photo sent with a sighting of a child on the register.
    #[sea_orm(string_value = "sighting")]
    Sighting,
}

/// What the face worker made of a photo.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FaceStatus {
    /// Waiting for a worker, or being worked on.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// One face, embedded and searchable.
    #[sea_orm(string_value = "one_face")]
    OneFace,
    /// No face found.
    #[sea_orm(string_value = "no_face")]
    NoFace,
    /// More than one face; each is embedded, the uploader should say which.
    #[sea_orm(string_value = "several_faces")]
    SeveralFaces,
    /// Faces found, but all too small to compare reliably.
    #[sea_orm(string_value = "face_too_small")]
    FaceTooSmall,
    /// The worker gave up after repeated failures; the reason is recorded.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Where a proposed match stands.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LeadStatus {
    /// Waiting for the police of the case.
    #[sea_orm(string_value = "open")]
    Open,
    /// The same child: the records are linked.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Not the same child; the pair is never proposed again.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Looked at, not yet decided.
    #[sea_orm(string_value = "unsure")]
    Unsure,
}
