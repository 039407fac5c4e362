//! Markup to plain text, paragraph by paragraph.
//!
//! Feeds carry HTML in summaries and bodies. We store plain text with
//! paragraphs separated by blank lines, so a page can never be made to run
//! a feed's markup, and teasers and digests read cleanly. Block elements end
//! a paragraph; scripts, styles and embedded objects are dropped with their
//! content; entities are decoded; white space is folded. The walk is
//! iterative, so deeply nested markup cannot exhaust the stack.

use scraper::Html;
use scraper::node::Node;

/// Elements whose start or end closes the paragraph being written.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
    "title", "button", "select", "textarea", "form",
];

/// The paragraphs of an HTML fragment (or of plain text) as plain text.
pub fn paragraphs(fragment: &str) -> Vec<String> {
    if !fragment.contains('<') && !fragment.contains('&') {
        return fragment
            .split("\n\n")
            .map(fold_space)
            .filter(|p| !p.is_empty())
            .collect();
    }
    let html = Html::parse_fragment(fragment);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut dropped_depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if dropped_depth > 0 || DROPPED.contains(&name) {
                        dropped_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        flush(&mut current, &mut out);
                    }
                }
                Node::Text(text) if dropped_depth == 0 => current.push_str(text),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if dropped_depth > 0 {
                        dropped_depth -= 1;
                    } else if BLOCKS.contains(&el.name()) {
                        flush(&mut current, &mut out);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The text of a fragment as paragraphs separated by blank lines.
pub fn text(fragment: &str) -> String {
    paragraphs(fragment).join("\n\n")
}

/// The text of a fragment on one line (for headlines and names).
pub fn line(fragment: &str) -> String {
    paragraphs(fragment).join(" ")
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let folded = fold_space(current);
    if !folded.is_empty() {
        out.push(folded);
    }
    current.clear();
}

fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_entities_and_inline_markup() {
        let html = "<p>MOMBASA, March 10 (CWN) - Tea &amp; coffee <em>rose</em>.</p>\n<p>Second\n   line.</p>";
        assert_eq!(
            paragraphs(html),
            [
                "MOMBASA, March 10 (CWN) - Tea & coffee rose.",
                "Second line."
            ]
        );
    }

    #[test]
    fn scripts_and_styles_vanish() {
        let html =
            "<p>Kept</p><script>alert(1)</script><style>p{}</style><div>Also <b>kept</b></div>";
        assert_eq!(text(html), "Kept\n\nAlso kept");
    }

    #[test]
    fn plain_text_keeps_its_paragraphs() {
        assert_eq!(paragraphs("One\n\n  Two  three\n"), ["One", "Two three"]);
        assert_eq!(line("Tanzania &amp; Kenya"), "Tanzania & Kenya");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000);
        assert_eq!(text(&html), "deep");
    }
}
