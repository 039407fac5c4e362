//! The content rules: what makes an editor look twice at a release.
//!
//! A rule never refuses and never drops: a release that trips one goes to
//! the queue with the [`Flag`] beside it, and the editor decides. A false
//! alarm costs an editor a second; a dropped release costs an
//! organisation its news.
//!
//! - **Capitals**: a headline or body mostly in capital letters (counted
//!   over letters only, once there are enough to judge).
//! - **Links**: more than [`MAX_LINKS`] web addresses.
//! - **Spam phrases**: a short list of phrases seen in junk mail
//!   ([`SPAM_PHRASES`]), matched on the words whatever their case and
//!   spacing.
//! - **Near copy**: a MinHash fingerprint of the body's five-word
//!   shingles ([`fingerprint`]); two releases whose fingerprints agree in
//!   at least [`NEAR_COPY`] of their slots share most of their text. The
//!   hash is written out here (FNV-1a), not taken from the standard
//!   library, so stored fingerprints compare across versions.

use newsdesk_domain::{Flag, ReleaseId};

/// Links a release may carry before it is flagged.
pub const MAX_LINKS: usize = 5;

/// Share of matching fingerprint slots from which a release is a near copy.
pub const NEAR_COPY: f64 = 0.7;

/// Slots in a fingerprint.
const SLOTS: usize = 32;

/// Words in a shingle.
const SHINGLE: usize = 5;

/// Phrases common in junk mail and rare in real news releases.
pub const SPAM_PHRASES: &[&str] = &[
    "guaranteed returns",
    "double your money",
    "risk free investment",
    "work from home and earn",
    "act now",
    "limited time offer",
    "click here to claim",
    "you have been selected",
    "miracle cure",
    "lose weight fast",
    "cheap pills",
    "casino bonus",
    "crypto giveaway",
    "wire the fee",
];

/// What the rules found in a release.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Findings {
    /// The flags, in a fixed order.
    pub flags: Vec<Flag>,
    /// The earlier release it nearly repeats.
    pub near_copy_of: Option<ReleaseId>,
    /// Its own fingerprint, to store.
    pub fingerprint: String,
}

/// Runs every rule over a release's `headline`, `standfirst` and `body`,
/// comparing with `earlier` releases' fingerprints.
pub fn check(
    headline: &str,
    standfirst: &str,
    body: &str,
    earlier: &[(ReleaseId, String)],
) -> Findings {
    let mut flags = Vec::new();
    if shouting(headline) || shouting(body) {
        flags.push(Flag::Capitals);
    }
    let all = format!("{headline}\n{standfirst}\n{body}");
    if links(&all) > MAX_LINKS {
        flags.push(Flag::Links);
    }
    let spoken = words(&all).join(" ");
    if SPAM_PHRASES
        .iter()
        .any(|phrase| format!(" {spoken} ").contains(&format!(" {phrase} ")))
    {
        flags.push(Flag::SpamPhrase);
    }
    let fingerprint = fingerprint(body);
    let near_copy_of = earlier
        .iter()
        .find(|(_, other)| similarity(&fingerprint, other) >= NEAR_COPY)
        .map(|(id, _)| *id);
    if near_copy_of.is_some() {
        flags.push(Flag::NearCopy);
    }
    Findings {
        flags,
        near_copy_of,
        fingerprint,
    }
}

/// Mostly capitals, over at least 12 letters.
fn shouting(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (upper, all) = letters.fold((0usize, 0usize), |(u, a), c| {
        (u + usize::from(c.is_uppercase()), a + 1)
    });
    all >= 12 && upper * 10 > all * 7
}

/// Web addresses in `text`.
fn links(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower.matches("http://").count()
        + lower.matches("https://").count()
        + lower
            .split(|c: char| c.is_whitespace() || c == '(' || c == '[')
            .filter(|w| w.starts_with("www."))
            .count()
}

/// The words of `text`, lower case, letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn fnv1a(seed: u64, text: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The MinHash fingerprint of `text`'s shingles, as hex: for each slot,
/// the smallest hash of any shingle under that slot's seed.
pub fn fingerprint(text: &str) -> String {
    let words = words(text);
    let shingles: Vec<String> = if words.len() <= SHINGLE {
        vec![words.join(" ")]
    } else {
        words.windows(SHINGLE).map(|w| w.join(" ")).collect()
    };
    (0..SLOTS as u64)
        .map(|seed| {
            let min = shingles
                .iter()
                .map(|s| fnv1a(seed, s))
                .min()
                .unwrap_or_default();
            format!("{:08x}", (min >> 32) as u32)
        })
        .collect()
}

/// The share of slots two fingerprints agree in (0 for a malformed one).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.len() != SLOTS * 8 || b.len() != SLOTS * 8 {
        return 0.0;
    }
    let same = (0..SLOTS)
        .filter(|i| a.get(i * 8..i * 8 + 8) == b.get(i * 8..i * 8 + 8))
        .count();
    same as f64 / SLOTS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "The Lakeside Choir will sing at the town hall on Saturday evening, \
        with a programme of songs from the coast and the highlands, and a new piece written \
        for the choir by a local teacher. Tickets are free and seats are given on arrival.";

    #[test]
    fn a_plain_release_trips_nothing() {
        let found = check("Choir sings on Saturday", "A free concert.", BODY, &[]);
        assert!(found.flags.is_empty(), "{found:?}");
        assert_eq!(found.fingerprint.len(), 256);
    }

    #[test]
    fn each_rule_flags_with_its_reason() {
        let loud = check("FREE CONCERT THIS SATURDAY NIGHT", "", BODY, &[]);
        assert_eq!(loud.flags, vec![Flag::Capitals]);
        let linked = format!(
            "{BODY} https://a.example https://b.example http://c.example www.d.example [e](https://e.example) https://f.example"
        );
        assert_eq!(check("Choir", "", &linked, &[]).flags, vec![Flag::Links]);
        let spam = format!("{BODY} Act   NOW, while seats last.");
        assert_eq!(check("Choir", "", &spam, &[]).flags, vec![Flag::SpamPhrase]);
        assert!(
            check("Choir", "", &format!("{BODY} We act nowhere else."), &[])
                .flags
                .is_empty(),
            "whole words only"
        );
    }

    #[test]
    fn a_near_copy_is_found_and_a_different_text_is_not() {
        let first = check("Choir sings on Saturday", "", BODY, &[]);
        let earlier = vec![(ReleaseId(7), first.fingerprint)];
        let copy = check(
            "Choir sings on Saturday!",
            "",
            &BODY.replace("Tickets are free", "Entry is free"),
            &earlier,
        );
        assert_eq!(copy.flags, vec![Flag::NearCopy]);
        assert_eq!(copy.near_copy_of, Some(ReleaseId(7)));
        let other = check(
            "Rowing club wins",
            "",
            "The rowing club's eight won the regional final by two lengths on a windy lake, \
             after a season of early training and a new boat bought with the members' help.",
            &earlier,
        );
        assert!(other.flags.is_empty(), "{other:?}");
        assert_eq!(similarity("short", "short"), 0.0);
    }
}
