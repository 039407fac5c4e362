//! Making any input safe to hand to the tree parser.
//!
//! An HTML5 tree parser is quadratic in the depth of nesting (a page of
//! 100,000 nested `<div>`s takes a minute), and a broken `</title` makes it
//! read the rest of the page as the title. Before parsing, one linear pass
//! over the text:
//! - cuts the text at [`MAX_HTML_BYTES`];
//! - drops start tags (and their matching end tags) of container elements
//!   nested deeper than [`MAX_DEPTH`], keeping their text;
//! - closes a `<title>` whose end tag is broken or missing;
//! - empties scripts and styles (JSON-LD excepted) and inline SVG
//!   drawings, and drops comments: nothing in them is read, and they are
//!   over half the bytes of a typical page.
//!
//! Elements whose end tag is optional (`p`, `li`, `td`...) and void elements
//! do not count towards depth, so ordinary sloppy markup is never touched.

/// The largest input looked at, in bytes; the rest is ignored.
pub const MAX_HTML_BYTES: usize = 6 * 1024 * 1024;

/// The deepest nesting of container elements kept.
pub const MAX_DEPTH: usize = 400;

/// What this pass does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Any element it does not act on.
    Other,
    /// Its start tag opens a level of nesting.
    Container,
    /// Its content is raw text: `<` inside it is not a tag.
    RawText,
    /// An inline drawing: its content goes.
    Drawing,
}

/// A tag name (ASCII case folded) as one this pass acts on, and how.
fn classify(name: &[u8]) -> (&'static str, Class) {
    use Class::{Container, Drawing, RawText};
    let mut lower = [0u8; 12];
    let Some(buffer) = lower.get_mut(..name.len()) else {
        return ("", Class::Other);
    };
    for (to, from) in buffer.iter_mut().zip(name) {
        *to = from.to_ascii_lowercase();
    }
    match &*buffer {
        b"a" => ("a", Container),
        b"abbr" => ("abbr", Container),
        b"article" => ("article", Container),
        b"aside" => ("aside", Container),
        b"b" => ("b", Container),
        b"big" => ("big", Container),
        b"blockquote" => ("blockquote", Container),
        b"center" => ("center", Container),
        b"cite" => ("cite", Container),
        b"code" => ("code", Container),
        b"del" => ("del", Container),
        b"details" => ("details", Container),
        b"dfn" => ("dfn", Container),
        b"div" => ("div", Container),
        b"dl" => ("dl", Container),
        b"em" => ("em", Container),
        b"fieldset" => ("fieldset", Container),
        b"figure" => ("figure", Container),
        b"font" => ("font", Container),
        b"footer" => ("footer", Container),
        b"form" => ("form", Container),
        b"header" => ("header", Container),
        b"i" => ("i", Container),
        b"ins" => ("ins", Container),
        b"kbd" => ("kbd", Container),
        b"label" => ("label", Container),
        b"main" => ("main", Container),
        b"mark" => ("mark", Container),
        b"nav" => ("nav", Container),
        b"ol" => ("ol", Container),
        b"q" => ("q", Container),
        b"s" => ("s", Container),
        b"section" => ("section", Container),
        b"small" => ("small", Container),
        b"span" => ("span", Container),
        b"strike" => ("strike", Container),
        b"strong" => ("strong", Container),
        b"sub" => ("sub", Container),
        b"summary" => ("summary", Container),
        b"sup" => ("sup", Container),
        b"table" => ("table", Container),
        b"time" => ("time", Container),
        b"tt" => ("tt", Container),
        b"u" => ("u", Container),
        b"ul" => ("ul", Container),
        b"var" => ("var", Container),
        b"script" => ("script", RawText),
        b"style" => ("style", RawText),
        b"textarea" => ("textarea", RawText),
        b"title" => ("title", RawText),
        b"xmp" => ("xmp", RawText),
        b"noembed" => ("noembed", RawText),
        b"noframes" => ("noframes", RawText),
        b"plaintext" => ("plaintext", RawText),
        b"svg" => ("svg", Drawing),
        _ => ("", Class::Other),
    }
}

/// What the pass did, for the record.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Bounded {
    /// The input was longer than the cap.
    pub truncated: bool,
    /// Start tags dropped for depth.
    pub dropped_tags: usize,
    /// A broken title was closed.
    pub title_repaired: bool,
    /// Scripts and styles whose bodies were dropped.
    pub emptied_scripts: usize,
    /// Inline SVG drawings whose bodies were dropped.
    pub emptied_drawings: usize,
    /// Comments dropped.
    pub dropped_comments: usize,
}

