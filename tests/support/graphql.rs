//! Talking GraphQL to the test server over HTTP.

use serde_json::{Value, json};

use crate::TestApp;

pub type Vars = Value;

/// A GraphQL response with the HTTP status it came with.
#[derive(Debug, Clone)]
pub struct GqlResponse {
    pub status: u16,
    pub body: Value,
}

impl GqlResponse {
    /// The `data`, asserting there were no errors.
    #[track_caller]
    pub fn data(&self) -> &Value {
        assert!(
            self.body.get("errors").is_none_or(Value::is_null),
            "expected success, got {}",
            self.body
        );
        &self.body["data"]
    }

    /// The first error's `extensions.code`, asserting there was an error.
    #[track_caller]
    pub fn code(&self) -> &str {
        self.error()["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("an error without a code: {}", self.body))
    }

    /// The first error's `extensions.field` (input errors).
    #[track_caller]
    pub fn field(&self) -> &str {
        self.error()["extensions"]["field"]
            .as_str()
            .unwrap_or_else(|| panic!("an error without a field: {}", self.body))
    }

    /// The first error's `extensions.reason` (conflicts).
    #[track_caller]
    pub fn reason(&self) -> &str {
        self.error()["extensions"]["reason"]
            .as_str()
            .unwrap_or_else(|| panic!("an error without a reason: {}", self.body))
    }

    #[track_caller]
    pub fn message(&self) -> &str {
        self.error()["message"].as_str().unwrap_or_default()
    }

    #[track_caller]
    fn error(&self) -> &Value {
        let error = &self.body["errors"][0];
        assert!(!error.is_null(), "expected an error, got {}", self.body);
        error
    }

    pub fn is_ok(&self) -> bool {
        self.body.get("errors").is_none_or(Value::is_null)
    }
}

impl TestApp {
    /// Sends one GraphQL operation, with a bearer token when given.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Vars) -> GqlResponse {
        let mut request = self
            .http()
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON body");
        GqlResponse { status, body }
    }

    /// An anonymous GraphQL operation.
    pub async fn anonymous(&self, query: &str, variables: Vars) -> GqlResponse {
        self.gql(None, query, variables).await
    }
}

/// A file sent with a GraphQL multipart request.
pub struct File {
    /// Where in the variables it goes, e.g. `variables.photo` or
    /// `variables.photos.0`.
    pub path: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

impl File {
    pub fn new(path: &str, name: &str, bytes: Vec<u8>) -> Self {
        Self {
            path: path.to_owned(),
            name: name.to_owned(),
            bytes,
        }
    }
}

impl TestApp {
    /// Sends one operation with files, as the GraphQL multipart request
    /// specification lays out: `operations`, `map`, then the files.
    pub async fn upload(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Vars,
        files: Vec<File>,
    ) -> GqlResponse {
        let operations = json!({ "query": query, "variables": variables });
        let map: serde_json::Map<String, Value> = files
            .iter()
            .enumerate()
            .map(|(i, file)| (i.to_string(), json!([file.path])))
            .collect();
        let mut form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", Value::Object(map).to_string());
        for (i, file) in files.into_iter().enumerate() {
            let part = reqwest::multipart::Part::bytes(file.bytes)
                .file_name(file.name)
                .mime_str("application/octet-stream")
                .expect("a MIME type");
            form = form.part(i.to_string(), part);
        }
        let mut request = self.http().post(self.url("/graphql")).multipart(form);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON body");
        GqlResponse { status, body }
    }
}
