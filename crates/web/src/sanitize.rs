//! Story HTML made safe to print, a second time.
//!
//! Extraction writes article HTML from an allow-list, so what is stored is
//! already clean. Pages still pass it through ammonia (a maintained
//! sanitizer) before printing it: should a stored row ever hold markup
//! from elsewhere (an older version, an import, an edit in the database),
//! it still cannot run script, load frames, or style the page. What stays
//! is the article's structure: paragraphs, headings, lists, quotes,
//! tables, emphasis, links and images, with links opened safely.

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .tags(
                [
                    "p",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "ul",
                    "ol",
                    "li",
                    "blockquote",
                    "pre",
                    "code",
                    "table",
                    "thead",
                    "tbody",
                    "tr",
                    "th",
                    "td",
                    "caption",
                    "em",
                    "strong",
                    "b",
                    "i",
                    "u",
                    "s",
                    "sub",
                    "sup",
                    "br",
                    "hr",
                    "a",
                    "img",
                    "figure",
                    "figcaption",
                    "abbr",
                    "cite",
                    "q",
                    "small",
                    "mark",
                    "time",
                    "dl",
                    "dt",
                    "dd",
                ]
                .into_iter()
                .collect(),
            )
            .tag_attributes(
                [
                    ("a", ["href", "title"].into_iter().collect()),
                    (
                        "img",
                        ["src", "alt", "width", "height", "title"]
                            .into_iter()
                            .collect(),
                    ),
                    ("th", ["colspan", "rowspan", "scope"].into_iter().collect()),
                    ("td", ["colspan", "rowspan"].into_iter().collect()),
                    ("time", ["datetime"].into_iter().collect()),
                    ("abbr", ["title"].into_iter().collect()),
                ]
                .into_iter()
                .collect(),
            )
            .generic_attributes(std::collections::HashSet::new())
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("nofollow noopener noreferrer"))
            .strip_comments(true);
        builder
    })
}

/// Story HTML with everything that could act removed.
pub fn story_html(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::story_html;

    #[test]
    fn hostile_markup_is_inert() {
        let hostile = r#"<p>Text <script>alert(1)</script><img src="https://x.example/a.jpg" onerror="alert(2)">
            <a href="javascript:alert(3)">j</a><iframe src="https://evil.example"></iframe>
            <svg onload="alert(4)"><circle/></svg><p style="width: expression(alert(5))">styled</p>
            <a href="https://ok.example/">fine</a></p>"#;
        let clean = story_html(hostile);
        for gone in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<svg",
            "onload",
            "expression",
            "style=",
        ] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        assert!(
            clean.contains(
                r#"<a href="https://ok.example/" rel="nofollow noopener noreferrer">fine</a>"#
            ),
            "{clean}"
        );
        assert!(
            clean.contains(r#"<img src="https://x.example/a.jpg">"#),
            "{clean}"
        );
        assert!(clean.contains("styled"));
    }
}
