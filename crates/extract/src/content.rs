//! Finding the article in the page.
//!
//! 1. [`Stats`]: one backward sweep sums, for every node, its text length,
//!    the text inside links, commas, paragraphs, list items, images and
//!    form controls, leaving out what can never be article text (scripts,
//!    styles, navigation, forms, hidden elements).
//! 2. Scoring: every paragraph-like block with some text gives points to
//!    its parent (in full), grandparent (half) and a few more ancestors
//!    (less), and to itself when it holds a long text directly (an article
//!    in one element, cut by line breaks); a container's score is its
//!    points plus what its tag and its class/id say, scaled down by how
//!    much of its text is links.
//! 3. Choosing: the best container, or the one under the page's only
//!    headline when another post's excerpts outscore it; widened to a
//!    common ancestor when several near-best containers share one (an
//!    article split by ad slots), and joined by siblings that look like
//!    more of the same.

use crate::boilerplate::class_weight;
use crate::dom::{Dom, Kind, NONE};

/// Elements never looked into.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "math"
            | "canvas"
            | "object"
            | "embed"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "button"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "nav"
            | "dialog"
            | "video"
            | "audio"
            | "map"
    )
}

/// Per-node sums.
#[derive(Debug, Default, Clone, Copy)]
pub struct NodeStats {
    /// Characters of text (white space runs count as one).
    pub text: u32,
    /// Characters of text inside links.
    pub link_text: u32,
    /// Commas (of any script) in the text.
    pub commas: u32,
    /// `p` elements inside.
    pub paragraphs: u32,
    /// `li` elements inside.
    pub list_items: u32,
    /// `img` elements inside.
    pub images: u32,
    /// Headings inside.
    pub headings: u32,
    /// Characters of text in direct text children (and inline children).
    pub own_text: u32,
    /// Whether the subtree is left out entirely.
    pub skipped: bool,
}

impl NodeStats {
    /// Share of the text that is inside links.
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link_text as f32 / self.text as f32
        }
    }
}

/// The sums for every node.
pub struct Stats {
    /// Indexed like [`Dom::nodes`].
    pub nodes: Vec<NodeStats>,
}

