//! Words: how a paragraph is cut and folded before it is shingled.
//!
//! A word is a run of letters and digits. Case and accents are folded
//! (the dateline crate's [`fold`](newsdesk_dateline::fold) table, so
//! "Zürich" and "ZURICH" are one word); apostrophes inside a word are
//! dropped ("minister’s" is "ministers"); a comma between digits is
//! dropped and a point kept ("1,200" is "1200", "6.5" stays "6.5"), so
//! numbers are compared whole. Every character of a script written
//! without spaces between words (Chinese, Japanese kana, Thai, Lao,
//! Khmer, Myanmar) is a word of its own, so shingles of three "words"
//! there are runs of three characters.
//!
//! Each word is kept as a 64-bit hash and a flag: *salient* words are
//! numbers and capitalised words that do not open a sentence, the names
//! and figures that tell one templated release or one match report from
//! the next ([`crate::verify`]).

/// One word of a story, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// A hash of the folded word.
    pub hash: u64,
    /// A number, or a capitalised word that does not open a sentence.
    pub salient: bool,
}

/// Whether a character belongs to a script written without spaces.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x2FFFF) // CJK extensions B and later
}

/// Appends the words of a paragraph to `out`.
pub fn push_tokens(paragraph: &str, out: &mut Vec<Token>) {
    let mut word = Word::default();
    let mut sentence_start = true;
    let mut chars = paragraph.chars().peekable();
    while let Some(c) = chars.next() {
        if is_unspaced(c) {
            word.flush(out, &mut sentence_start);
            if c.is_alphanumeric() || ('\u{0E00}'..='\u{0EFF}').contains(&c) {
                let mut buf = [0u8; 4];
                out.push(Token {
                    hash: hash_bytes(c.encode_utf8(&mut buf).as_bytes()),
                    salient: false,
                });
            }
            sentence_start = false;
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if ('\u{300}'..='\u{36F}').contains(&c) {
            // A combining accent: folded away.
        } else if matches!(c, '\'' | '’')
            && !word.text.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphabetic())
        {
            // "minister’s": one word.
        } else if c == ',' && word.numeric() && chars.peek().is_some_and(char::is_ascii_digit) {
            // "1,200": one number.
        } else if c == '.' && word.numeric() && chars.peek().is_some_and(char::is_ascii_digit) {
            word.text.push('.');
        } else {
            word.flush(out, &mut sentence_start);
            if matches!(c, '.' | '!' | '?' | ':' | ';' | '。' | '！' | '？') {
                sentence_start = true;
            }
        }
    }
    word.flush(out, &mut sentence_start);
}

/// The word being read.
#[derive(Default)]
struct Word {
    text: String,
    capitalised: bool,
    digit: bool,
}

impl Word {
    fn push(&mut self, c: char) {
        if self.text.is_empty() {
            self.capitalised = c.is_uppercase();
        }
        self.digit |= c.is_ascii_digit();
        if c.is_ascii() {
            self.text.push(c.to_ascii_lowercase());
        } else {
            let mut buf = [0u8; 4];
            self.text
                .push_str(&newsdesk_dateline::fold(c.encode_utf8(&mut buf)));
        }
    }

    fn numeric(&self) -> bool {
        !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    }

    fn flush(&mut self, out: &mut Vec<Token>, sentence_start: &mut bool) {
        if self.text.is_empty() {
            return;
        }
        let salient = self.digit || (self.capitalised && !*sentence_start);
        out.push(Token {
            hash: hash_bytes(self.text.as_bytes()),
            salient,
        });
        self.text.clear();
        self.capitalised = false;
        self.digit = false;
        *sentence_start = false;
    }
}

/// FNV-1a over the bytes, then a finaliser (see [`crate::shingle::mix`]).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    crate::shingle::mix(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(p: &str) -> Vec<(u64, bool)> {
        let mut out = Vec::new();
        push_tokens(p, &mut out);
        out.into_iter().map(|t| (t.hash, t.salient)).collect()
    }

    #[test]
    fn numbers_stay_whole_and_names_are_salient() {
        let w = words("Police said 1,200 people met Amina Okafor in Zürich. Rain fell.");
        let salient: Vec<bool> = w.iter().map(|t| t.1).collect();
        // Police(start) said 1200 people met Amina Okafor in Zurich Rain(start) fell
        assert_eq!(
            salient,
            [
                false, false, true, false, false, true, true, false, true, false, false
            ]
        );
        assert_eq!(words("1,200")[0].0, words("1200")[0].0);
        assert_ne!(words("6.5")[0].0, words("65")[0].0);
        assert_eq!(words("Zürich")[0].0, words("ZURICH")[0].0);
        assert_eq!(words("minister’s"), words("ministers"));
    }

    #[test]
    fn unspaced_scripts_are_cut_into_characters() {
        assert_eq!(words("東京都は大雨").len(), 6);
        assert_eq!(words("กรุงเทพ").len(), 7);
        assert_eq!(words("Tokyo 東京").len(), 3);
    }
}
