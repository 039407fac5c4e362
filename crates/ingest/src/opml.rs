//! OPML subscription lists: reading them into sources, writing ours out.
//!
//! [`parse`] reads OPML 1.0 and 2.0. Every `<outline>` with an `xmlUrl`
//! (any letter case: `xmlurl`, `XMLURL`; `url` too when `type` is `rss` or
//! `atom`) is a feed; an outline without one that holds other outlines is a
//! folder, and its `text` (else `title`) is kept as the folder path of the
//! feeds inside. The name readers see is the outline's `title`, else its
//! `text`. An outline that cannot be a source (no feed URL, a URL that is
//! not http(s), a section or masthead id that is not a slug) is a
//! [`RefusedOutline`] with its reason, and the rest of the file is read.
//!
//! What OPML has no words for travels in attributes of our own namespace,
//! [`NAMESPACE`], under any prefix the file binds to it:
//!
//! - `section="world"`: the section the source's stories go to;
//! - `mastheads="kenya-star, ocean-herald"`: the mastheads that take them
//!   (commas or spaces between ids; absent: every masthead).
//!
//! [`write`] writes OPML 2.0 with those attributes, sources with a section
//! in a folder named after it, so that writing and reading again gives the
//! same URL, name, section and mastheads.
//!
//! The file comes from outside, so reading is bounded: at most
//! [`MAX_BYTES`], outlines nested at most [`MAX_DEPTH`] deep, at most
//! [`MAX_OUTLINES`] outlines. Entities are never expanded: a document type
//! with an internal subset (where entities are declared, as in the "billion
//! laughs" attack) refuses the whole file, and an attribute that names any
//! entity beyond the five XML predefines refuses its outline.

use newsdesk_domain::{FeedUrl, MastheadId, Section, Source};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use std::fmt::Write as _;

/// The namespace of our own attributes.
pub const NAMESPACE: &str = "https://newsdesk.invalid/opml";

/// The prefix [`write`] binds to [`NAMESPACE`].
pub const PREFIX: &str = "newsdesk";

/// The largest file read.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting of elements read.
pub const MAX_DEPTH: usize = 32;

/// The most outlines read from one file.
pub const MAX_OUTLINES: usize = 20_000;

/// One feed outline, ready to become a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlSource {
    /// Its 1-based position among the file's outlines.
    pub position: usize,
    /// The feed's URL.
    pub url: FeedUrl,
    /// `title`, else `text`; `None` when both are missing or blank.
    pub name: Option<String>,
    /// The site's address (`htmlUrl`), as given.
    pub site_url: Option<String>,
    /// The folders it sits in, outermost first.
    pub folders: Vec<String>,
    /// Our `section` attribute.
    pub section: Option<Section>,
    /// Our `mastheads` attribute; empty: every masthead.
    pub mastheads: Vec<MastheadId>,
}

/// An outline that cannot become a source, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedOutline {
    /// Its 1-based position among the file's outlines.
    pub position: usize,
    /// Its `title` or `text`, to find it by.
    pub label: Option<String>,
    /// Why, in words an operator can act on.
    pub reason: String,
}

/// What a file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscriptions {
    /// The feeds, in file order.
    pub sources: Vec<OpmlSource>,
    /// The outlines left out.
    pub refused: Vec<RefusedOutline>,
}

/// Why a whole file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpmlError {
    /// Larger than [`MAX_BYTES`].
    #[error("the file is larger than the {} KiB an OPML file may have", .0 / 1024)]
    TooLarge(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("outlines are nested more than {0} deep")]
    TooDeep(usize),
    /// More than [`MAX_OUTLINES`] outlines.
    #[error("the file has more than {0} outlines")]
    TooManyOutlines(usize),
    /// A document type that declares entities or other markup.
    #[error("the file declares a document type with entities; OPML needs none, so it is refused")]
    Dtd,
    /// Well-formed XML, but its root is not `<opml>`.
    #[error("not an OPML file: the root element is <{0}>, not <opml>")]
    NotOpml(String),
    /// No root element at all.
    #[error("not an OPML file: it is empty")]
    Empty,
    /// The XML is broken.
    #[error("not well-formed XML at byte {position}: {reason}")]
    Malformed {
        /// Where, counted in bytes from the start.
        position: u64,
        /// What the XML reader saw.
        reason: String,
    },
}

