//! The printable poster of a child on the register, read back as a PDF:
//! its text, its photo and the QR code that leads to the child's page.

use lopdf::{Document, Object, content::Content};
use serde_json::json;
use zainab_tests::{TestApp, photos, users::case_input};

use super::*;

async fn poster(app: &TestApp, number: &str) -> (u16, String, Vec<u8>) {
    let response = app
        .http()
        .get(app.url(&format!("/m/{number}/poster.pdf")))
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.bytes().await.expect("a body").to_vec();
    (status, kind, body)
}

/// The text drawn on the first page, WinAnsi decoded.
fn page_text(pdf: &Document) -> String {
    pdf.extract_text(&[1]).expect("the page's text")
}

/// Paints the poster's filled squares (the QR code's modules, drawn after
/// its white background) into a bitmap and decodes it.
fn qr_text(pdf: &Document) -> String {
    let page = pdf.get_pages()[&1];
    let content = Content::decode(&pdf.get_page_content(page)).expect("ops");
    let number = |o: &Object| o.as_float().expect("a number");
    let squares: Vec<[f32; 4]> = content
        .operations
        .iter()
        .filter(|op| op.operator == "re")
        .map(|op| {
            let v: Vec<f32> = op.operands.iter().map(number).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect();
    // The last large square is the code's white background; the small
    // ones after it are its dark modules.
    let background = squares
        .iter()
        .rposition(|s| s[2] > 50.0 && s[2] == s[3])
        .expect("a QR code's background");
    let [x0, y0, size, _] = squares[background];
    let scale = 4.0;
    let pixels = (size * scale) as usize;
    let mut dark = vec![false; pixels * pixels];
    for s in &squares[background + 1..] {
        let (left, bottom) = (
            ((s[0] - x0) * scale) as usize,
            ((s[1] - y0) * scale) as usize,
        );
        let w = (s[2] * scale).ceil() as usize;
        for dy in 0..w {
            for dx in 0..w {
                let (x, y) = (left + dx, pixels - 1 - (bottom + dy).min(pixels - 1));
                if x < pixels {
                    dark[y * pixels + x] = true;
                }
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[y * pixels + x] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the poster");
    grids[0].decode().expect("a readable QR code").1
}

#[tokio::test]
async fn a_poster_carries_the_photo_the_details_the_helpline_and_a_qr_code_to_the_page() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923008889911").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;
    let added =
        super::super::photos::add_photo(&app, &citizen, &filed.id, photos::jpeg(640, 480, 5)).await;
    assert!(added.is_ok(), "{added:?}");
    let published = police
        .gql(
            &app,
            PUBLISH,
            json!({ "id": filed.id, "description": "Wearing a red frock and blue sandals" }),
        )
        .await;
    assert!(published.is_ok(), "{published:?}");

    let (status, kind, body) = poster(&app, &filed.number).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/pdf");
    let pdf = Document::load_mem(&body).expect("a PDF");
    assert_eq!(pdf.get_pages().len(), 1);
    let text = page_text(&pdf);
    for expected in [
        "MISSING CHILD",
        "Ayesha",
        "Girl, 7 years old",
        "Last seen in Lahore, Punjab on 15 June 2026",
        "Wearing a red frock and blue sandals",
        "Call 1099",
        filed.number.as_str(),
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    assert_eq!(
        qr_text(&pdf),
        format!("https://zainab.test/m/{}", filed.number)
    );

    // The photo is the register's public version, carried as it is.
    let child = app
        .anonymous(
            "query($number: String!) { registerChild(caseNumber: $number) { photoUrl posterUrl } }",
            json!({ "number": filed.number }),
        )
        .await;
    assert_eq!(
        child.data()["registerChild"]["posterUrl"],
        format!("https://zainab.test/m/{}/poster.pdf", filed.number).as_str()
    );
    let photo_url = child.data()["registerChild"]["photoUrl"]
        .as_str()
        .expect("a photo")
        .to_owned();
    let public = super::super::photos::local(&app, &photo_url);
    let (_, public) = super::super::photos::fetch(&app, &public).await;
    let images: Vec<Vec<u8>> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| s.content.clone())
        .collect();
    assert_eq!(images, vec![public]);

    // Nothing of the reporter or the private details.
    let everything = format!("{text} {}", String::from_utf8_lossy(&body));
    for private in ["Nasreen", "7654321", "35202", "Gulberg", "Mole under"] {
        assert!(!everything.contains(private), "{private:?} on the poster");
    }
}

#[tokio::test]
async fn a_name_in_urdu_script_is_printed_in_roman_urdu_and_a_child_without_a_photo_still_gets_a_poster()
 {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923008889912").await;
    let police = lahore_police(&app).await;
    let filed = published(&app, &citizen, &police, named(LAHORE, "فاطمہ", 5)).await;

    let (status, _, body) = poster(&app, &filed.number).await;
    assert_eq!(status, 200);
    let pdf = Document::load_mem(&body).expect("a PDF");
    let text = page_text(&pdf);
    assert!(text.contains("\nFatma\n"), "{text:?}");
    assert_eq!(
        text.matches('?').count(),
        1,
        "no unprintable characters beside the question: {text:?}"
    );
    let images = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .count();
    assert_eq!(images, 0);
}

#[tokio::test]
async fn no_poster_once_the_child_is_found_or_for_a_number_not_listed() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923008889913").await;
    let police = lahore_police(&app).await;
    let filed = published(&app, &citizen, &police, case_input(LAHORE)).await;
    assert_eq!(poster(&app, &filed.number).await.0, 200);

    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    assert!(
        police
            .gql(&app, recovered, json!({ "id": filed.id }))
            .await
            .is_ok()
    );
    let (status, _, body) = poster(&app, &filed.number).await;
    assert_eq!(status, 404);
    let refusal: serde_json::Value = serde_json::from_slice(&body).expect("a JSON refusal");
    assert_eq!(refusal["error"]["code"], "NOT_FOUND");
    assert_eq!(poster(&app, "ZA-2026-NOPE").await.0, 404);
}
