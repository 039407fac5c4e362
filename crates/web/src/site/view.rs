//! What templates are given: plain values, already formatted.
//!
//! [`PageView`] is the frame every page shares (title, language,
//! stylesheet, masthead, navigation, search box, feed links, canonical
//! address, share tags); the page's own values sit beside it.

use crate::cache::Cacheable;
use crate::masthead::Site;
use crate::state::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use newsdesk_domain::teaser::{TEASER_CHARS, Teaser};
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_domain::{Masthead, Section, Story};
use serde::Serialize;

/// The masthead as the page header shows it.
#[derive(Debug, Serialize)]
pub struct MastheadView {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// The line under its name.
    pub tagline: String,
    /// Its logo's address.
    pub logo: Option<String>,
    /// The front page's address.
    pub home: String,
    /// Its IANA zone, for the footer.
    pub timezone: String,
}

/// A link in the section navigation.
#[derive(Debug, Serialize)]
pub struct NavItem {
    /// The section's name.
    pub name: String,
    /// Its page.
    pub href: String,
    /// Whether this is the page shown.
    pub current: bool,
}

/// A feed announced by `<link rel="alternate">` and listed in the footer.
#[derive(Debug, Serialize)]
pub struct Alternate {
    /// Its media type.
    pub kind: &'static str,
    /// Its name for people ("RSS", "Atom", "JSON Feed").
    pub format: &'static str,
    /// Its title.
    pub title: String,
    /// Its address.
    pub href: String,
}

/// An Open Graph or Twitter card tag.
#[derive(Debug, Serialize)]
pub struct MetaTag {
    /// `property` (Open Graph) or `name` (Twitter).
    pub attribute: &'static str,
    /// The tag's name.
    pub key: &'static str,
    /// Its content.
    pub content: String,
}

/// The frame every page shares.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// The `<title>`.
    pub title: String,
    /// The page's language.
    pub lang: String,
    /// The stylesheet's address (versioned).
    pub stylesheet: String,
    /// The masthead, on a masthead's pages.
    pub masthead: Option<MastheadView>,
    /// The section navigation.
    pub nav: Vec<NavItem>,
    /// Where the search form goes.
    pub search_action: String,
    /// The search text, on search pages.
    pub query: String,
    /// Feeds of this page.
    pub alternates: Vec<Alternate>,
    /// `<link rel="canonical">`.
    pub canonical: Option<String>,
    /// `<meta name="description">`.
    pub description: Option<String>,
    /// Open Graph and Twitter card tags.
    pub meta: Vec<MetaTag>,
    /// schema.org JSON-LD, already safe inside `<script>`.
    pub json_ld: Option<String>,
    /// Links for the footer: the sitemap.
    pub sitemap: Option<String>,
    /// The daily email's form, on a masthead's pages when it takes
    /// subscriptions.
    pub subscribe: Option<SubscribeBox>,
    /// Whether the footer links to the news release form (the site takes
    /// releases when it has the daily email's signed links and sender).
    pub takes_releases: bool,
}

/// The daily email's form at the foot of every page.
#[derive(Debug, Serialize)]
pub struct SubscribeBox {
    /// Where it posts.
    pub action: String,
    /// The masthead's sections, none chosen.
    pub sections: Vec<SectionChoice>,
}

/// A section as a checkbox.
#[derive(Debug, Serialize)]
pub struct SectionChoice {
    /// Its name in the form (`business`).
    pub value: String,
    /// Its name for readers (`Business`).
    pub name: String,
    /// Whether the box is ticked.
    pub checked: bool,
}

impl SectionChoice {
    /// Every section of `masthead`, those in `chosen` ticked.
    pub fn all(masthead: &Masthead, chosen: &[Section]) -> Vec<Self> {
        masthead
            .sections
            .iter()
            .map(|section| Self {
                value: section.as_str().to_owned(),
                name: section.display_name(),
                checked: chosen.contains(section),
            })
            .collect()
    }
}

impl PageView {
    /// The frame for a page of `site` (or of the network, with none).
    pub fn new(state: &AppState, site: Option<&Site>, title: &str) -> Self {
        let sheet = state.templates.stylesheet(site.map(|s| &s.masthead));
        let base = site.map_or("", |s| s.base.as_str());
        Self {
            title: title.to_owned(),
            lang: site.map_or_else(|| "en".to_owned(), |s| s.masthead.language.clone()),
            stylesheet: format!("{base}/static/site.css?v={}", sheet.version),
            masthead: site.map(|s| MastheadView {
                name: s.masthead.name.clone(),
                id: s.masthead.id.to_string(),
                tagline: s.masthead.tagline.clone(),
                logo: s.masthead.logo.clone(),
                home: s.href("/"),
                timezone: s.masthead.timezone_name.clone(),
            }),
            nav: site.map_or_else(Vec::new, |s| {
                s.masthead
                    .sections
                    .iter()
                    .map(|section| NavItem {
                        name: section.display_name(),
                        href: section_href(s, section),
                        current: false,
                    })
                    .collect()
            }),
            search_action: format!("{base}/search"),
            query: String::new(),
            alternates: Vec::new(),
            canonical: None,
            description: site
                .map(|s| s.masthead.tagline.clone())
                .filter(|t| !t.is_empty()),
            meta: Vec::new(),
            json_ld: None,
            sitemap: site.map(|s| s.href("/sitemap.xml")),
            subscribe: site
                .filter(|_| state.circulation.is_some())
                .map(|s| SubscribeBox {
                    action: s.href("/email/subscribe"),
                    sections: SectionChoice::all(&s.masthead, &[]),
                }),
            takes_releases: site.is_some() && state.circulation.is_some(),
        }
    }

