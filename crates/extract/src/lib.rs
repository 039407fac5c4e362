//! HTML page to article: pure, deterministic, bounded.
//!
//! [`extract`] takes a page's bytes and URL and returns an [`Article`]:
//! title, byline, published time, language, lead image, the text as plain
//! paragraphs and as sanitized HTML, with the page's boilerplate gone. No
//! I/O happens here, and no input can make it panic or run away: the input
//! is cut at [`bound::MAX_HTML_BYTES`] and its nesting at
//! [`bound::MAX_DEPTH`] before the tree parser sees it.
//!
//! The steps, one module each: [`decode`] (bytes to text), [`bound`] (make
//! the text safe to parse), [`tokenize`] (parse it: our tokenizer,
//! html5ever's tree builder), [`dom`] (a flat view of the parsed tree),
//! [`metadata`] (and [`dates`]), [`content`] (which container is the
//! article), [`render`] (its blocks as text and HTML, boilerplate out).

pub mod boilerplate;
pub mod bound;
pub mod content;
pub mod dates;
pub mod decode;
pub mod dom;
pub mod metadata;
pub mod render;
pub mod tokenize;
pub mod tree;

use serde::Serialize;
use url::Url;

/// What to extract from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// The page's bytes, as served.
    pub html: &'a [u8],
    /// The page's URL, for relative links and images.
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type`, if known (its charset is the second witness).
    pub content_type: Option<&'a str>,
}

/// An extracted article. A field that cannot be found is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The page URL.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The author(s).
    pub byline: Option<String>,
    /// When it was published, RFC 3339.
    pub published: Option<String>,
    /// Primary language subtag.
    pub lang: Option<String>,
    /// The wire dateline at the start of the text, if there is one.
    pub dateline: Option<newsdesk_dateline::Dateline>,
    /// The lead image, absolute.
    pub lead_image: Option<String>,
    /// Plain text, paragraphs separated by blank lines.
    pub text: String,
    /// Sanitized article HTML.
    pub html: String,
    /// Why the text is empty, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Input that is not a page at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Nothing to read.
    #[error("the input is empty")]
    Empty,
    /// Bytes that are not text (an image, an archive).
    #[error("the input is binary data, not an HTML page")]
    Binary,
}

/// Below this much text, the JSON-LD `articleBody` (if longer) is used instead.
const THIN_TEXT: usize = 200;

/// Extracts the article from a page.
pub fn extract(input: &Input) -> Result<Article, ExtractError> {
    if input.html.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if looks_binary(input.html) {
        return Err(ExtractError::Binary);
    }
    let decoded = decode::decode(input.html, input.content_type);
    let (text, _bounded) = bound::bound(&decoded.text);
    let document =
        tokenize::parse_document(&text, tokenize::Attributes::Only(dom::READ_ATTRIBUTES));
    let page_url = input.url.and_then(|u| Url::parse(u).ok());
    let dom = dom::Dom::new(&document);
    let base = metadata::base_url(&dom, page_url.as_ref());
    let meta = metadata::read(&dom, base.as_ref());

    let stats = content::Stats::new(&dom);
    let selection_roots = content::select(&dom, &stats)
        .map(|s| s.roots)
        .unwrap_or_default();
    let mut blocks = render::blocks(&dom, &stats, &selection_roots, base.as_ref());
    let dropped = trim_leading_meta(&dom, &mut blocks, &meta);
    trim_trailing_sign_offs(&mut blocks);
    let mut meta = meta;
    // A byline or time that only the dropped top lines gave.
    if meta.published.is_none() {
        meta.published = dropped
            .iter()
            .find_map(|b| dates::find_in_text(&b.text).filter(|s| s.has_time))
            .map(|s| s.text);
    }
    if meta.byline.is_none() {
        meta.byline = dropped
            .iter()
            .find_map(|b| metadata::byline_from_line(&b.text));
    }
    if meta.lead_image.is_none() {
        meta.lead_image = lead_image_in(&dom, &stats, &selection_roots, base.as_ref());
    }
    let mut text = render::to_text(&blocks);
    let mut html = render::to_html(&blocks);
    if text.chars().count() < THIN_TEXT
        && let Some(body) =
            json_ld_body(&dom).filter(|b| b.chars().count() > text.chars().count() * 2)
    {
        text = body.clone();
        html = body
            .split("\n\n")
            .map(|p| {
                let mut out = String::from("<p>");
                render::escape_into(&mut out, p.trim());
                out.push_str("</p>\n");
                out
            })
            .collect();
    }
    let note = text
        .is_empty()
        .then(|| "no article text found on the page".to_owned());
    // The dateline opens the first paragraph; it stays in the text.
    let dateline = text
        .split("\n\n")
        .take(2)
        .find_map(newsdesk_dateline::find)
        .map(|found| found.dateline);
    Ok(Article {
        url: page_url
            .map(String::from)
            .or_else(|| input.url.map(str::to_owned)),
        title: meta.title,
        byline: meta.byline,
        published: meta.published,
        lang: meta.lang,
        dateline,
        lead_image: meta.lead_image,
        text,
        html,
        note,
    })
}

/// The first image inside the article (or in a figure anywhere) that is
/// not a logo, icon, avatar or tracking pixel, absolute.
fn lead_image_in(
    dom: &dom::Dom,
    stats: &content::Stats,
    roots: &[u32],
    base: Option<&Url>,
) -> Option<String> {
    // Not from a sidebar, promo or share bar that the root holds.
    let in_boilerplate = |i: u32| {
        dom.ancestors(i)
            .take_while(|a| !roots.contains(a))
            .any(|a| boilerplate::is_strongly_negative(&content::class_and_id(dom, a)))
    };
    let in_roots = roots
        .iter()
        .flat_map(|&r| r..dom.subtree_end(r))
        .filter(|&i| matches!(dom.name(i), Some("img" | "amp-img")) && !in_boilerplate(i));
    let in_figures = (0..dom.nodes.len() as u32).filter(|&i| {
        matches!(dom.name(i), Some("img" | "amp-img")) && {
            let mut up = dom.nodes[i as usize].parent;
            let mut found = false;
            for _ in 0..4 {
                if up == dom::NONE {
                    break;
                }
                if matches!(dom.name(up), Some("figure" | "picture")) {
                    found = true;
                    break;
                }
                up = dom.nodes[up as usize].parent;
            }
            found
        }
    });
    in_roots.chain(in_figures).find_map(|i| {
        if !matches!(dom.name(i), Some("img" | "amp-img")) {
            return None;
        }
        let parent_skipped = stats.of(i).skipped
            && !matches!(dom.name(dom.nodes[i as usize].parent), Some("noscript"));
        if parent_skipped {
            return None;
        }
        image_source(dom, i, base)
    })
}

/// A usable image URL of an `img`: lazy-loading attributes first, the
/// largest `srcset` candidate, then `src`; tiny or decorative images none.
fn image_source(dom: &dom::Dom, img: u32, base: Option<&Url>) -> Option<String> {
    let small = |attr: &str| {
        dom.attr(img, attr)
            .and_then(|v| v.trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v < 150)
    };
    if small("width") || small("height") {
        return None;
    }
    let srcset_best = |value: &str| -> Option<String> {
        value
            .split(',')
            .filter_map(|candidate| {
                let mut parts = candidate.split_whitespace();
                let url = parts.next()?;
                let size = parts
                    .next()
                    .and_then(|d| d.trim_end_matches(['w', 'x']).parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((url.to_owned(), size))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(url, _)| url)
    };
    let candidates = [
        dom.attr(img, "data-src").map(str::to_owned),
        dom.attr(img, "data-lazy-src").map(str::to_owned),
        dom.attr(img, "data-original").map(str::to_owned),
        dom.attr(img, "data-srcset").and_then(srcset_best),
        dom.attr(img, "srcset").and_then(srcset_best),
        dom.attr(img, "src").map(str::to_owned),
    ];
    candidates.into_iter().flatten().find_map(|src| {
        let lower = src.to_ascii_lowercase();
        let decorative = [
            "logo",
            "avatar",
            "icon",
            "sprite",
            "pixel",
            "1x1",
            "blank.gif",
            "spacer",
            "placeholder",
            ".svg",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if src.starts_with("data:") || decorative {
            return None;
        }
        render::absolute(base, &src)
    })
}

/// NUL bytes or many control characters early on: not a text document.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    // UTF-16 pages carry NULs; a BOM tells them apart.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x09) || (0x0E..0x20).contains(&b))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

/// Letters and digits only, lower case: for comparing a block with a headline.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a short text is a date line ("Published 12/03/2025 14h32").
fn is_date_line(text: &str) -> bool {
    static NUMERIC_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
            .expect("a valid pattern")
    });
    // A year and a clock time in a short line, in any language
    // ("segunda-feira, 22 de janeiro de 2018 às 0:13").
    static YEAR_AND_TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:19|20)\d{2}\b.*\b\d{1,2}[:h]\d{2}\b").expect("a valid pattern")
    });
    text.split_whitespace().count() <= 16
        && (dates::find_in_text(text).is_some()
            || NUMERIC_DATE.is_match(text)
            || YEAR_AND_TIME.is_match(text))
}

/// Drops what repeats the page's metadata at the top of the text: the
/// headline, the standfirst (the page's own description), the byline and
/// date lines. Returns the dropped blocks (they may hold a byline or time).
fn trim_leading_meta(
    dom: &dom::Dom,
    blocks: &mut Vec<render::Block>,
    meta: &metadata::Meta,
) -> Vec<render::Block> {
    let titles: Vec<String> = meta
        .title_variants
        .iter()
        .map(|t| fold(t))
        .filter(|t| t.len() >= 8)
        .collect();
    let description = meta
        .description
        .as_deref()
        .map(fold)
        .filter(|d| d.len() >= 20);
    let is_byline = |t: &str| {
        t.chars().count() < 120
            && (t.starts_with("By ")
                || t.starts_with("by ")
                || t.starts_with("BY ")
                || meta
                    .byline
                    .as_deref()
                    .is_some_and(|b| t.contains(b) && t.len() < b.len() + 40))
    };
    let is_date = |t: &str| {
        (t.chars().count() < 120 && is_date_line(t) && !t.ends_with(['.', '!', '?', '"', '”']))
            || is_time_stamp(t)
    };
    let mut drop = 0;
    for block in blocks.iter().take(5) {
        let t = block.text.trim();
        let folded = fold(t);
        let short = t.chars().count() < 120;
        let is_title = folded.len() >= 8
            && titles
                .iter()
                .any(|title| *title == folded || (short && title.contains(&folded)));
        let next = blocks.get(drop + 1);
        // The page's description is often its first paragraph: only a block
        // marked as a standfirst by its markup goes.
        // A standfirst is one block: an element marked so that holds several
        // is the body itself (Drupal's "text-with-summary", a gallery intro).
        // So is a mark that the next block's element carries too ("text-
        // description" around every part of the body).
        // And a marked paragraph that the body's next paragraph sits beside
        // (past any byline or date line) is its first paragraph ("intro").
        let next_text = blocks
            .iter()
            .skip(drop + 1)
            .find(|b| !is_byline(b.text.trim()) && !is_date(b.text.trim()));
        let is_standfirst = standfirst_element(dom, block.source).is_some_and(|marked| {
            let marks = content::class_and_id(dom, marked);
            let parent = |i: u32| dom.ancestors(i).next().unwrap_or(dom::NONE);
            next_text.is_none_or(|next| {
                !dom.contains(marked, next.source)
                    && parent(next.source) != parent(block.source)
                    && standfirst_element(dom, next.source).is_none_or(|other| {
                        other == marked || content::class_and_id(dom, other) != marks
                    })
            })
        }) || (matches!(block.kind, render::BlockKind::Heading(_))
            && description
                .as_deref()
                .is_some_and(|d| folded.len() >= 20 && d.starts_with(&folded)));
        // A paragraph right after the headline is the standfirst, whatever
        // its markup, when the byline or date line comes next or when it
        // closes the headline's group.
        let is_lede = matches!(block.kind, render::BlockKind::Paragraph)
            && t.chars().count() < 400
            && follows_headline(dom, block.source)
            && (next.is_some_and(|next| {
                let group = dom.ancestors(block.source).next().unwrap_or(dom::NONE);
                is_byline(next.text.trim())
                    || is_date(next.text.trim())
                    || !dom.contains(group, next.source)
            }) || next_element_text(dom, block.source)
                .is_some_and(|after| is_byline(&after) || is_date(&after)));
        if is_title || is_standfirst || is_lede || is_byline(t) || is_date(t) {
            drop += 1;
        } else {
            break;
        }
    }
    blocks.drain(..drop).collect()
}

/// Whether the element just before `index` (skipping white space) is the
/// page's `h1` headline.
fn follows_headline(dom: &dom::Dom, index: u32) -> bool {
    let Some(parent) = dom.ancestors(index).next() else {
        return false;
    };
    let mut previous = None;
    for child in dom.children(parent) {
        if child == index {
            break;
        }
        match dom.nodes[child as usize].kind {
            dom::Kind::Text(text) if text.trim().is_empty() => {}
            _ => previous = Some(child),
        }
    }
    previous.is_some_and(|p| dom.name(p) == Some("h1"))
}

/// The text of the element just after `index`, white space folded, if it
/// is short (a byline or date line the render may have left out).
fn next_element_text(dom: &dom::Dom, index: u32) -> Option<String> {
    let next = dom.following_elements(index).next()?;
    if dom.subtree_end(next) - next > 40 {
        return None;
    }
    let words: Vec<&str> = dom.texts(next).flat_map(str::split_whitespace).collect();
    Some(words.join(" "))
}

/// The element (`index` or its parent) marked as a standfirst, if any.
fn standfirst_element(dom: &dom::Dom, index: u32) -> Option<u32> {
    const MARKS: &[&str] = &[
        "standfirst",
        "lead",
        "dek",
        "subtitle",
        "sub-title",
        "subhead",
        "strapline",
        "summary",
        "excerpt",
        "deck",
        "lede",
        "intro",
        "teaser",
        "description",
        "kicker",
        "abstract",
        "sapo",
        "chapo",
    ];
    let mut node = index;
    for _ in 0..2 {
        if node == dom::NONE || (index as usize) >= dom.nodes.len() {
            return None;
        }
        let marks = content::class_and_id(dom, node).to_ascii_lowercase();
        if marks
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| {
                MARKS.contains(&word)
                    || MARKS
                        .iter()
                        .any(|m| word.ends_with(m) && word.len() <= m.len() + 8)
            })
        {
            return Some(node);
        }
        node = dom.nodes[node as usize].parent;
    }
    None
}

/// Whether a short line only says when the story was published or
/// updated ("Updated at 1:23 p.m.", "First Published on Nov 20, 2019").
fn is_time_stamp(text: &str) -> bool {
    const STARTS: &[&str] = &[
        "published",
        "first published",
        "updated",
        "last updated",
        "posted",
        "publié",
        "mis à jour",
        "publicado",
        "actualizado",
        "atualizado",
        "veröffentlicht",
        "aktualisiert",
        "pubblicato",
        "aggiornato",
    ];
    let lower = text.trim().to_lowercase();
    lower.chars().count() <= 80
        && lower.chars().any(|c| c.is_ascii_digit())
        && STARTS.iter().any(|s| {
            lower
                .strip_prefix(s)
                .is_some_and(|rest| rest.starts_with([' ', ':']))
        })
}

/// Drops wire sign-offs, desk marks and time stamps at the end ("(Reporting
/// by ...)", "Updated at 1:23 p.m.").
fn trim_trailing_sign_offs(blocks: &mut Vec<render::Block>) {
    while blocks.len() > 1
        && blocks
            .last()
            .is_some_and(|b| boilerplate::is_sign_off(&b.text) || is_time_stamp(&b.text))
    {
        blocks.pop();
    }
    if let Some(last) = blocks.last_mut() {
        let kept = boilerplate::strip_end_mark(&last.text).len();
        if kept < last.text.trim_end().len() {
            last.text.truncate(kept);
            let html_kept = boilerplate::strip_end_mark(&last.html).len();
            last.html.truncate(html_kept);
        }
    }
}

/// The JSON-LD `articleBody`, for pages whose markup holds little text.
fn json_ld_body(dom: &dom::Dom) -> Option<String> {
    metadata::json_ld_scripts(dom).find_map(|script| {
        let text = dom.text(script);
        let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
        find_key(&value, "articleBody", 0)
    })
}

fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 5 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .or_else(|| map.values().find_map(|v| find_key(v, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_empty_inputs_are_errors() {
        assert_eq!(
            extract(&Input {
                html: b"",
                ..Default::default()
            }),
            Err(ExtractError::Empty)
        );
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        assert_eq!(
            extract(&Input {
                html: &png,
                ..Default::default()
            }),
            Err(ExtractError::Binary)
        );
    }

    #[test]
    fn an_article_among_boilerplate() {
        let page = r##"<html><head><title>Ferry service resumes | Coast Times</title></head><body>
          <nav><a href="/">Home</a><a href="/world">World</a></nav>
          <div class="share-bar"><a href="#">Share on X</a></div>
          <article><h1>Ferry service resumes</h1><p class="byline">By Omar Said</p>
            <p>MOMBASA, March 11 (CWN) - The Likoni ferry resumed full service on Tuesday after engineers replaced a worn propeller shaft, the operator said.</p>
            <div class="ad-slot">Advertisement</div>
            <p>Commuters had queued for up to two hours during the repairs, which began on Sunday night and took longer than planned, officials said.</p>
            <figure><img src="/f.jpg"><figcaption>The ferry at dawn. Photo: Coast Times</figcaption></figure>
            <p>Read more: Ferry fares to rise</p>
          </article>
          <aside><h2>Most read</h2><ul><li><a href="/a">One story</a></li><li><a href="/b">Another story</a></li></ul></aside>
          <footer><p>Copyright 2025 Coast Times. All rights reserved.</p></footer>
        </body></html>"##;
        let article = extract(&Input {
            html: page.as_bytes(),
            url: Some("https://coast.example/ferry"),
            content_type: None,
        })
        .unwrap();
        assert_eq!(article.title.as_deref(), Some("Ferry service resumes"));
        assert_eq!(
            article.text,
            "MOMBASA, March 11 (CWN) - The Likoni ferry resumed full service on Tuesday after engineers replaced a worn propeller shaft, the operator said.\n\n\
             Commuters had queued for up to two hours during the repairs, which began on Sunday night and took longer than planned, officials said."
        );
        assert!(article.html.starts_with("<p>MOMBASA"));
    }

    #[test]
    fn hostile_inputs_are_bounded() {
        let deep = "<div>".repeat(100_000)
            + "<p>Deep words here, far down the page, still make a paragraph of text.</p>"
            + &"</div>".repeat(100_000);
        let article = extract(&Input {
            html: deep.as_bytes(),
            ..Default::default()
        })
        .unwrap();
        assert!(article.text.contains("Deep words here"), "{}", article.text);
        let no_body = extract(&Input {
            html: b"<html><head><title>Only a title</title></head></html>",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(no_body.text, "");
        assert!(no_body.note.is_some());
    }

    fn text_of(page: &str) -> String {
        extract(&Input {
            html: page.as_bytes(),
            ..Default::default()
        })
        .map(|a| a.text)
        .unwrap_or_default()
    }

    const SENTENCE: &str = "The harbour board approved the new berth on Tuesday, after two years of talks with shipping lines, unions and the city, officials said.";

    #[test]
    fn text_held_directly_in_a_column_beside_a_link_sidebar() {
        let archive: String = (1..=40)
            .map(|m| format!("<li><a href=\"/archive?m={m}\">Month {m} of the archive</a></li>"))
            .collect();
        let page = format!(
            "<html><body><div class=\"row\"><div class=\"col-side\"><ul>{archive}</ul></div>\
             <div class=\"col-main\"><p class=\"title\">Berth approved</p>{SENTENCE} {SENTENCE} {SENTENCE}<br><br>\
             <div class=\"buttons\"><a href=\"#\">Print</a></div></div></div>\
             <div class=\"bottom\"><div>City Hall, 1 Harbour Road, phone 555 0100, open weekdays</div></div></body></html>"
        );
        let text = text_of(&page);
        assert!(text.contains("approved the new berth"), "{text}");
        assert!(!text.contains("City Hall"), "{text}");
    }

    #[test]
    fn embedded_posts_and_paragraphs_with_hover_cards_stay() {
        let card: String = (1..=4)
            .map(|n| format!("<a href=\"/story/{n}\">Another story about the port and its many berths, number {n}</a> "))
            .collect();
        let page = format!(
            "<html><body><article>\
             <p>{SENTENCE}</p><p>{SENTENCE}</p><p>{SENTENCE}</p><p>{SENTENCE}</p>\
             <p>Port chief <span class=\"person\"><a href=\"/people/ana\">Ana Wekesa</a><span class=\"card\">{card}</span></span> said the berth would open in the spring, ahead of the busy season for fruit exports.</p>\
             <div class=\"social-embed\"><blockquote class=\"post\"><p>Big day for the port: the new berth is approved at last!</p>— Harbour Watch (@harbourwatch) May 2, 2025</blockquote></div>\
             <p>{SENTENCE}</p></article></body></html>"
        );
        let text = text_of(&page);
        assert!(
            text.contains("said the berth would open in the spring"),
            "{text}"
        );
        assert!(!text.contains("Another story"), "{text}");
        assert!(text.contains("Big day for the port"), "{text}");
    }

    #[test]
    fn a_standfirst_mark_on_every_part_of_the_body_is_not_a_standfirst() {
        let page = format!(
            "<html><body><article><h1>Berth approved</h1>\
             <div class=\"text-description\"><p>First: {SENTENCE}</p></div>\
             <div class=\"video\"><video></video></div>\
             <div class=\"text-description\"><p>Second: {SENTENCE}</p><p>Third: {SENTENCE}</p></div>\
             </article></body></html>"
        );
        let text = text_of(&page);
        assert!(text.starts_with("First:"), "{text}");
    }

    #[test]
    fn the_post_under_the_headline_beats_a_box_of_other_posts() {
        let others: String = (1..=6)
            .map(|n| format!("<p>Excerpt {n} of another post, long enough to be read as a paragraph, with commas, clauses and words, like the story itself.</p>"))
            .collect();
        let page = format!(
            "<html><body><div class=\"columns\">\
             <article class=\"post\"><h1>Berth approved</h1><p>{SENTENCE} {SENTENCE} {SENTENCE}</p></article>\
             <article class=\"post\"><h3>You may also like</h3>{others}</article>\
             </div></body></html>"
        );
        let text = text_of(&page);
        assert!(text.starts_with("The harbour board"), "{text}");
        assert!(!text.contains("Excerpt"), "{text}");
    }

    #[test]
    fn links_wrapped_in_spans_lists_and_later_h1s_are_text() {
        let page = format!(
            "<html><body><article><h1>Berth approved</h1>\
             <p>{SENTENCE}</p>\
             <p>The plans, <span><a href=\"/plans\">published in full</a></span>, show two cranes.</p>\
             <h1>What the berth will take</h1>\
             <ul><li>bananas</li><li>avocados</li><li>tea</li><li>cut flowers (<a href=\"/flowers\">mostly roses from the lake farms</a>)</li></ul>\
             <p>{SENTENCE}</p>\
             <p>Reporting by Amina Odhiambo; Editing by Helen Marsh</p>\
             <p>Updated at 1:23 p.m.</p>\
             </article></body></html>"
        );
        let text = text_of(&page);
        assert!(
            text.contains("The plans, published in full, show"),
            "{text}"
        );
        assert!(text.contains("\n\nWhat the berth will take\n\n"), "{text}");
        assert!(text.contains("avocados"), "{text}");
        assert!(!text.starts_with("Berth approved"), "{text}");
        assert!(text.ends_with("officials said."), "{text}");
    }
}
