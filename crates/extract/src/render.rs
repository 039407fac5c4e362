//! The chosen containers as text and as sanitized HTML.
//!
//! One walk over each chosen subtree, in document order, cuts it into
//! blocks (paragraphs, subheadings, list items, quotes, preformatted text,
//! table rows). On the way it leaves out what sits inside an article but is
//! not its text: figures and captions, asides, headers with the headline
//! and byline, boilerplate by class or id (a comment thread after the story
//! even when it outweighs it), link lists, galleries and forms. Then short
//! blocks worded like boilerplate are dropped, and so are captions written
//! as plain paragraphs under an image.
//!
//! The HTML is built here from scratch, from an allow-list of tags
//! (`p h2 h3 h4 ul ol li blockquote pre a em strong b i code br`), with
//! every text and attribute escaped and only absolute http(s) links kept:
//! sanitized by construction, nothing of the page's markup passes through.

use crate::boilerplate::{is_junk_paragraph, is_negative, is_strongly_negative};
use crate::content::{Stats, class_and_id, is_inline};
use crate::dom::{Dom, Kind};
use url::Url;

/// Elements dropped with their content inside the article.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "figure"
            | "figcaption"
            | "aside"
            | "footer"
            | "header"
            | "form"
            | "fieldset"
            | "legend"
            | "label"
            | "picture"
            | "caption"
    )
}

/// What kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A subheading (level 2 to 4).
    Heading(u8),
    /// A list item; `true` in an ordered list.
    Item(bool),
    /// A quotation.
    Quote,
    /// Preformatted text.
    Pre,
    /// A data table: rows on lines, cells separated by tabs.
    Table,
}

/// One block of the article.
#[derive(Debug, Clone)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// Plain text, white space folded.
    pub text: String,
    /// Inline HTML, sanitized.
    pub html: String,
    /// The element that opened the block.
    pub source: u32,
}

struct Writer<'u> {
    base: Option<&'u Url>,
    blocks: Vec<Block>,
    kind: BlockKind,
    text: String,
    html: String,
    source: u32,
    pending_space: bool,
    /// Depth of data tables being written (layout tables do not count).
    table: usize,
    /// Whether each open `table` is a data table.
    tables: Vec<bool>,
    /// Bytes of text in the blocks so far.
    written: usize,
}

impl Writer<'_> {
    fn flush(&mut self) {
        let text = self.text.trim().to_owned();
        if !text.is_empty() {
            self.written += text.len();
            self.blocks.push(Block {
                kind: self.kind,
                text,
                html: self.html.trim().to_owned(),
                source: self.source,
            });
        }
        self.text.clear();
        self.html.clear();
        self.pending_space = false;
        self.kind = BlockKind::Paragraph;
    }

    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = kind;
    }

    fn push_text(&mut self, raw: &str, preformatted: bool) {
        if preformatted {
            self.text.push_str(raw);
            escape_into(&mut self.html, raw);
            return;
        }
        for (i, word) in raw.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.text.is_empty() && !self.text.ends_with(['\n', '\t']) {
                self.text.push(' ');
                self.html.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(word);
            escape_into(&mut self.html, word);
        }
    }
}

/// Escapes text for HTML.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Whether a container inside the article is not article text.
fn is_clutter(dom: &Dom, stats: &Stats, index: u32, root_text: u32, written: usize) -> bool {
    let Some(name) = dom.name(index) else {
        return false;
    };
    if is_dropped(name) {
        return true;
    }
    let s = stats.of(index);
    let share_of_article = if root_text == 0 {
        0.0
    } else {
        s.text as f32 / root_text as f32
    };
    // A quotation is article text even when marked up as an embed (a
    // quoted post), and so is the embed's wrapper when the quote is most
    // of it.
    // A comment thread or a related box after the story goes even when it
    // outweighs the story.
    if name != "blockquote" && !wraps_quote(dom, stats, index) {
        let marks = class_and_id(dom, index);
        if is_negative(&marks)
            && (share_of_article < 0.5 || (written >= 500 && is_strongly_negative(&marks)))
        {
            return true;
        }
    }
    if !matches!(
        name,
        "div" | "section" | "ul" | "ol" | "table" | "dl" | "span" | "center" | "p"
    ) {
        return false;
    }
    let density = s.link_density();
    if s.text == 0 {
        return name != "p";
    }
    // A span around one link is part of the sentence it sits in.
    if name == "span" && links_in(dom, index, 2) < 2 {
        return false;
    }
    // Mostly links, and little text of its own besides (a paragraph with
    // a sentence of its own stays: its links may carry hover cards; so
    // does one whose few words lead into its one link).
    let unlinked = s.text - s.link_text;
    let own_sentence = matches!(name, "p" | "span")
        && (unlinked >= 80 || (name == "p" && unlinked >= 30 && links_in(dom, index, 2) < 2));
    if density > 0.5 && unlinked < 300 && !own_sentence {
        return true;
    }
    // A list of links ("Related", "Read more"); a list whose items carry
    // sentences besides their links, or mostly no links, is article text.
    let is_list = matches!(name, "ul" | "ol");
    if is_list && links_in(dom, index, s.list_items as usize) * 2 < s.list_items as usize {
        return false;
    }
    if is_list && density > 0.3 && s.text - s.link_text < 40 * s.list_items.max(1) {
        return true;
    }
    if name != "p" && s.commas < 10 && s.paragraphs == 0 && s.text < 200 && density > 0.25 {
        return true;
    }
    // Galleries: images with little text.
    if s.images > 2 && s.paragraphs == 0 && (s.text as f32) < 40.0 * s.images as f32 {
        return true;
    }
    false
}

