//! Image files for the tests, made on the spot: photos as phones send them
//! (with EXIF orientation and GPS), and the broken and hostile files people
//! and attackers send.

use std::io::{Cursor, Write};

use exif::{Field, In, Rational, Tag, Value, experimental::Writer};
use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder};

/// A `width` x `height` JPEG whose pixels depend on `seed`, so that two
/// seeds never give the same file.
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    encode(&picture(width, height, seed), None)
}

/// A JPEG with EXIF: an orientation tag (1 = upright, 6 = turned a quarter
/// clockwise, ...) and, when given, the GPS position of the camera.
pub fn jpeg_with_exif(
    width: u32,
    height: u32,
    seed: u8,
    orientation: u16,
    gps: Option<(f64, f64)>,
) -> Vec<u8> {
    let mut fields = vec![Field {
        tag: Tag::Orientation,
        ifd_num: In::PRIMARY,
        value: Value::Short(vec![orientation]),
    }];
    if let Some((lat, lon)) = gps {
        let reference = |text: &str| Value::Ascii(vec![text.as_bytes().to_vec()]);
        fields.push(Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: reference(if lat < 0.0 { "S" } else { "N" }),
        });
        fields.push(Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: degrees(lat.abs()),
        });
        fields.push(Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: reference(if lon < 0.0 { "W" } else { "E" }),
        });
        fields.push(Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: degrees(lon.abs()),
        });
    }
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("an EXIF block");
    encode(&picture(width, height, seed), Some(tiff.into_inner()))
}

/// What a phone camera sends: about 12 megapixels of detail, ~3-4 MB.
pub fn phone_photo(seed: u8) -> Vec<u8> {
    let (width, height) = (4000, 3000);
    // Noise in 2x2 blocks over a gradient: compresses about as well as a
    // real scene (3-4 MB at quality 90).
    let noise = |x: u32, y: u32| {
        let mut state = (x / 2).wrapping_mul(73_856_093)
            ^ (y / 2).wrapping_mul(19_349_663)
            ^ u32::from(seed).wrapping_mul(2_654_435_761);
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state & 0x0f) as u8
    };
    let noisy = RgbImage::from_fn(width, height, |x, y| {
        let n = noise(x, y);
        Rgb([
            ((x * 255 / width) as u8).wrapping_add(n),
            ((y * 255 / height) as u8).wrapping_add(n / 2),
            seed.wrapping_add(n),
        ])
    });
    encode(&noisy, None)
}

/// A JPEG cut off halfway, as a dropped connection leaves it.
pub fn truncated_jpeg() -> Vec<u8> {
    let mut bytes = jpeg(640, 480, 7);
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// A small JPEG whose header claims `width` x `height`: what an attacker
/// sends to make a server allocate gigabytes.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = jpeg(64, 48, 3);
    // The baseline frame header: FF C0, length, precision, height, width.
    let at = bytes
        .windows(2)
        .position(|pair| pair == [0xFF, 0xC0])
        .expect("a baseline JPEG");
    bytes[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    bytes[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

/// A PNG decompression bomb: a 20000 x 20000 one-bit image, a few tens of
/// kilobytes on the wire, 400 MB once decoded to 8-bit pixels.
pub fn png_bomb() -> Vec<u8> {
    let side: u32 = 20_000;
    let row = 1 + (side as usize).div_ceil(8);
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; row];
    for _ in 0..side {
        deflate.write_all(&zeros).expect("compressing");
    }
    let data = deflate.finish().expect("compressed");

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&[1, 0, 0, 0, 0]); // 1 bit, grey, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &data);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A PNG of `width` x `height`.
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            picture(width, height, seed).as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("a PNG");
    out
}

/// Width and height of an image file, by decoding it.
pub fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let picture = image::load_from_memory(bytes).expect("an image");
    (picture.width(), picture.height())
}

/// Whether a JPEG carries an EXIF block (an APP1 segment).
pub fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

fn picture(width: u32, height: u32, seed: u8) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x % 256) as u8 ^ seed,
            (y % 256) as u8,
            ((x + y) % 256) as u8 ^ seed.rotate_left(3),
        ])
    })
}

fn encode(picture: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).expect("EXIF is supported");
    }
    encoder
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("a JPEG");
    out
}

fn degrees(value: f64) -> Value {
    let whole = value.trunc();
    let minutes = ((value - whole) * 60.0).trunc();
    let seconds = ((value - whole) * 60.0 - minutes) * 60.0;
    Value::Rational(vec![
        Rational::from((whole as u32, 1)),
        Rational::from((minutes as u32, 1)),
        Rational::from(((seconds * 10_000.0).round() as u32, 10_000)),
    ])
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}
