//! JSON Feed 1.1, for readers that would rather not parse XML.
//!
//! The feed's author is the channel (its title as the name), which an item
//! without a byline inherits, as in Atom. An item carries the article HTML
//! as `content_html` when there is one, else its summary as `content_text`:
//! JSON Feed wants one of the two in every item. The original article is
//! the item's `external_url`; the section is its one tag.

use super::time::rfc3339;
use super::{Channel, Entry, non_empty, present};
use serde::Serialize;

/// The content type to send with a JSON Feed.
pub const CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    authors: [Author<'a>; 1],
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    authors: Option<[Author<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<[&'a str; 1]>,
}

/// The channel and its entries, in the order given, as JSON Feed 1.1,
/// indented for people who read it.
pub fn json_feed(channel: &Channel<'_>, entries: &[Entry<'_>]) -> String {
    let feed = Feed {
        version: VERSION,
        title: channel.title,
        home_page_url: channel.home_url,
        feed_url: channel.feed_url,
        description: non_empty(channel.description),
        icon: present(channel.icon),
        language: non_empty(channel.language),
        authors: [Author {
            name: channel.title,
        }],
        items: entries.iter().map(item).collect(),
    };
    serde_json::to_string_pretty(&feed).expect("plain strings always serialize")
}

fn item<'a>(entry: &Entry<'a>) -> Item<'a> {
    let content_html = present(entry.content_html);
    Item {
        id: entry.url,
        url: entry.url,
        external_url: non_empty(entry.source_url),
        title: entry.title,
        summary: non_empty(entry.summary),
        content_html,
        content_text: content_html.is_none().then_some(entry.summary),
        image: present(entry.image),
        date_published: rfc3339(entry.published),
        date_modified: rfc3339(entry.updated),
        authors: present(entry.author).map(|name| [Author { name }]),
        tags: non_empty(entry.section).map(|section| [section]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn channel() -> Channel<'static> {
        Channel {
            title: "Kenya Star",
            description: "",
            language: "en",
            home_url: "https://star.example/",
            feed_url: "https://star.example/feed.json",
            updated: "2025-03-12T04:12:00Z".parse().unwrap(),
            icon: None,
        }
    }

    fn entry() -> Entry<'static> {
        Entry {
            url: "https://star.example/story/3/vote",
            title: "Vote \"today\"",
            summary: "Polls open </script>",
            content_html: None,
            author: Some("Wanjiru Kamau"),
            source_name: "Harbour Wire",
            source_url: "https://wire.example/a/11",
            section: "Politics",
            published: "2025-03-12T04:12:00.5Z".parse().unwrap(),
            updated: "2025-03-12T06:00:00Z".parse().unwrap(),
            image: Some("https://star.example/i/3.jpg"),
        }
    }

    #[test]
    fn the_feed_is_json_feed_1_1() {
        let feed: Value = serde_json::from_str(&json_feed(&channel(), &[entry()])).unwrap();
        assert_eq!(
            feed,
            json!({
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Kenya Star",
                "home_page_url": "https://star.example/",
                "feed_url": "https://star.example/feed.json",
                "language": "en",
                "authors": [{"name": "Kenya Star"}],
                "items": [{
                    "id": "https://star.example/story/3/vote",
                    "url": "https://star.example/story/3/vote",
                    "external_url": "https://wire.example/a/11",
                    "title": "Vote \"today\"",
                    "summary": "Polls open </script>",
                    "content_text": "Polls open </script>",
                    "image": "https://star.example/i/3.jpg",
                    "date_published": "2025-03-12T04:12:00Z",
                    "date_modified": "2025-03-12T06:00:00Z",
                    "authors": [{"name": "Wanjiru Kamau"}],
                    "tags": ["Politics"],
                }],
            })
        );
    }

    #[test]
    fn html_content_replaces_the_text() {
        let with_html = Entry {
            content_html: Some("<p>Polls</p>"),
            author: None,
            ..entry()
        };
        let feed: Value = serde_json::from_str(&json_feed(&channel(), &[with_html])).unwrap();
        let item = &feed["items"][0];
        assert_eq!(item["content_html"], "<p>Polls</p>");
        assert!(item.get("content_text").is_none());
        assert!(item.get("authors").is_none());
    }
}
