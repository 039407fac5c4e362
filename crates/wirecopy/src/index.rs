//! An in-memory band index: the reference for the store's table.
//!
//! The store will keep one row per band key, `story_bands(band_key,
//! story_id)`, with an index on `band_key` (`docs/ARCHITECTURE.md`, "Wire
//! copy"). [`MemoryIndex`] is the same thing in memory: a map from key to
//! story ids, and each story's sketch. [`MemoryIndex::near_copies`] does
//! what adding a story will do: probe each of its keys, then verify each
//! candidate once. The tests and the benchmark use it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::bands::BandKeys;
use crate::sketch::{Sketch, Sketched};
use crate::verify::Verdict;

/// Stories found by one band key.
type Postings = Vec<u32>;

/// Band keys and sketches, in memory.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    bands: HashMap<i64, Postings, BuildHasherDefault<KeyHasher>>,
    sketches: Vec<Sketch>,
}

impl MemoryIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty index with room for `stories`.
    pub fn with_capacity(stories: usize) -> Self {
        let mut bands = HashMap::default();
        bands.reserve(stories * crate::bands::BANDS);
        Self {
            bands,
            sketches: Vec::with_capacity(stories),
        }
    }

    /// Adds a story; its id is its position (0, 1, 2, ...).
    pub fn insert(&mut self, sketched: &Sketched) -> u32 {
        let id = u32::try_from(self.sketches.len()).expect("fewer than 2^32 stories");
        self.sketches.push(sketched.sketch);
        for key in sketched.bands.0 {
            self.bands.entry(key).or_default().push(id);
        }
        id
    }

    /// How many stories it holds.
    pub fn len(&self) -> usize {
        self.sketches.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.sketches.is_empty()
    }

    /// The stories sharing a band key with `bands`, each once, at most
    /// `limit` of them (a key shared by thousands, one text repeated, needs
    /// only a few: they are one cluster already).
    pub fn candidates(&self, bands: &BandKeys, limit: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for key in bands.0 {
            if let Some(ids) = self.bands.get(&key) {
                for id in ids.iter().rev().take(limit) {
                    if !out.contains(id) {
                        out.push(*id);
                    }
                }
            }
        }
        out
    }

    /// The stories verified as near-copies of `sketched`.
    pub fn near_copies(&self, sketched: &Sketched, limit: usize) -> Vec<u32> {
        self.candidates(&sketched.bands, limit)
            .into_iter()
            .filter(|&id| {
                sketched
                    .sketch
                    .compare(&self.sketches[id as usize])
                    .verdict()
                    == Verdict::SameCopy
            })
            .collect()
    }
}

/// Band keys are hashes already: they are their own hash.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = n as u64;
    }
}
