//! When a source is fetched next: the rules, pure and clock-free.
//!
//! A source's normal rhythm follows how often it publishes: the mean gap
//! between its newest items, stretched while it has gone quiet, and never
//! below what the source asks for (RSS `<ttl>`, `Cache-Control: max-age`,
//! `Expires`). The rhythm stays within [`Cadence::min_interval`] and
//! [`Cadence::max_interval`]. A 304 means nothing new came: the rhythm
//! slows a little each time. RSS `<skipHours>` moves a check out of the
//! hours the source says it does not publish.
//!
//! A failure backs off exponentially from [`Cadence::retry_base`] up to
//! [`Cadence::retry_cap`], or longer when the server sent `Retry-After`.
//! A failing source is never dropped: it keeps being tried at the capped
//! interval, and one success brings back its normal rhythm. Only HTTP 410
//! Gone stops the polling, and the source says so.
//!
//! Every delay is spread by a jitter (±[`Cadence::jitter`]) so that
//! sources added together do not stay in lockstep; it never brings a check
//! before what the source asked for (`Retry-After`, `<ttl>`, `max-age`).
//! The caller draws the jitter, which keeps these rules deterministic
//! under test.
//!
//! A small jitter keeps apart sources that are already apart, but it
//! takes many rounds to part a herd: a network added at once, or caught
//! up after its processes were down, is checked in one pass and would
//! fall due together again and again, loading the machine in bursts. So
//! a check that did not keep its source's rhythm ([`Step::OutOfStep`]:
//! the source's first check, or one made more than half an interval
//! late) spreads the next one over a whole interval
//! (±[`HERD_SPREAD`]), which parts the herd in one round.

use jiff::{Timestamp, ToSpan};
use newsdesk_domain::SourceId;
use std::time::Duration;

/// The scheduling bounds: the `[fetch]` keys `interval_minutes`,
/// `min_interval_minutes`, `max_interval_hours`, `retry_base_minutes` and
/// `retry_cap_hours` of the config, whose defaults are [`Cadence::default`].
#[derive(Debug, Clone, PartialEq)]
pub struct Cadence {
    /// The shortest time between two checks of a source.
    pub min_interval: Duration,
    /// The longest time between two checks of a healthy source.
    pub max_interval: Duration,
    /// The rhythm of a source whose publishing rate is not known yet.
    pub default_interval: Duration,
    /// The wait after a first failure; it doubles with each failure in a row.
    pub retry_base: Duration,
    /// The longest wait between retries of a failing source.
    pub retry_cap: Duration,
    /// How far a delay is spread either way, as a fraction (0.1 = ±10 %).
    pub jitter: f64,
}

impl Default for Cadence {
    fn default() -> Self {
        Self {
            min_interval: Duration::from_secs(2 * 60),
            max_interval: Duration::from_secs(24 * 3600),
            default_interval: Duration::from_secs(15 * 60),
            retry_base: Duration::from_secs(5 * 60),
            retry_cap: Duration::from_secs(6 * 3600),
            jitter: 0.1,
        }
    }
}

/// What a source asked of its readers in its last answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asked {
    /// RSS `<ttl>`: minutes a reader may keep the feed.
    pub ttl: Option<Duration>,
    /// `Cache-Control: max-age`, else `Expires` less `Date`.
    pub fresh_for: Option<Duration>,
    /// `Retry-After` on a 429 or 503.
    pub retry_after: Option<Duration>,
    /// RSS `<skipHours>`: hours of the day (UTC, 0–23) not to check.
    pub skip_hours: Vec<u8>,
}

/// How a check went, as far as the schedule cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// The feed was read; the times of its items (published, else updated).
    Read {
        /// Item times, in any order.
        item_times: Vec<Timestamp>,
    },
    /// 304: nothing changed.
    Unchanged,
    /// The check failed.
    Failed,
    /// HTTP 410: the feed is gone for good.
    Gone,
}

/// The schedule after a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Next {
    /// When to check again.
    pub at: Timestamp,
    /// The normal rhythm (unchanged by failures).
    pub interval: Duration,
    /// Failed checks in a row.
    pub failures: u32,
    /// Stop polling: the feed is gone.
    pub gone: bool,
}

