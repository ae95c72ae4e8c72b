//! Uploaded files: sniffing, the header's size check, decoding, EXIF GPS
//! and the three derived JPEGs. Any bytes give either a photo within the
//! bounds, kept whole, with three JPEGs of the promised sizes that carry no
//! metadata, or a refusal with `BAD_USER_INPUT`.
#![no_main]

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};
use libfuzzer_sys::fuzz_target;
use zainab_api::photos::decode::{Bounds, Processed, process};

/// Smaller than the configured bounds, so that each run is quick; the
/// checks are the same at any size.
const BOUNDS: Bounds = Bounds {
    max_bytes: 256 * 1024,
    max_pixels: 1_000_000,
};

/// Checks that `bytes` is a JPEG without EXIF whose longer side is at most
/// `side` (and no larger than the photo's), and returns its dimensions.
fn derived(bytes: &[u8], side: u32, photo: &Processed, what: &str) -> (u32, u32) {
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "the {what} is not a JPEG");
    let reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg);
    let mut decoder = reader
        .into_decoder()
        .unwrap_or_else(|err| panic!("the {what} does not decode: {err}"));
    assert!(
        decoder.exif_metadata().ok().flatten().is_none(),
        "the {what} carries EXIF"
    );
    let (width, height) = decoder.dimensions();
    assert!(width > 0 && height > 0, "the {what} is empty");
    assert!(width.max(height) <= side, "the {what} is {width}x{height}");
    assert!(
        width <= photo.width && height <= photo.height,
        "the {what} is {width}x{height}, the photo {}x{}",
        photo.width,
        photo.height
    );
    (width, height)
}

fuzz_target!(|bytes: &[u8]| {
    let photo = match process(bytes.to_vec(), BOUNDS) {
        Ok(photo) => photo,
        Err(err) => {
            assert_eq!(err.code(), "BAD_USER_INPUT", "refused with {err:?}");
            return;
        }
    };

    assert!(photo.width > 0 && photo.height > 0);
    assert!(u64::from(photo.width) * u64::from(photo.height) <= BOUNDS.max_pixels);
    assert!(bytes.len() as u64 <= BOUNDS.max_bytes);
    assert_eq!(photo.original, bytes);
    assert_eq!(photo.original_len, bytes.len() as u64);
    assert_eq!(photo.sha256.len(), 64);
    assert_eq!(
        photo.original_content_type.strip_prefix("image/"),
        Some(photo.format)
    );

    let display = derived(&photo.display, 1600, &photo, "display image");
    if photo.width.max(photo.height) <= 1600 {
        assert_eq!(
            display,
            (photo.width, photo.height),
            "the display image was resized"
        );
    }
    derived(&photo.public, 800, &photo, "public image");
    derived(&photo.thumbnail, 320, &photo, "thumbnail");

    if let Some((lat, lon)) = photo.gps {
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
    }
});
