//! When a masthead's digest is due: one per local day, in its own zone.
//!
//! A masthead sends its digest at `digest_at` (`HH:MM`) on its own clock.
//! [`DigestTime::instant`] turns a local day into the one instant its
//! digest is due: when daylight saving skips the time (a spring-forward
//! gap), the digest goes at the same distance past the gap (01:30 in a
//! gap from 01:00 to 02:00 becomes 02:30); when the time happens twice
//! (an autumn fold), the first of the two. Each local day therefore has
//! exactly one instant, and later days have later instants, so a clock
//! moving forward makes each day due exactly once: never two digests in a
//! day, never none. [`DigestTime::due_day`] is the newest day due at an
//! instant; a run that was missed (the machine was off) is sent late, but
//! only for the newest day, so readers never get a pile of old digests.
//!
//! A digest holds the stories published since the previous day's digest
//! was due ([`DigestTime::window`]): a day of news, 23 or 25 hours long
//! when the clocks change.
//!
//! Everything here is pure: the time is an argument, so a test can move
//! it by hand across a daylight-saving change.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

/// A masthead's local time of day for its digest, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestTime(Time);

/// The default `digest_at`: six in the morning.
pub const DEFAULT_DIGEST_AT: DigestTime = DigestTime(Time::constant(6, 0, 0, 0));

impl DigestTime {
    /// Reads `HH:MM` (24-hour clock).
    pub fn parse(text: &str) -> Option<Self> {
        let (hour, minute) = text.trim().split_once(':')?;
        let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hour) || !two_digits(minute) {
            return None;
        }
        let time = Time::new(hour.parse().ok()?, minute.parse().ok()?, 0, 0).ok()?;
        Some(Self(time))
    }

    /// The instant `day`'s digest is due in `zone` (see the module's doc
    /// for gaps and folds).
    pub fn instant(self, day: Date, zone: &TimeZone) -> Timestamp {
        // `to_zoned_datetime` resolves a gap forward and a fold to its first
        // instant; it fails only past the year 9999.
        day.to_datetime(self.0)
            .to_zoned_datetime(zone.clone())
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }

    /// The newest local day whose digest is due at `now`.
    pub fn due_day(self, now: Timestamp, zone: &TimeZone) -> Date {
        let today = now.to_zoned_datetime(zone.clone()).date();
        if self.instant(today, zone) <= now {
            today
        } else {
            today.yesterday().unwrap_or(today)
        }
    }

    /// The stories `day`'s digest holds: those published from the previous
    /// day's digest time up to (not including) this one's.
    pub fn window(self, day: Date, zone: &TimeZone) -> (Timestamp, Timestamp) {
        let until = self.instant(day, zone);
        let from = day
            .yesterday()
            .map_or(Timestamp::MIN, |d| self.instant(d, zone));
        (from, until)
    }
}

