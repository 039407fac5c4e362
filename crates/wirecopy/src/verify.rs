//! Verification: is a candidate the same copy?
//!
//! A shared band key only makes a candidate. [`Sketch::compare`] estimates
//! from the two sketches:
//!
//! - `text`: the Jaccard similarity of the shingle sets (the share of
//!   agreeing bytes, corrected for the one chance in 256 that two
//!   different minima share their low byte);
//! - `containment`: how much of the shorter story lies in the longer,
//!   from that estimate and the two shingle counts (a copy cut to its
//!   first paragraphs is contained whole);
//! - `salient`: the same two measures for the names and numbers, the
//!   higher of the two.
//!
//! [`Comparison::verdict`] says "same copy" when the words agree
//! (`text` ≥ [`SAME_TEXT`], or `containment` ≥ [`SAME_CONTAINMENT`] when
//! the shorter has [`MIN_CONTAINED_SHINGLES`]) **and** the names and
//! numbers agree (`salient` ≥ [`SAME_SALIENT`]). The second rule is what
//! keeps apart two releases of one template or two match reports of one
//! round: their wording is shared, their names and scores are not.
//! Two agencies' reports of one event, and a follow-up the next day, fail
//! the first rule: they are worded apart.

use crate::sketch::{SALIENT_HASHES, Sketch, TEXT_HASHES};

/// Least estimated Jaccard similarity of the words for a near-copy.
pub const SAME_TEXT: f64 = 0.5;
/// Least estimated containment of the shorter story for a near-copy.
pub const SAME_CONTAINMENT: f64 = 0.85;
/// Shingles the shorter story needs for containment to count.
pub const MIN_CONTAINED_SHINGLES: u16 = 40;
/// Least estimated Jaccard similarity of the names and numbers.
pub const SAME_SALIENT: f64 = 0.5;

/// What two sketches say of each other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Estimated Jaccard similarity of the shingle sets, 0 to 1.
    pub text: f64,
    /// Estimated share of the shorter story's shingles in the longer's.
    pub containment: f64,
    /// Estimated similarity of the salient words: their Jaccard
    /// similarity, or the share of the fewer in the more when that is
    /// higher (a copy cut short keeps its names, not all of them);
    /// `None` when neither story has any.
    pub salient: Option<f64>,
    /// Shingles of the shorter story.
    pub shorter: u16,
}

/// The decision on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The same copy: one cluster.
    SameCopy,
    /// Worded apart: another story (perhaps of the same event).
    DifferentWords,
    /// Worded alike with other names or numbers: another release of a
    /// template, another match of a round.
    DifferentNamesOrNumbers,
}

impl Sketch {
    /// Compares two sketches.
    pub fn compare(&self, other: &Self) -> Comparison {
        let text = jaccard(&self.text, &other.text);
        let shorter = self.shingles.min(other.shingles);
        let contained = containment(text, self.shingles, other.shingles);
        let salient = match (self.salient_words, other.salient_words) {
            (0, 0) => None,
            (0, _) | (_, 0) => Some(0.0),
            (a, b) => {
                let j = jaccard(&self.salient, &other.salient);
                Some(j.max(containment(j, a, b)))
            }
        };
        Comparison {
            text,
            containment: contained,
            salient,
            shorter,
        }
    }
}

impl Comparison {
    /// Same copy or not (see the module doc).
    pub fn verdict(&self) -> Verdict {
        let words = self.text >= SAME_TEXT
            || (self.shorter >= MIN_CONTAINED_SHINGLES && self.containment >= SAME_CONTAINMENT);
        if !words {
            Verdict::DifferentWords
        } else if self.salient.is_some_and(|s| s < SAME_SALIENT) {
            Verdict::DifferentNamesOrNumbers
        } else {
            Verdict::SameCopy
        }
    }
}

/// The share of the smaller set in the larger, from their Jaccard
/// similarity and sizes: |A ∩ B| = J (|A| + |B|) / (1 + J).
fn containment(jaccard: f64, a: u16, b: u16) -> f64 {
    let smaller = f64::from(a.min(b));
    if smaller == 0.0 {
        return 0.0;
    }
    (jaccard * (f64::from(a) + f64::from(b)) / (1.0 + jaccard) / smaller).min(1.0)
}

/// Estimated Jaccard similarity from b-bit minima (one byte each).
fn jaccard<const N: usize>(a: &[u8; N], b: &[u8; N]) -> f64 {
    const CHANCE: f64 = 1.0 / 256.0;
    debug_assert!(N == TEXT_HASHES || N == SALIENT_HASHES);
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / N as f64;
    ((agree - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)
}