/// Where a source's schedule stood when it was checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// Its interval as last worked out (`None`: not known yet).
    pub rhythm: Option<Duration>,
    /// Failed checks in a row before this one.
    pub failures: u32,
    /// Whether this check kept its rhythm (see [`step`]).
    pub step: Step,
}

/// Whether a check kept its source's rhythm; see [`step`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Step {
    /// Made about when it fell due, after earlier checks.
    #[default]
    InStep,
    /// The source's first check, or one made long after it fell due: one
    /// of a herd, likely, so the next check is spread widely.
    OutOfStep,
}

/// How far the next check after an out-of-step one is spread either way:
/// ±50 % covers a whole interval.
pub const HERD_SPREAD: f64 = 0.5;

/// Whether a check at `now` keeps the rhythm of a source last checked at
/// `last_checked_at`, due at `due`, with the interval `interval` (`None`:
/// not known yet, the default's).
pub fn step(
    cadence: &Cadence,
    last_checked_at: Option<Timestamp>,
    due: Option<Timestamp>,
    interval: Option<Duration>,
    now: Timestamp,
) -> Step {
    let Some(_) = last_checked_at else {
        return Step::OutOfStep;
    };
    let interval = interval.unwrap_or(cadence.default_interval);
    let late = due.map_or(0, |due| seconds_between(due, now));
    if Duration::from_secs(late) > interval / 2 {
        Step::OutOfStep
    } else {
        Step::InStep
    }
}

/// At most this many of the newest items count toward the publishing rate.
const RATE_WINDOW: usize = 20;

/// Items older than this many days do not count toward the gap between items.
const RECENT_DAYS: i64 = 30;

impl Cadence {
    /// Works out the next check after one at `now`.
    ///
    /// `standing` is where the source's schedule stood (an out-of-step
    /// success spreads the next check over a whole interval; a failure's
    /// retry keeps its backoff), and `draw` a random number in `[-1, 1]`
    /// for the jitter.
    pub fn next(
        &self,
        now: Timestamp,
        checked: &Checked,
        asked: &Asked,
        standing: Standing,
        draw: f64,
    ) -> Next {
        let Standing {
            rhythm,
            failures,
            step,
        } = standing;
        let known = rhythm.unwrap_or(self.default_interval);
        match checked {
            Checked::Read { item_times } => {
                let interval = self.bounded(self.rate(now, item_times).max(asked_floor(asked)));
                let floor = asked_floor(asked).min(interval);
                Next {
                    at: self.skip(
                        self.after_success(now, interval, step, draw, floor),
                        &asked.skip_hours,
                    ),
                    interval,
                    failures: 0,
                    gone: false,
                }
            }
            Checked::Unchanged => {
                let interval = self.bounded(known.mul_f64(1.25).max(asked_floor(asked)));
                let floor = asked_floor(asked).min(interval);
                Next {
                    at: self.skip(
                        self.after_success(now, interval, step, draw, floor),
                        &asked.skip_hours,
                    ),
                    interval,
                    failures: 0,
                    gone: false,
                }
            }
            Checked::Failed => {
                let failures = failures.saturating_add(1);
                let doubling = 2u32.saturating_pow(failures.saturating_sub(1).min(30));
                let backoff = self
                    .retry_base
                    .saturating_mul(doubling)
                    .min(self.retry_cap.max(self.retry_base));
                let wait = backoff
                    .max(asked.retry_after.unwrap_or_default())
                    .min(self.max_interval);
                // The jitter may delay a retry, never bring it before the server's Retry-After.
                let floor = asked.retry_after.unwrap_or_default().min(wait);
                Next {
                    at: self.after_at_least(now, wait, draw, floor),
                    interval: known,
                    failures,
                    gone: false,
                }
            }
            Checked::Gone => Next {
                at: now,
                interval: known,
                failures: failures.saturating_add(1),
                gone: true,
            },
        }
    }

