//! The monthly public figures, open to anyone without signing in: counts
//! for the country and its provinces with no personal data, and small
//! counts suppressed (`ZA_PUBLIC_MIN_COUNT`).

use async_graphql::{Context, Object, SimpleObject};
use entities::CaseKind;

use super::parts;
use crate::{
    error::{ApiError, ApiResult},
    oversight::{
        period::Month,
        public::{self, PublicCount},
    },
};

/// A count as published: `value` is null when the count is too small to
/// show, and `display` then reads e.g. `<5`.
#[derive(SimpleObject)]
pub struct PublishedCount {
    pub value: Option<u64>,
    pub display: String,
}

impl From<PublicCount> for PublishedCount {
    fn from(count: PublicCount) -> Self {
        Self {
            value: count.value,
            display: count.display,
        }
    }
}

#[derive(SimpleObject)]
pub struct PublicProvince {
    pub province_id: String,
    pub name: String,
    pub cases: PublishedCount,
    pub recovered: PublishedCount,
}

#[derive(SimpleObject)]
pub struct PublicKind {
    pub kind: CaseKind,
    pub cases: PublishedCount,
}

#[derive(SimpleObject)]
pub struct PublicStatistics {
    /// `YYYY-MM`, in Pakistan time.
    pub month: String,
    /// Counts from 1 to one less than this are shown only as `<threshold`.
    pub threshold: u32,
    pub cases: PublishedCount,
    pub recovered: PublishedCount,
    pub by_province: Vec<PublicProvince>,
    pub by_kind: Vec<PublicKind>,
    /// Null unless at least `threshold` cases of the month had an FIR.
    pub median_hours_to_fir: Option<f64>,
}

#[derive(Default)]
pub struct PublicStatisticsQuery;

#[Object]
impl PublicStatisticsQuery {
    /// The public figures of one month (`YYYY-MM`) for the whole country.
    async fn public_statistics(
        &self,
        ctx: &Context<'_>,
        month: String,
    ) -> ApiResult<PublicStatistics> {
        let (state, _) = parts(ctx)?;
        // TODO: cache past months' figures; every anonymous request runs the month's queries now.
        let month = Month::parse(&month)
            .ok_or_else(|| ApiError::bad_input("month", "give a month as YYYY-MM"))?;
        let threshold = state.config.public_min_count;
        let provinces = state.geo.provinces().iter().map(|p| p.id.clone());
        let figures = public::figures(&state.db, month, threshold, provinces).await?;
        Ok(PublicStatistics {
            month: figures.month.to_string(),
            threshold,
            cases: figures.cases.into(),
            recovered: figures.recovered.into(),
            by_province: figures
                .by_province
                .into_iter()
                .map(|(id, (cases, recovered))| PublicProvince {
                    name: state
                        .geo
                        .province(&id)
                        .map(|p| p.name.clone())
                        .unwrap_or_default(),
                    province_id: id,
                    cases: cases.into(),
                    recovered: recovered.into(),
                })
                .collect(),
            by_kind: figures
                .by_kind
                .into_iter()
                .map(|(kind, cases)| PublicKind {
                    kind,
                    cases: cases.into(),
                })
                .collect(),
            median_hours_to_fir: figures.median_hours_to_fir,
        })
    }
}
