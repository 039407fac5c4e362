//! RSS 2.0, the feed every reader understands.
//!
//! RSS readers take an item's `<description>` as HTML, so the plain-text
//! summary is escaped as HTML first and then as XML: a summary about
//! `<script>` reads as text, never as markup. Titles, bylines and section
//! names are plain text, escaped once. The article's HTML goes in
//! `content:encoded`, escaped once as XML text (no CDATA section, which
//! would have to split every `]]>` in the article).
//!
//! Extensions beyond the RSS 2.0 core, each in its usual namespace:
//! `atom:link rel="self"` (the feed's own address), `dc:creator` (the
//! byline: RSS's `<author>` wants an email address, which a byline is
//! not), `content:encoded` (the article) and `media:content` (the lead
//! image).

use super::time::rfc2822;
use super::{Channel, Entry, present, xml};

/// The content type to send with an RSS feed.
pub const CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// The channel and its entries, in the order given, as RSS 2.0.
///
/// RSS requires a channel description: an empty tagline is replaced by the
/// channel's title.
pub fn rss(channel: &Channel<'_>, entries: &[Entry<'_>]) -> String {
    let mut out = xml::document();
    xml::open(
        &mut out,
        0,
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", ATOM_NS),
            ("xmlns:content", CONTENT_NS),
            ("xmlns:dc", DC_NS),
            ("xmlns:media", MEDIA_NS),
        ],
    );
    xml::open(&mut out, 1, "channel", &[]);
    xml::leaf(&mut out, 2, "title", &[], channel.title);
    xml::leaf(&mut out, 2, "link", &[], channel.home_url);
    let description = if channel.description.trim().is_empty() {
        channel.title
    } else {
        channel.description
    };
    xml::leaf(&mut out, 2, "description", &[], description);
    if !channel.language.is_empty() {
        xml::leaf(&mut out, 2, "language", &[], channel.language);
    }
    xml::leaf(&mut out, 2, "lastBuildDate", &[], &rfc2822(channel.updated));
    xml::empty(
        &mut out,
        2,
        "atom:link",
        &[
            ("href", channel.feed_url),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    );
    if let Some(logo) = present(channel.icon) {
        // RSS wants the image's title and link to be the channel's.
        xml::open(&mut out, 2, "image", &[]);
        xml::leaf(&mut out, 3, "url", &[], logo);
        xml::leaf(&mut out, 3, "title", &[], channel.title);
        xml::leaf(&mut out, 3, "link", &[], channel.home_url);
        xml::close(&mut out, 2, "image");
    }
    for entry in entries {
        item(&mut out, entry);
    }
    xml::close(&mut out, 1, "channel");
    xml::close(&mut out, 0, "rss");
    out
}

/// One `<item>`.
fn item(out: &mut String, entry: &Entry<'_>) {
    xml::open(out, 2, "item", &[]);
    xml::leaf(out, 3, "title", &[], entry.title);
    xml::leaf(out, 3, "link", &[], entry.url);
    if !entry.summary.is_empty() {
        xml::leaf(out, 3, "description", &[], &xml::as_html(entry.summary));
    }
    if let Some(html) = present(entry.content_html) {
        xml::leaf(out, 3, "content:encoded", &[], html);
    }
    if let Some(author) = present(entry.author) {
        xml::leaf(out, 3, "dc:creator", &[], author);
    }
    if !entry.section.is_empty() {
        xml::leaf(out, 3, "category", &[], entry.section);
    }
    xml::leaf(out, 3, "guid", &[("isPermaLink", "true")], entry.url);
    xml::leaf(out, 3, "pubDate", &[], &rfc2822(entry.published));
    if !entry.source_url.is_empty() {
        // RSS means `<source url>` to be the source's own feed; a story
        // knows only its original article, the nearest address we have of
        // the source that carried it.
        xml::leaf(
            out,
            3,
            "source",
            &[("url", entry.source_url)],
            entry.source_name,
        );
    }
    if let Some(image) = present(entry.image) {
        // `media:content` rather than `<enclosure>`: an enclosure must give
        // the file's length in bytes and its MIME type, which we would have
        // to fetch the image to know; `media:content` needs only the URL,
        // and `medium` says it is a picture.
        xml::empty(
            out,
            3,
            "media:content",
            &[("url", image), ("medium", "image")],
        );
    }
    xml::close(out, 2, "item");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Channel<'static> {
        Channel {
            title: "Kenya Star",
            description: "",
            language: "en",
            home_url: "https://star.example/",
            feed_url: "https://star.example/feed.rss",
            updated: "2025-03-12T04:12:00Z".parse().unwrap(),
            icon: None,
        }
    }

    fn entry() -> Entry<'static> {
        Entry {
            url: "https://star.example/story/1/rains",
            title: "Rains & <floods>",
            summary: "Roads shut by <b>water</b>",
            content_html: Some("<p>Roads &amp; bridges</p>"),
            author: Some("Amina Odhiambo"),
            source_name: "Harbour Wire",
            source_url: "https://wire.example/a/9",
            section: "Weather",
            published: "2025-03-12T04:12:00Z".parse().unwrap(),
            updated: "2025-03-12T05:00:00Z".parse().unwrap(),
            image: Some("https://star.example/i/1.jpg"),
        }
    }

    #[test]
    fn an_item_has_its_parts() {
        let feed = rss(&channel(), &[entry()]);
        for part in [
            "<title>Rains &amp; &lt;floods&gt;</title>",
            "<description>Roads shut by &amp;lt;b&amp;gt;water&amp;lt;/b&amp;gt;</description>",
            "<content:encoded>&lt;p&gt;Roads &amp;amp; bridges&lt;/p&gt;</content:encoded>",
            "<dc:creator>Amina Odhiambo</dc:creator>",
            "<category>Weather</category>",
            "<guid isPermaLink=\"true\">https://star.example/story/1/rains</guid>",
            "<pubDate>Wed, 12 Mar 2025 04:12:00 +0000</pubDate>",
            "<source url=\"https://wire.example/a/9\">Harbour Wire</source>",
            "<media:content url=\"https://star.example/i/1.jpg\" medium=\"image\"/>",
        ] {
            assert!(feed.contains(part), "{part} missing from {feed}");
        }
    }

    #[test]
    fn the_channel_has_a_self_link_and_a_description() {
        let feed = rss(&channel(), &[]);
        assert!(
            feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"")
        );
        assert!(feed.contains(
            "<atom:link href=\"https://star.example/feed.rss\" rel=\"self\" type=\"application/rss+xml\"/>"
        ));
        assert!(feed.contains("<description>Kenya Star</description>"));
        assert!(feed.contains("<lastBuildDate>Wed, 12 Mar 2025 04:12:00 +0000</lastBuildDate>"));
        assert!(!feed.contains("<item>"));
    }

    #[test]
    fn absent_parts_are_left_out() {
        let bare = Entry {
            content_html: None,
            author: Some(" "),
            source_url: "",
            section: "",
            image: None,
            summary: "",
            ..entry()
        };
        let feed = rss(&channel(), &[bare]);
        for part in [
            "<description>Roads",
            "content:encoded>",
            "dc:creator>",
            "<category>",
            "<source",
            "<media:content",
        ] {
            assert!(!feed.contains(part), "{part} in {feed}");
        }
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        assert_eq!(
            rss(&channel(), &[entry(), entry()]),
            rss(&channel(), &[entry(), entry()])
        );
    }
}
