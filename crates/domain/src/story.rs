//! Stories: one article as we store and show it.
//!
//! A [`NewStory`] is what ingestion made of a feed item; a [`Story`] is the
//! stored row with its id and its source's name. The standfirst is the
//! feed's summary; the body is plain text, paragraphs separated by blank
//! lines (HTML never reaches the page unsanitized: templates escape text).

use crate::headline::HeadlineKey;
use crate::link::CanonicalLink;
use crate::region::CountryCode;
use crate::section::Section;
use crate::slug::Slug;
use crate::source::SourceId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A story's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A story ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStory {
    /// Where it came from.
    pub source_id: SourceId,
    /// The item's own id in its feed (its link when it has none).
    pub guid: String,
    /// The link as the feed gave it.
    pub link: String,
    /// The link in canonical form, for deduplication.
    pub canonical_link: CanonicalLink,
    /// The headline.
    pub title: String,
    /// The standfirst: the feed's summary, as plain text.
    pub standfirst: String,
    /// The body as plain text, paragraphs separated by blank lines.
    pub body: String,
    /// The byline, if the feed names one.
    pub author: Option<String>,
    /// When it was published.
    pub published_at: Timestamp,
    /// The feed's categories, as given.
    pub categories: Vec<String>,
    /// The section it is filed under.
    pub section: Section,
    /// The wire dateline at the start of its text, as a JSON object.
    pub dateline: Option<String>,
    /// Where it happened, as its dateline says.
    pub filed: Filed,
}

/// Where a story happened, as its wire dateline says: what routing by
/// region reads, and what editors are asked to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filed {
    /// The country the dateline's place lies in: the place's own, not a
    /// country the dateline wrongly names (`Port Blair [Mauritius]` is
    /// `IN`); `None` without a dateline or a known country.
    pub country: Option<CountryCode>,
    /// The dateline names a country its place does not lie in: shown to
    /// editors to check.
    pub to_check: bool,
}

impl NewStory {
    /// The key that says two headlines are the same.
    pub fn headline_key(&self) -> HeadlineKey {
        HeadlineKey::of(&self.title)
    }
}

/// Where a story's body came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodySource {
    /// The feed's own content or summary.
    Feed,
    /// Extracted from the article's web page.
    Page,
}

impl BodySource {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feed => "feed",
            Self::Page => "page",
        }
    }

    /// From the stored name; anything unknown is the feed.
    pub fn parse(text: &str) -> Self {
        if text == "page" {
            Self::Page
        } else {
            Self::Feed
        }
    }
}

/// What extraction made of a story's page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticlePage {
    /// The extracted text, paragraphs separated by blank lines; `None`
    /// keeps the feed's body.
    pub body: Option<String>,
    /// Sanitized article HTML.
    pub body_html: String,
    /// The lead image, absolute.
    pub lead_image: Option<String>,
    /// The wire dateline as a JSON object.
    pub dateline: Option<String>,
    /// Where the story happened, as the page's dateline says (with no
    /// dateline, the feed's is kept).
    pub filed: Filed,
    /// Why the page gave no article.
    pub note: Option<String>,
    /// The failure may pass (a timeout, a 5xx, a robots.txt that could not
    /// be read): try the page again later.
    pub retry: bool,
}

/// A stored story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Row id.
    pub id: StoryId,
    /// Where it came from.
    pub source_id: SourceId,
    /// The source's name, for the source line.
    pub source_name: String,
    /// The item's own id in its feed.
    pub guid: String,
    /// The link as the feed gave it.
    pub link: String,
    /// The link in canonical form.
    pub canonical_link: CanonicalLink,
    /// The headline.
    pub title: String,
    /// The standfirst.
    pub standfirst: String,
    /// The body, paragraphs separated by blank lines.
    pub body: String,
    /// The byline.
    pub author: Option<String>,
    /// When it was published.
    pub published_at: Timestamp,
    /// When we stored it.
    pub ingested_at: Timestamp,
    /// The feed's categories.
    pub categories: Vec<String>,
    /// The section it is filed under.
    pub section: Section,
    /// Where the body came from.
    pub body_source: BodySource,
    /// The extracted article as sanitized HTML ('' when none).
    pub body_html: String,
    /// The lead image.
    pub lead_image: Option<String>,
    /// The wire dateline as a JSON object.
    pub dateline: Option<String>,
    /// Where it happened, as its dateline says.
    pub filed: Filed,
    /// Why the page gave no article, when it did not.
    pub extraction_note: Option<String>,
    /// The cluster of wire copy it belongs to, named by the id of the
    /// cluster's first story; `None` until it is clustered.
    pub cluster: Option<StoryId>,
}

impl Story {
    /// Where readers find the story: its cluster's address, which every
    /// version of the copy shares (the id in `/story/ID`); its own id
    /// until it is clustered.
    pub fn address(&self) -> StoryId {
        self.cluster.unwrap_or(self.id)
    }

