//! Sitemaps for search engines: the index, a plain sitemap (sitemaps.org
//! 0.9) and the news sitemap (Google News, on top of 0.9).
//!
//! The writers write what they are given and split nothing: a sitemap may
//! hold at most [`MAX_URLS`] addresses (and 50 MB), a news sitemap at most
//! [`MAX_NEWS_ITEMS`] stories, and only those published in the last two
//! days. Choosing and splitting is the caller's part. Times are W3C
//! datetimes to the second in UTC (`2025-03-12T04:12:00Z`).

use super::time::rfc3339;
use super::xml;
use jiff::Timestamp;

/// The content type to send with any of the sitemaps.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// How many addresses one sitemap, or one sitemap index, may list.
pub const MAX_URLS: usize = 50_000;

/// How many stories one news sitemap may list.
pub const MAX_NEWS_ITEMS: usize = 1_000;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// An address in a sitemap, or a sitemap in the index.
#[derive(Debug, Clone, Copy)]
pub struct SitemapUrl<'a> {
    /// The absolute, percent-encoded URL.
    pub loc: &'a str,
    /// When what is there last changed, if known.
    pub lastmod: Option<Timestamp>,
}

/// A story in the news sitemap.
#[derive(Debug, Clone, Copy)]
pub struct NewsItem<'a> {
    /// The absolute, percent-encoded URL of the story page.
    pub loc: &'a str,
    /// The masthead's name, as it appears on its pages.
    pub publication_name: &'a str,
    /// The story's language: ISO 639 (`"en"`; `"zh-cn"` and `"zh-tw"` for
    /// Chinese).
    pub language: &'a str,
    /// When the story was first published.
    pub published: Timestamp,
    /// The headline.
    pub title: &'a str,
}

/// The sitemap index: where the sitemaps are.
pub fn sitemap_index(sitemaps: &[SitemapUrl<'_>]) -> String {
    url_list("sitemapindex", "sitemap", sitemaps)
}

/// A sitemap: the addresses of a site's pages.
pub fn sitemap(urls: &[SitemapUrl<'_>]) -> String {
    url_list("urlset", "url", urls)
}

/// The news sitemap: the masthead's recent stories.
pub fn news_sitemap(items: &[NewsItem<'_>]) -> String {
    let mut out = xml::document();
    xml::open(
        &mut out,
        0,
        "urlset",
        &[("xmlns", SITEMAP_NS), ("xmlns:news", NEWS_NS)],
    );
    for item in items {
        xml::open(&mut out, 1, "url", &[]);
        xml::leaf(&mut out, 2, "loc", &[], item.loc);
        xml::open(&mut out, 2, "news:news", &[]);
        xml::open(&mut out, 3, "news:publication", &[]);
        xml::leaf(&mut out, 4, "news:name", &[], item.publication_name);
        xml::leaf(&mut out, 4, "news:language", &[], item.language);
        xml::close(&mut out, 3, "news:publication");
        xml::leaf(
            &mut out,
            3,
            "news:publication_date",
            &[],
            &rfc3339(item.published),
        );
        xml::leaf(&mut out, 3, "news:title", &[], item.title);
        xml::close(&mut out, 2, "news:news");
        xml::close(&mut out, 1, "url");
    }
    xml::close(&mut out, 0, "urlset");
    out
}

/// A list of `<loc>` and `<lastmod>` under a root.
fn url_list(root: &str, element: &str, urls: &[SitemapUrl<'_>]) -> String {
    let mut out = xml::document();
    xml::open(&mut out, 0, root, &[("xmlns", SITEMAP_NS)]);
    for url in urls {
        xml::open(&mut out, 1, element, &[]);
        xml::leaf(&mut out, 2, "loc", &[], url.loc);
        if let Some(lastmod) = url.lastmod {
            xml::leaf(&mut out, 2, "lastmod", &[], &rfc3339(lastmod));
        }
        xml::close(&mut out, 1, element);
    }
    xml::close(&mut out, 0, root);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_sitemap_lists_addresses() {
        let doc = sitemap(&[
            SitemapUrl {
                loc: "https://star.example/?page=2&section=a",
                lastmod: Some(at("2025-03-12T04:12:00Z")),
            },
            SitemapUrl {
                loc: "https://star.example/about",
                lastmod: None,
            },
        ]);
        assert_eq!(
            doc,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
             <url>\n    \
             <loc>https://star.example/?page=2&amp;section=a</loc>\n    \
             <lastmod>2025-03-12T04:12:00Z</lastmod>\n  \
             </url>\n  \
             <url>\n    \
             <loc>https://star.example/about</loc>\n  \
             </url>\n\
             </urlset>\n"
        );
    }

    #[test]
    fn the_index_lists_sitemaps() {
        let doc = sitemap_index(&[SitemapUrl {
            loc: "https://star.example/sitemap-1.xml",
            lastmod: Some(at("2025-03-12T04:12:00Z")),
        }]);
        assert!(doc.contains(
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
             <sitemap>\n    \
             <loc>https://star.example/sitemap-1.xml</loc>\n    \
             <lastmod>2025-03-12T04:12:00Z</lastmod>\n  \
             </sitemap>\n\
             </sitemapindex>\n"
        ));
        assert!(sitemap_index(&[]).ends_with("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n</sitemapindex>\n"));
    }

    #[test]
    fn a_news_sitemap_names_the_publication() {
        let doc = news_sitemap(&[NewsItem {
            loc: "https://star.example/story/1/rains",
            publication_name: "Kenya Star",
            language: "en",
            published: at("2025-03-12T04:12:00Z"),
            title: "Rains & floods",
        }]);
        assert!(doc.contains(
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
        ));
        assert!(doc.contains(
            "    <news:news>\n      \
             <news:publication>\n        \
             <news:name>Kenya Star</news:name>\n        \
             <news:language>en</news:language>\n      \
             </news:publication>\n      \
             <news:publication_date>2025-03-12T04:12:00Z</news:publication_date>\n      \
             <news:title>Rains &amp; floods</news:title>\n    \
             </news:news>\n"
        ));
    }
}
