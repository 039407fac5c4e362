//! A fast HTML tokenizer in front of html5ever's tree builder.
//!
//! html5ever's own tokenizer reads its input one character at a time
//! through a queue of buffers; on news pages it was most of the time the
//! whole extraction took. This one reads the (already [`crate::bound`]ed)
//! text as bytes: it jumps from one `<` or `&` to the next with `memchr`,
//! hands each run of text to the tree builder in one piece, and splits
//! tags and attributes as the WHATWG tokenizer does. The tree itself is
//! still built by html5ever's tree builder, so implied end tags, misnested
//! formatting and foster parenting come out as in a browser.
//!
//! Where it knowingly parts from the standard, nothing this crate reads is
//! at stake: parse errors are not passed on and comments reach the tree
//! empty (no reader of the tree looks at them; they are passed on at all
//! because a comment splits a table's text in two), a script's text ends at the first `</script` even
//! inside an HTML comment (the escaped script states), which only matters
//! for scripts that [`crate::bound`] has emptied anyway, and a tag keeps
//! its first [`MAX_ATTRIBUTES`] attributes.
//! `parses_as_html5ever_does` in the tests holds it to html5ever's trees.

use crate::tree::{Sink, Tree};
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    CharacterTokens, CommentToken, Doctype, DoctypeToken, EOFToken, EndTag, NullCharacterToken,
    StartTag, Tag, TagKind, TagToken, Token, TokenSink, TokenSinkResult,
};
use html5ever::tree_builder::TreeSink;
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, QualName, ns};
use std::borrow::Cow;

/// Which attributes the tree keeps.
#[derive(Debug, Clone, Copy)]
pub enum Attributes {
    /// Every one, as a browser does.
    All,
    /// Only these (lower-case names): the others cost nothing more than
    /// being stepped over. Tracking data, event handlers and alternative
    /// texts are over half of a news page's markup after its scripts.
    Only(&'static [&'static str]),
}

impl Attributes {
    fn keeps(self, name: &[u8]) -> bool {
        match self {
            Attributes::All => true,
            Attributes::Only(names) => names
                .iter()
                .any(|n| n.len() == name.len() && n.as_bytes().eq_ignore_ascii_case(name)),
        }
    }
}

/// Parses a whole document as a browser does, but with only the
/// attributes asked for.
pub fn parse_document(html: &str, attributes: Attributes) -> Tree {
    // The input stream's newlines are normalised first (CR LF and lone CR
    // become LF), as the standard's preprocessing does.
    let html: Cow<'_, str> = if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        Cow::Owned(html.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(html)
    };
    let builder = TreeBuilder::new(Sink::default(), TreeBuilderOpts::default());
    let mut tokenizer = Tokenizer {
        html: &html,
        bytes: html.as_bytes(),
        at: 0,
        text: StrTendril::new(),
        builder: &builder,
        attributes,
    };
    tokenizer.run();
    let _ = builder.process_token(EOFToken, 1);
    builder.end();
    builder.sink.finish()
}

type Builder = TreeBuilder<u32, Sink>;

struct Tokenizer<'a> {
    html: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    /// Text read and not yet handed over.
    text: StrTendril,
    builder: &'a Builder,
    attributes: Attributes,
}

/// What follows the text of a raw element.
enum Raw {
    /// Title and textarea: character references are read.
    Escapable(LocalName),
    /// Style, script, iframe, noscript...: nothing is read.
    Plain(LocalName),
}

