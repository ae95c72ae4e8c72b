//! Where a photo was taken, from its EXIF GPS tags: a suggestion for the
//! last-seen place that police may accept, never published.

use exif::{In, Reader, Tag, Value};

/// Latitude and longitude in degrees from raw EXIF (a TIFF structure), when
/// both are present and on the globe.
pub fn gps(raw_exif: &[u8]) -> Option<(f64, f64)> {
    let exif = Reader::new().read_raw(raw_exif.to_vec()).ok()?;
    let coordinate = |tag: Tag, reference: Tag, negative: &[u8]| -> Option<f64> {
        let field = exif.get_field(tag, In::PRIMARY)?;
        let Value::Rational(parts) = &field.value else {
            return None;
        };
        let [degrees, minutes, seconds] = parts.as_slice() else {
            return None;
        };
        let value = degrees.to_f64() + minutes.to_f64() / 60.0 + seconds.to_f64() / 3600.0;
        let sign = match &exif.get_field(reference, In::PRIMARY)?.value {
            Value::Ascii(texts) if texts.first().is_some_and(|t| t.starts_with(negative)) => -1.0,
            _ => 1.0,
        };
        value.is_finite().then_some(sign * value)
    };
    let lat = coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, b"S")?;
    let lon = coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, b"W")?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}
