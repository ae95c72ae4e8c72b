//! A map of Pakistan drawn in SVG from the shipped district file (no tile
//! server is reachable): each district's headquarters as a marker, sized
//! by its count, and optionally one point such as the last-seen place.

use std::{cell::RefCell, collections::HashMap, rc::Rc};

use serde::Deserialize;
use yew::prelude::*;

use crate::{app::use_lang, i18n::Lang};

/// The data file trunk copies into the build, as the migration loads it.
pub const DATA_URL: &str = "/jurisdictions.json";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MapDistrict {
    pub id: String,
    pub name: String,
    pub name_ur: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Deserialize)]
struct File {
    provinces: Vec<FileProvince>,
}

#[derive(Deserialize)]
struct FileProvince {
    regions: Vec<FileRegion>,
}

#[derive(Deserialize)]
struct FileRegion {
    districts: Vec<MapDistrict>,
}

/// The districts of the data file, flattened.
pub fn parse(text: &str) -> Result<Vec<MapDistrict>, serde_json::Error> {
    let file: File = serde_json::from_str(text)?;
    Ok(file
        .provinces
        .into_iter()
        .flat_map(|p| p.regions)
        .flat_map(|r| r.districts)
        .collect())
}

pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 560.0;
const LON: (f64, f64) = (60.5, 78.0);
const LAT: (f64, f64) = (23.5, 37.2);

/// Where a point falls on the drawing (x right, y down).
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    let x = (lon - LON.0) / (LON.1 - LON.0) * WIDTH;
    let y = (LAT.1 - lat) / (LAT.1 - LAT.0) * HEIGHT;
    (x, y)
}

/// A marker's radius: its area grows with the count, never invisible.
pub fn radius(count: i64, largest: i64) -> f64 {
    if count <= 0 || largest <= 0 {
        return 2.5;
    }
    4.0 + 18.0 * (count as f64 / largest as f64).sqrt()
}

thread_local! {
    static LOADED: RefCell<Option<Rc<Vec<MapDistrict>>>> = const { RefCell::new(None) };
}

#[hook]
fn use_map_districts() -> Option<Rc<Vec<MapDistrict>>> {
    let state = use_state(|| LOADED.with(|l| l.borrow().clone()));
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if state.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let Ok(response) = gloo_net::http::Request::get(DATA_URL).send().await else {
                        return;
                    };
                    let Ok(text) = response.text().await else {
                        return;
                    };
                    if let Ok(list) = parse(&text) {
                        let list = Rc::new(list);
                        LOADED.with(|l| *l.borrow_mut() = Some(list.clone()));
                        state.set(Some(list));
                    }
                });
            }
        });
    }
    (*state).clone()
}

#[derive(Properties, PartialEq)]
pub struct MapProps {
    /// Cases by district id; districts without an entry get a small dot.
    #[prop_or_default]
    pub counts: HashMap<String, i64>,
    /// A point to mark, with its label.
    #[prop_or_default]
    pub point: Option<(f64, f64, String)>,
    /// A district to pick out.
    #[prop_or_default]
    pub highlight: Option<String>,
    pub title: AttrValue,
}

#[function_component(DistrictMap)]
pub fn district_map(props: &MapProps) -> Html {
    let lang = use_lang();
    let Some(districts) = use_map_districts() else {
        return html! { <p class="muted">{ lang.t("loading") }</p> };
    };
    let largest = props.counts.values().copied().max().unwrap_or(0);
    let label = |d: &MapDistrict| match lang {
        Lang::En => d.name.clone(),
        Lang::Ur => d.name_ur.clone(),
    };
    html! {
        <svg class="map" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
            aria-label={props.title.clone()}>
            <title>{ props.title.clone() }</title>
            <rect x="0" y="0" width={WIDTH.to_string()} height={HEIGHT.to_string()} class="sea" />
            { for districts.iter().map(|d| {
                let (x, y) = project(d.lat, d.lon);
                let count = props.counts.get(&d.id).copied().unwrap_or(0);
                let picked = props.highlight.as_deref() == Some(d.id.as_str());
                let class = if picked { "district picked" } else if count > 0 { "district has" } else { "district" };
                html! {
                    <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")}
                        r={format!("{:.1}", if picked { radius(count, largest).max(7.0) } else { radius(count, largest) })} class={class}
                        data-district={d.id.clone()}>
                        <title>{ format!("{}: {count}", label(d)) }</title>
                    </circle>
                }
            }) }
            if let Some((lat, lon, text)) = &props.point {
                {{
                    let (x, y) = project(*lat, *lon);
                    html! {
                        <g class="point">
                            <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="7" />
                            <title>{ text.clone() }</title>
                        </g>
                    }
                }}
            }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_places_every_district_inside_the_drawing() {
        let districts =
            parse(include_str!("../../migration/data/jurisdictions.json")).unwrap_or_default();
        assert_eq!(districts.len(), 177);
        for d in &districts {
            let (x, y) = project(d.lat, d.lon);
            assert!(
                (0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y),
                "{}",
                d.id
            );
        }
        // Karachi lies south-west of Lahore, Peshawar north of both.
        let at = |id: &str| {
            districts
                .iter()
                .find(|d| d.id == id)
                .map(|d| project(d.lat, d.lon))
                .unwrap_or_default()
        };
        let (lahore, karachi, peshawar) =
            (at("PB-lahore"), at("SD-karachi-south"), at("KP-peshawar"));
        assert!(karachi.0 < lahore.0 && karachi.1 > lahore.1);
        assert!(peshawar.1 < lahore.1 && peshawar.1 < karachi.1);
    }

    #[test]
    fn markers_grow_with_the_count() {
        assert!(radius(0, 10) < radius(1, 10));
        assert!(radius(1, 10) < radius(10, 10));
        assert_eq!(radius(5, 0), 2.5);
    }
}