/// Returns the text to parse and what was changed.
pub fn bound(html: &str) -> (std::borrow::Cow<'_, str>, Bounded) {
    let mut report = Bounded::default();
    let html = if html.len() > MAX_HTML_BYTES {
        report.truncated = true;
        let mut cut = MAX_HTML_BYTES;
        while !html.is_char_boundary(cut) {
            cut -= 1;
        }
        &html[..cut]
    } else {
        html
    };
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    // Open containers as (name, kept); `dropped` counts unkept ones.
    let mut stack: Vec<(&str, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        let lt = i + offset;
        let Some(tag) = read_tag(html, lt) else {
            i = lt + 1;
            continue;
        };
        match tag.kind {
            TagKind::Comment => {
                out.push_str(&html[copied..lt]);
                copied = tag.end;
                report.dropped_comments += 1;
            }
            TagKind::Other => {}
            TagKind::Start if tag.class == Class::Drawing && !tag.self_closing => {
                // A drawing's paths and shapes hold no text we read: keep
                // the empty element, drop what is inside.
                if let Some(rel) = find_ci(&html[tag.end..], "</svg") {
                    out.push_str(&html[copied..tag.end]);
                    copied = tag.end + rel;
                    report.emptied_drawings += 1;
                    i = copied;
                    continue;
                }
            }
            TagKind::Start if tag.class == Class::RawText && !tag.self_closing => {
                // Skip to the matching end tag (or repair a broken title).
                let close = format!("</{}", tag.name);
                let body_start = tag.end;
                match find_ci(&html[body_start..], &close) {
                    Some(rel) => {
                        let close_at = body_start + rel;
                        let after = close_at + close.len();
                        let well_formed = html[after..].trim_start().starts_with('>');
                        if tag.name == "title" {
                            let next_tag = find_ci(&html[body_start..], "<meta")
                                .into_iter()
                                .chain(find_ci(&html[body_start..], "</head"))
                                .chain(find_ci(&html[body_start..], "<link"))
                                .chain(find_ci(&html[body_start..], "<body"))
                                .min();
                            if let Some(next) = next_tag.filter(|n| *n < rel) {
                                // The title's end tag is missing: close it before the next tag.
                                out.push_str(&html[copied..body_start + next]);
                                out.push_str("</title>");
                                copied = body_start + next;
                                report.title_repaired = true;
                                i = copied;
                                continue;
                            }
                            if !well_formed {
                                out.push_str(&html[copied..after]);
                                out.push('>');
                                copied = after;
                                report.title_repaired = true;
                                i = after;
                                continue;
                            }
                        }
                        // Scripts and styles hold nothing we read, except
                        // JSON-LD: their bodies go, which spares the parser
                        // a third of a typical page.
                        let is_json_ld = html[lt..tag.end].to_ascii_lowercase().contains("ld+json");
                        if matches!(tag.name, "script" | "style")
                            && !is_json_ld
                            && close_at > body_start
                        {
                            out.push_str(&html[copied..body_start]);
                            copied = close_at;
                            report.emptied_scripts += 1;
                        }
                        i = after;
                        continue;
                    }
                    None => {
                        if tag.name == "title" {
                            // No end tag at all: the title ends at the next tag.
                            let next = html[body_start..]
                                .find('<')
                                .map_or(html.len(), |n| body_start + n);
                            out.push_str(&html[copied..next]);
                            out.push_str("</title>");
                            copied = next;
                            report.title_repaired = true;
                            i = next;
                            continue;
                        }
                        i = html.len();
                        continue;
                    }
                }
            }
            TagKind::Start if tag.class == Class::Container && !tag.self_closing => {
                let keep = kept_depth < MAX_DEPTH;
                if keep {
                    kept_depth += 1;
                } else {
                    out.push_str(&html[copied..lt]);
                    copied = tag.end;
                    report.dropped_tags += 1;
                }
                stack.push((tag.name, keep));
            }
            TagKind::End if tag.class == Class::Container => {
                if let Some(pos) = stack.iter().rposition(|(name, _)| *name == tag.name) {
                    let closing_kept = stack[pos].1;
                    // Closing an element closes those opened inside it.
                    for (_, kept) in stack.drain(pos..) {
                        if kept {
                            kept_depth -= 1;
                        }
                    }
                    if !closing_kept {
                        out.push_str(&html[copied..lt]);
                        copied = tag.end;
                    }
                }
            }
            _ => {}
        }
        i = tag.end;
    }
    if copied == 0 {
        // Nothing changed: no copy.
        return (std::borrow::Cow::Borrowed(html), report);
    }
    out.push_str(&html[copied..]);
    (std::borrow::Cow::Owned(out), report)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    Comment,
    Other,
}

struct Tag<'a> {
    kind: TagKind,
    name: &'a str,
    class: Class,
    self_closing: bool,
    /// Byte index just past the tag.
    end: usize,
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
}

