//! The public register: who is on it and how, search, share pages and
//! sightings from the public.

mod api_keys;
mod feeds;
mod listing;
mod live;
mod poster;
mod publish_actions;
mod search;
mod share;
mod sightings;

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, users::case_input};

pub const LAHORE: &str = "PB-lahore";
pub const PUBLISH: &str = "mutation($id: ID!, $description: String) { publishCase(caseId: $id, description: $description) { publishedAt } }";
pub const REGISTER: &str = "query($filter: RegisterFilter, $first: Int, $after: String) {
    register(filter: $filter, first: $first, after: $after) {
        nodes { caseNumber name ageYears sex status lastSeenOn description photoUrl pageUrl helpline
                district { id } province { id } shareText { en ur } }
        pageInfo { hasNextPage endCursor }
    }
}";
pub const CHILD: &str = "query($number: String!) {
    registerChild(caseNumber: $number) { caseNumber name status photoUrl description }
}";

/// A case filed by `citizen` from `input`, then published by `police`.
pub async fn published(
    app: &TestApp,
    citizen: &TestUser,
    police: &TestUser,
    input: Value,
) -> zainab_tests::users::Filed {
    let filed = app.report_with(citizen, input).await;
    let response = police.gql(app, PUBLISH, json!({ "id": filed.id })).await;
    assert!(response.is_ok(), "{response:?}");
    filed
}

pub fn named(district: &str, name: &str, age: i64) -> Value {
    let mut input = case_input(district);
    input["child"]["name"] = json!(name);
    input["child"]["ageYears"] = json!(age);
    input
}

pub async fn register(app: &TestApp, filter: Value) -> Vec<Value> {
    let response = app.anonymous(REGISTER, json!({ "filter": filter })).await;
    response.data()["register"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

pub fn numbers(nodes: &[Value]) -> Vec<String> {
    nodes
        .iter()
        .map(|n| n["caseNumber"].as_str().unwrap_or_default().to_owned())
        .collect()
}

pub async fn lahore_police(app: &TestApp) -> TestUser {
    app.staff(UserRole::DistrictPolice, LAHORE).await
}
