//! Missed deadlines over a period, by the district responsible when each
//! deadline passed, by the responsible officer's office and by officer.
//! A breach falls in the period in which its deadline was due.

use std::collections::{BTreeMap, HashMap};

use entities::{DeadlineKind, case, deadline_breach as breach, user};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{Filter, counts::counted};
use crate::domain::scope::CaseScope;

#[derive(Debug, Clone, FromQueryResult)]
struct Group {
    district_id: String,
    kind: DeadlineKind,
    responsible_user_id: Option<Uuid>,
    breaches: i64,
}

/// An officer with missed deadlines.
#[derive(Debug, Clone, PartialEq)]
pub struct Officer {
    pub user_id: Uuid,
    pub name: String,
    pub office: Option<String>,
    pub breaches: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breaches {
    pub total: u64,
    pub by_district: BTreeMap<String, u64>,
    pub by_kind: Vec<(DeadlineKind, u64)>,
    /// Keyed by the officer's office; `None` for deadlines missed before
    /// any officer took the case, or by officers without an office.
    pub by_office: BTreeMap<Option<String>, u64>,
    /// Most breaches first.
    pub by_officer: Vec<Officer>,
}

/// The breach table's own record of responsibility, scoped like cases.
fn scope_condition(scope: &CaseScope) -> Condition {
    let only = |expr| Condition::all().add(expr);
    match scope {
        CaseScope::All => Condition::all(),
        CaseScope::Province(id) => only(breach::Column::ProvinceId.eq(id.as_str())),
        CaseScope::Region(id) => only(breach::Column::RegionId.eq(id.as_str())),
        CaseScope::District(id) => only(breach::Column::DistrictId.eq(id.as_str())),
        // Oversight never serves these scopes; match no row to stay safe.
        CaseScope::ReportedBy(_) | CaseScope::FiledBy(_) | CaseScope::Nothing => {
            only(breach::Column::Id.is_null())
        }
    }
}

fn filter_condition(filter: &Filter) -> Condition {
    let mut cond = Condition::all()
        .add(breach::Column::DueAt.gte(filter.period.start()))
        .add(breach::Column::DueAt.lt(filter.period.end()));
    if let Some(id) = &filter.province_id {
        cond = cond.add(breach::Column::ProvinceId.eq(id.as_str()));
    }
    if let Some(id) = &filter.district_id {
        cond = cond.add(breach::Column::DistrictId.eq(id.as_str()));
    }
    if let Some(kinds) = &filter.kinds {
        let of_kinds = case::Entity::find()
            .select_only()
            .column(case::Column::Id)
            .filter(case::Column::Kind.is_in(kinds.iter().copied()))
            .into_query();
        cond = cond.add(breach::Column::CaseId.in_subquery(of_kinds));
    }
    cond
}

pub async fn breaches(
    db: &impl ConnectionTrait,
    scope: &CaseScope,
    filter: &Filter,
) -> Result<Breaches, DbErr> {
    let groups = breach::Entity::find()
        .select_only()
        .column(breach::Column::DistrictId)
        .column(breach::Column::Kind)
        .column(breach::Column::ResponsibleUserId)
        .column_as(Expr::col(breach::Column::Id).count(), "breaches")
        .filter(scope_condition(scope))
        .filter(filter_condition(filter))
        .group_by(breach::Column::DistrictId)
        .group_by(breach::Column::Kind)
        .group_by(breach::Column::ResponsibleUserId)
        .into_model::<Group>()
        .all(db)
        .await?;

    let mut result = Breaches::default();
    let mut by_kind: HashMap<DeadlineKind, u64> = HashMap::new();
    let mut by_user: HashMap<Option<Uuid>, u64> = HashMap::new();
    for group in &groups {
        let n = counted(group.breaches);
        result.total += n;
        *result
            .by_district
            .entry(group.district_id.clone())
            .or_default() += n;
        *by_kind.entry(group.kind).or_default() += n;
        *by_user.entry(group.responsible_user_id).or_default() += n;
    }
    result.by_kind = by_kind.into_iter().collect();
    result.by_kind.sort_by_key(|(kind, _)| *kind as u8);

    let ids: Vec<Uuid> = by_user.keys().flatten().copied().collect();
    let officers = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    for officer in officers {
        let breaches = by_user.get(&Some(officer.id)).copied().unwrap_or(0);
        *result.by_office.entry(officer.office.clone()).or_default() += breaches;
        result.by_officer.push(Officer {
            user_id: officer.id,
            name: officer.display_name,
            office: officer.office,
            breaches,
        });
    }
    if let Some(&unassigned) = by_user.get(&None) {
        *result.by_office.entry(None).or_default() += unassigned;
    }
    result
        .by_officer
        .sort_by(|a, b| b.breaches.cmp(&a.breaches).then(a.name.cmp(&b.name)));
    Ok(result)
}
