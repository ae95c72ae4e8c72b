//! GraphQL over HTTP: `POST /graphql` with the access token, errors by
//! their stable `extensions.code`, and one refresh of an expired token.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::session::{self, Session};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    fn network(err: impl std::fmt::Display) -> Self {
        ApiError {
            code: "NETWORK".into(),
            message: format!("the server could not be reached ({err})"),
            field: None,
        }
    }

    /// The first error of a GraphQL response, if it has any.
    pub fn from_errors(errors: &Value) -> Option<Self> {
        let first = errors.as_array()?.first()?;
        let ext = &first["extensions"];
        Some(ApiError {
            code: ext["code"].as_str().unwrap_or("INTERNAL").to_owned(),
            message: first["message"].as_str().unwrap_or_default().to_owned(),
            field: ext["field"].as_str().map(str::to_owned),
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({field}): {}", self.code, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

async fn post(query: &str, variables: &Value, token: Option<&str>) -> Result<Value, ApiError> {
    let mut request = Request::post("/graphql");
    if let Some(token) = token {
        request = request.header("authorization", &format!("Bearer {token}"));
    }
    let response = request
        .json(&json!({ "query": query, "variables": variables }))
        .map_err(ApiError::network)?
        .send()
        .await
        .map_err(ApiError::network)?;
    let body: Value = response.json().await.map_err(ApiError::network)?;
    if let Some(err) = ApiError::from_errors(&body["errors"]) {
        return Err(err);
    }
    Ok(body["data"].clone())
}

/// Runs a query or mutation as the signed-in user (or anonymously).
pub async fn gql(query: &str, variables: Value) -> Result<Value, ApiError> {
    let current = session::load();
    let token = current.as_ref().map(|s| s.access_token.clone());
    match post(query, &variables, token.as_deref()).await {
        Err(err) if err.code == "UNAUTHENTICATED" && current.is_some() => {
            let refreshed = refresh(current.as_ref().map(|s| s.refresh_token.as_str())).await;
            match refreshed {
                Some(session) => post(query, &variables, Some(&session.access_token)).await,
                None => {
                    session::clear();
                    Err(err)
                }
            }
        }
        other => other,
    }
}

/// Like [`gql`], reading the data into `T`.
pub async fn gql_as<T: DeserializeOwned>(query: &str, variables: Value) -> Result<T, ApiError> {
    let data = gql(query, variables).await?;
    serde_json::from_value(data).map_err(|err| ApiError {
        code: "INTERNAL".into(),
        message: format!("unexpected answer: {err}"),
        field: None,
    })
}

async fn refresh(refresh_token: Option<&str>) -> Option<Session> {
    let query = format!(
        "mutation($t: String!) {{ refreshSession(refreshToken: $t) {{ accessToken refreshToken user {{ {} }} }} }}",
        session::USER_FIELDS
    );
    let data = post(&query, &json!({ "t": refresh_token? }), None)
        .await
        .ok()?;
    let session: Session = serde_json::from_value(data["refreshSession"].clone()).ok()?;
    session::save(&session);
    Some(session)
}

/// Signs in and keeps the session.
pub async fn login(username: &str, password: &str) -> Result<Session, ApiError> {
    let query = format!(
        "mutation($u: String!, $p: String!) {{ login(username: $u, password: $p) {{ accessToken refreshToken user {{ {} }} }} }}",
        session::USER_FIELDS
    );
    let data = post(&query, &json!({ "u": username, "p": password }), None).await?;
    keep(&data["login"])
}

/// Opens a citizen account and signs in.
pub async fn register_citizen(
    name: &str,
    phone: &str,
    password: &str,
) -> Result<Session, ApiError> {
    let query = format!(
        "mutation($n: String!, $ph: String!, $p: String!) {{ registerCitizen(name: $n, phone: $ph, password: $p) {{ accessToken refreshToken user {{ {} }} }} }}",
        session::USER_FIELDS
    );
    let data = post(
        &query,
        &json!({ "n": name, "ph": phone, "p": password }),
        None,
    )
    .await?;
    keep(&data["registerCitizen"])
}

fn keep(payload: &Value) -> Result<Session, ApiError> {
    let session: Session = serde_json::from_value(payload.clone()).map_err(|err| ApiError {
        code: "INTERNAL".into(),
        message: format!("unexpected session: {err}"),
        field: None,
    })?;
    session::save(&session);
    Ok(session)
}

/// Ends the session on the server too.
pub async fn logout() {
    if let Some(current) = session::load() {
        let _ = post(
            "mutation($t: String!) { logout(refreshToken: $t) }",
            &json!({ "t": current.refresh_token }),
            Some(&current.access_token),
        )
        .await;
    }
    session::clear();
}
