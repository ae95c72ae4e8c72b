//! Runs the examples of `docs/API.md` against a real server, in order, as
//! the Citizen's Portal would.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zainab_api::config::PortalAlgorithm;
use zainab_tests::{Portal, TestApp, workspace_root};

/// The fenced blocks of a Markdown file that carry a name after their
/// language, e.g. "```graphql file-case" or "```json file-case.expect".
fn named_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let name = info
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                current = Some((name, String::new()));
            }
            (Some(_), Some(_)) => {
                let (name, body) = current.take().expect("an open block");
                if !name.is_empty() {
                    blocks.push((name, body));
                }
            }
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Whether every field of `expected` is in `actual` with the same value;
/// arrays match element by element from the start.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| contains(av, v))),
        (Value::Array(a), Value::Array(e)) => {
            e.len() <= a.len() && e.iter().zip(a).all(|(ev, av)| contains(av, ev))
        }
        _ => actual == expected,
    }
}

fn fill(template: &str, captured: &BTreeMap<&str, String>) -> String {
    captured
        .iter()
        .fold(template.to_owned(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

#[tokio::test]
async fn the_integration_guide_examples_work_as_written() {
    let markdown =
        std::fs::read_to_string(workspace_root().join("docs/API.md")).expect("docs/API.md");
    let blocks: BTreeMap<String, String> = named_blocks(&markdown).into_iter().collect();
    let app = TestApp::builder()
        .with_portal(PortalAlgorithm::Rs256)
        .spawn()
        .await;
    let portal = Portal::trusted(PortalAlgorithm::Rs256);

    // The documented claims, with times moved to the server's now.
    let mut claims: Value = serde_json::from_str(&blocks["portal-claims"]).expect("claims JSON");
    let now = app.now().timestamp();
    claims["iat"] = json!(now);
    claims["exp"] = json!(now + 600);
    let token = portal.sign(claims);

    let mut captured = BTreeMap::new();
    let examples: Vec<String> = named_blocks(&markdown)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !name.contains('.') && name != "portal-claims")
        .collect();
    assert!(
        examples.len() >= 4,
        "the guide lost its examples: {examples:?}"
    );

    for name in &examples {
        let query = &blocks[name];
        let variables = blocks
            .get(&format!("{name}.variables"))
            .map(|text| serde_json::from_str(&fill(text, &captured)).expect("variables JSON"))
            .unwrap_or(json!({}));
        let response = app.gql(Some(&token), query, variables).await;

        let expected: Value = serde_json::from_str(
            blocks
                .get(&format!("{name}.expect"))
                .map_or("{}", String::as_str),
        )
        .expect("expected JSON");
        assert!(
            contains(&response.body, &expected),
            "example {name}: expected {expected}, got {}",
            response.body
        );

        if let Some(filed) = response.body["data"]["reportCase"].as_object() {
            captured.insert(
                "caseNumber",
                filed["case"]["caseNumber"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
            captured.insert(
                "trackingCode",
                filed["trackingCode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    assert!(
        captured.contains_key("trackingCode"),
        "no example filed a case"
    );
}