impl Tokenizer<'_> {
    fn run(&mut self) {
        let mut raw = None;
        loop {
            if let Some(kind) = raw.take() {
                self.raw_text(&kind);
            }
            let Some(offset) = memchr::memchr3(b'<', b'&', 0, &self.bytes[self.at..]) else {
                self.push_text(self.at, self.bytes.len());
                self.flush();
                return;
            };
            let at = self.at + offset;
            self.push_text(self.at, at);
            self.at = at;
            match self.bytes[at] {
                b'&' => self.char_ref(),
                0 => {
                    self.flush();
                    let _ = self.builder.process_token(NullCharacterToken, 1);
                    self.at += 1;
                }
                _ => match self.markup() {
                    Step::Go => {}
                    Step::Raw(kind) => raw = Some(kind),
                    Step::Plaintext => {
                        let rest = self.html[self.at..].replace('\0', "\u{fffd}");
                        self.text.push_slice(&rest);
                        self.flush();
                        return;
                    }
                    Step::End => {
                        self.flush();
                        return;
                    }
                },
            }
        }
    }

    fn push_text(&mut self, from: usize, to: usize) {
        if from < to {
            self.text.push_slice(&self.html[from..to]);
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let _ = self.builder.process_token(CharacterTokens(text), 1);
        }
    }

    fn emit(&mut self, token: Token) -> TokenSinkResult<u32> {
        self.flush();
        self.builder.process_token(token, 1)
    }

    /// Markup at `self.at` (a `<`).
    fn markup(&mut self) -> Step {
        let b = self.bytes;
        let at = self.at;
        match b.get(at + 1) {
            Some(c) if c.is_ascii_alphabetic() => self.tag(StartTag, at + 1),
            Some(b'/') => match b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(EndTag, at + 2),
                Some(b'>') => {
                    self.at = at + 3;
                    Step::Go
                }
                None => {
                    self.text.push_slice("</");
                    self.at = b.len();
                    Step::Go
                }
                Some(_) => self.bogus_comment(at + 2),
            },
            Some(b'!') => {
                let rest = &b[at + 2..];
                if rest.starts_with(b"--") {
                    self.comment(at + 4)
                } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
                    self.doctype(at + 9)
                } else if rest.starts_with(b"[CDATA[") {
                    if self
                        .builder
                        .adjusted_current_node_present_but_not_in_html_namespace()
                    {
                        let start = at + 9;
                        let end = memchr::memmem::find(&b[start..], b"]]>")
                            .map_or(b.len(), |e| start + e);
                        self.push_text(start, end);
                        self.at = (end + 3).min(b.len());
                        Step::Go
                    } else {
                        self.bogus_comment(at + 2)
                    }
                } else {
                    self.bogus_comment(at + 2)
                }
            }
            Some(b'?') => self.bogus_comment(at + 1),
            _ => {
                self.text.push_char('<');
                self.at = at + 1;
                Step::Go
            }
        }
    }

    /// A bogus comment runs to the next `>`.
    fn bogus_comment(&mut self, from: usize) -> Step {
        self.at =
            memchr::memchr(b'>', &self.bytes[from..]).map_or(self.bytes.len(), |e| from + e + 1);
        self.empty_comment()
    }

    fn empty_comment(&mut self) -> Step {
        let _ = self.emit(CommentToken(StrTendril::new()));
        Step::Go
    }

    /// A comment from just after `<!--`.
    fn comment(&mut self, from: usize) -> Step {
        let b = self.bytes;
        // `<!-->` and `<!--->` are empty comments.
        if b.get(from) == Some(&b'>') {
            self.at = from + 1;
            return self.empty_comment();
        }
        if b.get(from) == Some(&b'-') && b.get(from + 1) == Some(&b'>') {
            self.at = from + 2;
            return self.empty_comment();
        }
        let mut i = from;
        self.at = b.len();
        while let Some(offset) = memchr::memchr(b'-', &b[i..]) {
            let dash = i + offset;
            if b[dash..].starts_with(b"-->") {
                self.at = dash + 3;
                break;
            }
            if b[dash..].starts_with(b"--!>") {
                self.at = dash + 4;
                break;
            }
            i = dash + 1;
        }
        self.empty_comment()
    }

    /// A doctype from just after `<!DOCTYPE`.
    fn doctype(&mut self, from: usize) -> Step {
        let b = self.bytes;
        let mut doctype = Doctype::default();
        let mut i = from;
        let skip = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        i = skip(i);
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        if i > name_start {
            let name = self.html[name_start..i]
                .to_ascii_lowercase()
                .replace('\0', "\u{fffd}");
            doctype.name = Some(StrTendril::from(name));
        } else {
            doctype.force_quirks = true;
        }
        i = skip(i);
        let keyword = |word: &[u8]| b.len() >= i + 6 && b[i..i + 6].eq_ignore_ascii_case(word);
        let quoted = |i: &mut usize, doctype: &mut Doctype| -> Option<StrTendril> {
            *i = skip(*i);
            let quote = *b.get(*i).filter(|q| matches!(q, b'"' | b'\''))?;
            let start = *i + 1;
            let close = memchr::memchr2(quote, b'>', &b[start..]).map_or(b.len(), |e| start + e);
            let value = StrTendril::from_slice(&self.html[start..close]);
            if close < b.len() && b[close] == quote {
                *i = close + 1;
            } else {
                // A `>` (or the end) inside the identifier ends the doctype.
                doctype.force_quirks = true;
                *i = close;
            }
            Some(value)
        };
        if doctype.name.is_some() && i < b.len() && b[i] != b'>' {
            if keyword(b"public") {
                i += 6;
                match quoted(&mut i, &mut doctype) {
                    Some(public) => {
                        doctype.public_id = Some(public);
                        if !doctype.force_quirks {
                            i = skip(i);
                            match b.get(i) {
                                None | Some(b'>') => {}
                                Some(b'"' | b'\'') => {
                                    doctype.system_id = quoted(&mut i, &mut doctype);
                                }
                                Some(_) => doctype.force_quirks = true,
                            }
                        }
                    }
                    None => doctype.force_quirks = true,
                }
            } else if keyword(b"system") {
                i += 6;
                match quoted(&mut i, &mut doctype) {
                    Some(system) => doctype.system_id = Some(system),
                    None => doctype.force_quirks = true,
                }
            } else {
                doctype.force_quirks = true;
            }
            // Anything left up to the `>` is ignored (the bogus doctype state).
        }
        let end = if i < b.len() {
            memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1)
        } else {
            doctype.force_quirks = true;
            b.len()
        };
        self.at = end;
        let _ = self.emit(DoctypeToken(doctype));
        Step::Go
    }

    /// A start or end tag whose name starts at `from`.
    fn tag(&mut self, kind: TagKind, from: usize) -> Step {
        let b = self.bytes;
        let mut i = from;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = self.name(from, i);
        let mut attrs: Vec<Attribute> = Vec::new();
        let self_closing;
        loop {
            let gap = i;
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            match b.get(i) {
                // A tag cut off by the end of the input is dropped.
                None => return Step::End,
                Some(b'>') => {
                    self_closing = i > gap && b[i - 1] == b'/';
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let start = i;
            i += 1; // A name may start with `=`.
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let name_end = i;
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let kept = kind == StartTag
                && attrs.len() < MAX_ATTRIBUTES
                && self.attributes.keeps(&b[start..name_end]);
            let mut value = StrTendril::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (value_start, value_end, next) = match b.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let Some(close) = memchr::memchr(quote, &b[j + 1..]) else {
                            return Step::End;
                        };
                        (j + 1, j + 1 + close, j + 1 + close + 1)
                    }
                    _ => {
                        let mut k = j;
                        while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                            k += 1;
                        }
                        (j, k, k)
                    }
                };
                if kept {
                    value = self.attribute_value(value_start, value_end);
                }
                i = next;
            }
            if kept {
                let local = self.name(start, name_end);
                if !attrs.iter().any(|a| a.name.local == local) {
                    attrs.push(Attribute {
                        name: QualName::new(None, ns!(), local),
                        value,
                    });
                }
            }
        }
        self.at = i;
        let tag = Tag {
            kind,
            name: name.clone(),
            self_closing,
            attrs,
            had_duplicate_attributes: false,
        };
        match self.emit(TagToken(tag)) {
            TokenSinkResult::RawData(RawKind::Rcdata) => Step::Raw(Raw::Escapable(name)),
            TokenSinkResult::RawData(_) => Step::Raw(Raw::Plain(name)),
            TokenSinkResult::Plaintext => Step::Plaintext,
            _ => Step::Go,
        }
    }

    /// A tag or attribute name, ASCII lower-cased, NUL replaced.
    fn name(&self, from: usize, to: usize) -> LocalName {
        let raw = &self.html[from..to];
        if raw.bytes().all(|c| !c.is_ascii_uppercase() && c != 0) {
            LocalName::from(raw)
        } else {
            LocalName::from(raw.to_ascii_lowercase().replace('\0', "\u{fffd}"))
        }
    }

    fn attribute_value(&self, from: usize, to: usize) -> StrTendril {
        let mut value = StrTendril::new();
        push_decoded(&mut value, &self.html[..to], from, References::InAttribute);
        value
    }

    /// A character reference at `self.at` (an `&`) in text.
    fn char_ref(&mut self) {
        match decode_char_ref(self.bytes, self.at, false) {
            Some((chars, end)) => {
                chars
                    .into_iter()
                    .flatten()
                    .for_each(|c| self.text.push_char(c));
                self.at = end;
            }
            None => {
                self.text.push_char('&');
                self.at += 1;
            }
        }
    }

    /// The text of a raw element up to its end tag, which is then read.
    fn raw_text(&mut self, kind: &Raw) {
        let (name, escapable) = match kind {
            Raw::Escapable(name) => (name, true),
            Raw::Plain(name) => (name, false),
        };
        let b = self.bytes;
        let mut i = self.at;
        let end = loop {
            let Some(offset) = memchr::memchr(b'<', &b[i..]) else {
                break b.len();
            };
            let lt = i + offset;
            let name_at = lt + 2;
            let name_end = name_at + name.len();
            if b.get(lt + 1) == Some(&b'/')
                && name_end <= b.len()
                && b[name_at..name_end].eq_ignore_ascii_case(name.as_bytes())
                && b.get(name_end)
                    .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            {
                break lt;
            }
            i = lt + 1;
        };
        let references = if escapable {
            References::InText
        } else {
            References::Not
        };
        push_decoded(&mut self.text, &self.html[..end], self.at, references);
        self.at = end;
        if end < b.len() {
            // The end tag: read as any other.
            let _ = self.tag(EndTag, end + 2);
        }
    }
}

