//! Publication times, as pages write them, to RFC 3339.
//!
//! Machine-readable forms (ISO 8601 in JSON-LD and meta tags, RFC 2822)
//! and the forms people read ("March 12, 2025 at 9:41 a.m. EAT",
//! "12 Mar 2025, 14:12 GMT+10"). The offset is kept as the page gives it;
//! a time with no offset at all is written with `-00:00`, RFC 3339's mark
//! for "offset unknown", rather than pretending it is UTC.

use regex::Regex;
use std::sync::LazyLock;

/// Common zone abbreviations on news pages, with their offsets in minutes.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("BST", 60),
    ("IST", 330),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("WET", 0),
    ("WEST", 60),
    ("MSK", 180),
    ("EAT", 180),
    ("CAT", 120),
    ("WAT", 60),
    ("SAST", 120),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("HST", -600),
    ("AEST", 600),
    ("AEDT", 660),
    ("ACST", 570),
    ("AWST", 480),
    ("NZST", 720),
    ("NZDT", 780),
    ("JST", 540),
    ("KST", 540),
    ("HKT", 480),
    ("SGT", 480),
    ("PHT", 480),
    ("WIB", 420),
    ("ICT", 420),
    ("PKT", 300),
    ("NPT", 345),
    ("GST", 240),
    ("AST", 180),
];

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$",
    )
    .expect("a valid pattern")
});

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const TIME: &str =
    r"(?:\s*(?:,|at|@|-|–|—|\|)?\s*(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?)?";
const ZONE: &str =
    r"(?:\s*\(?\s*(?:(GMT|UTC)\s*([+-]\d{1,2}(?::?\d{2})?)|([A-Z]{1,4}T|UTC|GMT|Z)\b)\)?)?";

static HUMAN_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){TIME}(?-i){ZONE}"
    ))
    .expect("a valid pattern")
});

static HUMAN_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+(\d{{4}}){TIME}(?-i){ZONE}"
    ))
    .expect("a valid pattern")
});

/// A numeric date with a clock time, day first ("12/03/2025 - 15:48",
/// "12.03.2025 à 14h32"): the order of most of the world. A date without a
/// time is left alone, and so is one whose first number cannot be a day.
static NUMERIC_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}})\s*(?:,|at|à|um|alle|a las|às|-|–|—|\|)?\s*(\d{{1,2}})[:h](\d{{2}})\b(?-i){ZONE}"
    ))
    .expect("a valid pattern")
});

/// A machine-readable date (ISO 8601, RFC 2822) as RFC 3339.
pub fn normalize(value: &str) -> Option<Stamp> {
    let value = value.trim();
    if let Some(c) = ISO.captures(value) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let offset = match c.get(7).map(|m| m.as_str()) {
            Some("Z") => Offset::Utc,
            Some(text) => parse_offset(text).map_or(Offset::Unknown, Offset::Fixed),
            None => Offset::Unknown,
        };
        let has_time = c.get(4).is_some();
        let (hour, minute, second) = (
            num(4).unwrap_or(0),
            num(5).unwrap_or(0),
            num(6).unwrap_or(0),
        );
        return format(num(1)?, num(2)?, num(3)?, hour, minute, second, offset)
            .map(|text| Stamp { text, has_time });
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(value) {
        let offset = zoned.offset().seconds() / 60;
        let dt = zoned.datetime();
        return format(
            i32::from(dt.year()),
            i32::from(dt.month()),
            i32::from(dt.day()),
            i32::from(dt.hour()),
            i32::from(dt.minute()),
            i32::from(dt.second()),
            Offset::Fixed(offset),
        )
        .map(|text| Stamp {
            text,
            has_time: true,
        });
    }
    find_in_text(value)
}

/// The first human-written date in a text.
pub fn find_in_text(text: &str) -> Option<Stamp> {
    find_span(text).map(|(_, stamp)| stamp)
}

/// The first human-written date in a text, with the byte offset where it starts.
pub fn find_span(text: &str) -> Option<(usize, Stamp)> {
    let mdy = HUMAN_MDY.captures(text);
    let dmy = HUMAN_DMY.captures(text);
    let (c, month_i, day_i) = match (mdy, dmy) {
        (Some(a), Some(b)) => {
            if a.get(0)?.start() <= b.get(0)?.start() {
                (a, 1, 2)
            } else {
                (b, 2, 1)
            }
        }
        (Some(a), None) => (a, 1, 2),
        (None, Some(b)) => (b, 2, 1),
        (None, None) => return find_numeric(text),
    };
    let month = month_number(c.get(month_i)?.as_str())?;
    let day: i32 = c.get(day_i)?.as_str().parse().ok()?;
    let year: i32 = c.get(3)?.as_str().parse().ok()?;
    let mut hour: i32 = c.get(4).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let minute: i32 = c.get(5).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let second: i32 = c.get(6).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    match c.get(7).map(|m| m.as_str().to_ascii_lowercase()) {
        Some(ref p) if p == "p" && hour < 12 => hour += 12,
        Some(ref a) if a == "a" && hour == 12 => hour = 0,
        _ => {}
    }
    let offset = if let Some(o) = c.get(9) {
        parse_offset(o.as_str()).map_or(Offset::Unknown, Offset::Fixed)
    } else if let Some(abbr) = c.get(10) {
        zone_offset(abbr.as_str())
    } else if let Some(gmt) = c.get(8) {
        if gmt.as_str() == "UTC" {
            Offset::Utc
        } else {
            Offset::Fixed(0)
        }
    } else {
        Offset::Unknown
    };
    let has_time = c.get(4).is_some();
    let start = c.get(0)?.start();
    format(year, month, day, hour, minute, second, offset)
        .map(|text| (start, Stamp { text, has_time }))
}

