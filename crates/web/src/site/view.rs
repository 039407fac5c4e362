//! What templates are given: plain values, already formatted.

use crate::masthead::Site;
use newsdesk_domain::teaser::{TEASER_CHARS, Teaser};
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_domain::{Masthead, Story};
use serde::Serialize;

/// The masthead as the page header shows it.
#[derive(Debug, Serialize)]
pub struct MastheadView {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// The front page's address.
    pub home: String,
    /// Its IANA zone, for the footer.
    pub timezone: String,
}

impl MastheadView {
    /// From the request's site.
    pub fn of(site: &Site) -> Self {
        Self {
            name: site.masthead.name.clone(),
            id: site.masthead.id.to_string(),
            home: format!("{}/", site.base),
            timezone: site.masthead.timezone_name.clone(),
        }
    }
}

/// A story in a list: headline, source, time, teaser.
#[derive(Debug, Serialize)]
pub struct StoryLink {
    /// Where it is read.
    pub href: String,
    /// The headline.
    pub title: String,
    /// The source's name.
    pub source: String,
    /// The time as the masthead writes it.
    pub time: String,
    /// The time in RFC 3339, for `<time datetime>`.
    pub time_iso: String,
    /// The lead text, cut.
    pub teaser: String,
}

/// The address of a story under this site.
pub fn story_href(site: &Site, story: &Story) -> String {
    format!("{}/story/{}/{}", site.base, story.id, story.slug())
}

/// A story as a list entry of this masthead.
pub fn story_link(site: &Site, story: &Story) -> StoryLink {
    StoryLink {
        href: story_href(site, story),
        title: story.title.clone(),
        source: story.source_name.clone(),
        time: local_time(&site.masthead, story),
        time_iso: story.published_at.to_string(),
        teaser: Teaser::cut(story.lead_text(), TEASER_CHARS).text,
    }
}

/// When the story was published, in the masthead's zone.
pub fn local_time(masthead: &Masthead, story: &Story) -> String {
    format_in_zone(story.published_at, &masthead.timezone)
}
