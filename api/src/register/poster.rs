//! A printable "missing child" poster per child on the register: one A4
//! PDF page with the public photo, the public details, the helpline and a
//! QR code to the child's page. It uses PDF's built-in Helvetica, so no
//! font travels with it; that font has no Urdu script, so names written in
//! Urdu are printed in Roman Urdu, and the page behind the QR code carries
//! the Urdu text.

use chrono::NaiveDate;
use entities::{Sex, register_entry};
use image::ImageDecoder;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};

use super::names;
use crate::{
    error::{ApiError, ApiResult},
    photos,
    state::AppState,
};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 48.0;
/// Pakistan's police emergency number, printed beside the helpline.
const POLICE_EMERGENCY: &str = "15";

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const REGULAR: Ref = Ref::new(4);
const BOLD: Ref = Ref::new(5);
const CONTENT: Ref = Ref::new(6);
const PHOTO: Ref = Ref::new(7);
const INFO: Ref = Ref::new(8);

/// The poster of a child listed as missing; `None` for a child shown as
/// found, whose poster must not be printed any more.
pub async fn pdf(state: &AppState, entry: &register_entry::Model) -> ApiResult<Option<Vec<u8>>> {
    if entry.status != "missing" {
        return Ok(None);
    }
    let photo = match entry.photo_id {
        Some(id) => photos::public_photo(state, id).await?.map(|p| p.bytes),
        None => None,
    };
    let district = state
        .geo
        .district(&entry.district_id)
        .map_or(entry.district_id.clone(), |d| d.name.clone());
    let province = state
        .geo
        .province(&entry.province_id)
        .map_or(entry.province_id.clone(), |p| p.name.clone());
    let poster = Poster {
        name: names::romanise(&entry.public_name),
        age: entry.age_years,
        sex: entry.sex,
        place: format!("{district}, {province}"),
        last_seen_on: entry.last_seen_on,
        description: entry.description.as_deref().map(names::romanise),
        case_number: &entry.case_number,
        helpline: &state.config.public_helpline,
        page_url: super::page_url(state, &entry.case_number),
    };
    // A page of text, one JPEG passed through and a few hundred squares:
    // well under a millisecond, so it runs in place.
    poster.render(photo.as_deref()).map(Some)
}

struct Poster<'a> {
    name: String,
    age: i32,
    sex: Sex,
    place: String,
    last_seen_on: NaiveDate,
    description: Option<String>,
    case_number: &'a str,
    helpline: &'a str,
    page_url: String,
}

/// A JPEG the PDF can carry as it is.
struct Jpeg<'a> {
    bytes: &'a [u8],
    width: u32,
    height: u32,
    gray: bool,
}

fn jpeg(bytes: &[u8]) -> Option<Jpeg<'_>> {
    let decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(bytes)).ok()?;
    let (width, height) = decoder.dimensions();
    let gray = match decoder.color_type() {
        image::ColorType::L8 => true,
        image::ColorType::Rgb8 => false,
        _ => return None,
    };
    Some(Jpeg {
        bytes,
        width,
        height,
        gray,
    })
}

