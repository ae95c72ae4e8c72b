//! Coordinates of last sightings and places: any pair of floats (NaN,
//! infinities, subnormals, out of range) is judged without a panic, and a
//! point accepted as in Pakistan is finite, near Pakistan's bounding box,
//! at a finite distance from every district headquarters, and has a
//! nearest district.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zainab_api::domain::geo::{DistrictRef, Geography, Point, PointError};

/// Pakistan's bounding box (Azad Jammu and Kashmir and Gilgit-Baltistan
/// included), widened by a degree for the coarse boundary grid.
const LAT: std::ops::RangeInclusive<f64> = 22.6..=38.1;
const LON: std::ops::RangeInclusive<f64> = 59.9..=78.9;

/// A few headquarters from the south to the north of the country.
fn district(id: &str, lat: f64, lon: f64) -> DistrictRef {
    DistrictRef {
        id: id.to_owned(),
        region_id: "region".to_owned(),
        province_id: "province".to_owned(),
        name: id.to_owned(),
        name_ur: id.to_owned(),
        hq: Point { lat, lon },
    }
}

static GEO: LazyLock<Geography> = LazyLock::new(|| {
    let districts = vec![
        district("karachi", 24.8607, 67.0011),
        district("quetta", 30.1798, 66.9750),
        district("lahore", 31.5497, 74.3436),
        district("peshawar", 34.0151, 71.5249),
        district("gilgit", 35.9208, 74.3144),
    ];
    Geography::new(Vec::new(), Vec::new(), districts).expect("the country boundaries load")
});

fn judge(lat: f64, lon: f64) {
    let point = match GEO.point_in_pakistan(lat, lon) {
        Ok(point) => point,
        Err(PointError::NotANumber) => {
            assert!(!lat.is_finite() || !lon.is_finite(), "{lat},{lon}");
            return;
        }
        Err(PointError::OutOfRange) => {
            assert!(lat.abs() > 90.0 || lon.abs() > 180.0, "{lat},{lon}");
            return;
        }
        Err(PointError::OutsidePakistan) => return,
    };
    assert_eq!(
        (point.lat.to_bits(), point.lon.to_bits()),
        (lat.to_bits(), lon.to_bits())
    );
    assert!(
        LAT.contains(&lat) && LON.contains(&lon),
        "{lat},{lon} is far from Pakistan"
    );
    for district in GEO.districts() {
        let km = point.distance_km(district.hq);
        // Pakistan spans less than 2,000 km from corner to corner.
        assert!(
            (0.0..2000.0).contains(&km),
            "{lat},{lon} to {}: {km}",
            district.id
        );
    }
    assert!(GEO.nearest_district(point).is_some(), "{lat},{lon}");
}

/// The first sixteen bytes as two bit patterns, zero-padded.
fn bit_patterns(data: &[u8]) -> (f64, f64) {
    let mut bytes = [0u8; 16];
    let n = data.len().min(16);
    bytes[..n].copy_from_slice(&data[..n]);
    let (lat, lon) = bytes.split_at(8);
    let bits = |half: &[u8]| u64::from_le_bytes(half.try_into().expect("eight bytes"));
    (f64::from_bits(bits(lat)), f64::from_bits(bits(lon)))
}

fuzz_target!(|data: &[u8]| {
    let (lat, lon) = bit_patterns(data);
    judge(lat, lon);

    // The input as decimal text, "31.5204,74.3587": the pair as a client
    // writes it, which reaches the server as two JSON numbers.
    if let Ok(text) = std::str::from_utf8(data)
        && let Some((lat, lon)) = text.split_once(',')
        && let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>())
    {
        judge(lat, lon);
    }
});