impl std::fmt::Display for DigestTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;
    use jiff::civil::date;

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn utc(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// A clock the test moves by hand.
    struct Clock(Timestamp);

    impl Clock {
        fn advance(&mut self, by: SignedDuration) {
            self.0 = self.0.checked_add(by).unwrap();
        }
    }

    /// Moves a clock from `from` to `until` in steps of `step`, and returns
    /// each day that became due, with the first instant it was seen due.
    fn days_falling_due(
        at: DigestTime,
        zone: &TimeZone,
        from: Timestamp,
        until: Timestamp,
        step: SignedDuration,
    ) -> Vec<(Date, Timestamp)> {
        let mut clock = Clock(from);
        let mut seen: Vec<(Date, Timestamp)> = Vec::new();
        while clock.0 < until {
            let day = at.due_day(clock.0, zone);
            if seen.last().is_none_or(|(last, _)| *last != day) {
                seen.push((day, clock.0));
            }
            clock.advance(step);
        }
        seen
    }

    /// Each day in turn, once, and at its own instant (to the step).
    fn assert_one_per_day(seen: &[(Date, Timestamp)], at: DigestTime, zone: &TimeZone) {
        for pair in seen.windows(2) {
            assert_eq!(pair[0].0.tomorrow().unwrap(), pair[1].0, "{seen:?}");
            assert_eq!(pair[1].1, at.instant(pair[1].0, zone), "{seen:?}");
        }
    }

    #[test]
    fn times_are_read_as_hh_mm() {
        assert_eq!(DigestTime::parse("06:00"), Some(DEFAULT_DIGEST_AT));
        assert_eq!(DigestTime::parse("00:30").unwrap().to_string(), "00:30");
        assert_eq!(DigestTime::parse("23:59").unwrap().to_string(), "23:59");
        for bad in ["24:00", "6:00", "06:60", "0630", "", "06:00:00", "ab:cd"] {
            assert_eq!(DigestTime::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn london_spring_forward_sends_once_and_a_skipped_time_goes_past_the_gap() {
        let london = zone("Europe/London");
        // 2026-03-29: 01:00 GMT becomes 02:00 BST.
        let at = DigestTime::parse("01:30").unwrap();
        assert_eq!(
            at.instant(date(2026, 3, 29), &london),
            utc("2026-03-29T01:30:00Z"),
            "01:30 does not exist that night; 02:30 BST is 01:30 UTC"
        );
        assert_eq!(
            at.instant(date(2026, 3, 28), &london),
            utc("2026-03-28T01:30:00Z")
        );
        assert_eq!(
            at.instant(date(2026, 3, 30), &london),
            utc("2026-03-30T00:30:00Z")
        );
        let seen = days_falling_due(
            at,
            &london,
            utc("2026-03-26T12:00:00Z"),
            utc("2026-04-02T12:00:00Z"),
            SignedDuration::from_mins(5),
        );
        let days: Vec<Date> = seen.iter().map(|(d, _)| *d).collect();
        assert_eq!(days.first(), Some(&date(2026, 3, 26)));
        assert_eq!(days.last(), Some(&date(2026, 4, 2)));
        assert_eq!(days.len(), 8);
        assert_one_per_day(&seen, at, &london);

        let morning = DigestTime::parse("06:00").unwrap();
        let (from, until) = morning.window(date(2026, 3, 29), &london);
        assert_eq!(until.duration_since(from), SignedDuration::from_hours(23));
    }

    #[test]
    fn london_fall_back_sends_once_at_the_first_of_a_repeated_time() {
        let london = zone("Europe/London");
        // 2026-10-25: 02:00 BST becomes 01:00 GMT; 01:30 happens twice.
        let at = DigestTime::parse("01:30").unwrap();
        assert_eq!(
            at.instant(date(2026, 10, 25), &london),
            utc("2026-10-25T00:30:00Z"),
            "the first 01:30, still on summer time"
        );
        let seen = days_falling_due(
            at,
            &london,
            utc("2026-10-22T12:00:00Z"),
            utc("2026-10-29T12:00:00Z"),
            SignedDuration::from_mins(5),
        );
        assert_eq!(seen.len(), 8, "{seen:?}");
        assert_one_per_day(&seen, at, &london);
        // At the second 01:30 the day is already due: nothing new.
        assert_eq!(
            at.due_day(utc("2026-10-25T01:30:00Z"), &london),
            date(2026, 10, 25)
        );

        let morning = DigestTime::parse("06:00").unwrap();
        let (from, until) = morning.window(date(2026, 10, 25), &london);
        assert_eq!(until.duration_since(from), SignedDuration::from_hours(25));
    }

    #[test]
    fn brisbane_has_no_daylight_saving_and_sends_every_24_hours() {
        let brisbane = zone("Australia/Brisbane");
        let at = DEFAULT_DIGEST_AT;
        assert_eq!(
            at.instant(date(2026, 10, 4), &brisbane),
            utc("2026-10-03T20:00:00Z")
        );
        let seen = days_falling_due(
            at,
            &brisbane,
            utc("2026-09-30T00:00:00Z"),
            utc("2026-10-10T00:00:00Z"),
            SignedDuration::from_mins(10),
        );
        assert_eq!(seen.len(), 11, "{seen:?}");
        assert_one_per_day(&seen, at, &brisbane);
        for pair in seen.windows(2).skip(1) {
            assert_eq!(
                pair[1].1.duration_since(pair[0].1),
                SignedDuration::from_hours(24)
            );
        }
    }

    proptest::proptest! {
        /// Any zone (Lord Howe moves its clocks by half an hour, Kathmandu
        /// sits at +05:45), any time of day, any start, any pace of the
        /// clock: the days fall due in order, each once.
        #[test]
        fn any_clock_moving_forward_sees_each_day_due_once(
            zone in proptest::sample::select(vec![
                "Europe/London", "America/New_York", "Australia/Lord_Howe",
                "Australia/Brisbane", "Asia/Kathmandu", "Pacific/Chatham",
            ]),
            hour in 0i8..24,
            minute in 0i8..60,
            start in 1_767_225_600i64..1_798_761_600,
            step_minutes in 1i64..180,
        ) {
            let zone = TimeZone::get(zone).unwrap();
            let at = DigestTime(Time::new(hour, minute, 0, 0).unwrap());
            let from = Timestamp::from_second(start).unwrap();
            let until = from.checked_add(SignedDuration::from_hours(24 * 12)).unwrap();
            let seen = days_falling_due(at, &zone, from, until, SignedDuration::from_mins(step_minutes));
            for pair in seen.windows(2) {
                proptest::prop_assert_eq!(pair[0].0.tomorrow().unwrap(), pair[1].0);
                let due = at.instant(pair[1].0, &zone);
                proptest::prop_assert!(due <= pair[1].1);
                proptest::prop_assert!(pair[1].1.duration_since(due) < SignedDuration::from_mins(step_minutes));
            }
            proptest::prop_assert!(seen.len() >= 12);
        }
    }

    #[test]
    fn half_past_midnight_is_due_on_its_own_day_not_the_day_before() {
        let brisbane = zone("Australia/Brisbane");
        let at = DigestTime::parse("00:30").unwrap();
        // 00:29 in Brisbane on 5 October is 14:29 UTC on the 4th.
        assert_eq!(
            at.due_day(utc("2026-10-04T14:29:00Z"), &brisbane),
            date(2026, 10, 4)
        );
        assert_eq!(
            at.due_day(utc("2026-10-04T14:30:00Z"), &brisbane),
            date(2026, 10, 5)
        );
        let london = zone("Europe/London");
        for (start, days) in [("2026-03-25T00:00:00Z", 9), ("2026-10-21T00:00:00Z", 8)] {
            let from = utc(start);
            let until = from.checked_add(SignedDuration::from_hours(180)).unwrap();
            let seen = days_falling_due(at, &london, from, until, SignedDuration::from_mins(5));
            assert_eq!(seen.len(), days, "{seen:?}");
            assert_one_per_day(&seen, at, &london);
        }
    }
}
