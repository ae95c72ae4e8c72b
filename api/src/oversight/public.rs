//! The monthly public figures: counts over the whole country with no
//! personal data, and every count small enough to point at a child shown
//! only as "fewer than" the threshold.

use std::collections::BTreeMap;

use entities::{CaseKind, CaseStatus};
use sea_orm::{DatabaseConnection, DbErr};

use super::{
    Filter,
    counts::{self, counted},
    period::{Month, Period},
    timings::{self, Milestone},
};
use crate::domain::scope::CaseScope;

/// A count as the public sees it: the number when it is zero or at least
/// the threshold, otherwise only `<threshold`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicCount {
    pub value: Option<u64>,
    pub display: String,
}

pub fn suppress(count: u64, threshold: u32) -> PublicCount {
    if count == 0 || count >= u64::from(threshold) {
        PublicCount {
            value: Some(count),
            display: count.to_string(),
        }
    } else {
        PublicCount {
            value: None,
            display: format!("<{threshold}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PublicFigures {
    pub month: Month,
    pub cases: PublicCount,
    pub recovered: PublicCount,
    /// Keyed by province id.
    pub by_province: BTreeMap<String, (PublicCount, PublicCount)>,
    pub by_kind: Vec<(CaseKind, PublicCount)>,
    /// `None` unless at least the threshold of cases had an FIR registered.
    pub median_hours_to_fir: Option<f64>,
}

/// The figures of `month` for everyone.
pub async fn figures(
    db: &DatabaseConnection,
    month: Month,
    threshold: u32,
    provinces: impl IntoIterator<Item = String>,
) -> Result<PublicFigures, DbErr> {
    let filter = Filter {
        period: Period::month(month),
        province_id: None,
        district_id: None,
        kinds: None,
    };
    let groups = counts::groups(db, &CaseScope::All, &filter).await?;
    let recovered = |g: &counts::Group| g.status == CaseStatus::Recovered;
    let total: u64 = groups.iter().map(|g| counted(g.cases)).sum();
    let total_recovered: u64 = groups
        .iter()
        .filter(|g| recovered(g))
        .map(|g| counted(g.cases))
        .sum();

    let mut by_province: BTreeMap<String, (u64, u64)> =
        provinces.into_iter().map(|id| (id, (0, 0))).collect();
    for group in &groups {
        let entry = by_province.entry(group.province_id.clone()).or_default();
        entry.0 += counted(group.cases);
        if recovered(group) {
            entry.1 += counted(group.cases);
        }
    }
    let by_kind = counts::sum_by(&groups, |g| g.kind as u8);
    let kinds = [
        CaseKind::MissingChild,
        CaseKind::Abduction,
        CaseKind::ChildAbuse,
    ];

    let to_fir = timings::durations(db, &CaseScope::All, &filter)
        .await?
        .into_iter()
        .find(|d| d.milestone == Milestone::FirRegistered);
    let median_hours_to_fir = to_fir
        .filter(|d| d.seconds.len() >= threshold as usize)
        .and_then(|d| d.percentile(50.0))
        .map(|s| s as f64 / 3600.0);

    Ok(PublicFigures {
        month,
        cases: suppress(total, threshold),
        recovered: suppress(total_recovered, threshold),
        by_province: by_province
            .into_iter()
            .map(|(id, (cases, rec))| (id, (suppress(cases, threshold), suppress(rec, threshold))))
            .collect(),
        by_kind: kinds
            .into_iter()
            .map(|k| {
                let n = by_kind.get(&(k as u8)).copied().unwrap_or(0);
                (k, suppress(n, threshold))
            })
            .collect(),
        median_hours_to_fir,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_read_fewer_than_the_threshold() {
        assert_eq!(suppress(0, 5).display, "0");
        for n in 1..5 {
            assert_eq!(
                suppress(n, 5),
                PublicCount {
                    value: None,
                    display: "<5".into()
                }
            );
        }
        assert_eq!(suppress(5, 5).value, Some(5));
        assert_eq!(suppress(3, 3).display, "3");
    }
}
