//! Taking a dateline's text apart, before any gazetteer look-up.
//!
//! The text before the separator is read from the end: an agency in round
//! brackets ("(ANI)", "(Reuters)"), then comma-separated segments. The
//! first segment holds the place, maybe with a region in round brackets
//! and a country in square ones ("Lucknow (Uttar Pradesh) [India]"), maybe
//! several places joined by a slash ("SAN FRANCISCO/BEIJING": the first
//! counts). The others are, in this order, up to two qualifiers (a country
//! or region: "Kenya", "Texas", "Ill."), an optional weekday, a date
//! ("March 12", "12 March") and a year.

use crate::agency::is_agency;
use crate::date::{MonthDay, is_weekday, is_year};

/// At most this many comma-separated segments.
const MAX_SEGMENTS: usize = 5;
/// At most this many qualifiers between the place and the date.
const MAX_QUALIFIERS: usize = 2;

/// The pieces of a dateline, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    /// The place, the first of several joined by slashes.
    pub place: &'a str,
    /// A region in round brackets, only ever before a bracketed country.
    pub region: Option<&'a str>,
    /// A country in square brackets.
    pub bracketed_country: Option<&'a str>,
    /// Comma-separated names between the place and the date.
    pub qualifiers: Vec<&'a str>,
    /// The date, if any.
    pub date: Option<MonthDay>,
    /// The agency in round brackets at the end, if any.
    pub agency: Option<&'a str>,
}

impl<'a> Parts<'a> {
    /// Takes a dateline's text apart; `None` when it is not shaped like one.
    pub fn parse(head: &'a str) -> Option<Self> {
        let mut rest = head.trim();
        let mut agency = None;
        // A press-release wire's credit between slashes:
        // "NAIROBI, Kenya, March 12, 2025 /PRNewswire/".
        if let Some(open) = rest.strip_suffix('/')
            && let Some(slash) = open.rfind('/')
        {
            let inner = &open[slash + 1..];
            if !inner.is_empty() && crate::agency::is_known(inner) {
                agency = Some(inner);
                rest = open[..slash].trim_end();
            }
        }
        if agency.is_some() {
            // Nothing more to strip.
        } else if let (before, Some(inner)) = strip_group(rest, '(', ')')? {
            if !is_agency(inner) {
                return None;
            }
            agency = Some(inner);
            rest = before;
        }

        let segments = split_commas(rest)?;
        if segments.len() > MAX_SEGMENTS {
            return None;
        }
        let (first, later) = segments.split_first()?;
        let (first, mut bracketed_country) = strip_group(first, '[', ']')?;
        let (first, region) = strip_group(first, '(', ')')?;
        if region.is_some() && bracketed_country.is_none() {
            return None;
        }
        if has_bracket(first) {
            return None;
        }
        let mut places = first.split('/').map(str::trim);
        let place = places.next()?;
        if place.is_empty() || places.any(str::is_empty) {
            return None;
        }

        let mut parts = Self {
            place,
            region,
            bracketed_country: None,
            qualifiers: Vec::new(),
            date: None,
            agency,
        };
        let mut weekday = false;
        let mut year = false;
        for segment in later {
            let (segment, bracket) = strip_group(segment, '[', ']')?;
            if let Some(country) = bracket
                && bracketed_country.replace(country).is_some()
            {
                return None;
            }
            if has_bracket(segment) {
                return None;
            }
            if segment.is_empty() {
                // Only a bracketed country: "Washington, [US]".
                bracket?;
                continue;
            }
            if parts.date.is_some() {
                // After the date, only a year.
                if year || !is_year(segment) {
                    return None;
                }
                year = true;
            } else if let Some(date) = MonthDay::parse(segment) {
                parts.date = Some(date);
            } else if is_weekday(segment) && !weekday {
                weekday = true;
            } else if !weekday && parts.qualifiers.len() < MAX_QUALIFIERS {
                parts.qualifiers.push(segment);
            } else {
                return None;
            }
        }
        if weekday && parts.date.is_none() {
            return None;
        }
        parts.bracketed_country = bracketed_country;
        Some(parts)
    }
}

/// Splits off a bracketed group at the very end of the text: the text
/// before it and the group's inside, both trimmed. No group: the text and
/// `None`. `None` when the brackets are unbalanced or the group is empty.
fn strip_group(text: &str, open: char, close: char) -> Option<(&str, Option<&str>)> {
    let text = text.trim();
    let Some(body) = text.strip_suffix(close) else {
        return Some((text, None));
    };
    let mut depth = 0usize;
    for (at, ch) in body.char_indices().rev() {
        if ch == close {
            depth += 1;
        } else if ch == open {
            if depth == 0 {
                let inner = body[at + ch.len_utf8()..].trim();
                if inner.is_empty() || has_bracket(inner) {
                    return None;
                }
                return Some((body[..at].trim_end(), Some(inner)));
            }
            depth -= 1;
        }
    }
    None
}

/// Splits on commas outside brackets, trimming each segment; `None` when
/// brackets do not balance.
fn split_commas(text: &str) -> Option<Vec<&str>> {
    let mut segments = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (at, ch) in text.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            ',' if depth == 0 => {
                segments.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    segments.push(text[start..].trim());
    Some(segments)
}

/// Whether any bracket is left in the text.
fn has_bracket(text: &str) -> bool {
    text.contains(['(', ')', '[', ']'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ani_form_with_region_and_country() {
        let parts = Parts::parse("Lucknow (Uttar Pradesh) [India], March 12 (ANI)").unwrap();
        assert_eq!(parts.place, "Lucknow");
        assert_eq!(parts.region, Some("Uttar Pradesh"));
        assert_eq!(parts.bracketed_country, Some("India"));
        assert_eq!(parts.date, Some(MonthDay { month: 3, day: 12 }));
        assert_eq!(parts.agency, Some("ANI"));
        assert!(parts.qualifiers.is_empty());
    }

    #[test]
    fn qualifiers_weekday_date_year() {
        let parts = Parts::parse("NAIROBI, Kenya, Wednesday, Mar 12, 2025 (Xinhua)").unwrap();
        assert_eq!(parts.place, "NAIROBI");
        assert_eq!(parts.qualifiers, ["Kenya"]);
        assert_eq!(parts.date, Some(MonthDay { month: 3, day: 12 }));
    }

    #[test]
    fn first_of_several_places() {
        let parts = Parts::parse("SAN FRANCISCO/BEIJING (Reuters)").unwrap();
        assert_eq!(parts.place, "SAN FRANCISCO");
    }

    #[test]
    fn country_bracket_on_a_later_segment() {
        let parts = Parts::parse("Washington, DC [US], March 12 (ANI)").unwrap();
        assert_eq!(parts.qualifiers, ["DC"]);
        assert_eq!(parts.bracketed_country, Some("US"));
    }

    #[test]
    fn malformed() {
        for head in [
            "Lucknow (Uttar Pradesh)",
            "Lucknow (Uttar Pradesh), March 12",
            "Paris (pictured)",
            "A [B] [C]",
            "A, [B], [C]",
            "A, B, C, D",
            "A, March 12, Kenya",
            "A, March 12, 2025, 2026",
            "A, Wednesday",
            "A (ANI",
            "A ANI)",
            "A []",
            "A, , B",
            "/A",
            "A/",
            "",
        ] {
            assert_eq!(Parts::parse(head), None, "{head}");
        }
    }
}