/// Whether an element is hidden from readers.
pub fn is_hidden(dom: &Dom, index: u32) -> bool {
    if dom.attr(index, "hidden").is_some() || dom.attr(index, "aria-hidden") == Some("true") {
        return true;
    }
    dom.attr(index, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The class and id of an element, joined.
pub fn class_and_id<'a>(dom: &Dom<'a>, index: u32) -> String {
    let class = dom.attr(index, "class").unwrap_or("");
    let id = dom.attr(index, "id").unwrap_or("");
    if id.is_empty() {
        class.to_owned()
    } else {
        format!("{class} {id}")
    }
}

impl Stats {
    /// Sums every node's subtree.
    pub fn new(dom: &Dom) -> Self {
        let len = dom.nodes.len();
        let mut nodes = vec![NodeStats::default(); len];
        // Mark skipped subtrees top-down (a parent precedes its children).
        for i in 0..len {
            let node = &dom.nodes[i];
            let parent_skipped = node.parent != NONE && nodes[node.parent as usize].skipped;
            let self_skipped = match node.kind {
                Kind::Element { name, .. } => is_skipped(name) || is_hidden(dom, i as u32),
                _ => false,
            };
            nodes[i].skipped = parent_skipped || self_skipped;
        }
        // Sum bottom-up.
        for i in (0..len).rev() {
            if nodes[i].skipped {
                continue;
            }
            let node = &dom.nodes[i];
            match node.kind {
                Kind::Text(text) => {
                    let (chars, commas) = measure(text);
                    nodes[i].text += chars;
                    nodes[i].commas += commas;
                }
                Kind::Element { name, .. } => {
                    let s = &mut nodes[i];
                    match name {
                        "p" => s.paragraphs += 1,
                        "li" => s.list_items += 1,
                        "img" => s.images += 1,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => s.headings += 1,
                        "a" => s.link_text = s.text,
                        _ => {}
                    }
                }
                Kind::Document => {}
            }
            let parent = node.parent;
            if parent != NONE {
                let child = nodes[i];
                let p = &mut nodes[parent as usize];
                p.text += child.text;
                p.link_text += child.link_text;
                p.commas += child.commas;
                p.paragraphs += child.paragraphs;
                p.list_items += child.list_items;
                p.images += child.images;
                p.headings += child.headings;
                let inline_child = match node.kind {
                    Kind::Text(_) => true,
                    Kind::Element { name, .. } => is_inline(name) && name != "a",
                    Kind::Document => false,
                };
                if inline_child {
                    p.own_text += child.text;
                }
            }
        }
        Self { nodes }
    }

    /// The sums of one node.
    pub fn of(&self, index: u32) -> &NodeStats {
        &self.nodes[index as usize]
    }
}

/// Characters (white space runs folded to one) and commas of a text.
fn measure(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                chars += 1;
                in_space = true;
            }
        } else {
            in_space = false;
            chars += 1;
            if matches!(c, ',' | '،' | '，' | '、') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// Elements that hold running text of their own.
fn is_paragraph_like(dom: &Dom, stats: &Stats, index: u32) -> bool {
    match dom.name(index) {
        Some("p" | "pre" | "blockquote" | "td" | "dd") => true,
        Some("div" | "section" | "article" | "span" | "font")
            if stats.of(index).own_text >= 100
                && stats.of(index).own_text * 2 >= stats.of(index).text =>
        {
            true
        }
        Some("div" | "section" | "article" | "span" | "font") => {
            // A block with text directly in it, or with only inline children.
            dom.children(index)
                .all(|child| match dom.nodes[child as usize].kind {
                    Kind::Text(_) => true,
                    Kind::Element { name, .. } => is_inline(name),
                    Kind::Document => false,
                })
                && dom.children(index).any(
                    |c| matches!(dom.nodes[c as usize].kind, Kind::Text(t) if !t.trim().is_empty()),
                )
        }
        _ => false,
    }
}

/// Whether an element's own text reads as prose: several words, not a URL.
fn reads_as_prose(dom: &Dom, index: u32) -> bool {
    let mut text = String::new();
    for child in dom.children(index) {
        if let Kind::Text(t) = dom.nodes[child as usize].kind {
            text.push_str(t);
        }
    }
    let text = text.trim();
    !text.starts_with("http") && !text.contains("://") && text.split_whitespace().count() >= 8
}

/// Inline elements: they continue the paragraph they sit in.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The page's `h1`, if it has exactly one that readers see.
fn only_headline(dom: &Dom, stats: &Stats) -> Option<u32> {
    let mut found = None;
    for i in 0..dom.nodes.len() as u32 {
        if dom.name(i) == Some("h1") && !stats.of(i).skipped {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// The chosen article: container roots in document order.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Subtrees whose blocks form the article.
    pub roots: Vec<u32>,
    /// The best container's score.
    pub score: f32,
}

/// Scores containers and chooses the article's.
pub fn select(dom: &Dom, stats: &Stats) -> Option<Selection> {
    let len = dom.nodes.len();
    let mut points = vec![0f32; len];
    let mut is_candidate = vec![false; len];
    for i in 0..len as u32 {
        let s = stats.of(i);
        if s.skipped || s.text < 25 || !is_paragraph_like(dom, stats, i) {
            continue;
        }
        let gained = 1.0 + s.commas.min(30) as f32 + (s.text as f32 / 100.0).min(3.0);
        let gained = gained * (1.0 - s.link_density());
        // A container that holds the text itself (runs of text between
        // line breaks, no paragraph elements) is a candidate of its own.
        // Not inside a comment thread or a promo box, though: such a
        // block's own class may well read as content.
        if matches!(dom.name(i), Some("div" | "section" | "article" | "main"))
            && s.own_text >= 400
            && !dom
                .ancestors(i)
                .take(4)
                .any(|a| class_weight(&class_and_id(dom, a)) < 0)
        {
            points[i as usize] += gained;
            is_candidate[i as usize] = true;
        }
        let mut ancestor = dom.nodes[i as usize].parent;
        let mut level = 0;
        while ancestor != NONE && level < 5 {
            if matches!(dom.nodes[ancestor as usize].kind, Kind::Document) {
                break;
            }
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                n => 1.0 / (n as f32 * 3.0),
            };
            points[ancestor as usize] += gained * share;
            is_candidate[ancestor as usize] = true;
            ancestor = dom.nodes[ancestor as usize].parent;
            level += 1;
        }
    }
    let score_of = |i: u32| -> f32 {
        let s = stats.of(i);
        let base = match dom.name(i) {
            Some("article") => 10.0,
            Some("div" | "main") => 5.0,
            Some("section") => 3.0,
            Some("pre" | "td" | "blockquote") => 3.0,
            Some("ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form") => -3.0,
            Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th") => -5.0,
            _ => 0.0,
        };
        let weight = class_weight(&class_and_id(dom, i)) as f32;
        (base + weight + points[i as usize]) * (1.0 - s.link_density())
    };
    let mut best: Option<(u32, f32)> = None;
    let mut scored: Vec<(u32, f32)> = Vec::new();
    for i in 0..len as u32 {
        if !is_candidate[i as usize] || stats.of(i).skipped {
            continue;
        }
        if matches!(dom.name(i), Some("html" | "body")) {
            continue;
        }
        let score = score_of(i);
        scored.push((i, score));
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    let (mut top, mut top_score) = best?;
    let mut under_headline = false;
    // Two posts on one page (the story and a box of other posts' excerpts):
    // the one under the page's only headline is the story, if it holds a
    // fair share of text.
    if let Some(headline) = only_headline(dom, stats) {
        let story = dom
            .ancestors(headline)
            .take(6)
            .filter(|&a| is_candidate[a as usize] && !dom.contains(a, top) && !dom.contains(top, a))
            .map(|a| (a, score_of(a)))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((story, score)) = story
            && score >= top_score * 0.5
            && stats.of(story).text >= 400
        {
            top = story;
            top_score = score;
            under_headline = true;
        }
    }
    // Several near-best containers under one ancestor: the article is split
    // (unless the headline told the story from the other posts).
    let near: Vec<u32> = scored
        .iter()
        .filter(|(i, s)| {
            *i != top && *s >= top_score * 0.75 && !dom.contains(top, *i) && !dom.contains(*i, top)
        })
        .map(|(i, _)| *i)
        .collect();
    if near.len() >= 2 && !under_headline {
        let mut common = top;
        for &other in &near {
            while common != NONE && !dom.contains(common, other) {
                common = dom.nodes[common as usize].parent;
            }
        }
        if common != NONE && !matches!(dom.name(common), Some("html" | "body") | None) {
            top = common;
        }
    }
    // Climb while the parent is mostly this container (a thin wrapper).
    loop {
        let parent = dom.nodes[top as usize].parent;
        if parent == NONE || matches!(dom.name(parent), Some("html" | "body") | None) {
            break;
        }
        let (ps, ts) = (stats.of(parent), stats.of(top));
        if ts.text as f32 >= ps.text as f32 * 0.9 {
            top = parent;
        } else {
            break;
        }
    }
    // Siblings that look like more of the article.
    let top_score = score_of(top).max(top_score);
    let threshold = (top_score * 0.2).max(10.0);
    let parent = dom.nodes[top as usize].parent;
    let top_class = dom.attr(top, "class").unwrap_or("");
    let mut roots = Vec::new();
    if parent == NONE {
        roots.push(top);
    } else {
        for sibling in dom.children(parent) {
            if sibling == top {
                roots.push(sibling);
                continue;
            }
            let s = stats.of(sibling);
            if s.skipped || s.text == 0 || dom.name(sibling).is_none() {
                continue;
            }
            // Another <article> beside the chosen one is another story.
            if dom.name(top) == Some("article") && dom.name(sibling) == Some("article") {
                continue;
            }
            let mut score = if is_candidate[sibling as usize] {
                score_of(sibling)
            } else {
                0.0
            };
            if !top_class.is_empty() && dom.attr(sibling, "class") == Some(top_class) {
                score += top_score * 0.2;
            }
            // Never a block that is mostly links, whatever its class.
            let append = (score >= threshold && s.link_density() < 0.5)
                || ((dom.name(sibling) == Some("p")
                    || (is_paragraph_like(dom, stats, sibling) && reads_as_prose(dom, sibling)))
                    && {
                        let density = s.link_density();
                        (s.text > 80 && density < 0.25)
                            || (s.text <= 80 && s.text > 0 && density == 0.0 && s.commas > 0)
                    });
            if append {
                roots.push(sibling);
            }
        }
    }
    Some(Selection {
        roots,
        score: top_score,
    })
}
