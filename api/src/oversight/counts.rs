//! Counting cases: by district, status and kind over a period, by district
//! and month, and the districts whose counts rise against their own past.

use std::collections::BTreeMap;

use entities::{CaseKind, CaseStatus, case};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{CaseStatement, Expr, ExprTrait},
};

use super::{Filter, period::Month};
use crate::domain::scope::CaseScope;

/// The number of cases of one district, status and kind.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Group {
    pub district_id: String,
    pub province_id: String,
    pub status: CaseStatus,
    pub kind: CaseKind,
    pub cases: i64,
}

/// One grouped query over the period: every other count sums these rows.
pub async fn groups(
    db: &impl ConnectionTrait,
    scope: &CaseScope,
    filter: &Filter,
) -> Result<Vec<Group>, DbErr> {
    case::Entity::find()
        .select_only()
        .column(case::Column::DistrictId)
        .column(case::Column::ProvinceId)
        .column(case::Column::Status)
        .column(case::Column::Kind)
        .column_as(Expr::col(case::Column::Id).count(), "cases")
        .filter(scope.condition())
        .filter(filter.condition())
        .group_by(case::Column::DistrictId)
        .group_by(case::Column::ProvinceId)
        .group_by(case::Column::Status)
        .group_by(case::Column::Kind)
        .into_model::<Group>()
        .all(db)
        .await
}

/// A `COUNT(*)` as an unsigned number.
pub fn counted(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}

/// Sums `groups` by `key`, in key order.
pub fn sum_by<K: Ord>(groups: &[Group], key: impl Fn(&Group) -> K) -> BTreeMap<K, u64> {
    let mut sums = BTreeMap::new();
    for group in groups {
        *sums.entry(key(group)).or_insert(0) += counted(group.cases);
    }
    sums
}

#[derive(Debug, Clone, FromQueryResult)]
struct MonthCount {
    district_id: String,
    bucket: i32,
    cases: i64,
}

/// Cases per month of the period and district, in one pass: each case is
/// put in its month by a `CASE` over the month boundaries, which both
/// databases run alike.
pub async fn monthly(
    db: &impl ConnectionTrait,
    scope: &CaseScope,
    filter: &Filter,
) -> Result<Vec<(Month, BTreeMap<String, u64>)>, DbErr> {
    let months = filter.period.months();
    let bucket: Expr = months
        .iter()
        .enumerate()
        .fold(CaseStatement::new(), |bucket, (i, month)| {
            let before_next = case::Column::ReportedAt.lt(month.next().start());
            bucket.case(before_next, Expr::cust(i.to_string()))
        })
        .finally(Expr::cust("-1"))
        .into();
    let rows = case::Entity::find()
        .select_only()
        .column(case::Column::DistrictId)
        .column_as(bucket, "bucket")
        .column_as(Expr::col(case::Column::Id).count(), "cases")
        .filter(scope.condition())
        .filter(filter.condition())
        .group_by(case::Column::DistrictId)
        .group_by(Expr::col("bucket"))
        .into_model::<MonthCount>()
        .all(db)
        .await?;

    let mut counts: Vec<(Month, BTreeMap<String, u64>)> =
        months.into_iter().map(|m| (m, BTreeMap::new())).collect();
    for row in rows {
        if let Some((_, districts)) = usize::try_from(row.bucket)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *districts.entry(row.district_id).or_default() += counted(row.cases);
        }
    }
    Ok(counts)
}

/// A hot spot needs at least this many cases in its last month...
pub const HOT_SPOT_MIN_CASES: u64 = 3;
/// ...and at least this many times its mean over the months before.
pub const HOT_SPOT_RATIO: f64 = 2.0;

#[derive(Debug, Clone, PartialEq)]
pub struct HotSpot {
    pub district_id: String,
    pub month: Month,
    pub cases: u64,
    /// The district's mean per month over the earlier months of the period.
    pub baseline: f64,
}

/// The districts whose count in the last month of the period is at least
/// [`HOT_SPOT_MIN_CASES`] and [`HOT_SPOT_RATIO`] times their own mean over
/// the earlier months; steepest rise first. A period of one month has none.
pub fn hot_spots(monthly: &[(Month, BTreeMap<String, u64>)]) -> Vec<HotSpot> {
    let Some(((month, last), earlier)) = monthly.split_last() else {
        return Vec::new();
    };
    if earlier.is_empty() {
        return Vec::new();
    }
    let mut spots: Vec<HotSpot> = last
        .iter()
        .filter_map(|(district, &cases)| {
            let before: u64 = earlier.iter().filter_map(|(_, m)| m.get(district)).sum();
            let baseline = before as f64 / earlier.len() as f64;
            (cases >= HOT_SPOT_MIN_CASES && cases as f64 >= HOT_SPOT_RATIO * baseline).then(|| {
                HotSpot {
                    district_id: district.clone(),
                    month: *month,
                    cases,
                    baseline,
                }
            })
        })
        .collect();
    spots.sort_by(|a, b| {
        let rise = |s: &HotSpot| s.cases as f64 - s.baseline;
        rise(b)
            .total_cmp(&rise(a))
            .then(a.district_id.cmp(&b.district_id))
    });
    spots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap_or_else(|| Month::of(chrono::DateTime::UNIX_EPOCH))
    }

    #[test]
    fn a_district_is_hot_when_its_last_month_doubles_its_mean() {
        let counts = |pairs: &[(&str, u64)]| {
            pairs
                .iter()
                .map(|(d, n)| ((*d).to_owned(), *n))
                .collect::<BTreeMap<_, _>>()
        };
        let monthly = vec![
            (month("2026-01"), counts(&[("a", 2), ("b", 5), ("c", 0)])),
            (month("2026-02"), counts(&[("a", 2), ("b", 5)])),
            (month("2026-03"), counts(&[("a", 4), ("b", 9), ("c", 2)])),
        ];
        let spots = hot_spots(&monthly);
        let ids: Vec<&str> = spots.iter().map(|s| s.district_id.as_str()).collect();
        // b rose 9 against 5 (less than double); c has too few cases.
        assert_eq!(ids, ["a"]);
        assert_eq!(spots[0].baseline, 2.0);
        assert!(hot_spots(&monthly[..1]).is_empty());
    }
}
