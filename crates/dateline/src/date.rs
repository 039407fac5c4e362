//! The date part of a dateline: "March 12", "Mar. 12", "12 March", "Sept 3".
//!
//! Only a month and a day: wire datelines carry no year as a rule. When
//! one follows the day ("March 12, 2025"), the caller reads it as a
//! comma-separated segment of its own. The day must exist in the month
//! (29 February does).

/// A day of the year, without the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31, and no more than the month has.
    pub day: u8,
}

impl MonthDay {
    /// Reads "March 12", "Mar 12", "Mar. 12", "12 March", "March 12th".
    pub fn parse(text: &str) -> Option<Self> {
        let mut words = text.split_whitespace();
        let (first, second) = (words.next()?, words.next()?);
        // A year may follow a day-first date in the same segment:
        // "12 mars 2025", "12 March 2025".
        if let Some(third) = words.next()
            && (day_of(first).is_none() || !is_year(third) || words.next().is_some())
        {
            return None;
        }
        // English months go either side of the day; the others only after
        // it, as those languages write them ("12 mars", never "mars 12":
        // "Mars 12" is a planet's).
        let (month, day) = match (month_of(first), month_of_any(second)) {
            (Some(month), None) => (month, day_of(second)?),
            (None, Some(month)) => (month, day_of(first)?),
            _ => return None,
        };
        (day <= days_in(month)).then_some(Self { month, day })
    }

    /// "MM-DD": "03-12".
    pub fn to_mm_dd(self) -> String {
        format!("{:02}-{:02}", self.month, self.day)
    }
}

/// Whether the text is a plausible year of news: four digits, 1900 to 2199.
pub(crate) fn is_year(text: &str) -> bool {
    text.len() == 4
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text.starts_with("19") || text.starts_with("20") || text.starts_with("21"))
}

/// Whether the word names a day of the week ("Wednesday", "Wed.").
pub(crate) fn is_weekday(text: &str) -> bool {
    let word = text.trim_end_matches('.').to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
    .contains(&word.as_str())
}

/// An English month as [`month_of`] reads it, or a full month name in one
/// of [`OTHER_LANGUAGES`].
fn month_of_any(word: &str) -> Option<u8> {
    month_of(word).or_else(|| {
        let lower = word.strip_suffix('.').unwrap_or(word).to_lowercase();
        OTHER_LANGUAGES
            .iter()
            .find_map(|months| months.iter().position(|m| *m == lower))
            .and_then(|index| u8::try_from(index + 1).ok())
    })
}

/// Month names in the other languages wire copy is filed in, in full:
/// French, Spanish, Portuguese, Italian, German.
const OTHER_LANGUAGES: [[&str; 12]; 5] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
];

/// The English month a word names, in full or abbreviated, with or
/// without a stop.
fn month_of(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.chars().count() < 3 {
        return None;
    }
    if !word.is_ascii() {
        return None;
    }
    let number = |index: usize| u8::try_from(index + 1).ok();
    let lower = word.to_ascii_lowercase();
    if let Some(index) = MONTHS.iter().position(|m| *m == lower) {
        return number(index);
    }
    if lower == "sept" {
        return Some(9);
    }
    // Three-letter abbreviations: "Mar", "Sep", "Dec".
    if lower.len() == 3 {
        return MONTHS
            .iter()
            .position(|m| m.starts_with(&lower))
            .and_then(number);
    }
    None
}

/// A day of the month: one or two digits, maybe with "st", "nd", "rd" or "th".
fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u8 = digits.parse().ok()?;
    (day >= 1).then_some(day)
}

/// The most days a month can have (29 for February).
fn days_in(month: u8) -> u8 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mm_dd(text: &str) -> Option<String> {
        MonthDay::parse(text).map(MonthDay::to_mm_dd)
    }

    #[test]
    fn month_names_full_and_short_either_side() {
        assert_eq!(mm_dd("March 12").as_deref(), Some("03-12"));
        assert_eq!(mm_dd("Mar 12").as_deref(), Some("03-12"));
        assert_eq!(mm_dd("Mar. 12").as_deref(), Some("03-12"));
        assert_eq!(mm_dd("12 March").as_deref(), Some("03-12"));
        assert_eq!(mm_dd("Sept. 3").as_deref(), Some("09-03"));
        assert_eq!(mm_dd("Sep 30").as_deref(), Some("09-30"));
        assert_eq!(mm_dd("May 1st").as_deref(), Some("05-01"));
        assert_eq!(mm_dd("DECEMBER 25").as_deref(), Some("12-25"));
        assert_eq!(mm_dd("Feb 29").as_deref(), Some("02-29"));
    }

    #[test]
    fn month_names_in_other_languages_and_a_year_after() {
        assert_eq!(mm_dd("12 mars 2025").as_deref(), Some("03-12"));
        assert_eq!(mm_dd("3 février").as_deref(), Some("02-03"));
        assert_eq!(mm_dd("15 AOÛT").as_deref(), Some("08-15"));
        assert_eq!(mm_dd("12 de marzo").as_deref(), None, "'de' is not a year");
        assert_eq!(mm_dd("7 março 2024").as_deref(), Some("03-07"));
        assert_eq!(mm_dd("1 gennaio").as_deref(), Some("01-01"));
        assert_eq!(mm_dd("24 Dezember").as_deref(), Some("12-24"));
        assert_eq!(mm_dd("12 mars twenty").as_deref(), None);
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "March",
            "12",
            "March 32",
            "Feb 30",
            "April 31",
            "Mars 12",
            "Ma 12",
            "March 0",
            "March 12 2025",
            "March 123",
            "March 1x",
            "March March",
            "12 13",
            "Marc 12",
            "March 12d",
        ] {
            assert_eq!(MonthDay::parse(text), None, "{text}");
        }
    }

    #[test]
    fn years_and_weekdays() {
        assert!(is_year("2025"));
        assert!(!is_year("12025"));
        assert!(!is_year("1776"));
        assert!(is_weekday("Wednesday"));
        assert!(is_weekday("Wed."));
        assert!(!is_weekday("Wedding"));
    }
}
