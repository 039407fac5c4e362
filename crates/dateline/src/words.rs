//! Word shapes: what a place name looks like, and what an ordinary
//! sentence's first words look like.
//!
//! A dateline's place is a short run of capitalised words ("Port Louis",
//! "Dar es Salaam", "NEW DELHI"); an ordinary sentence starts with a word
//! such as "However", "The" or "In", or has lower-case words or figures.

/// Small words that stay in lower case inside a place name.
const CONNECTORS: &[&str] = &[
    "al", "am", "an", "and", "as", "ash", "at", "au", "aux", "ad", "da", "das", "de", "del",
    "della", "den", "der", "des", "di", "do", "dos", "du", "el", "en", "es", "im", "la", "le",
    "les", "of", "on", "op", "sur", "the", "ul", "upon", "y", "&",
];

/// Connectors that title case writes in lower case inside a name.
const LOWER_IN_TITLE: &[&str] = &[
    "and", "au", "aux", "da", "das", "de", "del", "den", "der", "des", "di", "do", "dos", "du",
    "en", "es", "of", "on", "sur", "the", "upon", "y",
];

/// First words of ordinary sentences, titles and labels: a place never
/// starts with one (unless the gazetteer knows the whole name, as it does
/// "The Hague").
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "advisory",
    "after",
    "also",
    "although",
    "amid",
    "an",
    "analysis",
    "and",
    "april",
    "as",
    "at",
    "august",
    "background",
    "because",
    "before",
    "best",
    "breaking",
    "but",
    "by",
    "capt",
    "captain",
    "chief",
    "clarification",
    "col",
    "comment",
    "commentary",
    "context",
    "correction",
    "dear",
    "december",
    "despite",
    "disclaimer",
    "dr",
    "during",
    "earlier",
    "editor",
    "editorial",
    "editors",
    "even",
    "every",
    "exclusive",
    "february",
    "finally",
    "first",
    "for",
    "former",
    "friday",
    "from",
    "gen",
    "general",
    "gov",
    "governor",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "important",
    "in",
    "interview",
    "it",
    "its",
    "january",
    "judge",
    "july",
    "june",
    "just",
    "key",
    "king",
    "last",
    "later",
    "live",
    "lord",
    "march",
    "meanwhile",
    "minister",
    "monday",
    "more",
    "moreover",
    "most",
    "mr",
    "mrs",
    "ms",
    "my",
    "next",
    "no",
    "note",
    "november",
    "now",
    "october",
    "of",
    "on",
    "only",
    "opinion",
    "or",
    "our",
    "photo",
    "photos",
    "police",
    "pope",
    "pres",
    "president",
    "prime",
    "prince",
    "princess",
    "q",
    "queen",
    "read",
    "rep",
    "saturday",
    "second",
    "secretary",
    "sen",
    "senator",
    "september",
    "she",
    "since",
    "sir",
    "so",
    "some",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "still",
    "summary",
    "sunday",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thursday",
    "to",
    "today",
    "tomorrow",
    "tonight",
    "tuesday",
    "under",
    "until",
    "update",
    "updated",
    "urgent",
    "video",
    "warning",
    "watch",
    "we",
    "wednesday",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "without",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Whether the text has at least two letters and no lower-case letter
/// (a "Mc" prefix aside, as in "McALLEN").
pub(crate) fn is_all_caps(text: &str) -> bool {
    let mut upper = 0;
    for word in text.split_whitespace() {
        let word = word.strip_prefix("Mc").unwrap_or(word);
        for ch in word.chars() {
            if ch.is_lowercase() {
                return false;
            }
            if ch.is_uppercase() {
                upper += 1;
            }
        }
    }
    upper >= 2
}

/// Whether a word (already lower case) opens ordinary sentences.
pub(crate) fn is_stopword(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',']);
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    STOPWORDS.binary_search(&word).is_ok()
}

/// The first word of a name, in lower case.
pub(crate) fn first_word(text: &str) -> String {
    text.split_whitespace().next().unwrap_or("").to_lowercase()
}

