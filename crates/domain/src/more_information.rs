//! The "More Information" list under every story.
//!
//! The latest other stories of the masthead, as teasers. The list never
//! shows the story being read, and never shows one story twice: not the
//! same link (compared in canonical form), and not the same headline from
//! two sources (compared by [`HeadlineKey`]). A copy of the story being read
//! from another source counts as the story itself, and so does another
//! version of its wire copy (the same cluster, [`Story::address`]).

use crate::headline::HeadlineKey;
use crate::story::Story;
use std::collections::HashSet;

/// How many teasers the list shows.
pub const MORE_INFORMATION_LEN: usize = 10;

/// Picks the teasers' stories from `latest` (newest first), at most `len`.
pub fn pick<'a>(reading: &Story, latest: &'a [Story], len: usize) -> Vec<&'a Story> {
    distinct(Some(reading), latest, len)
}

/// The first `len` stories of `latest` that are neither `reading` nor a
/// repeat of one already taken (same canonical link or same headline key).
/// Front pages use it with no story being read.
pub fn distinct<'a>(reading: Option<&Story>, latest: &'a [Story], len: usize) -> Vec<&'a Story> {
    let mut seen_links = HashSet::new();
    let mut seen_headlines: HashSet<HeadlineKey> = HashSet::new();
    if let Some(reading) = reading {
        seen_links.insert(reading.canonical_link.as_str().to_owned());
        seen_headlines.insert(reading.headline_key());
    }
    let mut picked = Vec::with_capacity(len.min(latest.len()));
    for story in latest {
        if picked.len() == len {
            break;
        }
        // The story itself, or another version of its wire copy.
        if reading.is_some_and(|r| r.id == story.id || r.address() == story.address()) {
            continue;
        }
        let key = story.headline_key();
        let new_link = !seen_links.contains(story.canonical_link.as_str());
        let new_headline = key.is_empty() || !seen_headlines.contains(&key);
        if new_link && new_headline {
            seen_links.insert(story.canonical_link.as_str().to_owned());
            seen_headlines.insert(key);
            picked.push(story);
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CanonicalLink, Section, SourceId, StoryId};

    fn story(id: i64, title: &str, link: &str) -> Story {
        Story {
            id: StoryId(id),
            source_id: SourceId(1),
            source_name: "Wire".into(),
            guid: format!("g{id}"),
            link: link.into(),
            canonical_link: CanonicalLink::parse(link).unwrap(),
            title: title.into(),
            standfirst: String::new(),
            body: String::new(),
            author: None,
            published_at: jiff::Timestamp::UNIX_EPOCH,
            ingested_at: jiff::Timestamp::UNIX_EPOCH,
            categories: vec![],
            section: Section::general(),
            body_source: crate::BodySource::Feed,
            body_html: String::new(),
            lead_image: None,
            dateline: None,
            filed: crate::Filed::default(),
            extraction_note: None,
            cluster: None,
        }
    }

    #[test]
    fn no_self_no_same_link_no_same_headline() {
        let reading = story(1, "Ceasefire talks resume", "http://a.example/1");
        let latest = vec![
            story(1, "Ceasefire talks resume", "http://a.example/1"),
            story(2, "Ceasefire Talks Resume!", "http://b.example/9"),
            story(3, "Tea prices rise", "http://a.example/3"),
            story(4, "Tea prices rise", "http://c.example/3"),
            story(5, "Port opens", "http://a.example/3?utm_source=x"),
            story(6, "Marathon record", "http://a.example/6"),
        ];
        let ids: Vec<i64> = pick(&reading, &latest, 10).iter().map(|s| s.id.0).collect();
        assert_eq!(ids, vec![3, 6]);
    }

    #[test]
    fn stops_at_the_length() {
        let reading = story(1, "A", "http://a.example/1");
        let latest: Vec<Story> = (2..30)
            .map(|i| story(i, &format!("Story {i}"), &format!("http://a.example/{i}")))
            .collect();
        assert_eq!(pick(&reading, &latest, 10).len(), 10);
    }
}