/// Reads the tag starting at `lt` (which holds `<`); `None` when it is text.
fn read_tag(html: &str, lt: usize) -> Option<Tag<'_>> {
    let rest = &html[lt + 1..];
    let bytes = rest.as_bytes();
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment
            .find("-->")
            .map_or(html.len(), |e| lt + 1 + 3 + e + 3);
        return Some(Tag {
            kind: TagKind::Comment,
            name: "",
            class: Class::Other,
            self_closing: false,
            end,
        });
    }
    if matches!(bytes.first(), Some(b'!' | b'?')) {
        let end = rest.find('>').map_or(html.len(), |e| lt + 1 + e + 1);
        return Some(Tag {
            kind: TagKind::Other,
            name: "",
            class: Class::Other,
            self_closing: false,
            end,
        });
    }
    let (kind, name_start) = if bytes.first() == Some(&b'/') {
        (TagKind::End, 1)
    } else {
        (TagKind::Start, 0)
    };
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_start + name_len;
    // Find the closing '>' outside quoted attribute values.
    let mut j = name_end;
    while let Some(offset) = memchr::memchr3(b'>', b'"', b'\'', &bytes[j..]) {
        j += offset;
        let quote = bytes[j];
        if quote == b'>' {
            break;
        }
        // Jump over the quoted value (an attribute value may hold `>`).
        match memchr::memchr(quote, &bytes[j + 1..]) {
            Some(close) => j += 1 + close + 1,
            None => {
                j = bytes.len();
                break;
            }
        }
    }
    if j >= bytes.len() {
        j = bytes.len();
    }
    let end = if j < bytes.len() {
        lt + 1 + j + 1
    } else {
        html.len()
    };
    let (name, class) = classify(&bytes[name_start..name_end]);
    let self_closing = j > 0 && j <= bytes.len() && bytes.get(j.wrapping_sub(1)) == Some(&b'/');
    Some(Tag {
        kind,
        name,
        class,
        self_closing,
        end,
    })
}

/// Case-insensitive ASCII search for a needle that starts with `<`: jumps
/// from one `<` to the next instead of comparing at every byte.
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    let (&first, rest) = n.split_first()?;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(first, &h[at..]) {
        let start = at + offset;
        let end = start + n.len();
        if end > h.len() {
            return None;
        }
        if h[start + 1..end].eq_ignore_ascii_case(rest) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_is_untouched() {
        let html = "<html><head><title>A &amp; B</title><script>if (a<b) {}</script></head>\
                    <body><div class=x><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>";
        let (out, report) = bound(html);
        assert_eq!(out, html.replace("if (a<b) {}", ""));
        assert_eq!(
            report,
            Bounded {
                emptied_scripts: 1,
                ..Bounded::default()
            }
        );
        let plain = "<div class=x><p>One<p>Two<ul><li>a<li>b</ul></div><script type=\"application/ld+json\">{}</script>";
        let (out, report) = bound(plain);
        assert_eq!(out, plain, "JSON-LD stays");
        assert_eq!(report, Bounded::default());
    }

    #[test]
    fn comments_and_drawings_go_and_the_text_stays() {
        let html = "<p>Before<!-- a note -->after</p><a href=/share><svg viewBox=\"0 0 9 9\">\
                    <path d=\"M0 0L9 9\"/><title>Share</title></svg>Share</a>\
                    <img alt='a > b' src=x.png><p>End</p>";
        let (out, report) = bound(html);
        assert_eq!(
            out,
            "<p>Beforeafter</p><a href=/share><svg viewBox=\"0 0 9 9\"></svg>Share</a>\
             <img alt='a > b' src=x.png><p>End</p>"
        );
        assert_eq!((report.dropped_comments, report.emptied_drawings), (1, 1));
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let html = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        let (out, report) = bound(&html);
        assert_eq!(report.dropped_tags, 100_000 - MAX_DEPTH);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn a_broken_title_is_closed() {
        let (out, report) = bound("<head><title>Port news</title\n<meta name=a><body><p>Text</p>");
        assert!(report.title_repaired);
        assert!(out.contains("<title>Port news</title>\n<meta"), "{out}");
        let (out, _) = bound("<head><title>Port news<meta name=a></head><body><p>Text</p>");
        assert!(out.contains("<title>Port news</title><meta"), "{out}");
        let (out, _) = bound("<title>Port news");
        assert!(out.ends_with("</title>"), "{out}");
    }

    #[test]
    fn huge_input_is_cut_at_a_char_boundary() {
        let html = "é".repeat(MAX_HTML_BYTES);
        let (out, report) = bound(&html);
        assert!(report.truncated);
        assert!(out.len() <= MAX_HTML_BYTES);
    }
}
