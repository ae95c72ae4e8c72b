//! Measures the face model on labelled photos (`FOLDER/<person>/<photo>`):
//! every pair of photos is compared, pairs of one person give the true
//! accept rate, pairs of two people the false accept rate, and each photo's
//! nearest other photo gives the rank-1 identification rate.

use std::{fmt, path::Path};

use anyhow::Context;

use super::model::{self, Embedding, Engine};

/// The measurements, printed by `zainab face-eval`.
#[derive(Debug, Clone)]
pub struct Report {
    pub people: usize,
    pub photos: usize,
    /// Photos on which no face (or several) was found: left out.
    pub skipped: usize,
    pub genuine_pairs: usize,
    pub impostor_pairs: usize,
    pub threshold: f32,
    pub tar_at_threshold: f64,
    pub far_at_threshold: f64,
    /// The distance at which at most 0.1 % of impostor pairs are accepted.
    pub threshold_at_far_0_1: f32,
    pub tar_at_far_0_1: f64,
    pub rank1: f64,
}

/// How the photos of the folder are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Photos {
    /// Whole photos: the detector finds the face; photos without exactly
    /// one face are left out.
    Detect,
    /// Face crops (each image is one face), as in dlib's `johns` set.
    Crops,
}

pub fn run(
    model_dir: Option<&Path>,
    folder: &Path,
    threshold: f32,
    photos_are: Photos,
) -> anyhow::Result<Report> {
    let engine = Engine::load(model_dir)?;
    let mut labelled: Vec<(usize, Embedding)> = Vec::new();
    let (mut people, mut photos, mut skipped) = (0, 0, 0);
    for person in sorted_entries(folder)? {
        if !person.is_dir() {
            continue;
        }
        people += 1;
        for photo in sorted_entries(&person)? {
            photos += 1;
            let bytes =
                std::fs::read(&photo).with_context(|| format!("reading {}", photo.display()))?;
            let context = || format!("analysing {}", photo.display());
            if photos_are == Photos::Crops {
                labelled.push((people, engine.embed_crop(&bytes).with_context(context)?));
                continue;
            }
            let analysis = engine.analyse_bytes(&bytes, 0).with_context(context)?;
            match analysis.faces.as_slice() {
                [face] => labelled.push((people, face.embedding)),
                _ => skipped += 1,
            }
        }
    }
    Ok(measure(&labelled, threshold, (people, photos, skipped)))
}

/// The rates over embeddings labelled by person.
pub fn measure(
    labelled: &[(usize, Embedding)],
    threshold: f32,
    (people, photos, skipped): (usize, usize, usize),
) -> Report {
    let mut genuine = Vec::new();
    let mut impostor = Vec::new();
    let mut rank1_hits = 0;
    for (i, (person, embedding)) in labelled.iter().enumerate() {
        let mut nearest: Option<(f32, usize)> = None;
        for (j, (other, theirs)) in labelled.iter().enumerate() {
            if i == j {
                continue;
            }
            let d = model::distance(embedding, theirs);
            if nearest.is_none_or(|(best, _)| d < best) {
                nearest = Some((d, *other));
            }
            if j > i {
                if person == other {
                    genuine.push(d);
                } else {
                    impostor.push(d);
                }
            }
        }
        if nearest.is_some_and(|(_, who)| who == *person) {
            rank1_hits += 1;
        }
    }
    impostor.sort_by(f32::total_cmp);

    // The largest distance accepting at most 0.1 % of impostor pairs.
    let allowed = impostor.len() / 1000;
    let at_far = impostor.get(allowed).copied().unwrap_or(f32::INFINITY);
    Report {
        people,
        photos,
        skipped,
        genuine_pairs: genuine.len(),
        impostor_pairs: impostor.len(),
        threshold,
        tar_at_threshold: share(&genuine, |d| d < threshold),
        far_at_threshold: share(&impostor, |d| d < threshold),
        threshold_at_far_0_1: at_far,
        tar_at_far_0_1: share(&genuine, |d| d < at_far),
        rank1: ratio(rank1_hits, labelled.len()),
    }
}

fn share(values: &[f32], accept: impl Fn(f32) -> bool) -> f64 {
    ratio(values.iter().filter(|d| accept(**d)).count(), values.len())
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn sorted_entries(folder: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut entries = std::fs::read_dir(folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "people {}, photos {} ({} left out: no single face)",
            self.people, self.photos, self.skipped
        )?;
        writeln!(
            f,
            "pairs: {} same person, {} different people",
            self.genuine_pairs, self.impostor_pairs
        )?;
        writeln!(
            f,
            "at distance {:.2}: TAR {:.4}, FAR {:.4}",
            self.threshold, self.tar_at_threshold, self.far_at_threshold
        )?;
        writeln!(
            f,
            "at FAR 0.1% (distance {:.3}): TAR {:.4}",
            self.threshold_at_far_0_1, self.tar_at_far_0_1
        )?;
        writeln!(f, "rank-1 identification: {:.4}", self.rank1)
    }
}
