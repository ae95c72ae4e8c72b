//! Where things are: the districts with their headquarters, whether a point
//! lies in Pakistan, and which district a point most likely belongs to.

use std::collections::HashMap;

use country_boundaries::{BOUNDARIES_ODBL_360X180, CountryBoundaries, LatLon};
use sea_orm::{DatabaseConnection, EntityTrait};

use entities::{district, province, region};

/// A district as routing needs it, loaded once at start-up.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictRef {
    pub id: String,
    pub region_id: String,
    pub province_id: String,
    pub name: String,
    pub name_ur: String,
    pub hq: Point,
}

impl DistrictRef {
    /// Every district of the jurisdiction file the migrations load, without
    /// a database: for parsers' tests and benchmarks.
    pub fn shipped() -> Result<Vec<Self>, serde_json::Error> {
        let data = migration::jurisdictions::load()?;
        let mut out = Vec::new();
        for province in data.provinces {
            for region in province.regions {
                for d in region.districts {
                    out.push(Self {
                        id: d.id,
                        region_id: region.id.clone(),
                        province_id: province.id.clone(),
                        name: d.name,
                        name_ur: d.name_ur,
                        hq: Point {
                            lat: d.lat,
                            lon: d.lon,
                        },
                    });
                }
            }
        }
        Ok(out)
    }
}

/// A province or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceRef {
    pub id: String,
    pub name: String,
    pub name_ur: String,
}

/// A police region (division).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionRef {
    pub id: String,
    pub province_id: String,
    pub name: String,
    pub name_ur: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    /// Great-circle distance in kilometres.
    pub fn distance_km(self, other: Point) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

/// Why a pair of coordinates was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointError {
    NotANumber,
    OutOfRange,
    OutsidePakistan,
}

impl PointError {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotANumber => "coordinates must be numbers",
            Self::OutOfRange => "latitude must lie within ±90 and longitude within ±180",
            Self::OutsidePakistan => "these coordinates are outside Pakistan",
        }
    }
}

pub struct Geography {
    boundaries: CountryBoundaries,
    provinces: Vec<ProvinceRef>,
    regions: Vec<RegionRef>,
    districts: Vec<DistrictRef>,
    index: HashMap<String, usize>,
}

