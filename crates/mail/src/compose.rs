//! What a masthead's digest for a local day holds, read from the store.
//!
//! For each section the masthead shows, in its order, the newest
//! [`STORIES_PER_SECTION`] stories it took in the digest's window (the
//! day since the previous digest was due, see
//! [`DigestTime::window`](crate::DigestTime::window)): headline, teaser
//! (the 130-character cut the site uses) and an absolute link to the
//! story on the masthead's site. A masthead that lists no sections gets
//! one list of its newest stories. A reader who chose sections gets only
//! those ([`Digest::for_reader`]). The news releases published in the
//! window follow, in a "News releases" section of their own.
//!
//! The digest is composed once per run and rendered for each reader; it
//! carries no image of a story's source, so opening a digest tells no
//! third party anything (the masthead's own logo is the only image).

use crate::MailError;
use jiff::civil::Date;
use newsdesk_domain::teaser::{TEASER_CHARS, Teaser};
use newsdesk_domain::{Masthead, Section, Story};
use newsdesk_store::{Store, StoryFilter};
use serde::Serialize;

/// The most stories a section shows in a digest.
pub const STORIES_PER_SECTION: u32 = 5;

/// One story in a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestStory {
    /// The headline.
    pub headline: String,
    /// The lead text, cut.
    pub teaser: String,
    /// The story on the masthead's site, absolute.
    pub link: String,
    /// The source that carried it.
    pub source: String,
}

/// One section of a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestSection {
    /// The section (`None`: a masthead with no sections, all stories).
    pub section: Option<Section>,
    /// Its name as readers see it.
    pub name: String,
    /// Its stories, newest first.
    pub stories: Vec<DigestStory>,
}

/// A news release published in a digest's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestRelease {
    /// The headline.
    pub headline: String,
    /// The organisation that sent it.
    pub organisation: String,
    /// The standfirst, cut like a teaser.
    pub teaser: String,
    /// The release on the masthead's site, absolute.
    pub link: String,
}

/// The most news releases a digest lists.
pub const RELEASES_PER_DIGEST: u32 = 10;

/// A masthead's digest for a local day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The local day.
    pub day: Date,
    /// The day as readers read it: `Sunday 29 March 2026`.
    pub day_name: String,
    /// The masthead's public address, no trailing slash.
    pub site: String,
    /// The sections, in the masthead's order.
    pub sections: Vec<DigestSection>,
    /// News releases published in the window, newest first: a section of
    /// their own, labelled, after the news, for every reader whatever
    /// their sections.
    pub releases: Vec<DigestRelease>,
}

impl Digest {
    /// The sections a reader chose (`chosen` empty: all of them), in the
    /// masthead's order.
    pub fn for_reader(&self, chosen: &[Section]) -> Vec<&DigestSection> {
        self.sections
            .iter()
            .filter(|s| {
                chosen.is_empty() || s.section.as_ref().is_none_or(|name| chosen.contains(name))
            })
            .collect()
    }
}

/// The masthead's public address: its own `base_url`, else `fallback`
/// (the server's address and `/m/ID`), else `http://` and its host.
pub fn site_address(masthead: &Masthead, fallback: Option<&str>) -> String {
    match (&masthead.base_url, fallback) {
        (Some(own), _) => own.clone(),
        (None, Some(server)) => format!("{}/m/{}", server.trim_end_matches('/'), masthead.id),
        (None, None) => format!("http://{}", masthead.host),
    }
}

/// Reads `masthead`'s digest for `day`, stories published in `window`.
pub async fn compose(
    store: &Store,
    masthead: &Masthead,
    site: &str,
    day: Date,
    window: (jiff::Timestamp, jiff::Timestamp),
) -> Result<Digest, MailError> {
    let groups: Vec<Option<Section>> = if masthead.sections.is_empty() {
        vec![None]
    } else {
        masthead.sections.iter().cloned().map(Some).collect()
    };
    let mut sections = Vec::with_capacity(groups.len());
    for section in groups {
        let filter = StoryFilter {
            masthead: Some(masthead.reach()),
            section: section.clone(),
            from: Some(window.0),
            until: Some(window.1),
            ..StoryFilter::default()
        };
        let page = store
            .list_stories(&filter, None, STORIES_PER_SECTION)
            .await?;
        sections.push(DigestSection {
            name: section
                .as_ref()
                .map_or_else(|| "Top stories".to_owned(), Section::display_name),
            section,
            stories: page.stories.iter().map(|s| story(s, site)).collect(),
        });
    }
    let releases = store
        .published_releases(&masthead.id, Some(window.0), window.1, RELEASES_PER_DIGEST)
        .await?
        .into_iter()
        .map(|r| DigestRelease {
            headline: r
                .text
                .headline
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            organisation: r.text.organisation.clone(),
            teaser: Teaser::cut(&r.text.standfirst, TEASER_CHARS).text,
            link: format!("{site}/releases/{}", r.id),
        })
        .collect();
    Ok(Digest {
        day,
        day_name: day.strftime("%A %-d %B %Y").to_string(),
        site: site.to_owned(),
        sections,
        releases,
    })
}

fn story(story: &Story, site: &str) -> DigestStory {
    DigestStory {
        headline: story.title.split_whitespace().collect::<Vec<_>>().join(" "),
        teaser: Teaser::cut(story.lead_text(), TEASER_CHARS).text,
        link: format!("{site}/story/{}/{}", story.address(), story.slug()),
        source: story.source_name.clone(),
    }
}