    /// The mean gap between the newest items, stretched by how long the
    /// source has been quiet; the default when there is too little to go on.
    fn rate(&self, now: Timestamp, item_times: &[Timestamp]) -> Duration {
        // Items dated in the future say nothing of the rate.
        let mut times: Vec<Timestamp> = item_times.iter().copied().filter(|t| *t <= now).collect();
        times.sort_unstable_by(|a, b| b.cmp(a));
        let Some(&newest) = times.first() else {
            return self.default_interval;
        };
        let quiet = seconds_between(newest, now);
        // A source quiet for a day is checked every few hours, not every few minutes.
        let quiet_share = Duration::from_secs(quiet / 4);
        // The gap is measured over recent items only, so that one item
        // misdated 1970 does not make a daily wire look yearly.
        let recent = now.as_second() - RECENT_DAYS * 86_400;
        times.retain(|t| t.as_second() >= recent);
        times.truncate(RATE_WINDOW);
        match times.last() {
            Some(&oldest) if times.len() >= 2 => {
                let span = seconds_between(oldest, newest);
                let gap = Duration::from_secs(span / (times.len() as u64 - 1));
                gap.max(quiet_share)
            }
            _ => self.default_interval.max(quiet_share),
        }
    }

    fn bounded(&self, interval: Duration) -> Duration {
        interval.clamp(self.min_interval, self.max_interval.max(self.min_interval))
    }

    /// The next check after a successful one: `interval` on, spread by
    /// the jitter, or over a whole interval (but never sooner than the
    /// shortest interval) when the check was out of step.
    fn after_success(
        &self,
        now: Timestamp,
        interval: Duration,
        step: Step,
        draw: f64,
        floor: Duration,
    ) -> Timestamp {
        match step {
            Step::InStep => self.after_at_least(now, interval, draw, floor),
            Step::OutOfStep => {
                let floor = floor.max(self.min_interval.min(interval));
                self.after_spread(now, interval, HERD_SPREAD, draw)
                    .max(self.after(now, floor, 0.0))
            }
        }
    }

    /// [`Cadence::after`], but never sooner than `floor` from now: the
    /// jitter spreads checks, it does not undercut what a source asked for.
    fn after_at_least(
        &self,
        now: Timestamp,
        wait: Duration,
        draw: f64,
        floor: Duration,
    ) -> Timestamp {
        self.after(now, wait, draw).max(self.after(now, floor, 0.0))
    }

    /// `now` plus `wait` spread by the jitter, never past the longest
    /// interval: a wait that the spread would push past it is spread
    /// downward instead, so quiet sources stay apart and within bounds.
    fn after(&self, now: Timestamp, wait: Duration, draw: f64) -> Timestamp {
        self.after_spread(now, wait, self.jitter, draw)
    }

    /// [`Cadence::after`] with the spread `jitter` (a fraction, at most ½).
    fn after_spread(&self, now: Timestamp, wait: Duration, jitter: f64, draw: f64) -> Timestamp {
        let jitter = jitter.clamp(0.0, 0.5);
        let draw = draw.clamp(-1.0, 1.0);
        let longest = self.max_interval.max(self.min_interval).as_secs_f64();
        let wait = wait.as_secs_f64().min(longest);
        let mut spread_wait = wait * (1.0 + jitter * draw);
        if spread_wait > longest {
            spread_wait = wait * (1.0 - jitter * draw.abs());
        }
        let seconds = spread_wait.round().max(1.0) as i64;
        now.checked_add(seconds.seconds()).unwrap_or(Timestamp::MAX)
    }

    /// Moves `at` past the hours the source asked not to be checked in.
    fn skip(&self, at: Timestamp, skip_hours: &[u8]) -> Timestamp {
        if skip_hours.is_empty() || (0..24).all(|h| skip_hours.contains(&h)) {
            return at;
        }
        let mut at = at;
        for _ in 0..24 {
            let second = at.as_second();
            let hour = second.rem_euclid(86_400) / 3600;
            let Ok(hour) = u8::try_from(hour) else {
                return at;
            };
            if !skip_hours.contains(&hour) {
                return at;
            }
            let next_hour = second - second.rem_euclid(3600) + 3600;
            at = Timestamp::from_second(next_hour).unwrap_or(Timestamp::MAX);
        }
        at
    }
}

/// The longest of the waits the source asked for.
fn asked_floor(asked: &Asked) -> Duration {
    asked
        .ttl
        .unwrap_or_default()
        .max(asked.fresh_for.unwrap_or_default())
}

