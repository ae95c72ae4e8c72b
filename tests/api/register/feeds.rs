//! The register for other systems: Atom, CAP 1.2 checked against the OASIS
//! schema by libxml2, and PFIF 1.4 parsed back.

use std::path::PathBuf;

use serde_json::json;
use zainab_tests::{TestApp, photos, users::case_input};

use super::*;

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app
        .http()
        .get(app.url(path))
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.expect("a body"))
}

/// The schema `scripts/install.sh` fetched.
fn cap_schema() -> PathBuf {
    let dir = std::env::var_os("ZA_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                .join(".cache/zainab-alert/schemas")
        });
    let path = dir.join("CAP-v1.2.xsd");
    assert!(
        path.exists(),
        "{} is missing: run scripts/install.sh",
        path.display()
    );
    path
}

fn valid_cap(xml: &str) -> Result<(), String> {
    let file = tempfile::NamedTempFile::new().expect("a file");
    std::fs::write(file.path(), xml).expect("writing");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(cap_schema())
        .arg(file.path())
        .output()
        .expect("xmllint runs (scripts/install.sh installs it)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[tokio::test]
async fn each_alert_is_valid_cap_and_the_validator_refuses_a_broken_one() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001230001").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;
    let added =
        super::super::photos::add_photo(&app, &citizen, &filed.id, photos::jpeg(200, 200, 4)).await;
    assert!(added.is_ok());
    assert!(
        police
            .gql(
                &app,
                PUBLISH,
                json!({ "id": filed.id, "description": "Red frock & white sandals <b>" })
            )
            .await
            .is_ok()
    );

    let (status, content_type, cap) =
        get(&app, &format!("/register/alerts/{}.cap", filed.number)).await;
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/cap+xml"),
        "{content_type}"
    );
    valid_cap(&cap).unwrap_or_else(|err| panic!("invalid CAP: {err}\n{cap}"));
    let doc = roxmltree::Document::parse(&cap).expect("XML");
    let infos: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("info"))
        .collect();
    assert_eq!(infos.len(), 2, "English and Urdu");
    let field = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("msgType"), "Alert");
    assert!(field("headline").contains("Ayesha"));
    assert!(field("uri").starts_with("https://zainab.test/public/photos/"));
    assert!(field("circle").ends_with(" 30"));
    assert!(!cap.contains("Nasreen") && !cap.contains("Gulberg"));

    // The validator is real: it refuses a CAP without its required sender.
    let broken = cap
        .replacen("<sender>", "<senderX>", 1)
        .replacen("</sender>", "</senderX>", 1);
    assert!(
        valid_cap(&broken).is_err(),
        "the schema check accepts anything"
    );

    // Found, the alert turns into an update, still valid.
    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    assert!(
        police
            .gql(&app, recovered, json!({ "id": filed.id }))
            .await
            .is_ok()
    );
    let (_, _, cap) = get(&app, &format!("/register/alerts/{}.cap", filed.number)).await;
    valid_cap(&cap).unwrap_or_else(|err| panic!("invalid CAP: {err}\n{cap}"));
    assert!(cap.contains("<msgType>Update</msgType>"));
    assert!(
        !cap.contains("<resource>"),
        "a found child's photo is not published"
    );

    let unlisted = app.report(&citizen, LAHORE).await;
    assert_eq!(
        get(&app, &format!("/register/alerts/{}.cap", unlisted.number))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn the_atom_feed_follows_the_register_and_pfif_parses_back() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001230002").await;
    let police = lahore_police(&app).await;
    let first = published(&app, &citizen, &police, named(LAHORE, "Sana", 6)).await;
    let second = published(&app, &citizen, &police, named(LAHORE, "Hina", 9)).await;
    let unpublish = "mutation($id: ID!) { unpublishCase(caseId: $id) { publishedAt } }";
    assert!(
        police
            .gql(&app, unpublish, json!({ "id": first.id }))
            .await
            .is_ok()
    );
    let hidden = app.report_with(&citizen, case_input(LAHORE)).await;

    let (status, content_type, atom) = get(&app, "/register/feed.atom").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/atom+xml"));
    let doc = roxmltree::Document::parse(&atom).expect("XML");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(
        titles[0].starts_with(&format!("{} removed", first.number)),
        "{titles:?}"
    );
    assert!(titles[1].contains("Hina"), "{titles:?}");
    // What has left the register is not described any more.
    assert_eq!(titles[2], format!("{} listed", first.number));
    assert!(!atom.contains("Sana"));
    assert!(!atom.contains(&hidden.number));

    let (status, _, pfif) = get(&app, "/register/pfif.xml").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&pfif).expect("XML");
    let ns = "http://zesty.ca/pfif/1.4";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let people: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "person" && n.tag_name().namespace() == Some(ns))
        .collect();
    assert_eq!(people.len(), 1);
    let value = |name: &str| {
        people[0]
            .children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        value("person_record_id"),
        format!("zainab.test/{}", second.number)
    );
    assert_eq!(value("full_name"), "Hina");
    assert_eq!(value("sex"), "female");
    assert_eq!(value("age"), "9");
    assert_eq!(value("home_city"), "Lahore");
    assert!(!pfif.contains("Nasreen"));
}
