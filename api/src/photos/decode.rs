//! Turning an uploaded file into a photo: the bytes must be a JPEG, PNG or
//! WebP image (sniffed, whatever the file was called), whole, and of a size
//! whose decoding fits the memory bound. From it come three re-encoded
//! JPEGs without any metadata: the display image (turned upright by its
//! EXIF orientation), a thumbnail and the public version for the register.
//!
//! Everything here is synchronous and CPU-bound; [`super::process`] runs it
//! on the blocking pool with a bound on how many run at once and how long.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, imageops::FilterType,
    metadata::Orientation,
};
use sha2::{Digest, Sha256};

use super::location;
use crate::error::ApiError;

/// Longest side of each derivative, in pixels.
const DISPLAY_SIDE: u32 = 1600;
const PUBLIC_SIDE: u32 = 800;
const THUMBNAIL_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_bytes: u64,
    pub max_pixels: u64,
}

/// A photo ready to store.
pub struct Processed {
    pub sha256: String,
    pub format: &'static str,
    pub original: Vec<u8>,
    pub original_len: u64,
    pub original_content_type: &'static str,
    /// Upright dimensions.
    pub width: u32,
    pub height: u32,
    pub gps: Option<(f64, f64)>,
    pub display: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub public: Vec<u8>,
}

pub fn process(bytes: Vec<u8>, bounds: Bounds) -> Result<Processed, ApiError> {
    if bytes.len() as u64 > bounds.max_bytes {
        return Err(too_large(bounds.max_bytes));
    }
    let (format, name, content_type) = match image::guess_format(&bytes) {
        Ok(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "jpeg", "image/jpeg"),
        Ok(ImageFormat::Png) => (ImageFormat::Png, "png", "image/png"),
        Ok(ImageFormat::WebP) => (ImageFormat::WebP, "webp", "image/webp"),
        _ => {
            return Err(ApiError::rejected(
                "photo",
                "NOT_AN_IMAGE",
                "the file is not a JPEG, PNG or WebP image",
            ));
        }
    };
    if format == ImageFormat::Jpeg && !jpeg_is_whole(&bytes) {
        return Err(corrupt());
    }

    // The header says how large the image is; refuse before decoding.
    let (width, height) = ImageReader::with_format(Cursor::new(&bytes), format)
        .into_dimensions()
        .map_err(|_| corrupt())?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(corrupt());
    }
    if pixels > bounds.max_pixels {
        return Err(ApiError::rejected(
            "photo",
            "DIMENSIONS_TOO_LARGE",
            format!(
                "the image is {width}x{height} pixels; at most {} megapixels are accepted",
                bounds.max_pixels / 1_000_000
            ),
        ));
    }

    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // The decoded image at four bytes a pixel, and room for the decoder's own.
    limits.max_alloc = Some(bounds.max_pixels * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| corrupt())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let exif = decoder.exif_metadata().ok().flatten();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|err| match err {
        image::ImageError::Limits(_) => ApiError::rejected(
            "photo",
            "DIMENSIONS_TOO_LARGE",
            "the image would take too much memory to decode",
        ),
        _ => corrupt(),
    })?;
    picture.apply_orientation(orientation);
    let display = shrink(&picture, DISPLAY_SIDE);

    Ok(Processed {
        sha256: hex::encode(Sha256::digest(&bytes)),
        format: name,
        original_content_type: content_type,
        width: picture.width(),
        height: picture.height(),
        gps: exif.as_deref().and_then(location::gps),
        // The smaller forms come from the display image: resizing 12
        // megapixels once instead of three times.
        public: jpeg(&shrink(&display, PUBLIC_SIDE))?,
        thumbnail: jpeg(&display.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE))?,
        display: jpeg(&display)?,
        original_len: bytes.len() as u64,
        original: bytes,
    })
}

pub fn too_large(max_bytes: u64) -> ApiError {
    ApiError::rejected(
        "photo",
        "FILE_TOO_LARGE",
        format!(
            "the file is larger than {} MB",
            max_bytes.div_ceil(1024 * 1024)
        ),
    )
}

fn corrupt() -> ApiError {
    ApiError::rejected(
        "photo",
        "CORRUPT_IMAGE",
        "the image is truncated or damaged; send the file again",
    )
}

/// A JPEG ends with an end-of-image marker; some cameras append data after
/// it, so look for it near the end rather than at the last two bytes. A
/// truncated file has none, and decoders would fill the rest with grey.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(2).any(|pair| pair == [0xFF, 0xD9])
}

fn shrink(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture.clone()
    } else {
        picture.resize(side, side, FilterType::Triangle)
    }
}

/// Re-encoded from pixels alone, the JPEG carries no EXIF, GPS or comments.
fn jpeg(picture: &DynamicImage) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    picture
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(ApiError::internal)?;
    Ok(out)
}