fn seconds_between(earlier: Timestamp, later: Timestamp) -> u64 {
    u64::try_from(later.as_second() - earlier.as_second()).unwrap_or(0)
}

/// A number in [-1, 1] that differs between sources and between checks,
/// and is the same for the same source at the same second (repeatable
/// under a test clock).
pub fn jitter_draw(source: SourceId, at: Timestamp) -> f64 {
    // SplitMix64 over the two numbers: well spread, no state.
    let mut x = (source.0 as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(at.as_second() as u64);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    fn minutes(m: u64) -> Duration {
        Duration::from_secs(m * 60)
    }

    fn every(start: &str, gap_minutes: i64, count: i64) -> Vec<Timestamp> {
        let start = at(start);
        (0..count)
            .map(|i| {
                start
                    .checked_sub((i * gap_minutes).minutes())
                    .expect("time")
            })
            .collect()
    }

    const NOW: &str = "2026-03-12T12:00:00Z";

    /// The next check after reading a feed with these item times at
    /// [`NOW`], with the default cadence, for a source with no known rhythm.
    fn read(item_times: &[Timestamp], asked: &Asked, draw: f64) -> Next {
        Cadence::default().next(
            at(NOW),
            &Checked::Read {
                item_times: item_times.to_vec(),
            },
            asked,
            Standing::default(),
            draw,
        )
    }

    #[test]
    fn a_busy_wire_is_checked_as_often_as_it_publishes() {
        let items = every("2026-03-12T11:58:00Z", 10, 20);
        let next = read(&items, &Asked::default(), 0.0);
        assert_eq!(next.interval, minutes(10));
        assert_eq!(next.at, at("2026-03-12T12:10:00Z"));
        assert_eq!(next.failures, 0);
    }

    #[test]
    fn the_rhythm_stays_within_its_bounds() {
        let cadence = Cadence::default();
        let flood = every(NOW, 0, 20);
        let next = read(&flood, &Asked::default(), 0.0);
        assert_eq!(next.interval, cadence.min_interval);
        let yearly = every("2025-08-24T12:00:00Z", 365 * 24 * 60, 3);
        let next = read(&yearly, &Asked::default(), 0.0);
        assert_eq!(next.interval, cadence.max_interval);
    }

    #[test]
    fn a_quiet_source_slows_down() {
        // Ten items a minute apart, three days ago.
        let items = every("2026-03-09T12:00:00Z", 1, 10);
        let next = read(&items, &Asked::default(), 0.0);
        assert_eq!(next.interval, Duration::from_secs(18 * 3600));
    }

    #[test]
    fn future_and_ancient_dates_do_not_break_the_rate() {
        let items = [
            at("2099-01-01T00:00:00Z"),
            at("1970-01-01T00:00:00Z"),
            at("2026-03-12T11:50:00Z"),
        ];
        let next = read(&items, &Asked::default(), 0.0);
        assert_eq!(
            next.interval,
            Cadence::default().default_interval,
            "one recent item: the default"
        );
        let none = Cadence::default().next(
            at(NOW),
            &Checked::Read {
                item_times: Vec::new(),
            },
            &Asked::default(),
            Standing::default(),
            0.0,
        );
        assert_eq!(none.interval, Cadence::default().default_interval);
    }

    #[test]
    fn what_the_source_asks_for_raises_the_interval() {
        let items = every("2026-03-12T11:58:00Z", 5, 20);
        let cadence = Cadence::default();
        for asked in [
            Asked {
                ttl: Some(minutes(60)),
                ..Asked::default()
            },
            Asked {
                fresh_for: Some(minutes(60)),
                ..Asked::default()
            },
        ] {
            let next = read(&items, &asked, 0.0);
            assert_eq!(next.interval, minutes(60));
        }
        // Even a source that asks for a week is checked daily.
        let week = Asked {
            ttl: Some(minutes(7 * 24 * 60)),
            ..Asked::default()
        };
        let next = read(&items, &week, 0.0);
        assert_eq!(next.interval, cadence.max_interval);
    }

    #[test]
    fn skip_hours_move_the_check_to_the_next_open_hour() {
        let items = every("2026-03-12T11:58:00Z", 10, 20);
        let asked = Asked {
            skip_hours: vec![12, 13, 14],
            ..Asked::default()
        };
        let next = read(&items, &asked, 0.0);
        assert_eq!(next.at, at("2026-03-12T15:00:00Z"));
        let every_hour = Asked {
            skip_hours: (0..24).collect(),
            ..Asked::default()
        };
        let next = read(&items, &every_hour, 0.0);
        assert_eq!(
            next.at,
            at("2026-03-12T12:10:00Z"),
            "a skip of every hour is ignored"
        );
    }

    #[test]
    fn not_modified_slows_the_rhythm_a_little() {
        let next = Cadence::default().next(
            at(NOW),
            &Checked::Unchanged,
            &Asked::default(),
            Standing {
                rhythm: Some(minutes(20)),
                failures: 3,
                step: Step::InStep,
            },
            0.0,
        );
        assert_eq!(next.interval, minutes(25));
        assert_eq!(next.failures, 0, "a 304 is a success");
    }

    #[test]
    fn failures_back_off_exponentially_up_to_the_cap_and_never_stop() {
        let cadence = Cadence::default();
        let mut failures = 0;
        let mut waits = Vec::new();
        for _ in 0..12 {
            let next = cadence.next(
                at(NOW),
                &Checked::Failed,
                &Asked::default(),
                Standing {
                    rhythm: Some(minutes(10)),
                    failures,
                    step: Step::InStep,
                },
                0.0,
            );
            waits.push((next.at.as_second() - at(NOW).as_second()) / 60);
            failures = next.failures;
            assert!(!next.gone);
            assert_eq!(next.interval, minutes(10), "the rhythm is kept for later");
        }
        assert_eq!(waits[..5], [5, 10, 20, 40, 80]);
        assert_eq!(*waits.last().expect("waits"), 360, "capped at six hours");
        assert_eq!(failures, 12);
        // One success restores the rhythm.
        let items = every("2026-03-12T11:58:00Z", 10, 20);
        let next = cadence.next(
            at(NOW),
            &Checked::Read {
                item_times: items.to_vec(),
            },
            &Asked::default(),
            Standing {
                rhythm: Some(minutes(10)),
                failures,
                step: Step::InStep,
            },
            0.0,
        );
        assert_eq!((next.failures, next.interval), (0, minutes(10)));
    }

    #[test]
    fn retry_after_is_honoured_within_the_daily_bound() {
        let cadence = Cadence::default();
        let asked = Asked {
            retry_after: Some(minutes(90)),
            ..Asked::default()
        };
        let next = cadence.next(at(NOW), &Checked::Failed, &asked, Standing::default(), 0.0);
        assert_eq!(next.at, at("2026-03-12T13:30:00Z"));
        let asked = Asked {
            retry_after: Some(minutes(60 * 24 * 30)),
            ..Asked::default()
        };
        let next = cadence.next(at(NOW), &Checked::Failed, &asked, Standing::default(), 0.0);
        assert_eq!(next.at, at("2026-03-13T12:00:00Z"));
    }

    #[test]
    fn the_jitter_never_brings_a_check_before_what_was_asked() {
        let cadence = Cadence::default();
        let busy = Asked {
            retry_after: Some(minutes(60)),
            ..Asked::default()
        };
        let next = cadence.next(at(NOW), &Checked::Failed, &busy, Standing::default(), -1.0);
        assert_eq!(next.at, at("2026-03-12T13:00:00Z"), "Retry-After: 3600");
        let items = every("2026-03-12T11:58:00Z", 5, 20);
        let cached = Asked {
            ttl: Some(minutes(60)),
            ..Asked::default()
        };
        let next = read(&items, &cached, -1.0);
        assert_eq!(next.at, at("2026-03-12T13:00:00Z"), "<ttl>60</ttl>");
        let late = cadence.next(at(NOW), &Checked::Failed, &busy, Standing::default(), 1.0);
        assert_eq!(late.at, at("2026-03-12T13:06:00Z"), "later is still spread");
    }

    #[test]
    fn jitter_never_passes_the_longest_interval() {
        let old = [at("2024-01-01T00:00:00Z")];
        for draw in [-1.0, -0.3, 0.0, 0.4, 1.0] {
            let next = read(&old, &Asked::default(), draw);
            let wait = next.at.as_second() - at(NOW).as_second();
            assert!(wait <= 24 * 3600, "draw {draw}: {wait}");
            assert!(wait >= 21 * 3600, "draw {draw}: {wait}");
        }
    }

    #[test]
    fn gone_stops_polling() {
        let next = Cadence::default().next(
            at(NOW),
            &Checked::Gone,
            &Asked::default(),
            Standing::default(),
            0.0,
        );
        assert!(next.gone);
    }

    #[test]
    fn jitter_spreads_within_its_fraction() {
        let items = every("2026-03-12T11:58:00Z", 10, 20);
        let early = read(&items, &Asked::default(), -1.0);
        let late = read(&items, &Asked::default(), 1.0);
        assert_eq!(early.at, at("2026-03-12T12:09:00Z"));
        assert_eq!(late.at, at("2026-03-12T12:11:00Z"));
    }

    #[test]
    fn an_out_of_step_check_spreads_the_next_over_a_whole_interval() {
        // The next check after an out-of-step one, from NOW.
        let after = |checked: Checked, asked: &Asked, rhythm: Option<u64>, draw: f64| {
            let standing = Standing {
                rhythm: rhythm.map(minutes),
                failures: 0,
                step: Step::OutOfStep,
            };
            Cadence::default().next(at(NOW), &checked, asked, standing, draw)
        };
        let read = || Checked::Read {
            item_times: every("2026-03-12T11:58:00Z", 10, 20),
        };
        let none = Asked::default();
        assert_eq!(
            after(read(), &none, None, -1.0).at,
            at("2026-03-12T12:05:00Z")
        );
        assert_eq!(
            after(read(), &none, None, 1.0).at,
            at("2026-03-12T12:15:00Z")
        );
        let kept = after(read(), &none, None, 0.0).interval;
        assert_eq!(kept, minutes(10), "the rhythm is kept");
        // Never sooner than what was asked, nor than the shortest interval.
        let cached = Asked {
            fresh_for: Some(minutes(9)),
            ..Asked::default()
        };
        let asked = after(Checked::Unchanged, &cached, Some(2), -1.0);
        assert_eq!(asked.at, at("2026-03-12T12:09:00Z"));
        let shortest = after(Checked::Unchanged, &none, Some(2), -1.0);
        assert_eq!(shortest.at, at("2026-03-12T12:02:00Z"));
        // A failure keeps its backoff: the spread is for successes.
        let failed = after(Checked::Failed, &none, None, 1.0);
        assert_eq!(failed.at, at("2026-03-12T12:05:30Z"));
    }

    #[test]
    fn first_and_late_checks_are_out_of_step() {
        let cadence = Cadence {
            default_interval: Duration::from_secs(30 * 60),
            ..Cadence::default()
        };
        let now = at(NOW);
        let ten = Some(minutes(10));
        let ago = |m: i64| Some(now.checked_sub(m.minutes()).expect("time"));
        assert_eq!(step(&cadence, None, ago(0), None, now), Step::OutOfStep);
        assert_eq!(step(&cadence, ago(10), ago(0), ten, now), Step::InStep);
        assert_eq!(step(&cadence, ago(14), ago(4), ten, now), Step::InStep);
        assert_eq!(step(&cadence, ago(16), ago(6), ten, now), Step::OutOfStep);
        assert_eq!(
            step(&cadence, ago(180), ago(170), ten, now),
            Step::OutOfStep
        );
        // Unknown rhythm: half the default interval (30 minutes) is the bound.
        assert_eq!(step(&cadence, ago(40), ago(14), None, now), Step::InStep);
        assert_eq!(step(&cadence, ago(40), ago(16), None, now), Step::OutOfStep);
    }

    #[test]
    fn jitter_draws_stay_in_range_and_spread() {
        let at: Timestamp = "2026-03-12T12:00:00Z".parse().expect("time");
        let draws: Vec<f64> = (0..1000).map(|i| jitter_draw(SourceId(i), at)).collect();
        assert!(draws.iter().all(|d| (-1.0..=1.0).contains(d)));
        let below = draws.iter().filter(|d| **d < 0.0).count();
        assert!((400..600).contains(&below), "{below}");
        assert_eq!(jitter_draw(SourceId(7), at), jitter_draw(SourceId(7), at));
    }
}
