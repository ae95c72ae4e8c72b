//! `/exports/statistics.csv`: one row per district of the caller's scope
//! with cases in the period, with recoveries, missed deadlines and cases
//! per 100,000 children. Small enough to build whole.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::{ConnectInfo, Query, State, rejection::QueryRejection},
    http::HeaderMap,
    response::Response,
};
use entities::CaseStatus;

use super::{ExportQuery, Http, begin, download, refuse};
use crate::oversight::{breaches, counts, export::csv_line, population::per_100k};

const HEADER: [&str; 7] = [
    "province_id",
    "district_id",
    "district",
    "cases",
    "recovered",
    "missed_deadlines",
    "cases_per_100k_children",
];

pub(super) async fn csv(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Response {
    let (scope, filter) = match begin(&http, peer, &headers, query, "statistics.csv").await {
        Ok(parts) => parts,
        Err(refusal) => return refusal,
    };
    let state = &http.state;
    let groups = match counts::groups(&state.db, &scope, &filter).await {
        Ok(groups) => groups,
        Err(err) => return refuse(err.into()),
    };
    let missed = match breaches::breaches(&state.db, &scope, &filter).await {
        Ok(found) => found.by_district,
        Err(err) => return refuse(err.into()),
    };
    let cases = counts::sum_by(&groups, |g| g.district_id.clone());
    let recovered = counts::sum_by(&groups, |g| {
        (g.district_id.clone(), g.status == CaseStatus::Recovered)
    });

    let mut districts: Vec<&String> = cases.keys().chain(missed.keys()).collect();
    districts.sort();
    districts.dedup();
    let mut text = csv_line(&HEADER);
    for id in districts {
        let district = state.geo.district(id);
        let n = cases.get(id).copied().unwrap_or(0);
        let children = state.child_population.as_ref().and_then(|p| p.of(id));
        text.push_str(&csv_line(&[
            district.map(|d| d.province_id.clone()).unwrap_or_default(),
            id.clone(),
            district.map(|d| d.name.clone()).unwrap_or_default(),
            n.to_string(),
            recovered
                .get(&(id.clone(), true))
                .copied()
                .unwrap_or(0)
                .to_string(),
            missed.get(id).copied().unwrap_or(0).to_string(),
            per_100k(n, children)
                .map(|rate| format!("{rate:.2}"))
                .unwrap_or_default(),
        ]));
    }
    let name = format!("statistics-{}-{}.csv", filter.period.from, filter.period.to);
    download(Body::from(text), "text/csv; charset=utf-8", &name)
}