/// How many links an element holds, counting up to `enough`.
fn links_in(dom: &Dom, index: u32, enough: usize) -> usize {
    (index..dom.subtree_end(index))
        .filter(|&i| dom.name(i) == Some("a"))
        .take(enough)
        .count()
}

/// Whether most of an element's text is in one quotation inside it (an
/// embedded post in a "social embed" wrapper).
fn wraps_quote(dom: &Dom, stats: &Stats, index: u32) -> bool {
    const LOOK: u32 = 64;
    let text = stats.of(index).text;
    let end = dom.subtree_end(index).min(index + LOOK);
    text > 0
        && (index + 1..end)
            .any(|i| dom.name(i) == Some("blockquote") && stats.of(i).text * 10 >= text * 7)
}

/// A caption written as a plain paragraph: a short line with no closing
/// punctuation, centred or marked as about a picture, right after an
/// element that holds only an image.
fn is_plain_caption(dom: &Dom, stats: &Stats, block: &Block) -> bool {
    let centred = |i: u32| {
        dom.name(i) == Some("center")
            || dom
                .attr(i, "align")
                .is_some_and(|a| a.eq_ignore_ascii_case("center"))
            || dom.attr(i, "style").is_some_and(|style| {
                let style = style.to_ascii_lowercase();
                style.contains("text-align") && style.contains("center")
            })
    };
    let about_picture = |i: u32| {
        let class = class_and_id(dom, i).to_ascii_lowercase();
        ["pic", "photo", "img", "image", "legend", "credit"]
            .iter()
            .any(|w| class.contains(w))
    };
    // Centring tells a caption apart only where the text around it is not
    // centred too.
    let next_centred = || {
        let mut next = dom.nodes[block.source as usize].next_sibling;
        while next != crate::dom::NONE && (dom.name(next).is_none() || stats.of(next).text == 0) {
            next = dom.nodes[next as usize].next_sibling;
        }
        next != crate::dom::NONE && centred(next)
    };
    if block.kind != BlockKind::Paragraph
        || !(about_picture(block.source) || (centred(block.source) && !next_centred()))
        || block.text.chars().count() > 150
        || block
            .text
            .ends_with(['.', '!', '?', ':', '"', '”', '»', '。', '！', '？', '：'])
    {
        return false;
    }
    let Some(parent) = dom.ancestors(block.source).next() else {
        return false;
    };
    let mut previous = None;
    for child in dom.children(parent) {
        if child == block.source {
            break;
        }
        if dom.name(child).is_some() {
            previous = Some(child);
        }
    }
    previous.is_some_and(|p| {
        let s = stats.of(p);
        s.images > 0 && s.text == 0
    })
}

/// A table of data (not of layout): several cells, no paragraphs, short cells.
fn is_data_table(dom: &Dom, stats: &Stats, index: u32) -> bool {
    let s = stats.of(index);
    if s.paragraphs > 0 || s.list_items > 0 {
        return false;
    }
    let (mut cells, mut rows) = (0u32, 0u32);
    for i in index + 1..dom.subtree_end(index) {
        match dom.name(i) {
            Some("td" | "th") => cells += 1,
            Some("tr") => rows += 1,
            Some("table" | "div" | "h1" | "h2" | "h3") => return false,
            _ => {}
        }
    }
    rows >= 2 && cells >= 4 && s.text / cells.max(1) < 120
}