/// The offset a zone abbreviation stands for ("UTC", "IST", ...);
/// unknown for one not in [`ZONES`].
fn zone_offset(abbr: &str) -> Offset {
    match abbr {
        "UTC" | "Z" => Offset::Utc,
        name => ZONES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Offset::Unknown, |(_, m)| Offset::Fixed(*m)),
    }
}

/// A day-first numeric date with a time (see [`NUMERIC_DMY`]).
fn find_numeric(text: &str) -> Option<(usize, Stamp)> {
    let c = NUMERIC_DMY.captures(text)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
    let (day, month, year, hour, minute) = (num(1)?, num(2)?, num(3)?, num(4)?, num(5)?);
    let offset = if let Some(o) = c.get(7) {
        parse_offset(o.as_str()).map_or(Offset::Unknown, Offset::Fixed)
    } else if let Some(abbr) = c.get(8) {
        zone_offset(abbr.as_str())
    } else if c.get(6).is_some() {
        Offset::Fixed(0)
    } else {
        Offset::Unknown
    };
    let start = c.get(0)?.start();
    format(year, month, day, hour, minute, 0, offset).map(|text| {
        (
            start,
            Stamp {
                text,
                has_time: true,
            },
        )
    })
}

fn month_number(name: &str) -> Option<i32> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as i32 + 1)
}

/// `+10`, `+1000`, `+10:00`, `-3:30` to minutes.
fn parse_offset(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| c.is_ascii_digit()).collect();
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

/// A time found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// RFC 3339.
    pub text: String,
    /// Whether the page gave a time of day (else midnight was assumed).
    pub has_time: bool,
}

/// The offset as the page gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offset {
    /// No offset given: written `-00:00`.
    Unknown,
    /// `Z` or `UTC`: written `Z`.
    Utc,
    /// A numeric offset or a zone name, in minutes (`GMT` is `+00:00`).
    Fixed(i32),
}

fn format(
    year: i32,
    month: i32,
    day: i32,
    hour: i32,
    minute: i32,
    second: i32,
    offset: Offset,
) -> Option<String> {
    // Validate the calendar date and the clock.
    if !(1900..=2200).contains(&year) {
        return None;
    }
    jiff::civil::Date::new(
        year as i16,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) || !(0..61).contains(&second) {
        return None;
    }
    let zone = match offset {
        Offset::Unknown => "-00:00".to_owned(),
        Offset::Utc => "Z".to_owned(),
        Offset::Fixed(m) => format!(
            "{}{:02}:{:02}",
            if m < 0 { '-' } else { '+' },
            m.abs() / 60,
            m.abs() % 60
        ),
    };
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{zone}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(stamp: Option<Stamp>) -> String {
        stamp.map(|s| s.text).unwrap_or_default()
    }

    #[test]
    fn machine_forms() {
        assert_eq!(
            text(normalize("2025-03-12T14:12:00+10:00")),
            "2025-03-12T14:12:00+10:00"
        );
        assert_eq!(
            text(normalize("2025-03-12T04:12:00.000Z")),
            "2025-03-12T04:12:00Z"
        );
        assert_eq!(
            text(normalize("2025-03-12T04:12:00+0300")),
            "2025-03-12T04:12:00+03:00"
        );
        assert_eq!(
            text(normalize("2025-03-12T04:12:00+00:00")),
            "2025-03-12T04:12:00+00:00"
        );
        assert_eq!(
            text(normalize("2025-03-12 04:12")),
            "2025-03-12T04:12:00-00:00"
        );
        let day = normalize("2025-03-12").unwrap();
        assert!(!day.has_time);
        assert_eq!(
            text(normalize("Wed, 12 Mar 2025 14:12:00 +1000")),
            "2025-03-12T14:12:00+10:00"
        );
        assert_eq!(normalize("2025-02-30T00:00:00Z"), None);
        assert_eq!(normalize("soon"), None);
    }

    #[test]
    fn human_forms() {
        assert_eq!(
            text(find_in_text("Published: March 12, 2025 at 9:41 a.m. EAT")),
            "2025-03-12T09:41:00+03:00"
        );
        assert_eq!(
            text(find_in_text("12 Mar 2025, 14:12 GMT+10")),
            "2025-03-12T14:12:00+10:00"
        );
        assert_eq!(
            text(find_in_text("Updated Sept. 3, 2024 5:05 pm")),
            "2024-09-03T17:05:00-00:00"
        );
        assert_eq!(
            text(find_in_text("on 1st April 2025")),
            "2025-04-01T00:00:00-00:00"
        );
        assert_eq!(
            text(find_in_text("12 Mar 2025 08:00 UTC")),
            "2025-03-12T08:00:00Z"
        );
        assert_eq!(
            text(find_in_text(
                "By AFP · Published on 12/03/2025 - 15:48 (GMT)"
            )),
            "2025-03-12T15:48:00+00:00"
        );
        assert_eq!(
            text(find_in_text("Publié le 12/03/2025 à 14h32")),
            "2025-03-12T14:32:00-00:00"
        );
        assert_eq!(find_in_text("12/03/2025"), None);
        assert_eq!(find_in_text("03/13/2025 09:00"), None);
        assert_eq!(
            text(find_in_text("Posted: Wednesday, March 12, 2025 10:15 GMT")),
            "2025-03-12T10:15:00+00:00"
        );
        assert_eq!(find_in_text("no date here, may be later"), None);
    }
}
