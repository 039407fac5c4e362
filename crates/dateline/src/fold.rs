//! Folding names for comparison: case, accents and punctuation.
//!
//! "Bogotá", "BOGOTA" and "bogota" are one place; so are "St. Louis" and
//! "St Louis", "Port-au-Prince" and "Port au Prince". [`fold`] lowers the
//! case, replaces accented Latin letters by their ASCII spelling (the table
//! in `data/fold.tsv`, written by `data/build_gazetteer.py` from Unicode's
//! decompositions), drops full stops, apostrophes and backticks, reads hyphens as
//! spaces and squeezes runs of white space.

use std::sync::OnceLock;

/// The embedded folding table: one `character<TAB>replacement` a line.
const FOLD_TSV: &str = include_str!("../data/fold.tsv");

/// The table, sorted by character, parsed on first use.
fn table() -> &'static [(char, &'static str)] {
    static TABLE: OnceLock<Vec<(char, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(FOLD_TSV))
}

/// Reads a folding table; lines that are not one character, a tab and a
/// replacement are skipped (the data is checked by a test instead).
fn parse_table(text: &'static str) -> Vec<(char, &'static str)> {
    let mut rows: Vec<(char, &'static str)> = text
        .lines()
        .filter_map(|line| {
            let (from, to) = line.split_once('\t')?;
            let mut chars = from.chars();
            let ch = chars.next()?;
            (chars.next().is_none() && !to.is_empty()).then_some((ch, to))
        })
        .collect();
    rows.sort_unstable_by_key(|row| row.0);
    rows.dedup_by_key(|row| row.0);
    rows
}

/// Folds a name into the key used to compare place and country names.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out` (see [`fold`]).
pub(crate) fn fold_into(text: &str, out: &mut String) {
    let table = table();
    let start = out.len();
    let mut gap = false;
    for ch in text.chars() {
        if ch.is_ascii() {
            push_folded(ch, out, start, &mut gap);
        } else if ('\u{300}'..='\u{36F}').contains(&ch) {
            // A combining accent written apart from its letter.
        } else if let Ok(i) = table.binary_search_by_key(&ch, |row| row.0) {
            for base in table[i].1.chars() {
                push_folded(base, out, start, &mut gap);
            }
        } else {
            push_folded(ch, out, start, &mut gap);
        }
    }
}

/// Pushes one character, lowered, unless it is punctuation that does not count.
fn push_folded(ch: char, out: &mut String, start: usize, gap: &mut bool) {
    if ch.is_ascii() {
        push_lower(ch.to_ascii_lowercase(), out, start, gap);
    } else {
        for lower in ch.to_lowercase() {
            push_lower(lower, out, start, gap);
        }
    }
}

/// Pushes one lower-case character: full stops, apostrophes and
/// backticks are dropped, hyphens and white space become one space between words.
fn push_lower(ch: char, out: &mut String, start: usize, gap: &mut bool) {
    match ch {
        '.' | '\'' | '`' => {}
        '-' => *gap = true,
        c if c.is_whitespace() => *gap = true,
        c => {
            if *gap && out.len() > start {
                out.push(' ');
            }
            *gap = false;
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation_do_not_count() {
        assert_eq!(fold("Bogotá"), "bogota");
        assert_eq!(fold("SÃO PAULO"), "sao paulo");
        assert_eq!(fold("St. Louis"), fold("ST LOUIS"));
        assert_eq!(fold("Port-au-Prince"), "port au prince");
        assert_eq!(fold("  Dar   es\u{a0}Salaam "), "dar es salaam");
        assert_eq!(fold("Khān Yūnis"), "khan yunis");
        assert_eq!(fold("Köln"), "koln");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Saint John’s"), "saint johns");
        assert_eq!(fold("Ḩattā"), "hatta");
    }

    #[test]
    fn a_separate_combining_accent_is_dropped() {
        assert_eq!(fold("Bogota\u{301}"), "bogota");
    }

    #[test]
    fn the_embedded_table_is_whole() {
        let table = table();
        assert!(table.len() > 500, "{}", table.len());
        assert_eq!(
            FOLD_TSV.lines().count(),
            table.len(),
            "a line of fold.tsv did not parse"
        );
    }

    #[test]
    fn folding_other_scripts_keeps_them() {
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold(""), "");
        assert_eq!(fold("-.-"), "");
    }
}
