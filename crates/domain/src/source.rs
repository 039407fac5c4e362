//! Sources: the feeds and wires stories come from.
//!
//! A [`Source`] is a feed URL with a name readers see on the story page
//! ("RT.com", "Harbour Wire"), an optional section its stories go to, the
//! mastheads that take its stories (none listed: all of them), and its
//! health and schedule as the last fetch left them.

use crate::masthead::MastheadId;
use crate::section::Section;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use url::Url;

/// A source's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub i64);

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An absolute http(s) URL of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FeedUrl(String);

/// Why a text is not a feed URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a feed URL: give an absolute http:// or https:// address")]
pub struct FeedUrlError(pub String);

impl FeedUrl {
    /// Accepts an absolute http or https URL with a host.
    pub fn parse(text: &str) -> Result<Self, FeedUrlError> {
        let url = Url::parse(text.trim()).map_err(|_| FeedUrlError(text.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(FeedUrlError(text.to_owned()));
        }
        Ok(Self(url.into()))
    }

    /// The URL's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, for a default source name.
    pub fn host(&self) -> String {
        Url::parse(&self.0)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl TryFrom<String> for FeedUrl {
    type Error = FeedUrlError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FeedUrl> for String {
    fn from(value: FeedUrl) -> Self {
        value.0
    }
}

impl std::fmt::Display for FeedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the last fetches of a source left behind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    /// When it was last fetched, whatever the outcome.
    pub last_checked_at: Option<Timestamp>,
    /// When a fetch last succeeded (a 304 counts).
    pub last_success_at: Option<Timestamp>,
    /// The last fetch's problem, readable by an operator; `None` when it went well.
    pub last_error: Option<String>,
    /// The validator for the next conditional request.
    pub etag: Option<String>,
    /// The other validator for the next conditional request.
    pub last_modified: Option<String>,
    /// When it is due to be fetched next; `None` when polling has stopped
    /// (see `gone_at`).
    pub next_check_at: Option<Timestamp>,
    /// Seconds between checks in its normal rhythm, once known.
    pub check_interval_secs: Option<u64>,
    /// Failed fetches in a row; 0 after any success.
    pub failures: u32,
    /// When the server said the feed is gone for good (HTTP 410); it is not
    /// polled after that until its URL is changed.
    pub gone_at: Option<Timestamp>,
    /// The worker holding the source now (its claim), if any: who is
    /// fetching it, for an operator asking why it is not fetched.
    #[serde(default)]
    pub held_by: Option<String>,
    /// Until when that claim holds; after it, any worker may take it over.
    #[serde(default)]
    pub held_until: Option<Timestamp>,
    /// When an editor paused it; `None`: not paused. A paused source is
    /// never claimed by a pass until it is resumed.
    #[serde(default)]
    pub paused_at: Option<Timestamp>,
}

/// A feed we take stories from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Row id.
    pub id: SourceId,
    /// The feed's URL.
    pub url: FeedUrl,
    /// The name on the story page's source line.
    pub name: String,
    /// The section its stories go to; `None`: the item's own category decides.
    pub section: Option<Section>,
    /// Mastheads that take its stories; empty: every masthead.
    pub mastheads: Vec<MastheadId>,
    /// Health.
    pub state: SourceState,
}

impl Source {
    /// Whether this source's stories go to `masthead`. The one place of
    /// the rule: a source assigned to no masthead feeds every masthead.
    pub fn feeds(&self, masthead: &MastheadId) -> bool {
        self.feeds_every_masthead() || self.mastheads.contains(masthead)
    }

    /// Whether it is assigned to no masthead, and so feeds them all.
    pub fn feeds_every_masthead(&self) -> bool {
        self.mastheads.is_empty()
    }

    /// The ids, of `all`, of the mastheads that take its stories.
    pub fn masthead_ids<'a>(&self, all: &'a [crate::Masthead]) -> Vec<&'a MastheadId> {
        all.iter()
            .map(|m| &m.id)
            .filter(|id| self.feeds(id))
            .collect()
    }
}

/// A source as `source add` asks for it.
#[derive(Debug, Clone)]
pub struct NewSource {
    /// The feed's URL.
    pub url: FeedUrl,
    /// The name readers see.
    pub name: String,
    /// Its section, if it has one.
    pub section: Option<Section>,
    /// Mastheads that take its stories; empty: every masthead.
    pub mastheads: Vec<MastheadId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_urls_are_absolute_web_urls() {
        assert!(FeedUrl::parse("https://wire.example/feed.xml").is_ok());
        assert!(FeedUrl::parse("ftp://wire.example/feed.xml").is_err());
        assert!(FeedUrl::parse("feed.xml").is_err());
        assert_eq!(
            FeedUrl::parse("http://Wire.Example/rss").unwrap().host(),
            "wire.example"
        );
    }
}
