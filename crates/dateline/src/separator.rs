//! Where a dateline ends: the colon or dash before the body text.
//!
//! Separators are `:` (followed by a space), ` -` (a hyphen with space on
//! both sides, or right after a closing bracket: "(Reuters)- "), `--`, `—`
//! and `–` (with or without a space before). Hyphens inside names
//! ("PORT-AU-PRINCE") are not separators, nor is anything inside brackets.
//! Only the first separator counts, and only within the first
//! [`MAX_DATELINE_CHARS`](crate::MAX_DATELINE_CHARS) characters.
//!
//! Some wires put nothing after the credit: "New Delhi, March 12 (IANS)
//! The ministry said...". A known agency's closing bracket followed by a
//! space and a capital letter (or a digit or a quote) ends the dateline
//! there, as a [`Separator::Credit`].

use crate::MAX_DATELINE_CHARS;

/// Which kind of separator ended the dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    /// `:`, as in `Port Louis [Mauritius], March 12 (ANI):`.
    Colon,
    /// A hyphen, a doubled hyphen, an en or an em dash.
    Dash,
    /// Nothing: a known agency's credit, then the body's first word.
    Credit,
}

/// A paragraph cut at its first separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split {
    /// Byte offset where the separator starts.
    pub head_end: usize,
    /// Byte offset where the body text starts, past the separator and spaces.
    pub body_start: usize,
    /// The separator found.
    pub kind: Separator,
}

/// Finds the first separator, if it comes early enough and some body
/// text follows it.
pub(crate) fn split(text: &str) -> Option<Split> {
    let mut depth: i32 = 0;
    let mut opened_at = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    let mut count = 0;
    while let Some((at, ch)) = chars.next() {
        if count > MAX_DATELINE_CHARS {
            return None;
        }
        count += 1;
        let next = chars.peek().map(|&(_, c)| c);
        let found = match ch {
            '(' | '[' => {
                if depth == 0 {
                    opened_at = at + ch.len_utf8();
                }
                depth += 1;
                None
            }
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                if ch == ')'
                    && depth == 0
                    && let Some(found) = credit(text, opened_at, at)
                {
                    return Some(found);
                }
                None
            }
            '\n' | '\r' => return None,
            _ if depth > 0 => None,
            ':' if next.is_some_and(char::is_whitespace) => Some(Separator::Colon),
            '—' | '–' => Some(Separator::Dash),
            '-' if next == Some('-') => Some(Separator::Dash),
            '-' if prev.is_some_and(|p| p.is_whitespace() || p == ')')
                && next.is_some_and(char::is_whitespace) =>
            {
                Some(Separator::Dash)
            }
            _ => None,
        };
        if let Some(kind) = found {
            let mut end = at + ch.len_utf8();
            if kind == Separator::Dash {
                // A run of dashes is one separator: "--", "——".
                end = skip_while(text, end, |c| matches!(c, '-' | '—' | '–'));
            }
            let body_start = skip_while(text, end, char::is_whitespace);
            if body_start >= text.len() {
                return None;
            }
            return Some(Split {
                head_end: at,
                body_start,
                kind,
            });
        }
        prev = Some(ch);
    }
    None
}

/// A known agency's credit in `text[open..close]` (between round
/// brackets), followed by a space and the body's first word.
fn credit(text: &str, open: usize, close: usize) -> Option<Split> {
    let inner = text.get(open..close)?;
    if !crate::agency::is_known(inner.trim()) {
        return None;
    }
    let after = close + 1;
    let body_start = skip_while(text, after, |c| c == ' ' || c == '\u{a0}');
    if body_start == after {
        return None;
    }
    let first = text.get(body_start..)?.chars().next()?;
    (first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '‘' | '\''))
        .then_some(Split {
            head_end: after,
            body_start,
            kind: Separator::Credit,
        })
}

/// The byte offset of the first character at or after `from` that does
/// not match.
fn skip_while(text: &str, from: usize, matches: impl Fn(char) -> bool) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().find(|&(_, c)| !matches(c)))
        .map_or(text.len(), |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<(&str, &str, Separator)> {
        let split = split(text)?;
        Some((
            &text[..split.head_end],
            &text[split.body_start..],
            split.kind,
        ))
    }

    #[test]
    fn each_separator() {
        use Separator::*;
        assert_eq!(cut("A (ANI): Body"), Some(("A (ANI)", "Body", Colon)));
        assert_eq!(cut("A (AP) — Body"), Some(("A (AP) ", "Body", Dash)));
        assert_eq!(cut("A (AP)— Body"), Some(("A (AP)", "Body", Dash)));
        assert_eq!(cut("A — Body"), Some(("A ", "Body", Dash)));
        assert_eq!(cut("A—Body"), Some(("A", "Body", Dash)));
        assert_eq!(cut("A – Body"), Some(("A ", "Body", Dash)));
        assert_eq!(cut("A -- Body"), Some(("A ", "Body", Dash)));
        assert_eq!(cut("A--Body"), Some(("A", "Body", Dash)));
        assert_eq!(cut("A - Body"), Some(("A ", "Body", Dash)));
        assert_eq!(
            cut("A (Reuters)- Body"),
            Some(("A (Reuters)", "Body", Dash))
        );
    }

    #[test]
    fn hyphens_in_names_and_text_in_brackets_do_not_count() {
        assert_eq!(
            cut("PORT-AU-PRINCE (AP) - x").map(|c| c.0),
            Some("PORT-AU-PRINCE (AP) ")
        );
        assert_eq!(cut("A (x: y) - z").map(|c| c.0), Some("A (x: y) "));
        assert_eq!(cut("At 10:30 - z").map(|c| c.0), Some("At 10:30 "));
    }

    #[test]
    fn a_known_credit_with_nothing_after_it() {
        use Separator::*;
        assert_eq!(
            cut("New Delhi, March 12 (IANS) The ministry said"),
            Some(("New Delhi, March 12 (IANS)", "The ministry said", Credit))
        );
        assert_eq!(
            cut("LAGOS (Reuters) \"We will\" he said"),
            Some(("LAGOS (Reuters)", "\"We will\" he said", Credit))
        );
        // A separator after the credit still wins.
        assert_eq!(cut("A (IANS) - Body"), Some(("A (IANS) ", "Body", Dash)));
        // Unknown brackets, lower case after, or no space: no dateline.
        assert_eq!(cut("A (Pune) The b"), None);
        assert_eq!(cut("A (IANS) said the b"), None);
        assert_eq!(cut("A (IANS)The b"), None);
    }

    #[test]
    fn no_separator_no_body_or_too_late() {
        assert_eq!(cut("No separator here"), None);
        assert_eq!(cut("A (ANI):"), None);
        assert_eq!(cut("A (ANI):   "), None);
        assert_eq!(cut("A )B: c"), None);
        assert_eq!(cut("A\nB: c"), None);
        let long = format!("{}: body", "x".repeat(MAX_DATELINE_CHARS + 1));
        assert_eq!(cut(&long), None);
        let just = format!("{}: body", "x".repeat(MAX_DATELINE_CHARS));
        assert!(cut(&just).is_some());
    }
}
