//! The monthly report as one HTML page with inline SVG charts: cases over
//! the twelve months to the report's month, missed deadlines by district
//! and the distribution of times to FIR, with the districts' figures.
//!
//! The oversight version covers the reader's scope and shows every count
//! and the officers with missed deadlines; the public version covers the
//! country, names no one, and shows small counts only as `<threshold`
//! (their bars drawn empty, so that lengths reveal nothing either).

mod svg;

use std::fmt::Write;

use entities::CaseStatus;
use sea_orm::DbErr;

use super::{
    Filter, breaches, counts,
    period::{Month, Period},
    public::suppress,
    timings::{self, Milestone},
};
use crate::{domain::scope::CaseScope, state::AppState};
use svg::Bar;

/// Who the report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Oversight,
    /// Counts below the threshold are suppressed.
    Public {
        threshold: u32,
    },
}

/// Time-to-FIR buckets: upper bound in hours, and the label.
const FIR_BUCKETS: [(i64, &str); 6] = [
    (6, "under 6 hours"),
    (12, "6 to 12 hours"),
    (24, "12 to 24 hours"),
    (48, "1 to 2 days"),
    (168, "2 to 7 days"),
    (i64::MAX, "over 7 days"),
];

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn monthly(
    state: &AppState,
    scope: &CaseScope,
    month: Month,
    audience: Audience,
) -> Result<String, DbErr> {
    let filter = |period| Filter {
        period,
        province_id: None,
        district_id: None,
        kinds: None,
    };
    let this_month = filter(Period::month(month));
    let year = Period {
        from: (0..11).fold(month, |m, _| m.previous()),
        to: month,
    };
    let groups = counts::groups(&state.db, scope, &this_month).await?;
    let monthly = counts::monthly(&state.db, scope, &filter(year)).await?;
    let missed = breaches::breaches(&state.db, scope, &this_month).await?;
    let to_fir = timings::durations(&state.db, scope, &this_month)
        .await?
        .into_iter()
        .find(|d| d.milestone == Milestone::FirRegistered)
        .map(|d| d.seconds)
        .unwrap_or_default();

    let bar = |label: String, n: u64| match audience {
        Audience::Oversight => Bar {
            label,
            value: n,
            shown: n.to_string(),
        },
        Audience::Public { threshold } => {
            let count = suppress(n, threshold);
            Bar {
                label,
                value: count.value.unwrap_or(0),
                shown: count.display,
            }
        }
    };
    let district_name = |id: &str| {
        state
            .geo
            .district(id)
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };

    let over_time: Vec<Bar> = monthly
        .iter()
        .map(|(m, districts)| bar(m.to_string(), districts.values().sum()))
        .collect();
    let mut by_breaches: Vec<(&String, &u64)> = missed.by_district.iter().collect();
    by_breaches.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let breach_bars: Vec<Bar> = by_breaches
        .into_iter()
        .take(15)
        .map(|(id, n)| bar(district_name(id), *n))
        .collect();
    let mut lower = 0;
    let fir_bars: Vec<Bar> = FIR_BUCKETS
        .iter()
        .map(|&(upper, label)| {
            let n = to_fir
                .iter()
                .filter(|&&s| s >= lower * 3600 && s < upper.saturating_mul(3600))
                .count() as u64;
            lower = upper;
            bar(label.to_owned(), n)
        })
        .collect();

    let total: u64 = groups.iter().map(|g| counts::counted(g.cases)).sum();
    let recovered: u64 = groups
        .iter()
        .filter(|g| g.status == CaseStatus::Recovered)
        .map(|g| counts::counted(g.cases))
        .sum();
    let cases_by_district = counts::sum_by(&groups, |g| g.district_id.clone());
    let recovered_by_district = counts::sum_by(&groups, |g| {
        (g.district_id.clone(), g.status == CaseStatus::Recovered)
    });

    let mut html = String::new();
    let title = match audience {
        Audience::Oversight => format!("Zainab Alert: oversight report for {month}"),
        Audience::Public { .. } => format!("Zainab Alert: public report for {month}"),
    };
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{t}</title><style>body{{font-family:sans-serif;max-width:720px;margin:2em auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px;text-align:right}}\
         td:first-child,th:first-child{{text-align:left}}</style></head><body><h1>{t}</h1>",
        t = escape(&title)
    );
    let show = |n: u64| bar(String::new(), n).shown;
    let _ = write!(
        html,
        "<p>Cases reported: <strong>{}</strong>. Children recovered: <strong>{}</strong>.</p>",
        escape(&show(total)),
        escape(&show(recovered))
    );
    if let Audience::Public { threshold } = audience {
        let _ = write!(
            html,
            "<p>Counts from 1 to {} are shown as &lt;{threshold} so that no child can be identified.</p>",
            threshold - 1
        );
    }
    html.push_str(&svg::bars("Cases reported per month", &over_time));
    html.push_str(&svg::bars("Missed deadlines by district", &breach_bars));
    html.push_str(&svg::bars("Time from report to FIR", &fir_bars));

    html.push_str("<h2>Districts</h2><table><tr><th>District</th><th>Cases</th><th>Recovered</th><th>Missed deadlines</th></tr>");
    for (id, n) in &cases_by_district {
        let rec = recovered_by_district
            .get(&(id.clone(), true))
            .copied()
            .unwrap_or(0);
        let late = missed.by_district.get(id).copied().unwrap_or(0);
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&district_name(id)),
            escape(&show(*n)),
            escape(&show(rec)),
            escape(&show(late))
        );
    }
    html.push_str("</table>");

    if audience == Audience::Oversight && !missed.by_officer.is_empty() {
        html.push_str("<h2>Officers with missed deadlines</h2><table><tr><th>Officer</th><th>Office</th><th>Missed</th></tr>");
        for officer in &missed.by_officer {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&officer.name),
                escape(officer.office.as_deref().unwrap_or("")),
                officer.breaches
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</body></html>");
    Ok(html)
}
