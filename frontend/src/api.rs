//! GraphQL over HTTP: `POST /graphql` with the access token, errors by
//! their stable `extensions.code`, and one refresh of an expired token.
//! Photos go as a GraphQL multipart request (`operations`, `map`, files).

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use web_sys::FormData;

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

/// Files for a multipart request: each with the variable path it fills,
/// such as `variables.photo` or `variables.photos.0`.
pub type Files = Vec<(String, web_sys::File)>;

async fn post(query: &str, variables: &Value, token: Option<&str>) -> Result<Value, ApiError> {
    post_with(query, variables, &[], token).await
}

async fn post_with(
    query: &str,
    variables: &Value,
    files: &[(String, web_sys::File)],
    token: Option<&str>,
) -> Result<Value, ApiError> {
    let mut request = Request::post("/graphql");
    if let Some(token) = token {
        request = request.header("authorization", &format!("Bearer {token}"));
    }
    let operations = json!({ "query": query, "variables": variables });
    let request = if files.is_empty() {
        request.json(&operations).map_err(ApiError::network)?
    } else {
        request
            .body(multipart(&operations, files)?)
            .map_err(ApiError::network)?
    };
    let response = request.send().await.map_err(ApiError::network)?;
    let body: Value = response.json().await.map_err(ApiError::network)?;
    if let Some(err) = ApiError::from_errors(&body["errors"]) {
        return Err(err);
    }
    Ok(body["data"].clone())
}

/// The form of a multipart request, as the GraphQL multipart request
/// specification lays it out.
fn multipart(operations: &Value, files: &[(String, web_sys::File)]) -> Result<FormData, ApiError> {
    let form = FormData::new().map_err(|_| ApiError::network("no FormData"))?;
    let map: serde_json::Map<String, Value> = files
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (i.to_string(), json!([path])))
        .collect();
    let failed = |_| ApiError::network("the form could not be built");
    form.append_with_str("operations", &operations.to_string())
        .map_err(failed)?;
    form.append_with_str("map", &Value::Object(map).to_string())
        .map_err(failed)?;
    for (i, (_, file)) in files.iter().enumerate() {
        form.append_with_blob_and_filename(&i.to_string(), file, &file.name())
            .map_err(failed)?;
    }
    Ok(form)
}

/// Runs a query or mutation as the signed-in user (or anonymously).
pub async fn gql(query: &str, variables: Value) -> Result<Value, ApiError> {
    gql_files(query, variables, Vec::new()).await
}

/// Like [`gql`], sending `files` with it.
pub async fn gql_files(query: &str, variables: Value, files: Files) -> Result<Value, ApiError> {
    let current = session::load();
    let token = current.as_ref().map(|s| s.access_token.clone());
    match post_with(query, &variables, &files, token.as_deref()).await {
        Err(err) if err.code == "UNAUTHENTICATED" && current.is_some() => {
            let refreshed = refresh(current.as_ref().map(|s| s.refresh_token.as_str())).await;
            match refreshed {
                Some(session) => {
                    post_with(query, &variables, &files, Some(&session.access_token)).await
                }
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
