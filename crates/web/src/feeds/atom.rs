//! Atom 1.0 (RFC 4287), the feed with a specification to hold it to.
//!
//! Ids are URLs: the feed's is its own address, an entry's is the story
//! page's, so they stay stable as long as the addresses do. RFC 4287 wants
//! an author for every entry: the feed itself is authored by the channel
//! (its title as the name), and an entry without a byline inherits that.
//! The summary is plain text (`type="text"`), the article HTML escaped as
//! text (`type="html"`). The original article is a `rel="via"` link titled
//! with the source's name; the lead image is a `media:content`, as in RSS.

use super::time::rfc3339;
use super::{Channel, Entry, present, xml};

/// The content type to send with an Atom feed.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// The channel and its entries, in the order given, as an Atom feed.
///
/// The channel's `icon` is written as the feed's `<logo>`: a masthead's
/// logo is a wordmark, and Atom's `<icon>` is meant to be square.
pub fn atom(channel: &Channel<'_>, entries: &[Entry<'_>]) -> String {
    let mut out = xml::document();
    let mut attrs = vec![("xmlns", ATOM_NS), ("xmlns:media", MEDIA_NS)];
    if !channel.language.is_empty() {
        attrs.push(("xml:lang", channel.language));
    }
    xml::open(&mut out, 0, "feed", &attrs);
    xml::leaf(&mut out, 1, "id", &[], channel.feed_url);
    xml::leaf(&mut out, 1, "title", &[("type", "text")], channel.title);
    if !channel.description.trim().is_empty() {
        xml::leaf(
            &mut out,
            1,
            "subtitle",
            &[("type", "text")],
            channel.description,
        );
    }
    xml::leaf(&mut out, 1, "updated", &[], &rfc3339(channel.updated));
    xml::empty(
        &mut out,
        1,
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", channel.feed_url),
        ],
    );
    xml::empty(
        &mut out,
        1,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", channel.home_url),
        ],
    );
    xml::open(&mut out, 1, "author", &[]);
    xml::leaf(&mut out, 2, "name", &[], channel.title);
    xml::close(&mut out, 1, "author");
    if let Some(logo) = present(channel.icon) {
        xml::leaf(&mut out, 1, "logo", &[], logo);
    }
    for entry in entries {
        entry_element(&mut out, entry);
    }
    xml::close(&mut out, 0, "feed");
    out
}

/// One `<entry>`.
fn entry_element(out: &mut String, entry: &Entry<'_>) {
    xml::open(out, 1, "entry", &[]);
    xml::leaf(out, 2, "id", &[], entry.url);
    xml::leaf(out, 2, "title", &[("type", "text")], entry.title);
    xml::empty(
        out,
        2,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", entry.url),
        ],
    );
    if !entry.source_url.is_empty() {
        let mut attrs = vec![("rel", "via"), ("href", entry.source_url)];
        if !entry.source_name.is_empty() {
            attrs.push(("title", entry.source_name));
        }
        xml::empty(out, 2, "link", &attrs);
    }
    xml::leaf(out, 2, "published", &[], &rfc3339(entry.published));
    xml::leaf(out, 2, "updated", &[], &rfc3339(entry.updated));
    if let Some(author) = present(entry.author) {
        xml::open(out, 2, "author", &[]);
        xml::leaf(out, 3, "name", &[], author);
        xml::close(out, 2, "author");
    }
    if !entry.section.is_empty() {
        xml::empty(out, 2, "category", &[("term", entry.section)]);
    }
    if !entry.summary.is_empty() {
        xml::leaf(out, 2, "summary", &[("type", "text")], entry.summary);
    }
    if let Some(html) = present(entry.content_html) {
        xml::leaf(out, 2, "content", &[("type", "html")], html);
    }
    if let Some(image) = present(entry.image) {
        xml::empty(
            out,
            2,
            "media:content",
            &[("url", image), ("medium", "image")],
        );
    }
    xml::close(out, 1, "entry");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Channel<'static> {
        Channel {
            title: "Kenya Star: Business",
            description: "News from the coast",
            language: "en",
            home_url: "https://star.example/section/business",
            feed_url: "https://star.example/section/business/atom.xml",
            updated: "2025-03-12T04:12:00Z".parse().unwrap(),
            icon: Some("https://star.example/logo.png"),
        }
    }

    fn entry() -> Entry<'static> {
        Entry {
            url: "https://star.example/story/2/port",
            title: "Port <expands>",
            summary: "Cranes & ships",
            content_html: Some("<p>Cranes</p>"),
            author: None,
            source_name: "Harbour Wire",
            source_url: "https://wire.example/a/10",
            section: "Business",
            published: "2025-03-11T10:00:00Z".parse().unwrap(),
            updated: "2025-03-12T04:12:00Z".parse().unwrap(),
            image: None,
        }
    }

    #[test]
    fn the_feed_and_an_entry_have_their_parts() {
        let feed = atom(&channel(), &[entry()]);
        for part in [
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xml:lang=\"en\">",
            "  <id>https://star.example/section/business/atom.xml</id>",
            "<subtitle type=\"text\">News from the coast</subtitle>",
            "  <updated>2025-03-12T04:12:00Z</updated>",
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://star.example/section/business/atom.xml\"/>",
            "<author>\n    <name>Kenya Star: Business</name>\n  </author>",
            "<logo>https://star.example/logo.png</logo>",
            "    <id>https://star.example/story/2/port</id>",
            "<title type=\"text\">Port &lt;expands&gt;</title>",
            "<link rel=\"via\" href=\"https://wire.example/a/10\" title=\"Harbour Wire\"/>",
            "<published>2025-03-11T10:00:00Z</published>",
            "<category term=\"Business\"/>",
            "<summary type=\"text\">Cranes &amp; ships</summary>",
            "<content type=\"html\">&lt;p&gt;Cranes&lt;/p&gt;</content>",
        ] {
            assert!(feed.contains(part), "{part} missing from {feed}");
        }
    }

    #[test]
    fn an_entry_without_a_byline_has_no_author_of_its_own() {
        let feed = atom(&channel(), &[entry()]);
        assert_eq!(feed.matches("<author>").count(), 1, "{feed}");
        let signed = Entry {
            author: Some("Juma Otieno"),
            ..entry()
        };
        let feed = atom(&channel(), &[signed]);
        assert!(feed.contains("<author>\n      <name>Juma Otieno</name>\n    </author>"));
    }
}
