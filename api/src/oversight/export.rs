//! The rows of a case export, read from the database a page at a time in
//! the order of filing (report time, then id), so that an export of any
//! size holds one page in memory. Each page starts after the key of the
//! last, which both databases find through the index on the report time
//! instead of sorting the whole period again.
//!
//! The columns are what oversight needs to follow cases up and find
//! patterns, and no more: the case number (to open the case, which is
//! audited), its kind and course, the child's age and sex, the places and
//! the times of each milestone. No names, phone numbers, CNICs, B-form
//! numbers, addresses, coordinates or free text leave in an export.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entities::{
    CaseEventKind, CaseKind, CaseStatus, ClosureReason, FilingChannel, Sex, case, case_event,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Filter, timings::Milestone};
use crate::domain::{geo::Geography, scope::CaseScope};

/// Rows read from the database at once.
pub const PAGE: u64 = 1000;

pub const HEADER: [&str; 18] = [
    "case_number",
    "kind",
    "status",
    "closure_reason",
    "child_sex",
    "child_age_years",
    "channel",
    "province_id",
    "region_id",
    "district_id",
    "district",
    "reported_at",
    "acknowledged_at",
    "reporter_contacted_at",
    "fir_registered_at",
    "fir_date",
    "recovered_at",
    "updated_at",
];

#[derive(Debug, Clone, FromQueryResult)]
pub struct CaseRow {
    pub id: Uuid,
    pub case_number: String,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub closure_reason: Option<ClosureReason>,
    pub child_sex: Sex,
    pub child_age_years: i32,
    pub channel: FilingChannel,
    pub province_id: String,
    pub region_id: String,
    pub district_id: String,
    pub fir_date: Option<NaiveDate>,
    pub reported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ExportRow {
    /// Where the page after this row starts.
    pub fn key(&self) -> Key {
        (self.case.reported_at, self.case.id)
    }
}

/// A case row with the first time it reached each milestone.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub case: CaseRow,
    pub reached: [Option<DateTime<Utc>>; 4],
}

#[derive(Debug, FromQueryResult)]
struct Reached {
    case_id: Uuid,
    to_status: CaseStatus,
    created_at: DateTime<Utc>,
}

/// Where a page starts: after this report time and case id.
pub type Key = (DateTime<Utc>, Uuid);

/// The cases after `after` in filing order, with their milestones.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: &CaseScope,
    filter: &Filter,
    after: Option<Key>,
) -> Result<Vec<ExportRow>, DbErr> {
    use case::Column as C;
    let mut query = case::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::CaseNumber,
            C::Kind,
            C::Status,
            C::ClosureReason,
            C::ChildSex,
            C::ChildAgeYears,
            C::Channel,
            C::ProvinceId,
            C::RegionId,
            C::DistrictId,
            C::FirDate,
            C::ReportedAt,
            C::UpdatedAt,
        ])
        .filter(scope.condition())
        .filter(filter.condition());
    if let Some((at, id)) = after {
        let later = Condition::any().add(C::ReportedAt.gt(at)).add(C::Id.gt(id));
        query = query.filter(C::ReportedAt.gte(at)).filter(later);
    }
    let cases = query
        .order_by_asc(C::ReportedAt)
        .order_by_asc(C::Id)
        .limit(PAGE)
        .into_model::<CaseRow>()
        .all(db)
        .await?;
    if cases.is_empty() {
        return Ok(Vec::new());
    }

    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let events = case_event::Entity::find()
        .select_only()
        .columns([
            case_event::Column::CaseId,
            case_event::Column::ToStatus,
            case_event::Column::CreatedAt,
        ])
        .filter(case_event::Column::CaseId.is_in(ids))
        .filter(case_event::Column::Kind.eq(CaseEventKind::StatusChanged))
        .filter(case_event::Column::ToStatus.is_in(Milestone::ALL.map(Milestone::status)))
        .into_model::<Reached>()
        .all(db)
        .await?;
    let mut reached: HashMap<Uuid, [Option<DateTime<Utc>>; 4]> = HashMap::new();
    for event in events {
        let Some(i) = Milestone::ALL
            .iter()
            .position(|m| m.status() == event.to_status)
        else {
            continue;
        };
        let slot = &mut reached.entry(event.case_id).or_default()[i];
        if slot.is_none_or(|at| event.created_at < at) {
            *slot = Some(event.created_at);
        }
    }
    Ok(cases
        .into_iter()
        .map(|case| ExportRow {
            reached: reached.get(&case.id).copied().unwrap_or_default(),
            case,
        })
        .collect())
}

/// The cells of `row`, in [`HEADER`] order.
pub fn cells(row: &ExportRow, geo: &Geography) -> [String; 18] {
    let c = &row.case;
    let time = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let [acknowledged, contacted, fir, recovered] = row.reached;
    [
        c.case_number.clone(),
        enum_name(&c.kind),
        enum_name(&c.status),
        c.closure_reason.as_ref().map(enum_name).unwrap_or_default(),
        enum_name(&c.child_sex),
        c.child_age_years.to_string(),
        enum_name(&c.channel),
        c.province_id.clone(),
        c.region_id.clone(),
        c.district_id.clone(),
        geo.district(&c.district_id)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        c.reported_at.to_rfc3339(),
        time(acknowledged),
        time(contacted),
        time(fir),
        c.fir_date.map(|d| d.to_string()).unwrap_or_default(),
        time(recovered),
        c.updated_at.to_rfc3339(),
    ]
}

/// The value as the schema names it (`MISSING_CHILD`).
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// One CSV line (RFC 4180): fields quoted when they hold a comma, a quote
/// or a line break; a leading `=`, `+`, `-` or `@` is prefixed with `'` so
/// that spreadsheets do not run it as a formula.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let field = field.as_ref();
        let guarded;
        let field = if field.starts_with(['=', '+', '-', '@']) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_guarded() {
        assert_eq!(
            csv_line(&["a", "b,c", "say \"hi\""]),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(csv_line(&["=cmd()", "x"]), "'=cmd(),x\r\n");
    }
}
