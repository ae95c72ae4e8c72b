//! A child's public page, as WhatsApp, Facebook and X read it.

use scraper::{Html, Selector};
use serde_json::json;
use zainab_tests::{TestApp, photos, users::case_input};

use super::*;

fn meta(page: &Html, attribute: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(&format!("meta[{attribute}=\"{name}\"]")).expect("a selector");
    page.select(&selector)
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_shared_link_opens_a_page_with_preview_tags_and_share_texts() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923008889900").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;
    let added =
        super::super::photos::add_photo(&app, &citizen, &filed.id, photos::jpeg(640, 480, 3)).await;
    let photo_id = added.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let published = police
        .gql(
            &app,
            PUBLISH,
            json!({ "id": filed.id, "description": "<script>alert(1)</script> red frock" }),
        )
        .await;
    assert!(published.is_ok(), "{published:?}");

    let child = app.anonymous(REGISTER, json!({})).await;
    let child = &child.data()["register"]["nodes"][0];
    let page_url = format!("https://zainab.test/m/{}", filed.number);
    assert_eq!(child["pageUrl"], page_url.as_str());
    let en = child["shareText"]["en"].as_str().expect("English");
    let ur = child["shareText"]["ur"].as_str().expect("Urdu");
    assert!(
        en.contains("Ayesha") && en.contains("1099") && en.ends_with(&page_url),
        "{en}"
    );
    assert!(
        ur.contains("لاپتہ") && ur.contains("لاہور") && ur.ends_with(&page_url),
        "{ur}"
    );

    let response = app
        .http()
        .get(app.url(&format!("/m/{}", filed.number)))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let html = response.text().await.expect("a page");
    let page = Html::parse_document(&html);

    let title = meta(&page, "property", "og:title").expect("og:title");
    assert!(title.contains("Ayesha") && title.contains('7'), "{title}");
    assert_eq!(
        meta(&page, "property", "og:url").as_deref(),
        Some(page_url.as_str())
    );
    let image = format!("https://zainab.test/public/photos/{photo_id}");
    assert_eq!(
        meta(&page, "property", "og:image").as_deref(),
        Some(image.as_str())
    );
    assert_eq!(
        meta(&page, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&page, "name", "twitter:image").as_deref(),
        Some(image.as_str())
    );
    let description = meta(&page, "property", "og:description").expect("og:description");
    assert!(
        description.contains("Lahore") && description.contains("1099"),
        "{description}"
    );

    // What police wrote is shown as text, never run as markup.
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
        "{html}"
    );
    let links: Vec<String> = page
        .select(&Selector::parse(".share a").expect("a selector"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(links.len(), 4);
    assert!(links[0].starts_with("https://wa.me/?text="));
    assert_eq!(
        links[3],
        format!("https://zainab.test/m/{}/poster.pdf", filed.number)
    );
    assert!(links.iter().all(|l| l.contains("zainab.test")), "{links:?}");

    // A case number written in lower case finds the same child.
    let lower = app
        .http()
        .get(app.url(&format!("/m/{}", filed.number.to_lowercase())))
        .send()
        .await
        .expect("an answer");
    assert_eq!(lower.status().as_u16(), 200);
    let _ = case_input(LAHORE);
}