/// Cuts the chosen subtrees into blocks.
pub fn blocks(dom: &Dom, stats: &Stats, roots: &[u32], base: Option<&Url>) -> Vec<Block> {
    let mut w = Writer {
        base,
        blocks: Vec::new(),
        kind: BlockKind::Paragraph,
        text: String::new(),
        html: String::new(),
        source: roots.first().copied().unwrap_or(0),
        pending_space: false,
        table: 0,
        tables: Vec::new(),
        written: 0,
    };
    let root_text: u32 = roots.iter().map(|r| stats.of(*r).text).sum();
    let first_h1 =
        (0..dom.nodes.len() as u32).find(|&i| dom.name(i) == Some("h1") && !stats.of(i).skipped);
    // (node, entering?) with an explicit stack; `ordered` lists and `pre` depth tracked.
    enum Step {
        Enter(u32),
        Leave(u32),
    }
    let mut stack: Vec<Step> = roots.iter().rev().map(|r| Step::Enter(*r)).collect();
    let mut list_ordered: Vec<bool> = Vec::new();
    let mut pre_depth = 0usize;
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(index) => {
                let stat = stats.of(index);
                if stat.skipped {
                    continue;
                }
                match dom.nodes[index as usize].kind {
                    Kind::Text(text) => w.push_text(text, pre_depth > 0),
                    Kind::Document => {
                        for child in dom.children(index).collect::<Vec<_>>().into_iter().rev() {
                            stack.push(Step::Enter(child));
                        }
                    }
                    Kind::Element { name, .. } => {
                        // The headline is not text; an `h1` further down the
                        // article is one of its subheadings.
                        let headline = name == "h1"
                            && (Some(index) == first_h1
                                || (w.blocks.is_empty() && w.text.is_empty()));
                        if headline
                            || (is_clutter(dom, stats, index, root_text, w.written)
                                && !roots.contains(&index))
                        {
                            // A skipped block still ends the paragraph around it.
                            if w.table == 0 && !is_inline(name) {
                                w.flush();
                            }
                            continue;
                        }
                        if w.text.is_empty() && !is_inline(name) {
                            w.source = index;
                        }
                        open(
                            &mut w,
                            dom,
                            stats,
                            index,
                            name,
                            &mut list_ordered,
                            &mut pre_depth,
                        );
                        stack.push(Step::Leave(index));
                        for child in dom.children(index).collect::<Vec<_>>().into_iter().rev() {
                            stack.push(Step::Enter(child));
                        }
                    }
                }
            }
            Step::Leave(index) => {
                if let Some(name) = dom.name(index) {
                    close(&mut w, name, &mut list_ordered, &mut pre_depth);
                }
            }
        }
    }
    w.flush();
    w.blocks
        .retain(|b| !is_junk_paragraph(&b.text) && !is_plain_caption(dom, stats, b));
    w.blocks
}

#[allow(clippy::too_many_arguments)]
fn open(
    w: &mut Writer,
    dom: &Dom,
    stats: &Stats,
    index: u32,
    name: &str,
    lists: &mut Vec<bool>,
    pre: &mut usize,
) {
    if name == "table" {
        let data = w.table > 0 || is_data_table(dom, stats, index);
        w.tables.push(data);
        if data {
            if w.table == 0 {
                w.start(BlockKind::Table);
            }
            w.table += 1;
            return;
        }
    }
    if w.table > 0 {
        match name {
            "tr" => {
                if !w.text.is_empty() && !w.text.ends_with('\n') {
                    w.text.push('\n');
                }
                w.html.push_str("<tr>");
                w.pending_space = false;
            }
            "td" | "th" => {
                if !w.text.is_empty() && !w.text.ends_with('\n') {
                    w.text.push('\t');
                }
                w.html.push_str(if name == "th" { "<th>" } else { "<td>" });
                w.pending_space = false;
            }
            _ => {}
        }
        return;
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes()[1] - b'0';
            w.start(BlockKind::Heading(level.clamp(2, 4)));
        }
        "li" => w.start(BlockKind::Item(lists.last().copied().unwrap_or(false))),
        "ul" => {
            w.flush();
            lists.push(false);
        }
        "ol" => {
            w.flush();
            lists.push(true);
        }
        "blockquote" => w.start(BlockKind::Quote),
        "pre" => {
            w.start(BlockKind::Pre);
            *pre += 1;
        }
        "br" => {
            // Two line breaks in a row end a paragraph; one is a space.
            let mut next = dom.nodes[index as usize].next_sibling;
            while next != crate::dom::NONE
                && matches!(dom.nodes[next as usize].kind, Kind::Text(t) if t.trim().is_empty())
            {
                next = dom.nodes[next as usize].next_sibling;
            }
            if next != crate::dom::NONE && dom.name(next) == Some("br") {
                let kind = w.kind;
                w.flush();
                w.kind = kind;
            } else if !w.text.is_empty() {
                w.pending_space = true;
            }
        }
        "a" => {
            let href = dom.attr(index, "href").and_then(|h| absolute(w.base, h));
            match href {
                Some(href) => {
                    if w.pending_space && !w.text.is_empty() {
                        w.text.push(' ');
                        w.html.push(' ');
                        w.pending_space = false;
                    }
                    w.html.push_str("<a href=\"");
                    escape_into(&mut w.html, &href);
                    w.html.push_str("\">");
                }
                None => w.html.push_str("<a>"),
            }
        }
        "em" | "i" | "strong" | "b" | "code" => {
            if w.pending_space && !w.text.is_empty() {
                w.text.push(' ');
                w.html.push(' ');
                w.pending_space = false;
            }
            w.html.push('<');
            w.html.push_str(name);
            w.html.push('>');
        }
        "tr" => w.flush(),
        "td" | "th" => {
            if !w.text.is_empty() {
                w.text.push_str(" | ");
                w.html.push_str(" | ");
            }
            w.pending_space = false;
        }
        _ if is_inline(name) => {}
        _ => w.flush(),
    }
}

