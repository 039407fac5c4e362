//! Shingles: runs of [`WIDTH`] words, hashed.
//!
//! Two versions of one copy share most of their three-word runs even
//! when a paragraph is cut or two are swapped (only the runs across the
//! cut change); two agencies' reports of one event share few, because
//! they are worded apart. In scripts without spaces a "word" is a
//! character ([`crate::text::words`]), so the runs are of three characters.
//!
//! Besides the runs, a story's salient words (names and numbers) are kept
//! one by one: the verifier compares them on their own.

use crate::text::Token;

/// Words per shingle.
pub const WIDTH: usize = 3;

/// A story's shingles, in text order, and its salient words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shingles {
    /// One hash per run of [`WIDTH`] words.
    pub runs: Vec<u64>,
    /// One hash per salient word.
    pub salient: Vec<u64>,
}

impl Shingles {
    /// The shingles of a story's words.
    pub fn of(tokens: &[Token]) -> Self {
        let runs = tokens
            .windows(WIDTH)
            .map(|w| mix(w[0].hash ^ w[1].hash.rotate_left(21) ^ w[2].hash.rotate_left(42)))
            .collect();
        let salient = tokens
            .iter()
            .filter(|t| t.salient)
            .map(|t| t.hash)
            .collect();
        Self { runs, salient }
    }
}

/// A 64-bit finaliser (the one of SplitMix64): every input bit moves
/// about half the output bits.
pub const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Copy;

    #[test]
    fn runs_are_three_words_and_order_counts() {
        let a = Shingles::of(&Copy::new("", "one two three four").tokens());
        let b = Shingles::of(&Copy::new("", "three two one four").tokens());
        assert_eq!(a.runs.len(), 2);
        assert!(a.runs.iter().all(|r| !b.runs.contains(r)));
    }
}