    /// The headline's comparison key.
    pub fn headline_key(&self) -> HeadlineKey {
        HeadlineKey::of(&self.title)
    }

    /// The text a teaser starts from: the standfirst, else the body's first paragraph.
    pub fn lead_text(&self) -> &str {
        let standfirst = self.standfirst.trim();
        if !standfirst.is_empty() {
            return standfirst;
        }
        self.paragraphs().next().unwrap_or("")
    }

    /// The body's paragraphs, without empty ones.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// The readable part of the story's URL.
    pub fn slug(&self) -> Slug {
        Slug::of_headline(&self.title)
    }
}

/// The most characters an editor's headline holds.
pub const MAX_HEADLINE_CHARS: usize = 200;

/// The most characters an editor's standfirst holds.
pub const MAX_STANDFIRST_CHARS: usize = 1_000;

/// A story's headline and standfirst as an editor rewrote them: each one
/// line (runs of white space, line breaks included, are one space; no
/// control characters), trimmed; the headline has at least one letter or
/// digit (so it makes a slug of its own) and at most
/// [`MAX_HEADLINE_CHARS`]; the standfirst may be empty, at most
/// [`MAX_STANDFIRST_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryWords {
    headline: String,
    standfirst: String,
}

/// Why an editor's words cannot be a story's, in words for the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// No letter or digit in the headline.
    #[error("The headline needs words: type one.")]
    NoHeadline,
    /// The headline is longer than [`MAX_HEADLINE_CHARS`].
    #[error("The headline is longer than 200 characters; shorten it.")]
    LongHeadline,
    /// The standfirst is longer than [`MAX_STANDFIRST_CHARS`].
    #[error("The standfirst is longer than 1,000 characters; shorten it.")]
    LongStandfirst,
}

impl StoryWords {
    /// Reads an editor's headline and standfirst (see [`StoryWords`]).
    pub fn parse(headline: &str, standfirst: &str) -> Result<Self, WordsError> {
        let headline = one_line(headline);
        let standfirst = one_line(standfirst);
        if !headline.chars().any(char::is_alphanumeric) {
            return Err(WordsError::NoHeadline);
        }
        if headline.chars().count() > MAX_HEADLINE_CHARS {
            return Err(WordsError::LongHeadline);
        }
        if standfirst.chars().count() > MAX_STANDFIRST_CHARS {
            return Err(WordsError::LongStandfirst);
        }
        Ok(Self {
            headline,
            standfirst,
        })
    }

    /// The headline.
    pub fn headline(&self) -> &str {
        &self.headline
    }

    /// The standfirst (may be empty).
    pub fn standfirst(&self) -> &str {
        &self.standfirst
    }

    /// The headline's comparison key.
    pub fn headline_key(&self) -> HeadlineKey {
        HeadlineKey::of(&self.headline)
    }
}

/// `text` as one trimmed line: white space and control characters become
/// single spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod words_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_are_one_trimmed_line_each() {
        let words =
            StoryWords::parse("  Rains reach\nthe\tcoast ", "First\r\n\r\nrains.\u{7}").unwrap();
        assert_eq!(words.headline(), "Rains reach the coast");
        assert_eq!(words.standfirst(), "First rains.");
        assert_eq!(StoryWords::parse("Fine", "").unwrap().standfirst(), "");
    }

    #[test]
    fn empty_and_long_words_are_refused() {
        for empty in ["", "   ", "?!", "\n—\n"] {
            assert_eq!(StoryWords::parse(empty, "x"), Err(WordsError::NoHeadline));
        }
        let long = "h".repeat(MAX_HEADLINE_CHARS + 1);
        assert_eq!(StoryWords::parse(&long, ""), Err(WordsError::LongHeadline));
        let most = "é".repeat(MAX_HEADLINE_CHARS);
        assert!(
            StoryWords::parse(&most, "").is_ok(),
            "counted in characters"
        );
        let long = "s".repeat(MAX_STANDFIRST_CHARS + 1);
        assert_eq!(
            StoryWords::parse("Fine", &long),
            Err(WordsError::LongStandfirst)
        );
    }

    proptest! {
        #[test]
        fn whatever_is_accepted_keeps_the_rules(headline in "\\PC{0,250}", standfirst in "\\PC{0,50}") {
            if let Ok(words) = StoryWords::parse(&headline, &standfirst) {
                for text in [words.headline(), words.standfirst()] {
                    prop_assert_eq!(text.trim(), text);
                    prop_assert!(!text.contains("  "));
                    prop_assert!(!text.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' ')));
                }
                prop_assert!(words.headline().chars().count() <= MAX_HEADLINE_CHARS);
                prop_assert!(!words.headline_key().is_empty());
            }
        }
    }
}