/// Attributes kept per tag (and per element, when repeated `<html>` and
/// `<body>` tags add theirs): a tag with more (only a hostile page has
/// one) loses the rest, which keeps the check for duplicates from growing
/// with the square of their number.
pub const MAX_ATTRIBUTES: usize = 64;

/// Whether and how character references are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum References {
    Not,
    InText,
    InAttribute,
}

/// Appends `html[from..]` to `out` with NUL as U+FFFD and, as asked,
/// character references read.
fn push_decoded(out: &mut StrTendril, html: &str, from: usize, references: References) {
    let b = html.as_bytes();
    let special = |rest: &[u8]| match references {
        References::Not => memchr::memchr(0, rest),
        _ => memchr::memchr2(0, b'&', rest),
    };
    let mut i = from;
    while let Some(offset) = special(&b[i..]) {
        let at = i + offset;
        out.push_slice(&html[i..at]);
        i = at + 1;
        if b[at] == 0 {
            out.push_char('\u{fffd}');
            continue;
        }
        match decode_char_ref(b, at, references == References::InAttribute) {
            Some((chars, end)) => {
                chars.into_iter().flatten().for_each(|c| out.push_char(c));
                i = end;
            }
            None => out.push_char('&'),
        }
    }
    out.push_slice(&html[i..]);
}