/// An outline's attributes, as read.
#[derive(Debug, Default)]
struct Outline {
    text: Option<String>,
    title: Option<String>,
    kind: Option<String>,
    xml_url: Option<String>,
    url: Option<String>,
    html_url: Option<String>,
    section: Option<String>,
    mastheads: Option<String>,
    /// The first attribute that could not be read, and why.
    unreadable: Option<String>,
}

impl Outline {
    fn label(&self) -> Option<String> {
        self.title
            .as_deref()
            .or(self.text.as_deref())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    fn folder_name(&self) -> Option<String> {
        self.text
            .as_deref()
            .or(self.title.as_deref())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    fn feed_url(&self) -> Option<&str> {
        let by_type = || {
            self.kind
                .as_deref()
                .filter(|k| k.eq_ignore_ascii_case("rss") || k.eq_ignore_ascii_case("atom"))
                .and(self.url.as_deref())
        };
        self.xml_url
            .as_deref()
            .or_else(by_type)
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }
}

/// What an open element is, while reading.
enum Open {
    /// A folder outline; its name when it has one.
    Folder(Option<String>),
    /// A feed outline (its children, if any, are read as more outlines).
    Feed,
    /// Anything else (`head`, `body`, `title`, ...).
    Other,
}

/// Reads an OPML file.
pub fn parse(bytes: &[u8]) -> Result<Subscriptions, OpmlError> {
    if bytes.len() > MAX_BYTES {
        return Err(OpmlError::TooLarge(MAX_BYTES));
    }
    let mut reader = NsReader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut seen_root = false;
    let mut outlines = 0usize;
    let mut found = Subscriptions::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| OpmlError::Malformed {
                position: reader.error_position(),
                reason: e.to_string(),
            })?;
        let (start, empty) = match &event {
            Event::Start(start) => (start, false),
            Event::Empty(start) => (start, true),
            Event::End(_) => {
                stack.pop();
                buf.clear();
                continue;
            }
            Event::DocType(doctype) => {
                // A bare `<!DOCTYPE opml>` is harmless; an internal subset
                // is where entities are declared, and we expand none.
                if doctype.as_ref().contains('[') {
                    return Err(OpmlError::Dtd);
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let name = start.local_name().as_ref().to_owned();
        if !seen_root {
            seen_root = true;
            if !name.eq_ignore_ascii_case("opml") {
                return Err(OpmlError::NotOpml(name));
            }
        }
        if stack.len() >= MAX_DEPTH {
            return Err(OpmlError::TooDeep(MAX_DEPTH));
        }
        let open = if name.eq_ignore_ascii_case("outline") {
            outlines += 1;
            if outlines > MAX_OUTLINES {
                return Err(OpmlError::TooManyOutlines(MAX_OUTLINES));
            }
            let outline = read_outline(&reader, start);
            take_outline(outline, outlines, empty, &stack, &mut found)
        } else {
            Open::Other
        };
        if !empty {
            stack.push(open);
        }
        buf.clear();
    }
    if !seen_root {
        return Err(OpmlError::Empty);
    }
    Ok(found)
}

/// Reads an outline's attributes: OPML's by local name in any case, ours by
/// namespace.
fn read_outline<R>(reader: &NsReader<R>, start: &BytesStart<'_>) -> Outline {
    let mut outline = Outline::default();
    for attribute in start.attributes() {
        let attribute = match attribute {
            Ok(a) => a,
            Err(e) => {
                outline.unreadable.get_or_insert(e.to_string());
                continue;
            }
        };
        let (namespace, local) = reader.resolver().resolve_attribute(attribute.key);
        let local = local.as_ref().to_ascii_lowercase();
        let ours = match namespace {
            ResolveResult::Bound(ns) => {
                if ns.as_ref() != NAMESPACE {
                    continue;
                }
                true
            }
            ResolveResult::Unbound => false,
            // A prefix bound to nothing: not an attribute we know.
            ResolveResult::Unknown(_) => continue,
        };
        let value = match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(e) => {
                outline
                    .unreadable
                    .get_or_insert(format!("its {local} attribute cannot be read ({e})"));
                continue;
            }
        };
        let slot = match (ours, local.as_str()) {
            (false, "text") => &mut outline.text,
            (false, "title") => &mut outline.title,
            (false, "type") => &mut outline.kind,
            (false, "xmlurl") => &mut outline.xml_url,
            (false, "url") => &mut outline.url,
            (false, "htmlurl") => &mut outline.html_url,
            (true, "section") => &mut outline.section,
            (true, "mastheads") => &mut outline.mastheads,
            _ => continue,
        };
        slot.get_or_insert(value);
    }
    outline
}

/// Files one outline as a source, a folder or a refusal; returns what it
/// opens.
fn take_outline(
    outline: Outline,
    position: usize,
    empty: bool,
    stack: &[Open],
    found: &mut Subscriptions,
) -> Open {
    let refuse = |found: &mut Subscriptions, reason: String| {
        found.refused.push(RefusedOutline {
            position,
            label: outline.label(),
            reason,
        });
    };
    if let Some(reason) = &outline.unreadable {
        refuse(found, reason.clone());
        return Open::Feed;
    }
    let Some(url) = outline.feed_url() else {
        if !empty {
            return Open::Folder(outline.folder_name());
        }
        refuse(found, "has no xmlUrl, so it is not a feed".to_owned());
        return Open::Other;
    };
    let url = match FeedUrl::parse(url) {
        Ok(url) => url,
        Err(_) => {
            refuse(
                found,
                format!("its xmlUrl {url:?} is not an absolute http:// or https:// address"),
            );
            return Open::Feed;
        }
    };
    let section = match outline.section.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match Section::parse(text) {
            Ok(section) => Some(section),
            Err(_) => {
                refuse(
                    found,
                    format!(
                        "its section {text:?} is not a section name (lower-case letters, digits and hyphens)"
                    ),
                );
                return Open::Feed;
            }
        },
    };
    let mut mastheads = Vec::new();
    for id in outline
        .mastheads
        .as_deref()
        .unwrap_or_default()
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|id| !id.is_empty())
    {
        match MastheadId::parse(id) {
            Ok(id) if !mastheads.contains(&id) => mastheads.push(id),
            Ok(_) => {}
            Err(_) => {
                refuse(found, format!("its masthead {id:?} is not a masthead id"));
                return Open::Feed;
            }
        }
    }
    let folders = stack
        .iter()
        .filter_map(|open| match open {
            Open::Folder(Some(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    found.sources.push(OpmlSource {
        position,
        url,
        name: outline.label(),
        site_url: outline.html_url.clone().filter(|u| !u.trim().is_empty()),
        folders,
        section,
        mastheads,
    });
    Open::Feed
}

/// Writes sources as OPML 2.0: sources with a section in a folder named
/// after it (sections in name order), the others after them at the top.
pub fn write(title: &str, sources: &[Source]) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<opml version=\"2.0\" xmlns:{PREFIX}=\"{}\">",
        attribute(NAMESPACE)
    );
    out.push_str("  <head>\n");
    let _ = writeln!(out, "    <title>{}</title>", escape(title));
    out.push_str("  </head>\n  <body>\n");
    let mut sections: Vec<&Section> = sources.iter().filter_map(|s| s.section.as_ref()).collect();
    sections.sort();
    sections.dedup();
    for section in sections {
        let _ = writeln!(
            out,
            "    <outline text=\"{0}\" title=\"{0}\">",
            attribute(section.as_str())
        );
        for source in sources
            .iter()
            .filter(|s| s.section.as_ref() == Some(section))
        {
            write_source(&mut out, "      ", source);
        }
        out.push_str("    </outline>\n");
    }
    for source in sources.iter().filter(|s| s.section.is_none()) {
        write_source(&mut out, "    ", source);
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_source(out: &mut String, indent: &str, source: &Source) {
    let name = attribute(&source.name);
    let _ = write!(
        out,
        "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
        attribute(source.url.as_str())
    );
    if let Some(section) = &source.section {
        let _ = write!(out, " {PREFIX}:section=\"{}\"", attribute(section.as_str()));
    }
    if !source.mastheads.is_empty() {
        let ids: Vec<&str> = source.mastheads.iter().map(MastheadId::as_str).collect();
        let _ = write!(out, " {PREFIX}:mastheads=\"{}\"", attribute(&ids.join(",")));
    }
    out.push_str("/>\n");
}

/// An attribute value, escaped so that reading it back gives it unchanged:
/// markup characters as entities, and the white space a reader would fold
/// to a space as character references.
fn attribute(value: &str) -> String {
    escape(value)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_domain::{SourceId, SourceState};

    fn source(url: &str, name: &str, section: Option<&str>, mastheads: &[&str]) -> Source {
        Source {
            id: SourceId(1),
            url: FeedUrl::parse(url).unwrap(),
            name: name.to_owned(),
            section: section.map(|s| Section::parse(s).unwrap()),
            mastheads: mastheads
                .iter()
                .map(|m| MastheadId::parse(m).unwrap())
                .collect(),
            state: SourceState::default(),
        }
    }

    #[test]
    fn nested_folders_and_odd_attribute_case() {
        let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
            <opml version="1.0"><head><title>Desk reading</title></head><body>
              <outline text="Regional">
                <outline text="East Africa" title="East Africa">
                  <outline text="Harbour Wire" xmlurl="https://harbour.example/rss" HTMLURL="https://harbour.example/"/>
                </outline>
                <outline TEXT="Lagoon Times" XMLURL="https://lagoon.example/atom.xml" type="atom"/>
              </outline>
              <outline title="Top level" xmlUrl="http://top.example/feed"/>
              <outline text="By url" type="rss" url="http://byurl.example/rss"/>
            </body></opml>"#;
        let found = parse(opml.as_bytes()).unwrap();
        assert!(found.refused.is_empty(), "{:?}", found.refused);
        let names: Vec<_> = found
            .sources
            .iter()
            .map(|s| s.name.as_deref().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Harbour Wire", "Lagoon Times", "Top level", "By url"]
        );
        assert_eq!(found.sources[0].folders, ["Regional", "East Africa"]);
        assert_eq!(found.sources[0].url.as_str(), "https://harbour.example/rss");
        assert_eq!(
            found.sources[0].site_url.as_deref(),
            Some("https://harbour.example/")
        );
        assert_eq!(found.sources[0].position, 3);
        assert_eq!(found.sources[1].folders, ["Regional"]);
        assert!(found.sources[2].folders.is_empty());
        assert_eq!(found.sources[3].url.as_str(), "http://byurl.example/rss");
    }

    #[test]
    fn outlines_that_cannot_be_sources_are_refused_one_by_one() {
        let opml = r#"<opml version="2.0" xmlns:nd="https://newsdesk.invalid/opml"><body>
              <outline text="A note, not a feed"/>
              <outline text="Gopher" xmlUrl="gopher://old.example/feed"/>
              <outline text="Relative" xmlUrl="/feed.xml"/>
              <outline text="Bad section" xmlUrl="http://a.example/rss" nd:section="World News"/>
              <outline text="Bad masthead" xmlUrl="http://b.example/rss" nd:mastheads="Kenya Star!"/>
              <outline text="Unknown entity" xmlUrl="http://c.example/rss?a=1&amp;b=&lol;"/>
              <outline text="Good" xmlUrl="http://good.example/rss"/>
            </body></opml>"#;
        let found = parse(opml.as_bytes()).unwrap();
        assert_eq!(found.sources.len(), 1);
        assert_eq!(found.sources[0].name.as_deref(), Some("Good"));
        let reasons: Vec<_> = found
            .refused
            .iter()
            .map(|r| (r.position, r.label.as_deref().unwrap(), r.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 6, "{reasons:#?}");
        assert_eq!(reasons[0].1, "A note, not a feed");
        assert!(reasons[0].2.contains("no xmlUrl"));
        assert!(reasons[1].2.contains("not an absolute http"), "{reasons:?}");
        assert!(reasons[2].2.contains("not an absolute http"));
        assert!(reasons[3].2.contains("section \"World News\""));
        assert!(reasons[4].2.contains("masthead \"Kenya\""), "{reasons:?}");
        assert_eq!(reasons[5].0, 6);
        assert!(reasons[5].2.contains("cannot be read"), "{reasons:?}");
    }

    #[test]
    fn our_attributes_are_read_by_namespace_not_by_prefix() {
        let opml = r#"<opml version="2.0" xmlns:desk="https://newsdesk.invalid/opml"
                            xmlns:other="https://other.example/ns"><body>
              <outline text="Wire" xmlUrl="http://wire.example/rss"
                       desk:section="business" desk:mastheads="kenya-star, ocean-herald kenya-star"/>
              <outline text="Elsewhere" xmlUrl="http://else.example/rss" other:section="sports"/>
            </body></opml>"#;
        let found = parse(opml.as_bytes()).unwrap();
        let wire = &found.sources[0];
        assert_eq!(wire.section.as_ref().unwrap().as_str(), "business");
        let ids: Vec<_> = wire.mastheads.iter().map(|m| m.as_str()).collect();
        assert_eq!(ids, ["kenya-star", "ocean-herald"]);
        assert_eq!(found.sources[1].section, None);
    }

    #[test]
    fn writing_then_reading_gives_the_same_sources() {
        let sources = vec![
            source(
                "https://wire.example/rss?a=1&b=2",
                "Tea & \"Coffee\" <Wire>",
                Some("business"),
                &["kenya-star"],
            ),
            source(
                "http://dispatch.example/atom",
                "Dispatch\ttabbed",
                None,
                &[],
            ),
            source(
                "http://islands.example/feed.json",
                "Islands' Bulletin",
                Some("world"),
                &["kenya-star", "ocean-herald"],
            ),
        ];
        let text = write("Newsdesk sources", &sources);
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"")
        );
        let found = parse(text.as_bytes()).unwrap();
        assert!(found.refused.is_empty(), "{:?}", found.refused);
        let mut read: Vec<_> = found
            .sources
            .iter()
            .map(|s| {
                (
                    s.url.clone(),
                    s.name.clone().unwrap(),
                    s.section.clone(),
                    s.mastheads.clone(),
                )
            })
            .collect();
        let mut written: Vec<_> = sources
            .iter()
            .map(|s| {
                (
                    s.url.clone(),
                    s.name.clone(),
                    s.section.clone(),
                    s.mastheads.clone(),
                )
            })
            .collect();
        read.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        written.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        assert_eq!(read, written);
        assert_eq!(found.sources[0].folders, ["business"]);
    }

    #[test]
    fn entity_declarations_are_refused_never_expanded() {
        let laughs = r#"<?xml version="1.0"?>
            <!DOCTYPE opml [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <opml version="2.0"><body><outline text="&lol3;" xmlUrl="http://x.example/&lol3;"/></body></opml>"#;
        assert_eq!(parse(laughs.as_bytes()), Err(OpmlError::Dtd));
        // A plain document type declares nothing and is read past.
        let plain = r#"<!DOCTYPE opml><opml version="2.0"><body>
            <outline text="W" xmlUrl="http://w.example/rss"/></body></opml>"#;
        assert_eq!(parse(plain.as_bytes()).unwrap().sources.len(), 1);
    }

    #[test]
    fn deep_nesting_many_outlines_and_size_are_bounded() {
        let depth = 100_000;
        let deep = format!(
            "<opml version=\"2.0\"><body>{}{}</body></opml>",
            "<outline text=\"f\">".repeat(depth),
            "</outline>".repeat(depth)
        );
        assert_eq!(parse(deep.as_bytes()), Err(OpmlError::TooDeep(MAX_DEPTH)));
        let many = format!(
            "<opml version=\"2.0\"><body>{}</body></opml>",
            "<outline text=\"n\"/>".repeat(MAX_OUTLINES + 1)
        );
        assert_eq!(
            parse(many.as_bytes()),
            Err(OpmlError::TooManyOutlines(MAX_OUTLINES))
        );
        let big = vec![b' '; MAX_BYTES + 1];
        assert_eq!(parse(&big), Err(OpmlError::TooLarge(MAX_BYTES)));
    }

    #[test]
    fn what_is_not_opml_says_so() {
        assert_eq!(parse(b"   "), Err(OpmlError::Empty));
        assert_eq!(
            parse(b"<rss version=\"2.0\"><channel/></rss>"),
            Err(OpmlError::NotOpml("rss".into()))
        );
        assert!(matches!(
            parse(b"<opml><body><outline text=\"x\"></body></opml>"),
            Err(OpmlError::Malformed { .. })
        ));
    }
}
