//! The site's documents, read back by parsers that are not ours.
//!
//! Every feed is parsed with feed-rs and must give back what was written:
//! titles, links, times, authors, summaries and content. Hostile story
//! text (markup, `]]>`, entities, quotes, control characters, line
//! separators, emoji, right-to-left script) must never make a document
//! unparseable. Sitemaps are checked with quick-xml, JSON-LD with
//! serde_json.

use feed_rs::model::{Entry as ParsedEntry, Feed};
use jiff::Timestamp;
use newsdesk_web::feeds::{
    Article, Channel, Entry, NewsItem, SitemapUrl, atom, json_feed, news_article, news_sitemap,
    robots_txt, rss, sitemap, sitemap_index,
};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn channel() -> Channel<'static> {
    Channel {
        title: "Kenya Star",
        description: "The coast's own paper",
        language: "en",
        home_url: "https://star.example/",
        feed_url: "https://star.example/feed",
        updated: at("2025-03-12T04:12:00Z"),
        icon: Some("https://star.example/logo.png"),
    }
}

/// A story with every part.
fn full() -> Entry<'static> {
    Entry {
        url: "https://star.example/story/1/rains-close-roads",
        title: "Rains close roads",
        summary: "Three highways shut after a night of storms.",
        content_html: Some("<p>Three highways <em>shut</em> &amp; more.</p>"),
        author: Some("Amina Odhiambo"),
        source_name: "Harbour Wire",
        source_url: "https://wire.example/a/9?ref=feed&lang=en",
        section: "Weather",
        published: at("2025-03-12T04:00:00Z"),
        updated: at("2025-03-12T04:12:00Z"),
        image: Some("https://star.example/img/1.jpg"),
    }
}

/// A story with only what every story has.
fn bare() -> Entry<'static> {
    Entry {
        url: "https://star.example/story/2/port-expands",
        title: "Port expands",
        summary: "Two new berths open at the port.",
        content_html: None,
        author: None,
        source_name: "Coast Desk",
        source_url: "",
        section: "Business",
        published: at("2025-03-11T09:30:00Z"),
        updated: at("2025-03-11T09:30:00Z"),
        image: None,
    }
}

/// Markup, CDATA's end, an entity, quotes, control characters (NUL among
/// them), a carriage return, the line and paragraph separators, emoji and
/// Arabic and Hebrew. Starts and ends with a letter: feed-rs trims.
const HOSTILE: &str = "x <script>alert('x')</script> ]]> &amp; \"quoted\" \u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F} a\r\nb \u{2028}\u{2029} 📰🗞️ مرحبا بالعالم שלום \u{FFFE}\u{FFFF}z";

/// What an XML document can carry of a text: all but what XML forbids.
fn in_xml(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

/// Text as HTML: how RSS carries a plain-text summary.
fn as_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn parse(document: &str) -> Feed {
    feed_rs::parser::parse(document.as_bytes())
        .unwrap_or_else(|e| panic!("{e}: unparseable:\n{document}"))
}

fn seconds(time: Timestamp) -> Option<i64> {
    Some(time.as_second())
}

fn hrefs(links: &[feed_rs::model::Link]) -> Vec<&str> {
    links.iter().map(|link| link.href.as_str()).collect()
}

fn names(people: &[feed_rs::model::Person]) -> Vec<&str> {
    people.iter().filter_map(|p| p.name.as_deref()).collect()
}

fn terms(entry: &ParsedEntry) -> Vec<&str> {
    entry.categories.iter().map(|c| c.term.as_str()).collect()
}

fn content(entry: &ParsedEntry) -> Option<&str> {
    entry.content.as_ref().and_then(|c| c.body.as_deref())
}

fn summary(entry: &ParsedEntry) -> Option<&str> {
    entry.summary.as_ref().map(|s| s.content.as_str())
}

fn image(entry: &ParsedEntry) -> Option<&str> {
    entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .find_map(|c| c.url.as_ref().map(|u| u.as_str()))
}

/// What every format gives back the same way.
fn check_common(feed: &Feed, channel: &Channel<'_>, entries: &[Entry<'_>]) {
    assert_eq!(feed.title.as_ref().unwrap().content, channel.title);
    assert!(
        hrefs(&feed.links).contains(&channel.home_url),
        "{:?}",
        feed.links
    );
    assert!(
        hrefs(&feed.links).contains(&channel.feed_url),
        "{:?}",
        feed.links
    );
    assert_eq!(feed.language.as_deref(), Some(channel.language));
    assert_eq!(feed.entries.len(), entries.len());
    for (parsed, written) in feed.entries.iter().zip(entries) {
        assert_eq!(parsed.id, written.url);
        assert_eq!(parsed.title.as_ref().unwrap().content, written.title);
        assert!(hrefs(&parsed.links).contains(&written.url));
        assert_eq!(
            parsed.published.map(|t| t.timestamp()),
            seconds(written.published)
        );
        assert_eq!(terms(parsed), [written.section]);
    }
}

