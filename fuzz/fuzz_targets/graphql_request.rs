//! The GraphQL request path without a database: a body is read as the
//! server reads it (`receive_body`, JSON or multipart), then parsed, held
//! to the configured depth, complexity, alias, length and introspection
//! limits, validated against the real schema and executed for an
//! anonymous caller. The schema has no state, so every resolver that needs
//! the database refuses with `INTERNAL`.
//!
//! The first byte chooses the content type (bit 0) and whether
//! introspection is on (bit 1); the rest is the body.
#![no_main]

use std::sync::LazyLock;

use async_graphql::{
    Response, Value,
    http::{MultipartOptions, receive_body},
};
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use zainab_api::{
    config::Config,
    domain::caller::Caller,
    graphql::{self, ApiSchema, Limits},
};

/// The server's configuration as its defaults (and the environment) make it.
#[derive(Parser)]
struct Defaults {
    #[command(flatten)]
    config: Config,
}

static CONFIG: LazyLock<Config> = LazyLock::new(|| Defaults::parse_from(["fuzz"]).config);

fn schema(introspection: bool) -> ApiSchema {
    let limits = Limits {
        introspection,
        ..Limits::from_config(&CONFIG)
    };
    graphql::build(None, limits)
}

static OPEN: LazyLock<ApiSchema> = LazyLock::new(|| schema(true));
static CLOSED: LazyLock<ApiSchema> = LazyLock::new(|| schema(false));

/// One thread, made once: each input runs to its end before the next.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
});

fn extension<'a>(error: &'a async_graphql::ServerError, name: &str) -> Option<&'a Value> {
    error.extensions.as_ref().and_then(|ext| ext.get(name))
}

/// What every answer must hold, whatever was asked.
fn check(request_query: &str, response: &Response) {
    let json = serde_json::to_string(response).expect("the response serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the response is JSON");

    for error in &response.errors {
        // An internal fault reaches the client only as the generic text.
        if extension(error, "code") == Some(&Value::from("INTERNAL")) {
            assert_eq!(error.message, "internal error; the fault has been logged");
        }
    }

    if request_query.len() > CONFIG.graphql_max_query_bytes {
        assert_eq!(response.data, Value::Null);
        let reasons: Vec<_> = response
            .errors
            .iter()
            .filter_map(|error| extension(error, "reason"))
            .collect();
        assert_eq!(
            reasons,
            [&Value::from("QUERY_TOO_LONG")],
            "{:?}",
            response.errors
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&switches, body)) = input.split_first() else {
        return;
    };
    let content_type = if switches & 1 == 0 {
        "application/json"
    } else {
        "multipart/form-data; boundary=fuzz"
    };
    let schema = if switches & 2 == 0 { &*OPEN } else { &*CLOSED };
    let options = MultipartOptions::default()
        .max_file_size(usize::try_from(CONFIG.photo_max_bytes + 1).unwrap_or(usize::MAX))
        .max_num_files(usize::try_from(CONFIG.photos_per_case).unwrap_or(usize::MAX));

    RUNTIME.block_on(async {
        // The server answers 400 to a body it cannot read.
        let Ok(request) = receive_body(Some(content_type), body, options).await else {
            return;
        };
        let query = request.query.clone();
        let request = request.data(Caller {
            actor: None,
            client_ip: Some("192.0.2.1".to_owned()),
        });
        let response = schema.execute(request).await;
        check(&query, &response);
    });
});