impl Geography {
    /// Loads the districts from the database and the country boundaries
    /// (OpenStreetMap data, ODbL) shipped with the `country-boundaries` crate.
    pub async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let provinces = province::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| ProvinceRef {
                id: p.id,
                name: p.name,
                name_ur: p.name_ur,
            })
            .collect();
        let regions = region::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|r| RegionRef {
                id: r.id,
                province_id: r.province_id,
                name: r.name,
                name_ur: r.name_ur,
            })
            .collect();
        let rows = district::Entity::find().all(db).await?;
        let districts = rows
            .into_iter()
            .map(|row| DistrictRef {
                hq: Point {
                    lat: row.hq_lat,
                    lon: row.hq_lon,
                },
                id: row.id,
                region_id: row.region_id,
                province_id: row.province_id,
                name: row.name,
                name_ur: row.name_ur,
            })
            .collect();
        Self::new(provinces, regions, districts)
    }

    pub fn new(
        mut provinces: Vec<ProvinceRef>,
        mut regions: Vec<RegionRef>,
        mut districts: Vec<DistrictRef>,
    ) -> anyhow::Result<Self> {
        provinces.sort_by(|a, b| a.name.cmp(&b.name));
        regions.sort_by(|a, b| a.name.cmp(&b.name));
        districts.sort_by(|a, b| a.name.cmp(&b.name));
        let boundaries = CountryBoundaries::from_reader(BOUNDARIES_ODBL_360X180)?;
        let index = districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Ok(Self {
            boundaries,
            provinces,
            regions,
            districts,
            index,
        })
    }

    pub fn provinces(&self) -> &[ProvinceRef] {
        &self.provinces
    }

    pub fn province(&self, id: &str) -> Option<&ProvinceRef> {
        self.provinces.iter().find(|p| p.id == id)
    }

    pub fn regions_of(&self, province_id: &str) -> impl Iterator<Item = &RegionRef> {
        self.regions
            .iter()
            .filter(move |r| r.province_id == province_id)
    }

    pub fn region(&self, id: &str) -> Option<&RegionRef> {
        self.regions.iter().find(|r| r.id == id)
    }

    pub fn districts_of_region(&self, region_id: &str) -> impl Iterator<Item = &DistrictRef> {
        self.districts
            .iter()
            .filter(move |d| d.region_id == region_id)
    }

    pub fn district(&self, id: &str) -> Option<&DistrictRef> {
        self.index.get(id).map(|&i| &self.districts[i])
    }

    pub fn districts(&self) -> &[DistrictRef] {
        &self.districts
    }

    /// Checks that a point is a real position inside Pakistan (Azad Jammu
    /// and Kashmir and Gilgit-Baltistan included).
    pub fn point_in_pakistan(&self, lat: f64, lon: f64) -> Result<Point, PointError> {
        if !lat.is_finite() || !lon.is_finite() {
            return Err(PointError::NotANumber);
        }
        // `LatLon` wraps any longitude round the globe: 787 would pass as 67.
        if !(-180.0..=180.0).contains(&lon) {
            return Err(PointError::OutOfRange);
        }
        let position = LatLon::new(lat, lon).map_err(|_| PointError::OutOfRange)?;
        if !self.boundaries.is_in(position, "PK") {
            return Err(PointError::OutsidePakistan);
        }
        Ok(Point { lat, lon })
    }

    /// The district whose headquarters is nearest to `point`.
    pub fn nearest_district(&self, point: Point) -> Option<&DistrictRef> {
        self.districts
            .iter()
            .min_by(|a, b| a.hq.distance_km(point).total_cmp(&b.hq.distance_km(point)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn district(id: &str, lat: f64, lon: f64) -> DistrictRef {
        DistrictRef {
            id: id.into(),
            region_id: "r".into(),
            province_id: "p".into(),
            name: id.into(),
            name_ur: id.into(),
            hq: Point { lat, lon },
        }
    }

    fn geography() -> Geography {
        Geography::new(
            vec![],
            vec![],
            vec![
                district("lahore", 31.5497, 74.3436),
                district("karachi", 24.8607, 67.0011),
                district("gilgit", 35.9208, 74.3144),
            ],
        )
        .unwrap()
    }

    #[test]
    fn distances_are_great_circle_kilometres() {
        let lahore = Point {
            lat: 31.5497,
            lon: 74.3436,
        };
        let karachi = Point {
            lat: 24.8607,
            lon: 67.0011,
        };
        let km = lahore.distance_km(karachi);
        assert!((1020.0..1040.0).contains(&km), "{km}");
    }

    #[test]
    fn points_across_pakistan_are_inside_including_ajk_and_gb() {
        let geo = geography();
        for (lat, lon) in [
            (31.5497, 74.3436), // Lahore
            (24.8607, 67.0011), // Karachi
            (30.1798, 66.9750), // Quetta
            (34.3700, 73.4711), // Muzaffarabad
            (35.9208, 74.3144), // Gilgit
            (35.2971, 75.6333), // Skardu
        ] {
            assert!(geo.point_in_pakistan(lat, lon).is_ok(), "{lat},{lon}");
        }
    }

    #[test]
    fn points_in_neighbouring_countries_and_nonsense_are_refused() {
        let geo = geography();
        for (lat, lon, expected) in [
            (34.5553, 69.2075, PointError::OutsidePakistan), // Kabul
            (31.6340, 74.8723, PointError::OutsidePakistan), // Amritsar
            (29.4963, 60.8629, PointError::OutsidePakistan), // Zahedan
            (51.5074, -0.1278, PointError::OutsidePakistan), // London
            (95.0, 70.0, PointError::OutOfRange),
            (f64::NAN, 70.0, PointError::NotANumber),
        ] {
            assert_eq!(
                geo.point_in_pakistan(lat, lon),
                Err(expected),
                "{lat},{lon}"
            );
        }
    }

    /// Found by the coordinates fuzz target: 787 and -293 are 67, near
    /// Quetta, counted round the globe, and were accepted as such.
    #[test]
    fn longitudes_beyond_180_are_refused_not_wrapped() {
        let geo = geography();
        for lon in [787.0, -293.0, 180.5, -180.5] {
            assert_eq!(
                geo.point_in_pakistan(30.5204, lon),
                Err(PointError::OutOfRange),
                "{lon}"
            );
        }
    }

    #[test]
    fn the_nearest_headquarters_names_the_district() {
        let geo = geography();
        let near_lahore = Point {
            lat: 31.45,
            lon: 74.25,
        };
        assert_eq!(
            geo.nearest_district(near_lahore).map(|d| d.id.as_str()),
            Some("lahore")
        );
        let near_gilgit = Point {
            lat: 36.0,
            lon: 74.5,
        };
        assert_eq!(
            geo.nearest_district(near_gilgit).map(|d| d.id.as_str()),
            Some("gilgit")
        );
    }
}