#[test]
fn rss_reads_back() {
    let entries = [full(), bare()];
    let feed = parse(&rss(&channel(), &entries));
    check_common(&feed, &channel(), &entries);
    assert_eq!(feed.description.unwrap().content, channel().description);
    assert_eq!(
        feed.updated.map(|t| t.timestamp()),
        seconds(channel().updated)
    );
    assert_eq!(feed.logo.unwrap().uri, "https://star.example/logo.png");

    let [first, second] = &feed.entries[..] else {
        panic!("two entries")
    };
    // RSS has no time of change for an item: it is the time of publication.
    assert_eq!(
        first.updated.map(|t| t.timestamp()),
        seconds(full().published)
    );
    assert_eq!(summary(first), Some(as_html(full().summary).as_str()));
    assert_eq!(content(first), full().content_html);
    assert_eq!(names(&first.authors), ["Amina Odhiambo"]);
    assert_eq!(image(first), full().image);

    assert_eq!(summary(second), Some(bare().summary));
    assert_eq!(content(second), None);
    assert!(second.authors.is_empty());
    assert_eq!(image(second), None);
}

#[test]
fn atom_reads_back() {
    let entries = [full(), bare()];
    let feed = parse(&atom(&channel(), &entries));
    check_common(&feed, &channel(), &entries);
    assert_eq!(feed.id, channel().feed_url);
    assert_eq!(feed.description.unwrap().content, channel().description);
    assert_eq!(
        feed.updated.map(|t| t.timestamp()),
        seconds(channel().updated)
    );
    assert_eq!(names(&feed.authors), ["Kenya Star"]);
    assert_eq!(feed.logo.unwrap().uri, "https://star.example/logo.png");

    let [first, second] = &feed.entries[..] else {
        panic!("two entries")
    };
    assert_eq!(
        first.updated.map(|t| t.timestamp()),
        seconds(full().updated)
    );
    assert_eq!(summary(first), Some(full().summary));
    assert_eq!(content(first), full().content_html);
    assert_eq!(names(&first.authors), ["Amina Odhiambo"]);
    assert_eq!(image(first), full().image);
    let via = first
        .links
        .iter()
        .find(|link| link.rel.as_deref() == Some("via"))
        .expect("a via link");
    assert_eq!(via.href, full().source_url);
    assert_eq!(via.title.as_deref(), Some("Harbour Wire"));

    // Without a byline an entry has the feed's author.
    assert!(second.authors.is_empty());
    assert_eq!(summary(second), Some(bare().summary));
    assert_eq!(content(second), None);
    assert!(
        second
            .links
            .iter()
            .all(|link| link.rel.as_deref() != Some("via"))
    );
}

#[test]
fn json_feed_reads_back() {
    let entries = [full(), bare()];
    let feed = parse(&json_feed(&channel(), &entries));
    check_common(&feed, &channel(), &entries);
    assert_eq!(feed.description.unwrap().content, channel().description);
    assert_eq!(names(&feed.authors), ["Kenya Star"]);
    assert_eq!(feed.logo.unwrap().uri, "https://star.example/logo.png");

    let [first, second] = &feed.entries[..] else {
        panic!("two entries")
    };
    assert_eq!(
        first.updated.map(|t| t.timestamp()),
        seconds(full().updated)
    );
    assert_eq!(summary(first), Some(full().summary));
    assert_eq!(content(first), full().content_html);
    assert_eq!(
        first.content.as_ref().unwrap().content_type.to_string(),
        "text/html"
    );
    assert_eq!(names(&first.authors), ["Amina Odhiambo"]);
    assert!(hrefs(&first.links).contains(&full().source_url));

    // Without a byline an item inherits the feed's author; without HTML
    // its content is the summary as text.
    assert_eq!(names(&second.authors), ["Kenya Star"]);
    assert_eq!(summary(second), Some(bare().summary));
    assert_eq!(content(second), Some(bare().summary));
    assert_eq!(
        second.content.as_ref().unwrap().content_type.to_string(),
        "text/plain"
    );
}

