//! Provinces and the ministry: cases by district on the map, deadline
//! compliance by district, cases by month, exports and (for the
//! ministry) the audit log.

use std::collections::HashMap;

use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::{
    api::ApiError,
    app::{use_auth, use_lang},
    forms::{self, Form, FormAction, Load},
    map::DistrictMap,
    pages::home::gate,
    session, time,
};

const STATS: &str = "query Stats($f: StatisticsFilter!) { statistics(filter: $f) { from to total recovered recoveryRate byDistrict { id name cases recovered } byMonth { month cases } breaches { total byDistrict { districtId name breaches } } } }";
const AUDIT: &str =
    "query Audit { auditLog(first: 30) { nodes { id at actorRole action caseId clientIp } } }";

/// Share of a district's cases without a missed deadline, in percent;
/// a case can miss more than one, so this is a floor.
pub fn compliance(cases: i64, breaches: i64) -> Option<f64> {
    (cases > 0).then(|| (100.0 * (1.0 - breaches as f64 / cases as f64)).clamp(0.0, 100.0))
}

/// The months from `months_back` before `now` up to `now`, as `YYYY-MM`.
pub fn default_period(now_ms: i64, months_back: i64) -> (String, String) {
    let to = time::pkt_month(now_ms);
    let (y, m) = (
        to.get(0..4)
            .and_then(|y| y.parse::<i64>().ok())
            .unwrap_or(2026),
        to.get(5..7)
            .and_then(|m| m.parse::<i64>().ok())
            .unwrap_or(1),
    );
    let index = y * 12 + (m - 1) - months_back;
    (format!("{:04}-{:02}", index / 12, index % 12 + 1), to)
}

#[function_component(Oversight)]
pub fn oversight() -> Html {
    let lang = use_lang();
    let auth = use_auth();
    let allowed = auth.session.as_ref().is_some_and(|s| s.is_oversight());
    let form = use_reducer(Form::default);
    let period = use_state(|| default_period(time::now_ms(), 5));
    {
        let (form, period) = (form.clone(), period.clone());
        use_effect_with((), move |_| {
            let mut initial = std::collections::BTreeMap::new();
            initial.insert("from".to_owned(), period.0.clone());
            initial.insert("to".to_owned(), period.1.clone());
            form.dispatch(FormAction::Reset(initial));
        });
    }
    let load = forms::use_gql(
        STATS,
        json!({ "f": { "from": period.0, "to": period.1 } }),
        0,
    );
    let is_ministry = auth
        .session
        .as_ref()
        .is_some_and(|s| s.role() == "MINISTRY");
    let export_error = use_state(|| None::<ApiError>);

    if !allowed {
        return html! { <section><h1>{ lang.t("oversight") }</h1>{ gate(lang, auth.session.is_some()) }</section> };
    }
    let onsubmit = {
        let (form, period) = (form.clone(), period.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            period.set((form.get("from"), form.get("to")));
        })
    };
    let query = format!("from={}&to={}", period.0, period.1);
    let exports = [
        ("cases.csv", format!("/exports/cases.csv?{query}")),
        ("cases.xlsx", format!("/exports/cases.xlsx?{query}")),
        ("statistics.csv", format!("/exports/statistics.csv?{query}")),
    ];

    html! {
        <section class="oversight">
            <h1>{ lang.t("oversight") }</h1>
            <form class="row" {onsubmit}>
                { forms::input(&form, "from", lang.t("from_month"), "month", true) }
                { forms::input(&form, "to", lang.t("to_month"), "month", true) }
                <button type="submit" class="primary">{ lang.t("search") }</button>
            </form>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                { figures(lang, &data["statistics"]) }
            }
            <section class="card" aria-labelledby="exp-h">
                <h2 id="exp-h">{ lang.t("exports") }</h2>
                { for exports.into_iter().map(|(name, href)| {
                    let error = export_error.clone();
                    let onclick = Callback::from(move |_| download(href.clone(), name, error.clone()));
                    html! { <button type="button" {onclick}>{ name }</button> }
                }) }
                { forms::error_box(&export_error) }
            </section>
            if is_ministry {
                <AuditLog />
            }
        </section>
    }
}

