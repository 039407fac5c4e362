//! Boilerplate: what outlets add around the same copy.
//!
//! A republisher adds its byline, "Read more" links, "Follow us on"
//! lines and its copyright; the agency adds "(Reporting by ...; Editing
//! by ...)", "(UPDATE 2)" and correction notes. None of it is the story,
//! and all of it differs between two versions of one copy, so it is
//! dropped before comparing:
//!
//! - [`is_boilerplate`]: a short paragraph that opens with one of the
//!   [`OPENERS`] (or a byline: "By" and a few capitalised words);
//! - [`strip_markers`]: "(UPDATE 2)", "UPDATE 1-", "(CORRECTED)" and
//!   their like wherever they stand.
//!
//! A long paragraph is never dropped, whatever it opens with: the rules
//! are about lines, not about stories that mention "copyright".

/// How many words a paragraph may have and still be boilerplate.
pub const MAX_BOILERPLATE_WORDS: usize = 40;

/// Openings (folded to lower case, compared at the start) of boilerplate
/// paragraphs.
pub const OPENERS: &[&str] = &[
    "(additional reporting",
    "(compiled by",
    "(editing by",
    "(reporting by",
    "(writing by",
    "additional reporting",
    "advertisement",
    "all rights reserved",
    "also read",
    "clarification:",
    "click here",
    "compiled by",
    "copyright",
    "correction:",
    "corrects ",
    "editing by",
    "editor's note",
    "editor’s note",
    "file photo",
    "follow us",
    "for more news",
    "photo:",
    "read more",
    "related:",
    "reporting by",
    "share this",
    "sign up",
    "subscribe",
    "this story has been corrected",
    "this story was corrected",
    "writing by",
    "©",
];

/// Whether a paragraph is boilerplate (see the module doc).
pub fn is_boilerplate(paragraph: &str) -> bool {
    let trimmed = paragraph.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '-');
    if trimmed.split_whitespace().count() > MAX_BOILERPLATE_WORDS {
        return false;
    }
    let head: String = trimmed
        .chars()
        .take(40)
        .flat_map(char::to_lowercase)
        .collect();
    OPENERS.iter().any(|o| head.starts_with(o)) || is_byline(trimmed)
}

/// "By Jane Doe", "By JANE DOE, Reuters", "By Staff Reporter": "By" and
/// at most eight words, the first capitalised.
fn is_byline(paragraph: &str) -> bool {
    let mut words = paragraph.split_whitespace();
    let by = words
        .next()
        .is_some_and(|w| w == "By" || w == "BY" || w == "by");
    let rest: Vec<&str> = words.collect();
    by && !rest.is_empty()
        && rest.len() <= 8
        && rest[0].chars().next().is_some_and(char::is_uppercase)
        && !paragraph.trim_end().ends_with('.')
}

/// Markers of a version dropped from a paragraph or headline: bracketed
/// "(UPDATE 2)", "(CORRECTED)", "(REFILED)", and a leading "UPDATE 1-".
pub fn strip_markers(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len());
    let mut rest = paragraph;
    if let Some(after) = leading_update(rest) {
        rest = after;
    }
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if !is_marker(inner) {
            out.push_str(&rest[open..open + close + 1]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The rest after a leading "UPDATE 3-" or "UPDATE 3 -", if there is one.
fn leading_update(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let after = t
        .strip_prefix("UPDATE ")
        .or_else(|| t.strip_prefix("Update "))?;
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then_some(())?;
    after[digits..]
        .trim_start()
        .strip_prefix('-')
        .map(str::trim_start)
}

/// Whether a bracketed text is a version marker.
fn is_marker(inner: &str) -> bool {
    let lower = inner.trim().to_lowercase();
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    [
        "corrected",
        "correction",
        "refiled",
        "updated",
        "update",
        "recasts",
        "adds",
    ]
    .contains(&lower.as_str())
        || lower
            .strip_prefix("update ")
            .is_some_and(|n| number(n.trim()))
        || lower.strip_prefix("updated ").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_paragraphs_are_recognised() {
        for p in [
            "By Jane Doe",
            "BY JANE DOE, Reuters",
            "Read more: Floods in the north",
            "(Reporting by A. Person; Editing by B. Person)",
            "Correction: An earlier version of this story gave the wrong date.",
            "© 2025 Example Wire",
            "Follow us on social media for updates",
        ] {
            assert!(is_boilerplate(p), "{p}");
        }
        for p in [
            "By the end of the day, the river had burst its banks in three places.",
            "The minister said the talks would resume.",
            &format!(
                "Copyright {}",
                "law was changed by the parliament today ".repeat(8)
            ),
        ] {
            assert!(!is_boilerplate(p), "{p}");
        }
    }

    #[test]
    fn version_markers_are_stripped() {
        assert_eq!(
            strip_markers("UPDATE 2-Floods hit north"),
            "Floods hit north"
        );
        assert_eq!(
            strip_markers("Floods hit north (UPDATE 2)"),
            "Floods hit north "
        );
        assert_eq!(strip_markers("Floods (CORRECTED) hit"), "Floods  hit");
        assert_eq!(
            strip_markers("Talks (in Paris) resume"),
            "Talks (in Paris) resume"
        );
        assert_eq!(strip_markers("Unclosed (bracket"), "Unclosed (bracket");
    }
}
