//! The in-memory index of faces: every embedding in one contiguous block,
//! searched exactly. At a million faces a query reads 512 MB once; the
//! benchmark (`docs/BENCHMARKS.md`) compares it with a bare pass over the
//! same memory.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entities::{FaceSide, face};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::model::{DIMENSIONS, Embedding, decode};

/// What a face in the index belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub face_id: Uuid,
    pub photo_id: Uuid,
    pub case_id: Uuid,
    pub side: FaceSide,
}

/// A face near the query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub entry: Entry,
    pub distance: f32,
}

#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Entry>,
    vectors: Vec<f32>,
    seen: HashSet<Uuid>,
    /// The newest `created_at` loaded from the database.
    loaded_until: Option<DateTime<Utc>>,
}

/// Rows are read again this far behind the newest one loaded, in case a
/// transaction that began earlier committed later.
const OVERLAP: chrono::Duration = chrono::Duration::minutes(10);

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a face; one already in the index is left as it is.
    pub fn insert(&mut self, entry: Entry, embedding: &Embedding) -> bool {
        if !self.seen.insert(entry.face_id) {
            return false;
        }
        self.entries.push(entry);
        self.vectors.extend_from_slice(embedding);
        true
    }

    /// Loads the faces written since the last call (all of them the first
    /// time).
    pub async fn refresh(&mut self, db: &impl ConnectionTrait) -> Result<usize, DbErr> {
        let mut query = face::Entity::find().order_by_asc(face::Column::CreatedAt);
        if let Some(until) = self.loaded_until {
            query = query.filter(face::Column::CreatedAt.gte(until - OVERLAP));
        }
        let mut added = 0;
        for row in query.all(db).await? {
            self.loaded_until = Some(
                self.loaded_until
                    .map_or(row.created_at, |t| t.max(row.created_at)),
            );
            let Some(embedding) = decode(&row.embedding) else {
                tracing::warn!(face.id = %row.id, "face with a malformed embedding left out");
                continue;
            };
            let entry = Entry {
                face_id: row.id,
                photo_id: row.photo_id,
                case_id: row.case_id,
                side: row.side,
            };
            added += usize::from(self.insert(entry, &embedding));
        }
        Ok(added)
    }

    /// The `k` nearest faces that `keep` accepts, nearest first.
    pub fn search(&self, query: &Embedding, k: usize, keep: impl Fn(&Entry) -> bool) -> Vec<Hit> {
        let mut best = TopK::new(k);
        for (i, vector) in self.vectors.chunks_exact(DIMENSIONS).enumerate() {
            let d = squared_distance(query, vector);
            if best.admits(d) && keep(&self.entries[i]) {
                best.push(d, i);
            }
        }
        best.into_sorted()
            .into_iter()
            .map(|(d, i)| Hit {
                entry: self.entries[i],
                distance: d.sqrt(),
            })
            .collect()
    }

    /// The raw embeddings, for the benchmark's bare pass over the memory.
    pub fn vectors(&self) -> &[f32] {
        &self.vectors
    }
}

fn squared_distance(a: &[f32], b: &[f32]) -> f32 {
    // Eight lanes the compiler keeps in registers and vectorises.
    let mut lanes = [0.0f32; 8];
    for (a, b) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for lane in 0..8 {
            let d = a[lane] - b[lane];
            lanes[lane] += d * d;
        }
    }
    lanes.iter().sum()
}

/// The `k` smallest distances seen, kept unsorted with their maximum known.
struct TopK {
    k: usize,
    items: Vec<(f32, usize)>,
    worst: f32,
}

impl TopK {
    fn new(k: usize) -> Self {
        Self {
            k,
            items: Vec::with_capacity(k + 1),
            worst: f32::INFINITY,
        }
    }

    fn admits(&self, d: f32) -> bool {
        self.items.len() < self.k || d < self.worst
    }

    fn push(&mut self, d: f32, i: usize) {
        if self.k == 0 {
            return;
        }
        if self.items.len() == self.k
            && let Some(at) = self
                .items
                .iter()
                .position(|(existing, _)| *existing == self.worst)
        {
            self.items.swap_remove(at);
        }
        self.items.push((d, i));
        if self.items.len() == self.k {
            self.worst = self
                .items
                .iter()
                .map(|(d, _)| *d)
                .fold(f32::NEG_INFINITY, f32::max);
        }
    }

    fn into_sorted(mut self) -> Vec<(f32, usize)> {
        self.items.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u128, side: FaceSide) -> Entry {
        Entry {
            face_id: Uuid::from_u128(n),
            photo_id: Uuid::from_u128(n),
            case_id: Uuid::from_u128(n),
            side,
        }
    }

    fn at(x: f32) -> Embedding {
        let mut e = [0.0; DIMENSIONS];
        e[0] = x;
        e
    }

    #[test]
    fn search_gives_the_nearest_faces_in_order_and_only_those_kept() {
        let mut index = Index::default();
        for n in 0..100u16 {
            let side = if n % 2 == 0 {
                FaceSide::Missing
            } else {
                FaceSide::Found
            };
            index.insert(entry(u128::from(n), side), &at(f32::from(n)));
        }
        assert!(
            !index.insert(entry(3, FaceSide::Found), &at(3.0)),
            "a face twice"
        );

        let hits = index.search(&at(10.2), 3, |_| true);
        let ids: Vec<_> = hits.iter().map(|h| h.entry.face_id.as_u128()).collect();
        assert_eq!(ids, [10, 11, 9]);
        assert!((hits[0].distance - 0.2).abs() < 1e-4);

        let missing = index.search(&at(10.9), 2, |e| e.side == FaceSide::Missing);
        let ids: Vec<_> = missing.iter().map(|h| h.entry.face_id.as_u128()).collect();
        assert_eq!(ids, [10, 12]);
    }

    #[test]
    fn search_agrees_with_sorting_every_distance() {
        let mut index = Index::default();
        let mut state = 7u32;
        let mut next = || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 8) as f32 / (1 << 24) as f32
        };
        let mut all = Vec::new();
        for n in 0..500u128 {
            let mut e = [0.0; DIMENSIONS];
            e.iter_mut().for_each(|v| *v = next());
            index.insert(entry(n, FaceSide::Missing), &e);
            all.push(e);
        }
        let query = all[42];
        let mut expected: Vec<(f32, u128)> = all
            .iter()
            .enumerate()
            .map(|(i, e)| (super::super::model::distance(&query, e), i as u128))
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0));
        let got: Vec<_> = index
            .search(&query, 10, |_| true)
            .iter()
            .map(|h| h.entry.face_id.as_u128())
            .collect();
        let want: Vec<_> = expected.iter().take(10).map(|(_, i)| *i).collect();
        assert_eq!(got, want);
    }
}
