//! The provinces, police regions and districts of Pakistan, shipped as
//! `data/jurisdictions.json` (see `data/README.md` for its sources).

use serde::Deserialize;

/// The data file, compiled into the binary so that every replica loads the same.
pub const JSON: &str = include_str!("../data/jurisdictions.json");

#[derive(Debug, Deserialize)]
pub struct Jurisdictions {
    pub provinces: Vec<Province>,
}

#[derive(Debug, Deserialize)]
pub struct Province {
    pub id: String,
    pub name: String,
    pub name_ur: String,
    pub regions: Vec<Region>,
}

#[derive(Debug, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub name_ur: String,
    pub districts: Vec<District>,
}

#[derive(Debug, Deserialize)]
pub struct District {
    pub id: String,
    pub name: String,
    pub name_ur: String,
    pub lat: f64,
    pub lon: f64,
}

/// Parses the shipped data file.
pub fn load() -> Result<Jurisdictions, serde_json::Error> {
    serde_json::from_str(JSON)
}
