//! Band keys: the sketch cut into integers an index can look up.
//!
//! Locality-sensitive hashing: [`TEXT_BANDS`] bands of [`TEXT_ROWS`] full
//! shingle minima each, and [`LEAD_BANDS`] of [`LEAD_ROWS`] minima of the
//! story's first [`LEAD_SHINGLES`] shingles, each band hashed into one
//! 64-bit key (the band's number is hashed in, so keys of two bands never
//! meet). Two stories share a band's key when they agree on all its
//! minima, which for shingle sets of Jaccard similarity *J* happens with
//! probability *J*^rows; a near-copy (*J* ≥ 0.7) shares at least one of
//! the text bands almost surely, an unrelated story (*J* < 0.05) almost
//! never. The lead bands catch a copy cut to its first paragraphs (low
//! *J* over the whole, the same opening).
//!
//! The keys are signed 64-bit integers so that they fit a `BIGINT`
//! column: a new story's candidates are the stories that share one of its
//! [`BANDS`] keys, [`BANDS`] probes of one index.

use crate::shingle::mix;

/// Bands over the whole text.
pub const TEXT_BANDS: usize = 8;
/// Minima per text band.
pub const TEXT_ROWS: usize = 3;
/// Bands over the lead.
pub const LEAD_BANDS: usize = 1;
/// Minima per lead band.
pub const LEAD_ROWS: usize = 3;
/// Shingles that make the lead (about the first two paragraphs).
pub const LEAD_SHINGLES: usize = 40;
/// Minima of the lead computed.
pub const LEAD_HASHES: usize = LEAD_BANDS * LEAD_ROWS;
/// Keys per story.
pub const BANDS: usize = TEXT_BANDS + LEAD_BANDS;

/// A story's band keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BandKeys(pub [i64; BANDS]);

impl BandKeys {
    /// The keys of a story's full shingle minima and lead minima.
    pub fn of(text_min: &[u64], lead_min: &[u64]) -> Self {
        let mut keys = [0i64; BANDS];
        for (band, key) in keys.iter_mut().enumerate() {
            let rows = if band < TEXT_BANDS {
                &text_min[band * TEXT_ROWS..(band + 1) * TEXT_ROWS]
            } else {
                let lead = band - TEXT_BANDS;
                &lead_min[lead * LEAD_ROWS..(lead + 1) * LEAD_ROWS]
            };
            let mut h = mix(band as u64 + 1);
            for row in rows {
                h = mix(h ^ row);
            }
            *key = h as i64;
        }
        Self(keys)
    }

    /// The keys folded to 32 bits (the high half xor the low), as the
    /// store indexes them: smaller indexes, and a chance collision only
    /// adds a candidate, which verification turns away.
    pub fn folded(&self) -> [i32; BANDS] {
        self.0.map(|k| ((k >> 32) ^ k) as i32)
    }

    /// Whether two stories share a key: whether an index probe finds one
    /// from the other.
    pub fn shares_any(&self, other: &Self) -> bool {
        self.0.iter().any(|k| other.0.contains(k))
    }
}
