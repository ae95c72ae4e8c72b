//! `GET /exports/cases/{id}/audit.json` with the bearer token: the case's
//! audit trail, signed (see [`crate::audit::evidence`]).

use std::net::SocketAddr;

use axum::{
    Json, Router,
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use uuid::Uuid;

use super::{Http, client_ip, exports::refuse};
use crate::{audit::evidence, auth, domain::caller::Caller, error::ApiError};

pub(super) fn routes() -> Router<Http> {
    Router::new().route("/exports/cases/{id}/audit.json", get(case_audit))
}

async fn case_audit(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let run = async {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let caller = Caller {
            actor: auth::authenticate(&http.state, authorization).await?,
            client_ip: Some(client_ip(&http.state, &headers, peer)),
        };
        let case_id = Uuid::parse_str(&id).map_err(|_| ApiError::bad_input("id", "not an id"))?;
        evidence::export(&http.state, &caller, case_id).await
    };
    match run.await {
        Ok(signed) => {
            let mut response = Json(signed).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(err) => refuse(err),
    }
}
