//! The sketch: what is kept of a story to compare it with others.
//!
//! MinHash: for each of [`TEXT_HASHES`] hash functions, the least hash of
//! the story's shingles. Two stories agree on one such minimum with a
//! probability equal to the Jaccard similarity of their shingle sets, so
//! the share of agreeing minima estimates it. Only the low byte of each
//! minimum is kept ("b-bit MinHash"): two different minima agree on it
//! once in 256, which [`crate::verify`] corrects for, and the sketch
//! stays small. The salient words (names, numbers) get their own
//! [`SALIENT_HASHES`] minima. With the two counts that is
//! [`Sketch::BYTES`] bytes a story.
//!
//! The full 64-bit minima are used once, for the band keys
//! ([`crate::bands`]), and not kept.
//!
//! Below [`MIN_SHINGLES`] shingles a story has no sketch: an empty or
//! one-line text, or a page that is all boilerplate, is never clustered.

use crate::bands::{self, BandKeys};
use crate::shingle::{Shingles, mix};
use crate::text::Copy;

/// Minima of the shingles kept.
pub const TEXT_HASHES: usize = 64;
/// Minima of the salient words kept.
pub const SALIENT_HASHES: usize = 32;
/// The fewest shingles a sketched story has (about a sentence and a half).
pub const MIN_SHINGLES: usize = 20;

/// The seeds of the hash functions: one per minimum, text then salient
/// then lead (see [`crate::bands`]).
const SEEDS: [u64; TEXT_HASHES + SALIENT_HASHES + bands::LEAD_HASHES] = seeds();

const fn seeds<const N: usize>() -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = mix(0x6e65_7773_6465_736b ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        i += 1;
    }
    out
}

/// A story's sketch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch {
    /// The low byte of each shingle minimum.
    pub text: [u8; TEXT_HASHES],
    /// The low byte of each salient-word minimum (zeros when none).
    pub salient: [u8; SALIENT_HASHES],
    /// How many distinct shingles the story has (at most `u16::MAX`).
    pub shingles: u16,
    /// How many distinct salient words it has (at most `u16::MAX`).
    pub salient_words: u16,
}

/// A sketch and the band keys to index it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketched {
    /// What is compared.
    pub sketch: Sketch,
    /// What is indexed.
    pub bands: BandKeys,
}

/// Why a story has no sketch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsketchable {
    /// Fewer than [`MIN_SHINGLES`] shingles once boilerplate is gone.
    TooShort {
        /// How many it has.
        shingles: usize,
    },
}

impl std::fmt::Display for Unsketchable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooShort { shingles } => write!(
                f,
                "too little text to compare: {shingles} shingles, fewer than {MIN_SHINGLES}"
            ),
        }
    }
}

impl std::error::Error for Unsketchable {}

impl Sketched {
    /// Sketches a story, or says why it cannot be.
    pub fn of(copy: &Copy<'_>) -> Result<Self, Unsketchable> {
        Self::of_shingles(&Shingles::of(&copy.tokens()))
    }

    /// Sketches a story's shingles.
    pub fn of_shingles(shingles: &Shingles) -> Result<Self, Unsketchable> {
        let runs = &shingles.runs;
        if runs.len() < MIN_SHINGLES {
            return Err(Unsketchable::TooShort {
                shingles: runs.len(),
            });
        }
        let text_min: [u64; TEXT_HASHES] = minima(runs, &SEEDS[..TEXT_HASHES]);
        let salient_min: [u64; SALIENT_HASHES] = minima(
            &shingles.salient,
            &SEEDS[TEXT_HASHES..TEXT_HASHES + SALIENT_HASHES],
        );
        let lead = &runs[..runs.len().min(bands::LEAD_SHINGLES)];
        let lead_min: [u64; bands::LEAD_HASHES] =
            minima(lead, &SEEDS[TEXT_HASHES + SALIENT_HASHES..]);
        let distinct = |v: &[u64]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        let salient = if shingles.salient.is_empty() {
            [0; SALIENT_HASHES]
        } else {
            salient_min.map(low_byte)
        };
        let sketch = Sketch {
            text: text_min.map(low_byte),
            salient,
            shingles: saturate(distinct(runs)),
            salient_words: saturate(distinct(&shingles.salient)),
        };
        Ok(Self {
            sketch,
            bands: BandKeys::of(&text_min, &lead_min),
        })
    }
}

/// For each seed, the least hash of the values under it.
fn minima<const N: usize>(values: &[u64], seeds: &[u64]) -> [u64; N] {
    let mut out = [u64::MAX; N];
    for &v in values {
        for (min, seed) in out.iter_mut().zip(seeds) {
            let h = permute(v, *seed);
            if h < *min {
                *min = h;
            }
        }
    }
    out
}

/// One of the hash functions: the value (already well mixed) xored with
/// the seed, multiplied and folded.
#[inline]
fn permute(v: u64, seed: u64) -> u64 {
    let x = (v ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 32)
}

/// The byte kept of a minimum (mixed first: minima are small numbers).
fn low_byte(min: u64) -> u8 {
    mix(min) as u8
}

fn saturate(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

impl Sketch {
    /// Bytes of a sketch as stored ([`Sketch::to_bytes`]).
    pub const BYTES: usize = TEXT_HASHES + SALIENT_HASHES + 4;

    /// The sketch as bytes, for a `BLOB`/`BYTEA` column.
    pub fn to_bytes(&self) -> [u8; Self::BYTES] {
        let mut out = [0u8; Self::BYTES];
        out[..TEXT_HASHES].copy_from_slice(&self.text);
        out[TEXT_HASHES..TEXT_HASHES + SALIENT_HASHES].copy_from_slice(&self.salient);
        out[Self::BYTES - 4..Self::BYTES - 2].copy_from_slice(&self.shingles.to_le_bytes());
        out[Self::BYTES - 2..].copy_from_slice(&self.salient_words.to_le_bytes());
        out
    }

    /// A sketch read back from [`Sketch::to_bytes`]; `None` if the length
    /// is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != Self::BYTES {
            return None;
        }
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        Some(Self {
            text: bytes[..TEXT_HASHES].try_into().ok()?,
            salient: bytes[TEXT_HASHES..TEXT_HASHES + SALIENT_HASHES]
                .try_into()
                .ok()?,
            shingles: u16_at(Self::BYTES - 4),
            salient_words: u16_at(Self::BYTES - 2),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sketch_survives_its_bytes() {
        let text = "The river burst its banks in three places on Sunday night, flooding \
            farms and two villages, the district governor Ana Lima said on Monday morning.";
        let s = Sketched::of(&Copy::new("", text)).unwrap().sketch;
        assert_eq!(Sketch::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Sketch::from_bytes(&[0; 3]), None);
    }

    #[test]
    fn empty_and_short_texts_have_no_sketch() {
        for text in [
            "",
            "Breaking",
            "Floods hit the north.",
            "Markets closed higher on Tuesday after a quiet day.",
        ] {
            assert!(
                matches!(
                    Sketched::of(&Copy::new("", text)),
                    Err(Unsketchable::TooShort { .. })
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn a_page_of_boilerplate_has_no_sketch() {
        let page = "By Staff Reporter\nRead more: top stories of the day\nFollow us on social media\n\
            Subscribe to our newsletter for the latest news and offers\n\
            © 2025 Example Daily. All rights reserved.\nAdvertisement";
        assert!(Sketched::of(&Copy::new("Home", page)).is_err());
    }
}
