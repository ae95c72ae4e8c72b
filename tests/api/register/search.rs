//! Searching the register the way people search: spelled as they spell,
//! in Urdu or Roman letters, by place, age, sex and date.

use entities::{UserRole, register_entry};
use sea_orm::{EntityTrait, sea_query::Expr};
use serde_json::json;
use zainab_tests::TestApp;

use super::*;

#[tokio::test]
async fn a_name_is_found_however_it_is_spelled_or_written() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923007778899").await;
    let police = lahore_police(&app).await;
    let karachi = app
        .staff(UserRole::DistrictPolice, "SD-karachi-south")
        .await;
    let ayesha = published(&app, &citizen, &police, named(LAHORE, "Ayesha", 7)).await;
    let mut full = named("SD-karachi-south", "Muhammad Ali", 11);
    full["child"]["sex"] = json!("MALE");
    full["reporter"]["consentToPublishFullName"] = json!(true);
    let muhammad = published(&app, &citizen, &karachi, full).await;
    let zainab = published(&app, &citizen, &police, named(LAHORE, "Zainab", 5)).await;

    for (query, expected) in [
        ("Aisha", vec![&ayesha]),
        ("ayeshah", vec![&ayesha]),
        ("عائشہ", vec![&ayesha]),
        ("Mohammed", vec![&muhammad]),
        ("mohd ali", vec![]),
        ("Ali", vec![&muhammad]),
        ("محمد علی", vec![&muhammad]),
        ("Zaynab", vec![&zainab]),
        ("زینب", vec![&zainab]),
        ("Bilal", vec![]),
    ] {
        let found = numbers(&register(&app, json!({ "name": query })).await);
        let expected: Vec<String> = expected.iter().map(|f| f.number.clone()).collect();
        assert_eq!(found, expected, "searching {query:?}");
    }
}

#[tokio::test]
async fn names_keyed_by_older_rules_are_rekeyed_when_the_migrations_run() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923007778899").await;
    let police = lahore_police(&app).await;
    let mut boy = named(LAHORE, "نواز", 9);
    boy["child"]["sex"] = json!("MALE");
    let nawaz = published(&app, &citizen, &police, boy).await;
    assert_eq!(
        numbers(&register(&app, json!({ "name": "Nawaz" })).await),
        vec![nawaz.number.clone()]
    );

    // Earlier servers read the waw in نواز as a vowel.
    register_entry::Entity::update_many()
        .col_expr(register_entry::Column::NameKeys, Expr::value(" nz "))
        .exec(&app.state.db)
        .await
        .expect("writing the old keys");
    assert!(numbers(&register(&app, json!({ "name": "Nawaz" })).await).is_empty());

    // What `zainab migrate` runs, and a server that migrates as it starts.
    zainab_api::db::migrate(&app.state.db)
        .await
        .expect("migrating");
    assert_eq!(
        numbers(&register(&app, json!({ "name": "Nawaz" })).await),
        vec![nawaz.number.clone()]
    );
}

#[tokio::test]
async fn filters_combine_and_pages_run_newest_first() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923007778800").await;
    let police = lahore_police(&app).await;
    let kasur_police = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let karachi = app
        .staff(UserRole::DistrictPolice, "SD-karachi-south")
        .await;
    let a = published(&app, &citizen, &police, named(LAHORE, "Sana", 6)).await;
    let b = published(&app, &citizen, &kasur_police, named("PB-kasur", "Hina", 12)).await;
    let mut boy = named("SD-karachi-south", "Usman", 9);
    boy["child"]["sex"] = json!("MALE");
    boy["lastSeen"]["at"] = json!("2026-06-10T05:30:00Z");
    let c = published(&app, &citizen, &karachi, boy).await;

    let cases: [(serde_json::Value, Vec<&zainab_tests::users::Filed>); 7] = [
        (json!({}), vec![&c, &b, &a]),
        (json!({ "provinceId": "PB" }), vec![&b, &a]),
        (json!({ "districtId": "PB-kasur" }), vec![&b]),
        (json!({ "ageMin": 7, "ageMax": 12 }), vec![&c, &b]),
        (json!({ "sex": "MALE" }), vec![&c]),
        (json!({ "lastSeenTo": "2026-06-12" }), vec![&c]),
        (
            json!({ "provinceId": "PB", "ageMax": 8, "lastSeenFrom": "2026-06-15" }),
            vec![&a],
        ),
    ];
    for (filter, expected) in cases {
        let expected: Vec<String> = expected.iter().map(|f| f.number.clone()).collect();
        assert_eq!(
            numbers(&register(&app, filter.clone()).await),
            expected,
            "{filter}"
        );
    }

    let first = app.anonymous(REGISTER, json!({ "first": 2 })).await;
    let page = &first.data()["register"];
    assert_eq!(
        numbers(page["nodes"].as_array().expect("nodes")),
        [c.number.clone(), b.number.clone()]
    );
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let next = app
        .anonymous(
            REGISTER,
            json!({ "first": 2, "after": page["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        numbers(next.data()["register"]["nodes"].as_array().expect("nodes")),
        vec![a.number.clone()]
    );
    assert_eq!(next.data()["register"]["pageInfo"]["hasNextPage"], false);
}

#[tokio::test]
async fn bad_filters_are_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    for (filter, field) in [
        (json!({ "districtId": "PB-atlantis" }), "filter.districtId"),
        (json!({ "provinceId": "XX" }), "filter.provinceId"),
        (json!({ "ageMin": 10, "ageMax": 4 }), "filter.ageMin"),
        (json!({ "ageMin": -1 }), "filter.ageMin"),
        (
            json!({ "lastSeenFrom": "2026-06-20", "lastSeenTo": "2026-06-01" }),
            "filter.lastSeenFrom",
        ),
        (json!({ "name": "!!!" }), "filter.name"),
        (json!({ "name": "a".repeat(101) }), "filter.name"),
    ] {
        let response = app.anonymous(REGISTER, json!({ "filter": filter })).await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{filter}");
        assert_eq!(response.field(), field, "{filter}");
    }
    let response = app
        .anonymous(REGISTER, json!({ "after": "not-a-cursor" }))
        .await;
    assert_eq!(response.field(), "after");
}
