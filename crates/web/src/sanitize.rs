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

/// A cleaner keeping the article tags but `without` some, with links'
/// `rel`.
fn builder(without: &[&str], rel: &'static str) -> ammonia::Builder<'static> {
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
            .filter(|tag| !without.contains(tag))
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
        .link_rel(Some(rel))
        .strip_comments(true);
    builder
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| builder(&[], "nofollow noopener noreferrer"))
}

/// What a news release's body may hold: the article tags without
/// pictures (a submitter's picture is the one uploaded and re-encoded;
/// an `<img>` in the text would load from anywhere, and track readers),
/// links marked as user-given.
fn release_cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| builder(&["img", "figure", "figcaption"], "nofollow ugc noopener"))
}

/// A news release's Markdown as safe HTML. Raw HTML in the Markdown is
/// shown as the text it is, never as markup; the rendered HTML then
/// goes through the sanitizer anyway, so neither step alone has to be
/// perfect.
pub fn release_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let events =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        });
    let mut rendered = String::new();
    html::push_html(&mut rendered, events);
    release_cleaner().clean(&rendered).to_string()
}

/// Story HTML with everything that could act removed.
pub fn story_html(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::{release_html, story_html};

    #[test]
    fn a_release_keeps_its_markdown_and_nothing_that_acts() {
        let hostile = "# Title\n\nSome **bold** text and [a link](https://ok.example/).\n\n\
            <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
            [click](javascript:alert(3)) [entity](&#106;avascript:alert(4)) \
            [spaced]( JAVASCRIPT:alert(5)) ![pic](https://x.example/p.png)\n\n\
            &lt;script&gt;alert(6)&lt;/script&gt; <svg onload=alert(7)>";
        let clean = release_html(hostile);
        // Text may mention anything (escaped, it is only text); no tag may
        // act.
        for tag in clean.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default().to_lowercase();
            for gone in [
                "script",
                "img",
                "svg",
                "onerror",
                "onload",
                "javascript:",
                "h1",
            ] {
                assert!(!tag.contains(gone), "{gone} in <{tag}> of {clean}");
            }
        }
        assert!(clean.contains("<strong>bold</strong>"), "{clean}");
        assert!(
            clean.contains(
                r#"<a href="https://ok.example/" rel="nofollow ugc noopener">a link</a>"#
            ),
            "{clean}"
        );
        assert!(clean.contains("&lt;script&gt;"), "shown as text: {clean}");
    }

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
