//! Exports for the ministry and the provinces, over plain HTTP GET with the
//! bearer token: `/exports/cases.csv`, `/exports/cases.xlsx` and
//! `/exports/statistics.csv`, each filtered by `from` and `to` (months,
//! `YYYY-MM`), and optionally `provinceId`, `districtId` and `kinds`
//! (comma-separated). Case lists are read a page at a time; the CSV is
//! streamed as it is read, the workbook is written in constant memory and
//! then sent. Every export is audited with its filter before it starts.

use std::net::SocketAddr;

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{ConnectInfo, Query, State, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use entities::CaseKind;
use sea_orm::{EntityTrait, PaginatorTrait, QueryFilter};

use super::{Http, client_ip};
use crate::{
    auth,
    domain::{caller::Caller, scope::CaseScope},
    error::{ApiError, ApiResult},
    oversight::{self, Filter, export, period::Period, xlsx},
};

mod statistics;

pub(super) fn routes() -> Router<Http> {
    Router::new()
        .route("/exports/cases.csv", get(cases_csv))
        .route("/exports/cases.xlsx", get(cases_xlsx))
        .route("/exports/statistics.csv", get(statistics::csv))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
    province_id: Option<String>,
    district_id: Option<String>,
    kinds: Option<String>,
}

/// The caller, their scope and the checked filter of an export, audited
/// as `export.<what>`; or the refusal to send.
async fn begin(
    http: &Http,
    peer: SocketAddr,
    headers: &HeaderMap,
    query: Result<Query<ExportQuery>, QueryRejection>,
    what: &str,
) -> Result<(CaseScope, Filter), Response> {
    let run = async {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let caller = Caller {
            actor: auth::authenticate(&http.state, authorization).await?,
            client_ip: Some(client_ip(&http.state, headers, peer)),
        };
        let scope = oversight::exporter_scope(&caller)?;
        let Query(query) =
            query.map_err(|_| ApiError::bad_input("query", "not a valid export query"))?;
        let filter = filter(http, query)?;
        let detail = serde_json::json!({ "export": what, "filter": filter.to_json() });
        let now = http.state.clock.now();
        caller
            .audit(&http.state.db, now, "export", None, detail)
            .await?;
        tracing::info!(
            export = what,
            user.role = caller.actor.as_ref().map_or("anonymous", |a| a.role_name()),
            "export started"
        );
        Ok::<_, ApiError>((scope, filter))
    };
    run.await.map_err(refuse)
}

fn filter(http: &Http, query: ExportQuery) -> ApiResult<Filter> {
    let from = query
        .from
        .ok_or_else(|| ApiError::bad_input("from", "give the first month, YYYY-MM"))?;
    let to = query
        .to
        .ok_or_else(|| ApiError::bad_input("to", "give the last month, YYYY-MM"))?;
    let period = Period::parse(&from, &to)?;
    let kinds = query
        .kinds
        .map(|text| {
            text.split(',')
                .map(|kind| {
                    serde_json::from_value::<CaseKind>(serde_json::Value::String(
                        kind.trim().to_owned(),
                    ))
                    .map_err(|_| {
                        ApiError::bad_input(
                            "kinds",
                            "kinds are MISSING_CHILD, ABDUCTION or CHILD_ABUSE",
                        )
                    })
                })
                .collect::<ApiResult<Vec<_>>>()
        })
        .transpose()?;
    Filter::new(
        &http.state.geo,
        period,
        query.province_id,
        query.district_id,
        kinds,
    )
}

/// An error as JSON with the HTTP status that fits its code.
pub(super) fn refuse(err: ApiError) -> Response {
    if let ApiError::Internal(cause) = &err {
        tracing::error!(error = ?cause, "request failed with an internal error");
    }
    let status = super::status_of(&err);
    let retry_after = super::retry_after(&err);
    let field = match &err {
        ApiError::BadInput { field, .. } => Some(field.clone()),
        ApiError::Rejected { field, .. } => Some((*field).to_owned()),
        _ => None,
    };
    let body = serde_json::json!({
        "error": { "code": err.code(), "message": err.message(), "field": field }
    });
    let mut response = (status, Json(body)).into_response();
    if let Some(value) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// A response that downloads as `name`.
fn download(body: Body, content_type: &'static str, name: &str) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn cases_csv(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Response {
    let (scope, filter) = match begin(&http, peer, &headers, query, "cases.csv").await {
        Ok(parts) => parts,
        Err(refusal) => return refusal,
    };
    let name = format!("cases-{}-{}.csv", filter.period.from, filter.period.to);
    let state = http.state.clone();
    let rows = async_stream::stream! {
        yield Ok::<_, std::io::Error>(Bytes::from(export::csv_line(&export::HEADER)));
        let mut after = None;
        loop {
            let rows = match export::page(&state.db, &scope, &filter, after).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!(error = %err, "a case export stopped: reading a page failed");
                    yield Err(std::io::Error::other("the export stopped"));
                    break;
                }
            };
            let Some(last) = rows.last() else { break };
            after = Some(last.key());
            let mut chunk = String::with_capacity(rows.len() * 256);
            for row in &rows {
                chunk.push_str(&export::csv_line(&export::cells(row, &state.geo)));
            }
            yield Ok(Bytes::from(chunk));
            if (rows.len() as u64) < export::PAGE {
                break;
            }
        }
    };
    download(Body::from_stream(rows), "text/csv; charset=utf-8", &name)
}

async fn cases_xlsx(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Response {
    let (scope, filter) = match begin(&http, peer, &headers, query, "cases.xlsx").await {
        Ok(parts) => parts,
        Err(refusal) => return refusal,
    };
    let name = format!("cases-{}-{}.xlsx", filter.period.from, filter.period.to);
    let state = http.state.clone();
    let rows = entities::case::Entity::find()
        .filter(scope.condition())
        .filter(filter.condition())
        .count(&state.db)
        .await;
    match rows {
        Ok(rows) if rows > xlsx::MAX_ROWS => {
            return refuse(ApiError::bad_input(
                "from",
                "more cases than a worksheet holds; narrow the filter or export CSV",
            ));
        }
        Ok(_) => {}
        Err(err) => return refuse(err.into()),
    }
    let runtime = tokio::runtime::Handle::current();
    let written = tokio::task::spawn_blocking(move || {
        xlsx::write(&runtime, &state.db, &state.geo, &scope, &filter)
    })
    .await;
    let file = match written {
        Ok(Ok(file)) => tokio::fs::File::from_std(file),
        Ok(Err(err)) => return refuse(ApiError::internal(err)),
        Err(err) => return refuse(ApiError::internal(err)),
    };
    download(
        Body::from_stream(chunks(file)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    )
}

/// The contents of `file` in pieces of 64 KiB; the file is closed (and,
/// being unnamed, removed) when the last piece is sent.
fn chunks(
    mut file: tokio::fs::File,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    use tokio::io::AsyncReadExt;

    async_stream::try_stream! {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let read = file.read(&mut buffer).await?;
            if read == 0 {
                break;
            }
            yield Bytes::copy_from_slice(&buffer[..read]);
        }
    }
}
