//! A story page's schema.org `NewsArticle`, and a news release's
//! `Article`, as JSON-LD.
//!
//! The text goes inside `<script type="application/ld+json">` as it is:
//! no `<`, `>` or `&` is left raw (they are written `\u003c`, `\u003e`,
//! `\u0026`), so no headline can close the script element or open a
//! comment, and U+2028 and U+2029 are escaped too, for the JavaScript
//! parsers that still take them for line breaks. The JSON means the same.
//!
//! The story's author is a `Person` when it has a byline, else the
//! publisher's `Organization`; the publisher's logo is an `ImageObject`;
//! a dateline's place is `locationCreated`; the wire's original article
//! is `isBasedOn`.

use super::time::rfc3339;
use super::{non_empty, present};
use jiff::Timestamp;
use serde::Serialize;

/// A story as its JSON-LD describes it.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    /// The headline.
    pub headline: &'a str,
    /// The standfirst or a teaser, plain text; may be empty.
    pub description: &'a str,
    /// Absolute URL of the story page.
    pub url: &'a str,
    /// Absolute URL of the lead image.
    pub image: Option<&'a str>,
    /// When the story was first published.
    pub published: Timestamp,
    /// When the story last changed.
    pub modified: Timestamp,
    /// The byline's name.
    pub author: Option<&'a str>,
    /// The masthead's name.
    pub publisher_name: &'a str,
    /// Absolute URL of the masthead's logo.
    pub publisher_logo: Option<&'a str>,
    /// The section's display name; may be empty.
    pub section: &'a str,
    /// The place in the dateline, e.g. `"Mombasa"`.
    pub dateline_place: Option<&'a str>,
    /// The story's language, BCP 47; may be empty.
    pub language: &'a str,
    /// The link to the original article the story is based on.
    pub is_based_on: Option<&'a str>,
}

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: Thing<'a>,
    url: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "dateModified")]
    date_modified: String,
    author: Thing<'a>,
    publisher: Thing<'a>,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(rename = "locationCreated", skip_serializing_if = "Option::is_none")]
    location_created: Option<Thing<'a>>,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'static str>,
}

/// A schema.org thing: a page, a person, an organization, a place, an
/// image; each fills the fields it has.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<Box<Thing<'a>>>,
}

impl<'a> Thing<'a> {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            id: None,
            name: None,
            url: None,
            logo: None,
        }
    }

    fn named(kind: &'static str, name: &'a str) -> Self {
        Self {
            name: Some(name),
            ..Self::new(kind)
        }
    }
}

/// The story's `NewsArticle`, safe to put inside
/// `<script type="application/ld+json">` as it is.
pub fn news_article(a: &Article<'_>) -> String {
    write(a, "NewsArticle", None, None)
}

/// A published news release's JSON-LD: an `Article` whose `genre` is
/// `press release` and whose author is the organisation that sent it.
/// Not a `NewsArticle`: the newsroom did not report it, and the page must
/// not tell search engines it did (schema.org has no type of its own for
/// a press release; `genre` is the property for what kind of work it is).
pub fn release_article(a: &Article<'_>, organisation: &str) -> String {
    write(a, "Article", Some("press release"), Some(organisation))
}

fn write(
    a: &Article<'_>,
    kind: &'static str,
    genre: Option<&'static str>,
    organisation: Option<&str>,
) -> String {
    let publisher = || Thing {
        logo: present(a.publisher_logo).map(|logo| {
            Box::new(Thing {
                url: Some(logo),
                ..Thing::new("ImageObject")
            })
        }),
        ..Thing::named("Organization", a.publisher_name)
    };
    let article = NewsArticle {
        context: "https://schema.org",
        kind,
        main_entity_of_page: Thing {
            id: Some(a.url),
            ..Thing::new("WebPage")
        },
        url: a.url,
        headline: a.headline,
        description: non_empty(a.description),
        image: present(a.image),
        date_published: rfc3339(a.published),
        date_modified: rfc3339(a.modified),
        author: match (organisation, present(a.author)) {
            (Some(organisation), _) => Thing::named("Organization", organisation),
            (None, Some(name)) => Thing::named("Person", name),
            (None, None) => publisher(),
        },
        publisher: publisher(),
        article_section: non_empty(a.section),
        in_language: non_empty(a.language),
        location_created: present(a.dateline_place).map(|place| Thing::named("Place", place)),
        is_based_on: present(a.is_based_on),
        genre,
    };
    let json = serde_json::to_string(&article).expect("plain strings always serialize");
    safe_in_script(&json)
}

/// JSON with `< > &` and U+2028, U+2029 written as escapes. These can only
/// occur inside JSON strings, where an escape means the same character.
fn safe_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn article() -> Article<'static> {
        Article {
            headline: "Port expands",
            description: "Cranes arrive",
            url: "https://star.example/story/2/port",
            image: Some("https://star.example/i/2.jpg"),
            published: "2025-03-11T10:00:00Z".parse().unwrap(),
            modified: "2025-03-12T04:12:00Z".parse().unwrap(),
            author: Some("Juma Otieno"),
            publisher_name: "Kenya Star",
            publisher_logo: Some("https://star.example/logo.png"),
            section: "Business",
            dateline_place: Some("Mombasa"),
            language: "en",
            is_based_on: Some("https://wire.example/a/10"),
        }
    }

    #[test]
    fn a_news_article_has_its_parts() {
        let value: Value = serde_json::from_str(&news_article(&article())).unwrap();
        assert_eq!(
            value,
            json!({
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "mainEntityOfPage": {"@type": "WebPage", "@id": "https://star.example/story/2/port"},
                "url": "https://star.example/story/2/port",
                "headline": "Port expands",
                "description": "Cranes arrive",
                "image": "https://star.example/i/2.jpg",
                "datePublished": "2025-03-11T10:00:00Z",
                "dateModified": "2025-03-12T04:12:00Z",
                "author": {"@type": "Person", "name": "Juma Otieno"},
                "publisher": {
                    "@type": "Organization",
                    "name": "Kenya Star",
                    "logo": {"@type": "ImageObject", "url": "https://star.example/logo.png"},
                },
                "articleSection": "Business",
                "inLanguage": "en",
                "locationCreated": {"@type": "Place", "name": "Mombasa"},
                "isBasedOn": "https://wire.example/a/10",
            })
        );
    }

    #[test]
    fn without_a_byline_the_publisher_is_the_author() {
        let unsigned = Article {
            author: None,
            publisher_logo: None,
            dateline_place: None,
            is_based_on: None,
            image: None,
            description: "",
            ..article()
        };
        let value: Value = serde_json::from_str(&news_article(&unsigned)).unwrap();
        assert_eq!(
            value["author"],
            json!({"@type": "Organization", "name": "Kenya Star"})
        );
        assert_eq!(value["publisher"], value["author"]);
        for absent in ["locationCreated", "isBasedOn", "image", "description"] {
            assert!(value.get(absent).is_none(), "{absent} in {value}");
        }
    }

    #[test]
    fn nothing_can_close_the_script_element() {
        let hostile = Article {
            headline: "</script><!-- & \u{2028}\u{2029} \"x\" \\ 📰",
            ..article()
        };
        let text = news_article(&hostile);
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(raw), "{raw:?} raw in {text}");
        }
        assert!(text.contains(r#"\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029 \"x\" \\ 📰"#));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["headline"], hostile.headline);
    }
}