impl Poster<'_> {
    fn render(self, photo: Option<&[u8]>) -> ApiResult<Vec<u8>> {
        let photo = photo.and_then(jpeg);
        let mut pdf = Pdf::new();
        pdf.catalog(CATALOG).pages(PAGES);
        pdf.pages(PAGES).kids([PAGE]).count(1);
        let mut page = pdf.page(PAGE);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
            .parent(PAGES)
            .contents(CONTENT);
        let mut resources = page.resources();
        resources
            .fonts()
            .pair(Name(b"F1"), REGULAR)
            .pair(Name(b"F2"), BOLD);
        if photo.is_some() {
            resources.x_objects().pair(Name(b"Im1"), PHOTO);
        }
        resources.finish();
        page.finish();
        for (id, font) in [(REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")] {
            pdf.type1_font(id)
                .base_font(Name(font.as_bytes()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.document_info(INFO)
            .title(pdf_writer::TextStr(&format!(
                "Missing child: {}",
                self.name
            )))
            .producer(pdf_writer::TextStr("Zainab Alert"));

        let mut content = Content::new();
        // The red band across the top.
        content
            .set_fill_rgb(0.75, 0.05, 0.1)
            .rect(0.0, HEIGHT - 120.0, WIDTH, 120.0)
            .fill_nonzero();
        content.set_fill_rgb(1.0, 1.0, 1.0);
        text(
            &mut content,
            b"F2",
            54.0,
            MARGIN,
            HEIGHT - 82.0,
            "MISSING CHILD",
        );
        text(
            &mut content,
            b"F1",
            13.0,
            MARGIN,
            HEIGHT - 106.0,
            &format!("Zainab Alert - case {}", self.case_number),
        );

        // The photo, fitted into a box under the band.
        let (box_w, box_h) = (WIDTH - 2.0 * MARGIN, 330.0);
        let top = HEIGHT - 140.0;
        let mut y = top;
        if let Some(photo) = &photo {
            let scale = f32::min(box_w / photo.width as f32, box_h / photo.height as f32);
            let (w, h) = (photo.width as f32 * scale, photo.height as f32 * scale);
            let x = (WIDTH - w) / 2.0;
            content
                .save_state()
                .transform([w, 0.0, 0.0, h, x, top - h])
                .x_object(Name(b"Im1"))
                .restore_state();
            y = top - h;
        }

        content.set_fill_rgb(0.0, 0.0, 0.0);
        y -= 44.0;
        text(&mut content, b"F2", 30.0, MARGIN, y, &self.name);
        y -= 26.0;
        let child = match self.sex {
            Sex::Female => "Girl",
            Sex::Male => "Boy",
            _ => "Child",
        };
        text(
            &mut content,
            b"F1",
            16.0,
            MARGIN,
            y,
            &format!("{child}, {} years old", self.age),
        );
        y -= 22.0;
        text(
            &mut content,
            b"F1",
            16.0,
            MARGIN,
            y,
            &format!(
                "Last seen in {} on {}",
                self.place,
                self.last_seen_on.format("%-d %B %Y")
            ),
        );
        if let Some(description) = &self.description {
            for line in wrap(description, 12.0, box_w).into_iter().take(5) {
                y -= 17.0;
                text(&mut content, b"F1", 12.0, MARGIN, y, &line);
            }
        }

        // The call to act, and the QR code to the page beside it.
        let qr_size = 120.0;
        let bottom = MARGIN + 20.0;
        text(
            &mut content,
            b"F2",
            20.0,
            MARGIN,
            bottom + 92.0,
            "Have you seen this child?",
        );
        text(
            &mut content,
            b"F2",
            24.0,
            MARGIN,
            bottom + 58.0,
            &format!("Call {}", self.helpline),
        );
        text(
            &mut content,
            b"F1",
            13.0,
            MARGIN,
            bottom + 34.0,
            &format!(
                "or the police on {POLICE_EMERGENCY}. Quote case {}.",
                self.case_number
            ),
        );
        text(
            &mut content,
            b"F1",
            10.0,
            MARGIN,
            bottom,
            &format!("Latest news and sightings: {}", self.page_url),
        );
        qr(
            &mut content,
            &self.page_url,
            WIDTH - MARGIN - qr_size,
            bottom,
            qr_size,
        )?;

        pdf.stream(CONTENT, &content.finish());
        if let Some(photo) = &photo {
            let mut image = pdf.image_xobject(PHOTO, photo.bytes);
            image.filter(Filter::DctDecode);
            image.width(i32::try_from(photo.width).unwrap_or(i32::MAX));
            image.height(i32::try_from(photo.height).unwrap_or(i32::MAX));
            if photo.gray {
                image.color_space().device_gray();
            } else {
                image.color_space().device_rgb();
            }
            image.bits_per_component(8);
            image.finish();
        }
        Ok(pdf.finish())
    }
}

/// One line of text at (`x`, `y`).
fn text(content: &mut Content, font: &[u8], size: f32, x: f32, y: f32, line: &str) {
    content
        .begin_text()
        .set_font(Name(font), size)
        .next_line(x, y)
        .show(Str(&win_ansi(line)))
        .end_text();
}

/// The QR code of `url` as black squares, `size` points wide, lower left
/// corner at (`x`, `y`).
fn qr(content: &mut Content, url: &str, x: f32, y: f32, size: f32) -> ApiResult<()> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|err| ApiError::internal(anyhow::anyhow!("a QR code for the page: {err}")))?;
    let modules = code.width();
    // Four modules of quiet zone on every side, as scanners expect.
    let module = size / (modules + 8) as f32;
    content
        .set_fill_rgb(1.0, 1.0, 1.0)
        .rect(x, y, size, size)
        .fill_nonzero()
        .set_fill_rgb(0.0, 0.0, 0.0);
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (col, row) = (i % modules, i / modules);
            content.rect(
                x + (col + 4) as f32 * module,
                y + size - (row + 5) as f32 * module,
                module,
                module,
            );
        }
    }
    content.fill_nonzero();
    Ok(())
}

/// `text` in the PDF's WinAnsi encoding: Latin-1 as it is, the few other
/// characters WinAnsi has, and `?` for anything else.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{20AC}' => 0x80,
            '\t' | '\n' | '\r' => b' ',
            _ => b'?',
        })
        .collect()
}

/// Lines of `text` that fit `width` points at `size`, measured with an
/// average Helvetica glyph a little wider than the real one, so that a
/// line never runs off the page.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let per_line = ((width / (size * 0.56)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(per_line).collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_outside_win_ansi_becomes_a_question_mark() {
        assert_eq!(win_ansi("Zoë – 5"), b"Zo\xEB \x96 5".to_vec());
        assert_eq!(win_ansi("ع"), b"?".to_vec());
    }

    #[test]
    fn long_descriptions_wrap_within_the_width() {
        let lines = wrap(&"word ".repeat(100), 12.0, 500.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 74), "{lines:?}");
    }
}
