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
    if format == ImageFormat::WebP && !webp_chunks_fit(&bytes) {
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
        thumbnail: jpeg(&thumbnail(&display))?,
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

/// Whether every chunk of a WebP file (RIFF) is no longer than what is left
/// of the file. The WebP decoder allocates a metadata chunk at its declared
/// size before reading it: a 300-byte file could ask for 3 GB.
fn webp_chunks_fit(bytes: &[u8]) -> bool {
    let mut rest = bytes.get(12..).unwrap_or_default();
    while let Some((header, body)) = rest.split_first_chunk::<8>() {
        let declared = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let Ok(declared) = usize::try_from(declared) else {
            return false;
        };
        if declared > body.len() {
            return false;
        }
        let padded = (declared + declared % 2).min(body.len());
        rest = &body[padded..];
    }
    true
}

fn shrink(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture.clone()
    } else {
        picture.resize(side, side, FilterType::Triangle)
    }
}

/// The display image scaled down to `THUMBNAIL_SIDE` with the fast filter,
/// or as it is when it fits already: `DynamicImage::thumbnail` fits an
/// image to the side both ways and would enlarge a small photo.
fn thumbnail(display: &DynamicImage) -> DynamicImage {
    if display.width() <= THUMBNAIL_SIDE && display.height() <= THUMBNAIL_SIDE {
        display.clone()
    } else {
        display.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
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

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Bounds = Bounds {
        max_bytes: 1024 * 1024,
        max_pixels: 1_000_000,
    };

    fn dimensions(jpeg: &[u8]) -> (u32, u32) {
        let picture = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg)
            .unwrap_or_else(|err| panic!("not a JPEG: {err}"));
        (picture.width(), picture.height())
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        DynamicImage::new_rgb8(width, height)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap_or_else(|err| panic!("{err}"));
        out.into_inner()
    }

    /// The photo fuzz target's seed that gave a 320x149 thumbnail.
    #[test]
    fn a_photo_smaller_than_a_thumbnail_is_not_enlarged() {
        let seed = include_bytes!("../../../fuzz/seeds/photo/exif.png");
        let Ok(photo) = process(seed.to_vec(), BOUNDS) else {
            panic!("a 15x7 PNG is refused");
        };
        assert_eq!((photo.width, photo.height), (15, 7));
        for derived in [&photo.display, &photo.public, &photo.thumbnail] {
            assert_eq!(dimensions(derived), (15, 7));
        }
    }

    /// The photo fuzz target's input that made the decoder allocate 3.4 GB:
    /// a WebP whose EXIF chunk claims far more bytes than the file holds.
    #[test]
    fn a_webp_chunk_longer_than_the_file_is_refused_before_decoding() {
        let mut webp = include_bytes!("../../../fuzz/seeds/photo/exif.webp").to_vec();
        assert!(process(webp.clone(), BOUNDS).is_ok());
        let exif = webp
            .windows(4)
            .position(|w| w == b"EXIF")
            .unwrap_or_else(|| panic!("the seed has an EXIF chunk"));
        webp[exif + 4..exif + 8].copy_from_slice(&0xCDCC_CE9F_u32.to_le_bytes());
        let Err(err) = process(webp, BOUNDS) else {
            panic!("a WebP with a 3 GB chunk is accepted");
        };
        assert!(
            matches!(
                err,
                ApiError::Rejected {
                    reason: "CORRUPT_IMAGE",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_large_photo_is_shrunk_to_each_side() {
        let Ok(photo) = process(png(1000, 500), BOUNDS) else {
            panic!("a 1000x500 PNG is refused");
        };
        assert_eq!(dimensions(&photo.display), (1000, 500));
        assert_eq!(dimensions(&photo.public), (800, 400));
        assert_eq!(dimensions(&photo.thumbnail), (320, 160));
    }
}