/// What the tokenizer does after a piece of markup.
enum Step {
    Go,
    Raw(Raw),
    Plaintext,
    End,
}

/// The longest name in the entity table is 32 bytes (`&CounterClockwiseContourIntegral;`).
const LONGEST_ENTITY: usize = 32;

/// Decodes the character reference at `at` (an `&`): its characters and
/// the index just past it, or `None` when it is no reference (the `&` is
/// then text).
fn decode_char_ref(b: &[u8], at: usize, in_attribute: bool) -> Option<([Option<char>; 2], usize)> {
    let mut i = at + 1;
    if b.get(i) == Some(&b'#') {
        i += 1;
        let hex = matches!(b.get(i), Some(b'x' | b'X'));
        if hex {
            i += 1;
        }
        let start = i;
        let mut value: u32 = 0;
        while let Some(&c) = b.get(i) {
            let digit = if hex {
                (c as char).to_digit(16)
            } else {
                (c as char).to_digit(10)
            };
            let Some(digit) = digit else { break };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(digit);
            i += 1;
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match value {
            0 => '\u{fffd}',
            0x80..=0x9f => C1_REPLACEMENTS[(value - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{fffd}')),
            _ => char::from_u32(value).unwrap_or('\u{fffd}'),
        };
        return Some(([Some(c), None], i));
    }
    let mut end = i;
    while end < b.len() && end - i < LONGEST_ENTITY && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if end == i {
        return None;
    }
    if b.get(end) == Some(&b';') {
        end += 1;
    }
    // The longest name in the table that the text starts with.
    let name = std::str::from_utf8(&b[i..end]).ok()?;
    let (len, &(first, second)) = (1..=name.len()).rev().find_map(|len| {
        NAMED_ENTITIES
            .get(&name[..len])
            .filter(|v| v.0 != 0)
            .map(|v| (len, v))
    })?;
    let after = i + len;
    if in_attribute
        && !name[..len].ends_with(';')
        && b.get(after)
            .is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((
        [
            char::from_u32(first),
            (second != 0).then(|| char::from_u32(second)).flatten(),
        ],
        after,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a test compares of a node: an element's namespace, name and
    /// sorted attributes, or text (comments and doctypes are left out, and
    /// the text on both sides of one is one piece).
    enum Seen {
        Element(String),
        Text(String),
        Other,
    }

    /// The tree as html5ever's own tokenizer and tree builder make it.
    fn by_html5ever(html: &str) -> String {
        let normalized = html.replace("\r\n", "\n").replace('\r', "\n");
        let document = scraper::Html::parse_document(&normalized);
        fn walk(node: ego_tree::NodeRef<'_, scraper::Node>, depth: usize, out: &mut String) {
            use scraper::Node;
            let seen = |n: &Node| match n {
                Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().collect();
                    attrs.sort();
                    Seen::Element(format!("<{:?} {}> {attrs:?}", e.name.ns, e.name()))
                }
                Node::Text(t) => Seen::Text(t.to_string()),
                Node::Document | Node::Fragment => Seen::Element("#document".into()),
                _ => Seen::Other,
            };
            line(out, depth, seen(node.value()));
            let mut text = String::new();
            for child in node.children() {
                match seen(child.value()) {
                    Seen::Text(t) => text.push_str(&t),
                    Seen::Other => {}
                    Seen::Element(_) => {
                        flush(out, depth + 1, &mut text);
                        walk(child, depth + 1, out);
                    }
                }
            }
            flush(out, depth + 1, &mut text);
        }
        let mut out = String::new();
        walk(document.tree.root(), 0, &mut out);
        out
    }

    /// The tree as ours makes it, printed the same way.
    fn ours(html: &str) -> String {
        let tree = parse_document(html, Attributes::All);
        fn walk(tree: &Tree, node: u32, depth: usize, out: &mut String) {
            use crate::tree::{NONE, NodeData};
            let seen = |n: u32| match &tree.nodes[n as usize].data {
                NodeData::Element(e) => {
                    let mut attrs: Vec<_> = e
                        .attrs
                        .iter()
                        .map(|a| (&*a.name.local, &*a.value))
                        .collect();
                    attrs.sort();
                    Seen::Element(format!("<{:?} {}> {attrs:?}", e.name.ns, &*e.name.local))
                }
                NodeData::Text(t) => Seen::Text(t.to_string()),
                NodeData::Document => Seen::Element("#document".into()),
                NodeData::Other => Seen::Other,
            };
            line(out, depth, seen(node));
            let mut text = String::new();
            let mut child = tree.nodes[node as usize].first_child;
            while child != NONE {
                match seen(child) {
                    Seen::Text(t) => text.push_str(&t),
                    Seen::Other => {}
                    Seen::Element(_) => {
                        flush(out, depth + 1, &mut text);
                        walk(tree, child, depth + 1, out);
                    }
                }
                child = tree.nodes[child as usize].next;
            }
            flush(out, depth + 1, &mut text);
        }
        let mut out = String::new();
        walk(&tree, crate::tree::DOCUMENT, 0, &mut out);
        out
    }

    fn line(out: &mut String, depth: usize, seen: Seen) {
        if let Seen::Element(e) = seen {
            out.push_str(&format!("{}{e}\n", "  ".repeat(depth)));
        }
    }

    fn flush(out: &mut String, depth: usize, text: &mut String) {
        if !text.is_empty() {
            out.push_str(&format!(
                "{}{:?}\n",
                "  ".repeat(depth),
                std::mem::take(text)
            ));
        }
    }

    #[track_caller]
    fn same(html: &str) {
        assert_eq!(ours(html), by_html5ever(html), "for {html:?}");
    }

    #[test]
    fn parses_as_html5ever_does() {
        for html in [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B</title></head><body><p>One<p>Two</body></html>",
            "<p>Fish &amp chips &lt;3 &notit; &notin; &#x41;&#65;&#0;&#x110000;&#150; &#; &# &x",
            "<a href=\"/a?b=1&amp;c=2&copy=3&lang\" title='x &gt; y'>link</a>",
            "<table><tr><td>cell<p>para</table><b>bold<i>both</b>italic</i>",
            "<div class=a CLASS=b Id=c data-x>text</DIV>",
            "<textarea>\n a &amp; <b>b</b></textarea><title>t <i></title><style>p { x: '<' }</style>",
            "<script>if (a < b && c) { d('</scr' + 'ipt>') }</script><p>after",
            "<noscript><img src=a.jpg></noscript><iframe><p>x</iframe><xmp><b></xmp>",
            "<p>a</>b</ c>d<?php echo ?>e<!bogus>f<!--c-->g<!-->h<!--->i<!-- a -- b --!>j",
            "<svg><title>T</title><![CDATA[<raw>]]><path d=x /></svg><math><mi>x</mi></math>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table><tr><td>q",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><p>x",
            "<!doctype><p>quirks",
            "<p>line\r\nbreak\rand<br/>void<img src=x /><div/>self",
            "<pre>\nfirst line</pre><listing>\nx</listing>",
            "<a b\"c=\"d\" e='f'g=h i=j/>k<a =x ==y>z",
            "<p>unclosed <b attr=\"cut",
            "<p>nul\0in text<di\0v a\0=b\0>x",
            "<plaintext><p>all text</p>",
            "<ul><li>a<li>b<ol><li>c</ul>d<dl><dt>t<dd>d</dl>",
            "<form><input type=hidden name=a><select><option>x<option>y</select></form>",
            "<frameset><frame></frameset>",
            "&amp;&AMP;&ampx &amp;x &NotEqualTilde; &CounterClockwiseContourIntegral;",
            "<p title=\"&amp&lt=&gt;\">&copy=</p>",
            "<title>no end",
            "<script>no end",
            "text < 3 and <3 and < p",
        ] {
            same(html);
        }
    }

    #[test]
    fn the_golden_pages_parse_as_html5ever_does() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        let mut pages = 0;
        for entry in std::fs::read_dir(folder).expect("the golden pages") {
            let path = entry.expect("a golden page").path();
            if path.extension().is_some_and(|e| e == "html") {
                let bytes = std::fs::read(&path).expect("a readable page");
                let text = crate::decode::decode(&bytes, None).text;
                assert_eq!(ours(&text), by_html5ever(&text), "{}", path.display());
                pages += 1;
            }
        }
        assert!(pages >= 30, "only {pages} golden pages");
    }

    #[test]
    fn repeated_body_tags_add_at_most_so_many_attributes() {
        let html: String = (0..5_000).map(|i| format!("<body data-n{i}=x>")).collect();
        let tree = parse_document(&html, Attributes::All);
        let dom = crate::dom::Dom::new(&tree);
        let body = dom.elements_named("body").next().expect("a body");
        match dom.nodes[body as usize].kind {
            crate::dom::Kind::Element { element, .. } => {
                assert_eq!(element.attrs.len(), MAX_ATTRIBUTES)
            }
            _ => unreachable!("an element"),
        }
    }

    #[test]
    fn only_the_attributes_asked_for_are_kept() {
        let html = "<div class=story onclick=\"go('a > b')\" data-track='{\"x\":1}'>\
                    <a HREF=/next target=_blank rel=next>Next</a><img alt=\"A > B\" src=a.jpg/></div>";
        let only = parse_document(html, Attributes::Only(&["class", "href", "rel", "src"]));
        let all = parse_document(html, Attributes::All);
        let attributes = |tree: &Tree| -> Vec<String> {
            let dom = crate::dom::Dom::new(tree);
            dom.elements()
                .flat_map(|e| match dom.nodes[e as usize].kind {
                    crate::dom::Kind::Element { element, .. } => element
                        .attrs
                        .iter()
                        .map(|a| format!("{}={}", &*a.name.local, &*a.value))
                        .collect::<Vec<_>>(),
                    _ => vec![],
                })
                .collect()
        };
        let text = |tree: &Tree| crate::dom::Dom::new(tree).text(0);
        assert_eq!(
            attributes(&only),
            ["class=story", "href=/next", "rel=next", "src=a.jpg/"]
        );
        assert_eq!(attributes(&all).len(), 8);
        assert_eq!(text(&only), text(&all));
    }

    fn soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>"),
            Just("</p>"),
            Just("<div class=x>"),
            Just("</div>"),
            Just("<b>"),
            Just("</b>"),
            Just("<i>"),
            Just("</i>"),
            Just("<table>"),
            Just("<tr>"),
            Just("<td>"),
            Just("</table>"),
            Just("<li>"),
            Just("<ul>"),
            Just("</ul>"),
            Just("<a href='/x?a=1&amp;b'>"),
            Just("</a>"),
            Just("<title>"),
            Just("</title>"),
            Just("<textarea>"),
            Just("</textarea>"),
            Just("<script>"),
            Just("</script>"),
            Just("<style>"),
            Just("</style>"),
            Just("<svg>"),
            Just("</svg>"),
            Just("<math>"),
            Just("<![CDATA[x]]>"),
            Just("<!-- c -->"),
            Just("<!DOCTYPE html>"),
            Just("<br/>"),
            Just("<img src=x>"),
            Just("<select>"),
            Just("<option>"),
            Just("<head>"),
            Just("<body>"),
            Just("<html>"),
            Just("<frameset>"),
            Just("<noscript>"),
            Just("</noscript>"),
            Just("<pre>"),
            Just("\n"),
            Just("\r\n"),
            Just(" "),
            Just("text"),
            Just("&amp;"),
            Just("&lt"),
            Just("&#x41;"),
            Just("&"),
            Just("<"),
            Just(">"),
            Just("</"),
            Just("<!"),
            Just("\""),
            Just("'"),
            Just("="),
            Just("/"),
            Just("é"),
            Just("\0"),
            Just("<p a=\"1\" b='2' c=3>"),
            Just("<plaintext>"),
            Just("<input type=hidden>"),
            Just("<h1>"),
            Just("</h2>"),
            Just("<font color=red>"),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn any_tag_soup_parses_as_html5ever_does(html in soup()) {
            prop_assert_eq!(ours(&html), by_html5ever(&html));
        }
    }
}