/// Whether the text is shaped like a proper name: 1 to `max_words`
/// capitalised words (small connectors aside), letters only with spaces,
/// hyphens, apostrophes, full stops and ampersands, at most 50 characters,
/// at least two letters.
pub(crate) fn is_name_shaped(text: &str, max_words: usize) -> bool {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 50 {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return false;
    }
    if !text
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || matches!(c, '-' | '\'' | '’' | '.' | '&'))
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > max_words {
        return false;
    }
    words.iter().enumerate().all(|(i, word)| {
        word.split('-')
            .enumerate()
            .all(|(j, part)| part_is_capitalised(part, i == 0 && j == 0))
    })
}

/// One hyphen-separated part of a word: capitalised, or a connector (not
/// in first place), or empty (a doubled or trailing hyphen is not).
fn part_is_capitalised(part: &str, first: bool) -> bool {
    let Some(initial) = part.chars().find(|c| c.is_alphabetic() || *c == '&') else {
        return false;
    };
    if initial.is_uppercase() || (initial.is_alphabetic() && !initial.is_lowercase()) {
        // Capitalised, or a script without case.
        return true;
    }
    !first && CONNECTORS.contains(&part.to_lowercase().as_str())
}

/// Writes an all-caps name in title case: "DAR ES SALAAM" gives
/// "Dar es Salaam", "PORT-AU-PRINCE" gives "Port-au-Prince".
pub(crate) fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (j, part) in word.split('-').enumerate() {
            if j > 0 {
                out.push('-');
            }
            let lower = part.to_lowercase();
            if (i > 0 || j > 0) && LOWER_IN_TITLE.contains(&lower.as_str()) {
                out.push_str(&lower);
            } else {
                capitalise_into(&lower, &mut out);
            }
        }
    }
    out
}

/// Pushes a lower-case word with its first letter (and a "Mc"'s third)
/// in capitals.
fn capitalise_into(lower: &str, out: &mut String) {
    let mut chars = lower.chars();
    if lower.starts_with("mc") && lower.chars().count() > 2 {
        out.push_str("Mc");
        chars.next();
        chars.next();
    }
    let mut capital_next = true;
    for ch in chars {
        if capital_next && ch.is_alphabetic() {
            out.extend(ch.to_uppercase());
            capital_next = false;
        } else {
            out.push(ch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("however"));
        assert!(is_stopword("the"));
        assert!(is_stopword("editor's"));
        assert!(!is_stopword("port"));
    }

    #[test]
    fn all_caps() {
        assert!(is_all_caps("NEW DELHI"));
        assert!(is_all_caps("ST. LOUIS"));
        assert!(is_all_caps("McALLEN"));
        assert!(is_all_caps("SÃO PAULO"));
        assert!(!is_all_caps("Port Louis"));
        assert!(!is_all_caps("Q"));
        assert!(!is_all_caps("Mc"));
    }

    #[test]
    fn name_shapes() {
        for name in [
            "Port Louis",
            "Dar es Salaam",
            "NEW DELHI",
            "Port-au-Prince",
            "St. Louis",
            "Stratford-upon-Avon",
            "Jammu & Kashmir",
            "N.Y.",
            "Washington DC",
            "São Paulo",
        ] {
            assert!(is_name_shaped(name, 6), "{name}");
        }
        for not_name in [
            "",
            "the minister said",
            "In 2023",
            "Q",
            "de Gaulle",
            "Members of the Syrian security forces stand guard",
            "Kenya's president said",
            "COVID-19",
            "a-",
            "Port--Louis",
        ] {
            assert!(!is_name_shaped(not_name, 6), "{not_name}");
        }
    }

    #[test]
    fn title_case_keeps_small_words_small() {
        assert_eq!(title_case("DAR ES SALAAM"), "Dar es Salaam");
        assert_eq!(title_case("PORT-AU-PRINCE"), "Port-au-Prince");
        assert_eq!(title_case("UNITED NATIONS"), "United Nations");
        assert_eq!(title_case("McALLEN"), "McAllen");
        assert_eq!(title_case("THE HAGUE"), "The Hague");
        assert_eq!(title_case("ÎLE-DE-FRANCE"), "Île-de-France");
    }
}