fn close(w: &mut Writer, name: &str, lists: &mut Vec<bool>, pre: &mut usize) {
    if name == "table" && w.tables.pop() == Some(true) {
        w.table -= 1;
        if w.table == 0 {
            w.flush();
        }
        return;
    }
    if w.table > 0 {
        match name {
            "tr" => w.html.push_str("</tr>"),
            "td" => w.html.push_str("</td>"),
            "th" => w.html.push_str("</th>"),
            _ => {}
        }
        return;
    }
    match name {
        "ul" | "ol" => {
            w.flush();
            lists.pop();
        }
        "pre" => {
            w.flush();
            *pre = pre.saturating_sub(1);
        }
        "a" => {
            if w.html.ends_with("<a>") {
                w.html.truncate(w.html.len() - 3);
            } else if w.html.contains("<a") {
                w.html.push_str("</a>");
            }
        }
        "em" | "i" | "strong" | "b" | "code" => {
            let open = format!("<{name}>");
            if w.html.ends_with(&open) {
                w.html.truncate(w.html.len() - open.len());
            } else {
                w.html.push_str("</");
                w.html.push_str(name);
                w.html.push('>');
            }
        }
        "td" | "th" | "br" => {}
        _ if is_inline(name) => {}
        _ => w.flush(),
    }
}

/// An absolute http(s) URL for `href`, against the base.
pub fn absolute(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// The blocks as plain text: blank lines between blocks.
pub fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block.text);
    }
    out
}

/// The blocks as sanitized HTML.
pub fn to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut open_list: Option<bool> = None;
    for block in blocks {
        let item = match block.kind {
            BlockKind::Item(ordered) => Some(ordered),
            _ => None,
        };
        if open_list != item {
            if let Some(ordered) = open_list {
                out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
            }
            if let Some(ordered) = item {
                out.push_str(if ordered { "<ol>\n" } else { "<ul>\n" });
            }
            open_list = item;
        }
        let (open, close) = match block.kind {
            BlockKind::Paragraph => ("<p>".to_owned(), "</p>".to_owned()),
            BlockKind::Heading(level) => (format!("<h{level}>"), format!("</h{level}>")),
            BlockKind::Item(_) => ("<li>".to_owned(), "</li>".to_owned()),
            BlockKind::Quote => ("<blockquote><p>".to_owned(), "</p></blockquote>".to_owned()),
            BlockKind::Pre => ("<pre>".to_owned(), "</pre>".to_owned()),
            BlockKind::Table => ("<table>".to_owned(), "</table>".to_owned()),
        };
        out.push_str(&open);
        out.push_str(&balance(&block.html));
        out.push_str(&close);
        out.push('\n');
    }
    if let Some(ordered) = open_list {
        out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
    }
    out
}

/// Closes inline tags left open across a block boundary, drops stray closers.
fn balance(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 8);
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..end];
        if let Some(name) = tag.strip_prefix("</").and_then(|t| t.strip_suffix('>')) {
            if let Some(pos) = open.iter().rposition(|o| *o == name) {
                for closing in open.drain(pos..).rev() {
                    out.push_str("</");
                    out.push_str(closing);
                    out.push('>');
                }
            }
        } else {
            let name = tag[1..]
                .trim_end_matches('>')
                .split(' ')
                .next()
                .unwrap_or("");
            if let Some(known) = ["a", "em", "i", "strong", "b", "code"]
                .into_iter()
                .find(|k| *k == name)
            {
                open.push(known);
            }
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    for closing in open.into_iter().rev() {
        out.push_str("</");
        out.push_str(closing);
        out.push('>');
    }
    out
}