fn figures(lang: crate::i18n::Lang, stats: &Value) -> Html {
    let by_district = stats["byDistrict"].as_array().cloned().unwrap_or_default();
    let breaches: HashMap<String, i64> = stats["breaches"]["byDistrict"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            (
                forms::s(&b["districtId"]),
                b["breaches"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let counts: HashMap<String, i64> = by_district
        .iter()
        .map(|d| (forms::s(&d["id"]), d["cases"].as_i64().unwrap_or(0)))
        .collect();
    let months = stats["byMonth"].as_array().cloned().unwrap_or_default();
    let largest = months
        .iter()
        .filter_map(|m| m["cases"].as_i64())
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        <>
            <p class="kpis">
                <span>{ lang.t("cases") }{ ": " }<strong id="kpi-total">{ stats["total"].as_i64().unwrap_or(0) }</strong></span>
                <span>{ lang.t("RECOVERED") }{ ": " }<strong>{ stats["recovered"].as_i64().unwrap_or(0) }</strong></span>
                <span>{ lang.t("breaches") }{ ": " }<strong>{ stats["breaches"]["total"].as_i64().unwrap_or(0) }</strong></span>
            </p>
            <div class="grid">
                <section class="card" aria-labelledby="map-h">
                    <h2 id="map-h">{ lang.t("map") }</h2>
                    <DistrictMap title={lang.t("cases")} counts={counts} />
                </section>
                <section class="card" aria-labelledby="month-h">
                    <h2 id="month-h">{ lang.t("cases") }</h2>
                    <svg class="chart" viewBox={format!("0 0 {} 120", months.len().max(1) * 40)} role="img" aria-label={lang.t("cases")}>
                        { for months.iter().enumerate().map(|(i, m)| {
                            let n = m["cases"].as_i64().unwrap_or(0);
                            let h = 90.0 * n as f64 / largest as f64;
                            html! {
                                <g>
                                    <rect x={(i * 40 + 8).to_string()} y={format!("{:.1}", 100.0 - h)} width="24" height={format!("{h:.1}")} class="bar" />
                                    <text x={(i * 40 + 20).to_string()} y="114" text-anchor="middle">{ forms::s(&m["month"]).get(5..).unwrap_or_default().to_owned() }</text>
                                    <title>{ format!("{}: {n}", forms::s(&m["month"])) }</title>
                                </g>
                            }
                        }) }
                    </svg>
                </section>
            </div>
            <section class="card" aria-labelledby="comp-h">
                <h2 id="comp-h">{ lang.t("compliance") }</h2>
                <div class="table-wrap">
                <table id="compliance">
                    <thead><tr>
                        <th scope="col">{ lang.t("district") }</th>
                        <th scope="col">{ lang.t("cases") }</th>
                        <th scope="col">{ lang.t("breaches") }</th>
                        <th scope="col">{ lang.t("compliance") }</th>
                    </tr></thead>
                    <tbody>
                    { for by_district.iter().map(|d| {
                        let cases = d["cases"].as_i64().unwrap_or(0);
                        let missed = breaches.get(&forms::s(&d["id"])).copied().unwrap_or(0);
                        let share = compliance(cases, missed);
                        html! {
                            <tr class={if missed > 0 { "breach-row" } else { "" }}>
                                <td>{ forms::s(&d["name"]) }</td>
                                <td>{ cases }</td>
                                <td>{ missed }</td>
                                <td>{ share.map(|p| format!("{p:.0}%")).unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                </div>
            </section>
        </>
    }
}

/// Fetches an export with the bearer token and hands it to the browser
/// as a download.
fn download(href: String, name: &'static str, error: UseStateHandle<Option<ApiError>>) {
    wasm_bindgen_futures::spawn_local(async move {
        let token = session::load().map(|s| s.access_token).unwrap_or_default();
        let response = gloo_net::http::Request::get(&href)
            .header("authorization", &format!("Bearer {token}"))
            .send()
            .await;
        let fail = |message: String| ApiError {
            code: "EXPORT".into(),
            message,
            field: None,
        };
        let response = match response {
            Ok(r) if r.ok() => r,
            Ok(r) => return error.set(Some(fail(format!("HTTP {}", r.status())))),
            Err(e) => return error.set(Some(fail(e.to_string()))),
        };
        let Ok(bytes) = response.binary().await else {
            return error.set(Some(fail("the download broke off".into())));
        };
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let parts = js_sys::Array::of1(&array);
        let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Some(a) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
        error.set(None);
    });
}

#[function_component(AuditLog)]
fn audit_log() -> Html {
    let lang = use_lang();
    let load = forms::use_gql(AUDIT, json!({}), 0);
    html! {
        <section class="card" aria-labelledby="audit-h">
            <h2 id="audit-h">{ lang.t("audit") }</h2>
            { forms::not_ready(&load, lang) }
            if let Load::Ready(data) = &load {
                <div class="table-wrap">
                <table id="audit">
                    <tbody>
                    { for data["auditLog"]["nodes"].as_array().into_iter().flatten().map(|e| html! {
                        <tr>
                            <td>{ time::format_pkt(e["at"].as_str().unwrap_or_default()) }</td>
                            <td>{ forms::s(&e["actorRole"]) }</td>
                            <td>{ forms::s(&e["action"]) }</td>
                            <td>{ forms::s(&e["caseId"]) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compliance_is_the_share_without_missed_deadlines() {
        assert_eq!(compliance(10, 2), Some(80.0));
        assert_eq!(compliance(4, 9), Some(0.0));
        assert_eq!(compliance(0, 0), None);
    }

    #[test]
    fn the_default_period_crosses_year_ends() {
        let ms = time::epoch_ms("2026-02-10T00:00:00Z").unwrap_or_default();
        assert_eq!(default_period(ms, 5), ("2025-09".into(), "2026-02".into()));
        assert_eq!(default_period(ms, 0), ("2026-02".into(), "2026-02".into()));
    }
}
