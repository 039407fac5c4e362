//! The XML rules every XML document here keeps, in one place.
//!
//! - A document starts with `<?xml version="1.0" encoding="utf-8"?>`.
//! - Text and attribute values escape `& < > " '`; the apostrophe as
//!   `&#39;`, which HTML 4 readers know too (they have no `&apos;`).
//! - Characters XML 1.0 forbids are dropped: C0 controls other than tab,
//!   line feed and carriage return, and U+FFFE and U+FFFF. (A lone
//!   surrogate cannot occur in a Rust string.) Hostile story text
//!   therefore never makes a document unparseable.
//! - A carriage return is written `&#13;`, and in attribute values tab and
//!   line feed are written `&#9;` and `&#10;` too, because a parser would
//!   otherwise turn them into a line feed or a space: what is written is
//!   what a reader gets back.
//! - Elements are indented two spaces a level, one to a line. Element and
//!   attribute names are the writers' own literals, never story text.

/// The first line of every XML document.
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// A new document holding its declaration.
pub(crate) fn document() -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(DECLARATION);
    out
}

/// `<name attrs>` on a line of its own.
pub(crate) fn open(out: &mut String, depth: usize, name: &str, attrs: &[(&str, &str)]) {
    indent(out, depth);
    start_tag(out, name, attrs);
    out.push_str(">\n");
}

/// `</name>` on a line of its own.
pub(crate) fn close(out: &mut String, depth: usize, name: &str) {
    indent(out, depth);
    end_tag(out, name);
    out.push('\n');
}

/// `<name attrs>text</name>` on a line of its own.
pub(crate) fn leaf(out: &mut String, depth: usize, name: &str, attrs: &[(&str, &str)], text: &str) {
    indent(out, depth);
    start_tag(out, name, attrs);
    out.push('>');
    push_text(out, text);
    end_tag(out, name);
    out.push('\n');
}

/// `<name attrs/>` on a line of its own.
pub(crate) fn empty(out: &mut String, depth: usize, name: &str, attrs: &[(&str, &str)]) {
    indent(out, depth);
    start_tag(out, name, attrs);
    out.push_str("/>\n");
}

/// Plain text as HTML: the same five escapes, forbidden characters
/// dropped, white space left as it is.
///
/// The RSS writer writes a plain-text summary through this as the HTML of
/// `<description>`, which is then escaped once more as XML text.
pub(crate) fn as_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        push_common(&mut out, ch);
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn start_tag(out: &mut String, name: &str, attrs: &[(&str, &str)]) {
    out.push('<');
    out.push_str(name);
    for (attr, value) in attrs {
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        push_attribute(out, value);
        out.push('"');
    }
}

fn end_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes character data.
fn push_text(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\r' => out.push_str("&#13;"),
            other => push_common(out, other),
        }
    }
}

/// Escapes an attribute value, keeping its white space as it is.
fn push_attribute(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            other => push_common(out, other),
        }
    }
}

/// The five escapes, and nothing for a forbidden character.
fn push_common(out: &mut String, ch: char) {
    match ch {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        ch if forbidden(ch) => {}
        ch => out.push(ch),
    }
}

/// Whether XML 1.0 forbids the character anywhere in a document.
fn forbidden(ch: char) -> bool {
    matches!(
        ch,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, text);
        out
    }

    #[test]
    fn five_characters_are_escaped() {
        assert_eq!(
            escaped(r#"<a href="x">Tom's & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escaped("&amp;"), "&amp;amp;");
        assert_eq!(escaped("]]>"), "]]&gt;");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(
            escaped("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i"),
            "abcdefghi"
        );
    }

    #[test]
    fn allowed_characters_stay() {
        let text = "tab\there\nline \u{7F}\u{85}\u{2028}\u{2029} 📰 خبر \u{10FFFF}\u{1FFFE}";
        assert_eq!(escaped(text), text);
    }

    #[test]
    fn white_space_survives_a_parser() {
        assert_eq!(escaped("a\r\nb"), "a&#13;\nb");
        let mut out = String::new();
        empty(&mut out, 1, "link", &[("title", "a\tb\nc\rd\"")]);
        assert_eq!(out, "  <link title=\"a&#9;b&#10;c&#13;d&quot;\"/>\n");
    }

    #[test]
    fn html_keeps_white_space() {
        assert_eq!(as_html("a\r\n<b>\u{0}"), "a\r\n&lt;b&gt;");
    }

    #[test]
    fn elements_are_indented_one_to_a_line() {
        let mut out = document();
        open(&mut out, 0, "urlset", &[("xmlns", "ns")]);
        leaf(&mut out, 1, "loc", &[], "https://example.com/?a=1&b=2");
        close(&mut out, 0, "urlset");
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <urlset xmlns=\"ns\">\n  \
             <loc>https://example.com/?a=1&amp;b=2</loc>\n\
             </urlset>\n"
        );
    }
}
