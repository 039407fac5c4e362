//! The lead of a cluster: which version of a copy readers see first.
//!
//! [`lead`] picks one of a cluster's versions by these rules, in order:
//!
//! 1. **A revision supersedes.** An update or a correction
//!    ([`Revision`]) leads over every original; among revisions the
//!    latest published leads (it carries the newest facts).
//! 2. **The masthead's preferred sources** lead over the others.
//! 3. **The fullest clean text** (characters without boilerplate) leads;
//!    texts within [`SAME_LENGTH_PERCENT`] of the fullest count as equal,
//!    so a byline or a trimmed sentence does not decide.
//! 4. **The earlier time** leads: the first to publish.
//! 5. The smaller story id, so the choice never depends on order.
//!
//! A pure function of its input: the store calls it whenever a version
//! joins or is revised, and the cluster keeps its address whoever leads.

use crate::revision::Revision;

/// Texts this close to the fullest (in percent of its length) count as
/// equally full.
pub const SAME_LENGTH_PERCENT: usize = 10;

/// One version of a cluster, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// The story's id.
    pub story: i64,
    /// Characters of clean text ([`crate::Copy::clean_chars`]).
    pub clean_chars: usize,
    /// When it was published (or first seen), epoch seconds.
    pub published: i64,
    /// Which version of the copy it says it is.
    pub revision: Revision,
    /// Whether its source is one of the masthead's preferred sources.
    pub preferred: bool,
}

/// The index of the leading version, `None` for no versions.
pub fn lead(versions: &[Version]) -> Option<usize> {
    let revisions: Vec<usize> = (0..versions.len())
        .filter(|&i| versions[i].revision.is_revision())
        .collect();
    if !revisions.is_empty() {
        return revisions
            .into_iter()
            .max_by_key(|&i| (versions[i].published, std::cmp::Reverse(versions[i].story)));
    }
    let any_preferred = versions.iter().any(|v| v.preferred);
    let pool: Vec<usize> = (0..versions.len())
        .filter(|&i| versions[i].preferred || !any_preferred)
        .collect();
    let fullest = pool.iter().map(|&i| versions[i].clean_chars).max()?;
    let full_enough = fullest - fullest * SAME_LENGTH_PERCENT / 100;
    pool.into_iter()
        .filter(|&i| versions[i].clean_chars >= full_enough)
        .min_by_key(|&i| (versions[i].published, versions[i].story))
}

/// The versions in rank order: [`lead`] first, then the lead of those
/// left, and so on. In O(n log n), as a cluster of one text repeated
/// under a thousand links is ranked again whenever a copy joins.
pub fn order(versions: &[Version]) -> Vec<usize> {
    let mut ranked = Vec::with_capacity(versions.len());
    // Revisions first, the latest published first (the smaller id at the
    // same second).
    let mut revisions: Vec<usize> = (0..versions.len())
        .filter(|&i| versions[i].revision.is_revision())
        .collect();
    revisions.sort_by_key(|&i| (std::cmp::Reverse(versions[i].published), versions[i].story));
    ranked.extend(revisions);
    // Then the originals of preferred sources, then the others, each by
    // fullness and time.
    for preferred in [true, false] {
        let pool: Vec<usize> = (0..versions.len())
            .filter(|&i| !versions[i].revision.is_revision() && versions[i].preferred == preferred)
            .collect();
        ranked.extend(by_fullness_then_time(versions, pool));
    }
    ranked
}

