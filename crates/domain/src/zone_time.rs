//! Times as a masthead writes them: `12 Mar 2025, 14:12 GMT+10`.
//!
//! Stories are stored in UTC. Each masthead shows them in its own time zone,
//! with the offset that zone had at that instant (so a zone with summer time
//! shows two offsets over a year). Whole-hour offsets are written `GMT+10`,
//! others `GMT+5:30`, and a zero offset plain `GMT`.

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Writes an instant as the masthead's readers read it.
pub fn format_in_zone(at: Timestamp, zone: &TimeZone) -> String {
    let local = at.to_zoned_datetime(zone.clone());
    let month = MONTHS[usize::from(local.month().unsigned_abs()) - 1];
    format!(
        "{} {} {}, {:02}:{:02} {}",
        local.day(),
        month,
        local.year(),
        local.hour(),
        local.minute(),
        gmt_offset(local.offset())
    )
}

/// `GMT`, `GMT+10`, `GMT-3:30`.
pub fn gmt_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "GMT".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let (hours, rest) = (minutes / 60, minutes % 60);
    if rest == 0 {
        format!("GMT{sign}{hours}")
    } else {
        format!("GMT{sign}{hours}:{rest:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    #[test]
    fn the_seed_page_time() {
        let at: Timestamp = "2025-03-12T04:12:00Z".parse().unwrap();
        assert_eq!(
            format_in_zone(at, &zone("Australia/Brisbane")),
            "12 Mar 2025, 14:12 GMT+10"
        );
    }

    #[test]
    fn half_hour_zero_and_negative_offsets() {
        let at: Timestamp = "2025-03-12T04:12:00Z".parse().unwrap();
        assert_eq!(
            format_in_zone(at, &zone("Asia/Kolkata")),
            "12 Mar 2025, 09:42 GMT+5:30"
        );
        assert_eq!(format_in_zone(at, &zone("UTC")), "12 Mar 2025, 04:12 GMT");
        assert_eq!(
            format_in_zone(at, &zone("America/St_Johns")),
            "12 Mar 2025, 01:42 GMT-2:30"
        );
    }

    #[test]
    fn the_offset_is_the_one_in_force_at_that_instant() {
        let winter: Timestamp = "2025-01-15T12:00:00Z".parse().unwrap();
        let summer: Timestamp = "2025-07-15T12:00:00Z".parse().unwrap();
        let london = zone("Europe/London");
        assert!(format_in_zone(winter, &london).ends_with("12:00 GMT"));
        assert!(format_in_zone(summer, &london).ends_with("13:00 GMT+1"));
    }
}
