//! Revisions: an update or a correction of a copy, read from its words.
//!
//! Agencies mark a later version in the headline ("UPDATE 2-Floods...",
//! "Floods ... (UPDATE 2)", "CORRECTED-...") or with a note in the text
//! ("Correction: an earlier version..."). [`Revision::of`] reads the mark;
//! [`crate::lead`] lets a revision lead its cluster.

use crate::text::boilerplate;

/// Which version of a copy a story says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Revision {
    /// No mark: the first version (or one that does not say).
    #[default]
    Original,
    /// "UPDATE n" (n = 1 when no number is given).
    Update(u16),
    /// A correction or a corrected version.
    Correction,
}

impl Revision {
    /// The revision a story's headline and text mark.
    pub fn of(headline: &str, text: &str) -> Self {
        let head = headline.to_lowercase();
        let note = text
            .lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .take(12)
            .any(|p| boilerplate::is_boilerplate(p) && is_correction_note(&p.to_lowercase()));
        if head.contains("corrected") || head.starts_with("correction") || note {
            return Self::Correction;
        }
        update_number(&head).map_or(Self::Original, Self::Update)
    }

    /// Whether this is a later version than the original.
    pub fn is_revision(self) -> bool {
        self != Self::Original
    }

    /// The revision as a number a database column keeps: 0 an original,
    /// an update's number, -1 a correction.
    pub fn code(self) -> i32 {
        match self {
            Self::Original => 0,
            Self::Update(n) => i32::from(n.max(1)),
            Self::Correction => -1,
        }
    }

    /// The revision [`Revision::code`] gave `code` for (an original for a
    /// number it never gives).
    pub fn from_code(code: i32) -> Self {
        match code {
            -1 => Self::Correction,
            1..=65535 => Self::Update(code as u16),
            _ => Self::Original,
        }
    }
}

/// The number of an "update n-" or "(update n)" mark; 1 for "(updated)"
/// or "updated-".
fn update_number(head: &str) -> Option<u16> {
    if head.contains("(updated)") || head.starts_with("updated-") || head.starts_with("updated -") {
        return Some(1);
    }
    let number = |rest: &str| -> Option<u16> {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if let Some(rest) = head.strip_prefix("update ") {
        let n = number(rest)?;
        return rest[n.to_string().len()..]
            .trim_start()
            .starts_with('-')
            .then_some(n.max(1));
    }
    let at = head.find("(update ")?;
    let rest = &head[at + "(update ".len()..];
    let n = number(rest)?;
    rest[n.to_string().len()..]
        .starts_with(')')
        .then_some(n.max(1))
}

fn is_correction_note(lower: &str) -> bool {
    [
        "correction:",
        "corrects ",
        "clarification:",
        "this story has been corrected",
        "this story was corrected",
    ]
    .iter()
    .any(|o| lower.starts_with(o))
}

#[cfg(test)]
mod tests {
    use super::Revision::{self, *};

    #[test]
    fn marks_are_read() {
        let cases: &[(&str, &str, Revision)] = &[
            ("Floods hit north", "Rain fell.", Original),
            ("UPDATE 2-Floods hit north", "", Update(2)),
            ("Floods hit north (UPDATE 3)", "", Update(3)),
            ("Floods hit north (Updated)", "", Update(1)),
            ("CORRECTED-Floods hit north", "", Correction),
            (
                "Floods hit north",
                "Rain fell.\nCorrection: An earlier version misspelt a name.",
                Correction,
            ),
            ("Update on talks is due", "", Original),
        ];
        for (headline, text, want) in cases {
            assert_eq!(Revision::of(headline, text), *want, "{headline}");
        }
    }

    #[test]
    fn a_revision_keeps_its_meaning_as_a_column() {
        for revision in [
            Revision::Original,
            Revision::Update(1),
            Revision::Update(7),
            Revision::Correction,
        ] {
            assert_eq!(Revision::from_code(revision.code()), revision);
        }
        assert_eq!(Revision::from_code(99_999), Revision::Original);
    }
}