/// `pool` in the order repeated [`lead`]s give it among originals: of the
/// texts within [`SAME_LENGTH_PERCENT`] of the fullest left, the earliest
/// (the smaller id on a tie). The fullest left only shrinks, so the texts
/// within reach only grow: one walk down the pool sorted by length, and a
/// sorted set of the texts within reach.
fn by_fullness_then_time(versions: &[Version], mut pool: Vec<usize>) -> Vec<usize> {
    use std::collections::BTreeSet;
    pool.sort_by_key(|&i| std::cmp::Reverse(versions[i].clean_chars));
    let mut taken = vec![false; versions.len()];
    let mut within: BTreeSet<(i64, i64, usize)> = BTreeSet::new();
    let mut next = 0; // the next text of `pool` not yet within reach
    let mut fullest = 0; // the fullest text left, as an index into `pool`
    let mut out = Vec::with_capacity(pool.len());
    while out.len() < pool.len() {
        while taken[pool[fullest]] {
            fullest += 1;
        }
        let most = versions[pool[fullest]].clean_chars;
        let enough = most - most * SAME_LENGTH_PERCENT / 100;
        while next < pool.len() && versions[pool[next]].clean_chars >= enough {
            let i = pool[next];
            within.insert((versions[i].published, versions[i].story, i));
            next += 1;
        }
        let Some((_, _, i)) = within.pop_first() else {
            break;
        };
        taken[i] = true;
        out.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Revision::*;

    fn v(
        story: i64,
        clean_chars: usize,
        published: i64,
        revision: Revision,
        preferred: bool,
    ) -> Version {
        Version {
            story,
            clean_chars,
            published,
            revision,
            preferred,
        }
    }

    #[test]
    fn the_rules_in_a_table() {
        let cases: &[(&str, Vec<Version>, Option<i64>)] = &[
            ("no versions", vec![], None),
            (
                "one version leads",
                vec![v(7, 100, 10, Original, false)],
                Some(7),
            ),
            (
                "the fullest text leads",
                vec![
                    v(1, 1000, 10, Original, false),
                    v(2, 2000, 20, Original, false),
                ],
                Some(2),
            ),
            (
                "nearly as full: the earlier leads",
                vec![
                    v(1, 1950, 10, Original, false),
                    v(2, 2000, 20, Original, false),
                ],
                Some(1),
            ),
            (
                "same length, same time: the smaller id",
                vec![
                    v(9, 500, 10, Original, false),
                    v(4, 500, 10, Original, false),
                ],
                Some(4),
            ),
            (
                "an update supersedes a fuller, earlier original",
                vec![
                    v(1, 3000, 10, Original, false),
                    v(2, 1000, 50, Update(1), false),
                ],
                Some(2),
            ),
            (
                "the latest revision leads",
                vec![
                    v(1, 900, 10, Update(1), false),
                    v(2, 900, 40, Update(2), false),
                    v(3, 900, 30, Correction, false),
                ],
                Some(2),
            ),
            (
                "a correction after an update leads",
                vec![
                    v(2, 900, 40, Update(2), false),
                    v(3, 900, 60, Correction, false),
                ],
                Some(3),
            ),
            (
                "a preferred source leads over a fuller text",
                vec![
                    v(1, 3000, 10, Original, false),
                    v(2, 1000, 50, Original, true),
                ],
                Some(2),
            ),
            (
                "among preferred sources, the fullest",
                vec![
                    v(1, 1000, 10, Original, true),
                    v(2, 3000, 50, Original, true),
                    v(3, 9000, 5, Original, false),
                ],
                Some(2),
            ),
            (
                "an update from any source supersedes a preferred original",
                vec![
                    v(1, 3000, 10, Original, true),
                    v(2, 1000, 50, Update(1), false),
                ],
                Some(2),
            ),
            (
                "an empty text still leads alone",
                vec![v(5, 0, 10, Original, false)],
                Some(5),
            ),
        ];
        for (name, versions, want) in cases {
            assert_eq!(lead(versions).map(|i| versions[i].story), *want, "{name}");
        }
    }

    #[test]
    fn order_ranks_every_version_by_the_same_rules() {
        let versions = vec![
            v(1, 2000, 10, Original, false),
            v(2, 1000, 50, Update(1), false),
            v(3, 1000, 20, Original, false),
            v(4, 1980, 5, Original, false),
        ];
        let ranked: Vec<i64> = order(&versions)
            .into_iter()
            .map(|i| versions[i].story)
            .collect();
        // The update first, then the earlier of the two full texts, the
        // other full text, the short one.
        assert_eq!(ranked, vec![2, 4, 1, 3]);
        assert!(order(&[]).is_empty());
    }

    #[test]
    fn order_is_repeated_lead() {
        // Every small cluster of lengths, times and revisions a seeded walk
        // makes: the fast order is the slow one.
        let mut seed = 42u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..2000 {
            let len = 1 + next(9) as usize;
            let versions: Vec<Version> = (0..len)
                .map(|i| {
                    v(
                        i as i64 + 1,
                        900 + next(300) as usize,
                        next(5) as i64,
                        match next(6) {
                            0 => Update(next(3) as u16 + 1),
                            1 => Correction,
                            _ => Original,
                        },
                        next(4) == 0,
                    )
                })
                .collect();
            let mut left: Vec<usize> = (0..len).collect();
            let mut slow = Vec::new();
            while !left.is_empty() {
                let pool: Vec<Version> = left.iter().map(|&i| versions[i]).collect();
                slow.push(left.remove(lead(&pool).unwrap()));
            }
            assert_eq!(order(&versions), slow, "{versions:?}");
        }
    }
}
