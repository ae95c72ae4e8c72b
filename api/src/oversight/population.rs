//! The child population of each district, for cases per 100,000 children:
//! an optional CSV (`district_id,children`) read once at start-up.

use std::{collections::HashMap, path::Path};

use anyhow::{Context, bail};

use crate::domain::geo::Geography;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildPopulation {
    by_district: HashMap<String, u64>,
}

impl ChildPopulation {
    /// Reads `path`; every district id must be known and every count a
    /// whole number, or start-up fails naming the line.
    pub fn load(path: &Path, geo: &Geography) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the child population file {}", path.display()))?;
        Self::parse(&text, geo).with_context(|| format!("in {}", path.display()))
    }

    pub fn parse(text: &str, geo: &Geography) -> anyhow::Result<Self> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, header)) if header.trim() == "district_id,children" => {}
            _ => bail!("the first line must be `district_id,children`"),
        }
        let mut by_district = HashMap::new();
        for (index, line) in lines {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let number = index + 1;
            let Some((id, children)) = line.split_once(',') else {
                bail!("line {number}: expected `district_id,children`");
            };
            let id = id.trim();
            if geo.district(id).is_none() {
                bail!("line {number}: `{id}` is not a district id");
            }
            let children: u64 = children
                .trim()
                .parse()
                .with_context(|| format!("line {number}: the count is not a whole number"))?;
            if by_district.insert(id.to_owned(), children).is_some() {
                bail!("line {number}: `{id}` appears twice");
            }
        }
        Ok(Self { by_district })
    }

    pub fn of(&self, district_id: &str) -> Option<u64> {
        self.by_district.get(district_id).copied()
    }

    /// The children of all `districts`, or `None` if any has no figure.
    pub fn of_all<'a>(&self, districts: impl IntoIterator<Item = &'a str>) -> Option<u64> {
        districts.into_iter().map(|id| self.of(id)).sum()
    }
}

/// Cases per 100,000 children; `None` without a population or with none.
pub fn per_100k(cases: u64, children: Option<u64>) -> Option<f64> {
    children
        .filter(|&c| c > 0)
        .map(|c| cases as f64 * 100_000.0 / c as f64)
}