    /// Marks a section as the page shown.
    pub fn in_section(mut self, section: &Section) -> Self {
        let name = section.display_name();
        for item in &mut self.nav {
            item.current = item.name == name;
        }
        self
    }

    /// Announces the RSS, Atom and JSON feeds found under `dir` (`""` for
    /// the masthead's, `/section/world` for a section's).
    pub fn with_feeds(mut self, site: &Site, dir: &str, title: &str) -> Self {
        self.alternates = vec![
            Alternate {
                kind: "application/rss+xml",
                format: "RSS",
                title: format!("{title} (RSS)"),
                href: site.href(&format!("{dir}/feed.xml")),
            },
            Alternate {
                kind: "application/atom+xml",
                format: "Atom",
                title: format!("{title} (Atom)"),
                href: site.href(&format!("{dir}/atom.xml")),
            },
            Alternate {
                kind: "application/feed+json",
                format: "JSON Feed",
                title: format!("{title} (JSON Feed)"),
                href: site.href(&format!("{dir}/feed.json")),
            },
        ];
        self
    }

    /// Sets the canonical address and the share tags of a plain page.
    pub fn shared_as(mut self, site: &Site, canonical: String, description: &str) -> Self {
        let description = description.trim();
        if !description.is_empty() {
            self.description = Some(description.to_owned());
        }
        self.meta = vec![
            og("og:site_name", site.masthead.name.clone()),
            og("og:type", "website".into()),
            og("og:title", self.title.clone()),
            og("og:url", canonical.clone()),
            twitter("twitter:card", "summary".into()),
        ];
        if let Some(description) = &self.description {
            self.meta.push(og("og:description", description.clone()));
        }
        self.canonical = Some(canonical);
        self
    }
}

/// An Open Graph tag.
pub fn og(key: &'static str, content: String) -> MetaTag {
    MetaTag {
        attribute: "property",
        key,
        content,
    }
}

/// A Twitter card tag.
pub fn twitter(key: &'static str, content: String) -> MetaTag {
    MetaTag {
        attribute: "name",
        key,
        content,
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
    /// The section's name.
    pub section: String,
    /// The time as the masthead writes it.
    pub time: String,
    /// The time in RFC 3339, for `<time datetime>`.
    pub time_iso: String,
    /// The lead text, cut.
    pub teaser: String,
    /// The lead image.
    pub image: Option<String>,
    /// What the entry is when it is not a story of ours: "News release ·
    /// ORGANISATION" for a release an editor placed in a section.
    pub label: Option<String>,
}

/// The address of a story under this site.
pub fn story_href(site: &Site, story: &Story) -> String {
    site.href(&story_path(story))
}

/// The path of a story, without a masthead prefix: its cluster's address,
/// which every version of its wire copy shares.
pub fn story_path(story: &Story) -> String {
    format!("/story/{}/{}", story.address(), story.slug())
}

/// The address of a section's page.
pub fn section_href(site: &Site, section: &Section) -> String {
    site.href(&format!("/section/{}", section.as_str()))
}

/// A story as a list entry of this masthead.
pub fn story_link(site: &Site, story: &Story) -> StoryLink {
    StoryLink {
        href: story_href(site, story),
        title: story.title.clone(),
        source: story.source_name.clone(),
        section: story.section.display_name(),
        time: local_time(&site.masthead, story),
        time_iso: iso_time(story.published_at),
        teaser: Teaser::cut(story.lead_text(), TEASER_CHARS).text,
        image: image_of(site, story),
        label: None,
    }
}

/// A news release placed in a section, as an entry of that section's list
/// on this masthead: labelled, with its organisation as its source.
pub fn release_link(
    site: &Site,
    release: &newsdesk_store::Release,
    section: &Section,
) -> StoryLink {
    let at = release.public_at().unwrap_or(release.submitted_at);
    let organisation = release.text.organisation.clone();
    StoryLink {
        href: crate::releases::release_href(site, release),
        title: release.text.headline.clone(),
        label: Some(format!("{} · {organisation}", crate::releases::LABEL)),
        source: organisation,
        section: section.display_name(),
        time: format_in_zone(at, &site.masthead.timezone),
        time_iso: iso_time(at),
        teaser: Teaser::cut(&release.text.standfirst, TEASER_CHARS).text,
        image: None,
    }
}

/// A story's lead image, when readers' browsers may load it: the pages'
/// policy (`img-src`) allows https, and the site's own address (the demo
/// serves its pictures itself); an `http://` picture elsewhere would only
/// show as a broken image, so it is left out.
pub fn image_of(site: &Site, story: &Story) -> Option<String> {
    story.lead_image.clone().filter(|image| {
        image.starts_with("https://")
            || image
                .strip_prefix(site.origin.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// When the story was published, in the masthead's zone.
pub fn local_time(masthead: &Masthead, story: &Story) -> String {
    format_in_zone(story.published_at, &masthead.timezone)
}

/// A time for `datetime` attributes and feeds: RFC 3339 in UTC.
pub fn iso_time(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Rendered HTML, marked as a page that may be kept and shared.
pub fn html_page(html: String, cacheable: Cacheable) -> Response {
    typed(html, "text/html; charset=utf-8", cacheable)
}

/// A rendered document of any type, marked as one that may be kept.
pub fn typed(body: String, content_type: &'static str, cacheable: Cacheable) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.extensions_mut().insert(cacheable);
    response
}
