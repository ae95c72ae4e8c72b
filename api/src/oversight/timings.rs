//! How long cases took from report to each milestone: acknowledgement,
//! contact with the reporter, FIR and recovery, derived from the first
//! status change into that status on each case's timeline.

use async_graphql::Enum;
use chrono::{DateTime, Utc};
use entities::{CaseEventKind, CaseStatus, case, case_event};
use futures_util::TryStreamExt;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::Filter;
use crate::domain::scope::CaseScope;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Milestone {
    Acknowledged,
    ReporterContacted,
    FirRegistered,
    Recovered,
}

impl Milestone {
    pub const ALL: [Self; 4] = [
        Self::Acknowledged,
        Self::ReporterContacted,
        Self::FirRegistered,
        Self::Recovered,
    ];

    pub fn status(self) -> CaseStatus {
        match self {
            Self::Acknowledged => CaseStatus::Acknowledged,
            Self::ReporterContacted => CaseStatus::ReporterContacted,
            Self::FirRegistered => CaseStatus::FirRegistered,
            Self::Recovered => CaseStatus::Recovered,
        }
    }

    fn of(status: CaseStatus) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.status() == status)
    }
}

/// The times, in seconds, the cases of the period took to one milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Durations {
    pub milestone: Milestone,
    /// Sorted, shortest first.
    pub seconds: Vec<i64>,
}

impl Durations {
    /// The `p`-th percentile (0 < p <= 100) by the nearest-rank method:
    /// the smallest time at least `p` percent of the cases took no longer
    /// than. `None` when no case reached the milestone.
    pub fn percentile(&self, p: f64) -> Option<i64> {
        let n = self.seconds.len();
        if n == 0 {
            return None;
        }
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        self.seconds.get(rank.clamp(1, n) - 1).copied()
    }
}

#[derive(Debug, FromQueryResult)]
struct Reached {
    reported_at: DateTime<Utc>,
    to_status: CaseStatus,
    at: DateTime<Utc>,
}

fn case_of_event() -> sea_orm::RelationDef {
    case_event::Entity::belongs_to(case::Entity)
        .from(case_event::Column::CaseId)
        .to(case::Column::Id)
        .into()
}

/// The durations to every milestone for the cases reported in the period,
/// streamed from the database so that only the numbers are kept.
pub async fn durations(
    db: &DatabaseConnection,
    scope: &CaseScope,
    filter: &Filter,
) -> Result<Vec<Durations>, DbErr> {
    let statuses = Milestone::ALL.map(Milestone::status);
    let mut rows = case_event::Entity::find()
        .select_only()
        .column(case::Column::ReportedAt)
        .column(case_event::Column::ToStatus)
        .column_as(Expr::col(case_event::Column::CreatedAt).min(), "at")
        .join(JoinType::InnerJoin, case_of_event())
        .filter(scope.condition())
        .filter(filter.condition())
        .filter(case_event::Column::Kind.eq(CaseEventKind::StatusChanged))
        .filter(case_event::Column::ToStatus.is_in(statuses))
        .group_by(case_event::Column::CaseId)
        .group_by(case::Column::ReportedAt)
        .group_by(case_event::Column::ToStatus)
        .into_model::<Reached>()
        .stream(db)
        .await?;

    let mut all = Milestone::ALL.map(|milestone| Durations {
        milestone,
        seconds: Vec::new(),
    });
    while let Some(row) = rows.try_next().await? {
        if let Some(milestone) = Milestone::of(row.to_status) {
            let seconds = std::cmp::max((row.at - row.reported_at).num_seconds(), 0);
            all[milestone as usize].seconds.push(seconds);
        }
    }
    for durations in &mut all {
        durations.seconds.sort_unstable();
    }
    Ok(all.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let d = Durations {
            milestone: Milestone::FirRegistered,
            seconds: vec![10, 20, 30, 40],
        };
        assert_eq!(d.percentile(50.0), Some(20));
        assert_eq!(d.percentile(90.0), Some(40));
        assert_eq!(d.percentile(25.0), Some(10));
        let none = Durations {
            seconds: vec![],
            ..d
        };
        assert_eq!(none.percentile(50.0), None);
    }
}
