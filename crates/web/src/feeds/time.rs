//! Times as the documents write them: to the second, in UTC.
//!
//! Atom, JSON Feed, sitemaps and JSON-LD take RFC 3339 with `Z` (which is
//! also a W3C datetime); RSS takes RFC 2822 with `+0000`. Sub-seconds are
//! dropped, so a story has the same time in every document. Both formats
//! want a year of four digits: a time before year 1, never a real story's,
//! is written as the first second of year 1.

use jiff::Timestamp;
use jiff::civil::{DateTime, Weekday};
use jiff::tz::Offset;
use std::fmt::Write;

/// `2025-03-12T04:12:00Z`.
pub(crate) fn rfc3339(at: Timestamp) -> String {
    let t = utc(at);
    let mut out = String::with_capacity(20);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    out
}

/// `Wed, 12 Mar 2025 04:12:00 +0000`.
pub(crate) fn rfc2822(at: Timestamp) -> String {
    let t = utc(at);
    let weekday = match t.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[usize::try_from(t.month() - 1).unwrap_or(0)];
    let mut out = String::with_capacity(31);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
        t.day(),
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    );
    out
}

/// The civil time in UTC, no earlier than the first second of year 1.
fn utc(at: Timestamp) -> DateTime {
    let t = Offset::UTC.to_datetime(at);
    if t.year() < 1 {
        DateTime::constant(1, 1, 1, 0, 0, 0, 0)
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn rfc3339_is_utc_to_the_second() {
        assert_eq!(
            rfc3339(at("2025-03-12T07:12:00.987+03:00")),
            "2025-03-12T04:12:00Z"
        );
        assert_eq!(rfc3339(at("0999-01-02T03:04:05Z")), "0999-01-02T03:04:05Z");
    }

    #[test]
    fn rfc2822_has_a_weekday_and_a_zero_offset() {
        assert_eq!(
            rfc2822(at("2025-03-12T04:12:00Z")),
            "Wed, 12 Mar 2025 04:12:00 +0000"
        );
        assert_eq!(
            rfc2822(at("2024-12-01T23:59:59.5Z")),
            "Sun, 01 Dec 2024 23:59:59 +0000"
        );
    }

    #[test]
    fn a_time_before_year_one_is_the_first_second_of_year_one() {
        assert_eq!(rfc3339(Timestamp::MIN), "0001-01-01T00:00:00Z");
        assert_eq!(rfc2822(Timestamp::MIN), "Mon, 01 Jan 0001 00:00:00 +0000");
        assert_eq!(rfc3339(Timestamp::MAX), "9999-12-30T22:00:00Z");
    }
}
