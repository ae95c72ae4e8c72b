//! The monthly report as HTML: `/reports/monthly/2026-06.html` for anyone
//! (the country, small counts suppressed), and
//! `/reports/monthly/2026-06/oversight.html` with a bearer token (the
//! reader's scope, every count; audited).

use std::net::SocketAddr;

use axum::{
    Router,
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};

use super::{Http, client_ip, exports::refuse};
use crate::{
    auth,
    domain::{caller::Caller, scope::CaseScope},
    error::{ApiError, ApiResult},
    oversight::{
        self,
        period::Month,
        report::{self, Audience},
    },
};

pub(super) fn routes() -> Router<Http> {
    Router::new()
        .route("/reports/monthly/{file}", get(public))
        .route("/reports/monthly/{month}/oversight.html", get(oversight))
}

fn month(text: &str) -> ApiResult<Month> {
    Month::parse(text).ok_or_else(|| ApiError::bad_input("month", "give a month as YYYY-MM"))
}

fn page(html: String) -> Response {
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn public(State(http): State<Http>, Path(file): Path<String>) -> Response {
    let run = async {
        let name = file
            .strip_suffix(".html")
            .ok_or(ApiError::NotFound("report"))?;
        let month = month(name)?;
        let threshold = http.state.config.public_min_count;
        let audience = Audience::Public { threshold };
        Ok::<_, ApiError>(report::monthly(&http.state, &CaseScope::All, month, audience).await?)
    };
    run.await.map_or_else(refuse, page)
}

async fn oversight(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let run = async {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let caller = Caller {
            actor: auth::authenticate(&http.state, authorization).await?,
            client_ip: Some(client_ip(&http.state, &headers, peer)),
        };
        let scope = oversight::reader_scope(&caller)?;
        let month = month(&name)?;
        let detail = serde_json::json!({ "report": "monthly", "month": month.to_string() });
        let now = http.state.clock.now();
        caller
            .audit(&http.state.db, now, "report.read", None, detail)
            .await?;
        Ok::<_, ApiError>(report::monthly(&http.state, &scope, month, Audience::Oversight).await?)
    };
    run.await.map_or_else(refuse, page)
}