#[test]
fn feeds_without_entries_read_back() {
    for document in [
        rss(&channel(), &[]),
        atom(&channel(), &[]),
        json_feed(&channel(), &[]),
    ] {
        let feed = parse(&document);
        check_common(&feed, &channel(), &[]);
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let entries = [full(), bare()];
    assert_eq!(rss(&channel(), &entries), rss(&channel(), &entries));
    assert_eq!(atom(&channel(), &entries), atom(&channel(), &entries));
    assert_eq!(
        json_feed(&channel(), &entries),
        json_feed(&channel(), &entries)
    );
    assert_eq!(news_article(&article()), news_article(&article()));
}

fn hostile_channel() -> Channel<'static> {
    Channel {
        title: HOSTILE,
        description: HOSTILE,
        feed_url: "https://star.example/feed?a=1&b='2'",
        ..channel()
    }
}

fn hostile_entry() -> Entry<'static> {
    Entry {
        url: "https://star.example/story/3?a=1&b=\"2\"",
        title: HOSTILE,
        summary: HOSTILE,
        content_html: Some(HOSTILE),
        author: Some(HOSTILE),
        source_name: HOSTILE,
        section: HOSTILE,
        ..full()
    }
}

#[test]
fn hostile_text_never_breaks_a_feed() {
    let entries = [hostile_entry(), bare()];
    let clean = in_xml(HOSTILE);
    for (document, expected, summary_as) in [
        (
            rss(&hostile_channel(), &entries),
            clean.clone(),
            as_html(&clean),
        ),
        (
            atom(&hostile_channel(), &entries),
            clean.clone(),
            clean.clone(),
        ),
        (
            json_feed(&hostile_channel(), &entries),
            HOSTILE.to_owned(),
            HOSTILE.to_owned(),
        ),
    ] {
        let feed = parse(&document);
        assert_eq!(feed.title.as_ref().unwrap().content, expected, "{document}");
        assert_eq!(feed.entries.len(), 2);
        let entry = &feed.entries[0];
        assert_eq!(entry.id, hostile_entry().url);
        assert_eq!(entry.title.as_ref().unwrap().content, expected);
        assert_eq!(summary(entry), Some(summary_as.as_str()));
        assert_eq!(content(entry), Some(expected.as_str()));
        assert_eq!(names(&entry.authors), [expected.as_str()]);
        assert_eq!(terms(entry), [expected.as_str()]);
        assert_eq!(
            feed.entries[1].title.as_ref().unwrap().content,
            bare().title
        );
    }
}

/// Reads an XML document as a conforming XML 1.0 parser would, failing on
/// anything not well-formed; gives each element's text by local name.
fn well_formed(document: &str) -> Vec<(String, String)> {
    assert!(document.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"));
    let mut reader = NsReader::from_str(document);
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut text = String::new();
    let mut texts = Vec::new();
    loop {
        let (namespace, event) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("{e}:\n{document}"));
        if let ResolveResult::Unknown(prefix) = namespace {
            panic!("unbound prefix {prefix}");
        }
        let starts = matches!(event, Event::Start(_));
        match event {
            Event::Decl(_) => {}
            Event::Start(element) | Event::Empty(element) => {
                if open.is_empty() {
                    roots += 1;
                }
                for attribute in element.attributes() {
                    let attribute = attribute.expect("a well-formed attribute");
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .expect("a well-formed attribute value");
                    assert_eq!(value, in_xml(&value), "a forbidden character");
                }
                let name = element.local_name().as_ref().to_owned();
                if starts {
                    open.push(name);
                    text.clear();
                } else {
                    texts.push((name, String::new()));
                }
            }
            Event::End(_) => {
                let name = open.pop().expect("an open element");
                texts.push((name, std::mem::take(&mut text)));
            }
            Event::Text(chunk) => {
                let chunk = chunk.xml10_content();
                assert_eq!(chunk, in_xml(&chunk), "a forbidden character");
                if open.is_empty() {
                    assert!(chunk.trim().is_empty(), "text outside the root");
                }
                text.push_str(&chunk);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().expect("a character") {
                    Some(ch) => ch,
                    None => match reference.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("undeclared entity {other}"),
                    },
                };
                assert_eq!(in_xml(&resolved.to_string()).len(), resolved.len_utf8());
                text.push(resolved);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
    assert_eq!(roots, 1, "one root element");
    texts
}

fn text_of<'a>(texts: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    texts
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .collect()
}

#[test]
fn sitemaps_are_well_formed() {
    let hostile_loc = "https://star.example/story/3?a=1&b='2'&c=\"3\"";
    let urls = [
        SitemapUrl {
            loc: hostile_loc,
            lastmod: Some(at("2025-03-12T04:12:00Z")),
        },
        SitemapUrl {
            loc: HOSTILE,
            lastmod: None,
        },
    ];
    for document in [sitemap(&urls), sitemap_index(&urls)] {
        let texts = well_formed(&document);
        assert_eq!(text_of(&texts, "loc"), [hostile_loc, &in_xml(HOSTILE)]);
        assert_eq!(text_of(&texts, "lastmod"), ["2025-03-12T04:12:00Z"]);
    }
    for document in [sitemap(&[]), sitemap_index(&[]), news_sitemap(&[])] {
        assert!(text_of(&well_formed(&document), "loc").is_empty());
    }
}

#[test]
fn a_news_sitemap_is_well_formed() {
    let items = [
        NewsItem {
            loc: "https://star.example/story/3?a=1&b='2'",
            publication_name: HOSTILE,
            language: "en",
            published: at("2025-03-12T04:12:00.250Z"),
            title: HOSTILE,
        },
        NewsItem {
            loc: "https://star.example/story/2/port-expands",
            publication_name: "Kenya Star",
            language: "sw",
            published: at("2025-03-11T09:30:00Z"),
            title: "Bandari yapanuka",
        },
    ];
    let texts = well_formed(&news_sitemap(&items));
    let clean = in_xml(HOSTILE);
    assert_eq!(
        text_of(&texts, "loc"),
        [
            "https://star.example/story/3?a=1&b='2'",
            "https://star.example/story/2/port-expands"
        ]
    );
    assert_eq!(text_of(&texts, "name"), [clean.as_str(), "Kenya Star"]);
    assert_eq!(text_of(&texts, "language"), ["en", "sw"]);
    assert_eq!(
        text_of(&texts, "publication_date"),
        ["2025-03-12T04:12:00Z", "2025-03-11T09:30:00Z"]
    );
    assert_eq!(
        text_of(&texts, "title"),
        [clean.as_str(), "Bandari yapanuka"]
    );
}

#[test]
fn the_xml_feeds_are_well_formed_too() {
    let entries = [hostile_entry(), full(), bare()];
    for document in [
        rss(&hostile_channel(), &entries),
        atom(&hostile_channel(), &entries),
    ] {
        well_formed(&document);
    }
}

fn article() -> Article<'static> {
    Article {
        headline: "Rains close roads",
        description: "Three highways shut after a night of storms.",
        url: "https://star.example/story/1/rains-close-roads",
        image: Some("https://star.example/img/1.jpg"),
        published: at("2025-03-12T04:00:00Z"),
        modified: at("2025-03-12T04:12:00Z"),
        author: Some("Amina Odhiambo"),
        publisher_name: "Kenya Star",
        publisher_logo: Some("https://star.example/logo.png"),
        section: "Weather",
        dateline_place: Some("Mombasa"),
        language: "en",
        is_based_on: Some("https://wire.example/a/9?ref=feed&lang=en"),
    }
}

#[test]
fn hostile_json_ld_stays_inside_its_script() {
    let hostile = Article {
        headline: HOSTILE,
        description: HOSTILE,
        author: Some(HOSTILE),
        publisher_name: HOSTILE,
        section: HOSTILE,
        dateline_place: Some(HOSTILE),
        is_based_on: Some("https://wire.example/a?<b>=&c"),
        ..article()
    };
    let text = news_article(&hostile);
    for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!text.contains(raw), "{raw:?} raw in {text}");
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["@type"], "NewsArticle");
    assert_eq!(value["headline"], HOSTILE);
    assert_eq!(value["author"]["name"], HOSTILE);
    assert_eq!(value["locationCreated"]["name"], HOSTILE);
    assert_eq!(value["isBasedOn"], "https://wire.example/a?<b>=&c");
}

#[test]
fn robots_txt_names_the_sitemap() {
    let text = robots_txt("https://star.example/sitemap.xml");
    assert!(text.contains("User-agent: *\nDisallow: /search\n"));
    assert!(text.ends_with("Sitemap: https://star.example/sitemap.xml\n"));
}
