//! A compact, read-only view of the parsed page for scoring.
//!
//! The tree parser's nodes are copied once, in document order, into a flat
//! vector: a parent always comes before its children, so per-node sums
//! (text length, link text, paragraphs) are one backward sweep. Elements
//! keep a reference to the [`Tree`]'s element for attributes; text nodes
//! keep their text. Comments, doctypes and processing instructions are
//! left out.

use crate::tree::{self, Element, NodeData, Tree};

/// The attributes the extractor reads; the parser keeps no others.
/// Whatever reads an attribute through [`Dom::attr`] must name it here
/// (debug builds check).
pub const READ_ATTRIBUTES: &[&str] = &[
    "align",
    "aria-hidden",
    "class",
    "content",
    "data-lazy-src",
    "data-original",
    "data-src",
    "data-srcset",
    "datetime",
    "height",
    "hidden",
    "href",
    "http-equiv",
    "id",
    "itemprop",
    "lang",
    "name",
    "property",
    "rel",
    "src",
    "srcset",
    "style",
    "title",
    "type",
    "width",
    "xml:lang",
];

/// No node (as a parent or sibling index).
pub const NONE: u32 = u32::MAX;

/// A node of the view.
#[derive(Debug)]
pub struct DomNode<'a> {
    /// Parent index, [`NONE`] for the root.
    pub parent: u32,
    /// First child, or [`NONE`].
    pub first_child: u32,
    /// Next sibling, or [`NONE`].
    pub next_sibling: u32,
    /// Depth from the root.
    pub depth: u16,
    /// What it is.
    pub kind: Kind<'a>,
}

/// Element or text.
#[derive(Debug)]
pub enum Kind<'a> {
    /// The document itself.
    Document,
    /// An element, with its lower-case local name.
    Element {
        /// Local name, lower case (the parser lower-cases HTML names).
        name: &'a str,
        /// The element, for attributes.
        element: &'a Element,
    },
    /// A text node.
    Text(&'a str),
}

/// The whole view.
pub struct Dom<'a> {
    /// Nodes in document order.
    pub nodes: Vec<DomNode<'a>>,
}

impl<'a> Dom<'a> {
    /// Copies the parsed document.
    pub fn new(tree: &'a Tree) -> Self {
        let mut nodes: Vec<DomNode<'a>> = Vec::with_capacity(tree.nodes.len());
        let mut last_child: Vec<u32> = Vec::with_capacity(tree.nodes.len());
        // (parser node, our parent index)
        let mut stack = vec![(tree::DOCUMENT, NONE)];
        while let Some((node, parent)) = stack.pop() {
            let kind = match &tree.nodes[node as usize].data {
                NodeData::Document => Kind::Document,
                NodeData::Element(element) => Kind::Element {
                    name: &element.name.local,
                    element,
                },
                NodeData::Text(text) => Kind::Text(text),
                NodeData::Other => continue,
            };
            let index = nodes.len() as u32;
            let depth = if parent == NONE {
                0
            } else {
                nodes[parent as usize].depth.saturating_add(1)
            };
            nodes.push(DomNode {
                parent,
                first_child: NONE,
                next_sibling: NONE,
                depth,
                kind,
            });
            last_child.push(NONE);
            if parent != NONE {
                let p = parent as usize;
                match last_child[p] {
                    NONE => nodes[p].first_child = index,
                    prev => nodes[prev as usize].next_sibling = index,
                }
                last_child[p] = index;
            }
            // Push children in reverse so the first is handled first.
            let mut child = tree.nodes[node as usize].last_child;
            while child != tree::NONE {
                stack.push((child, index));
                child = tree.nodes[child as usize].previous;
            }
        }
        Self { nodes }
    }

    /// The children of `index`.
    pub fn children(&self, index: u32) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: self.nodes[index as usize].first_child,
        }
    }

    /// The element name, if `index` is an element.
    pub fn name(&self, index: u32) -> Option<&'a str> {
        match self.nodes[index as usize].kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// An attribute of an element.
    pub fn attr(&self, index: u32, attr: &str) -> Option<&'a str> {
        debug_assert!(
            READ_ATTRIBUTES.contains(&attr),
            "{attr} is dropped in parsing: add it to dom::READ_ATTRIBUTES"
        );
        match self.nodes[index as usize].kind {
            Kind::Element { element, .. } => element.attr(attr),
            _ => None,
        }
    }

    /// The elements after `index` under the same parent, nearest first.
    pub fn following_elements(&self, index: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self
            .nodes
            .get(index as usize)
            .map_or(NONE, |n| n.next_sibling);
        std::iter::successors((first != NONE).then_some(first), move |&at| {
            let next = self.nodes[at as usize].next_sibling;
            (next != NONE).then_some(next)
        })
        .filter(|&i| self.name(i).is_some())
    }

    /// Every element named `name`, in document order.
    pub fn elements_named(&self, name: &'static str) -> impl Iterator<Item = u32> + '_ {
        self.elements().filter(move |&i| self.name(i) == Some(name))
    }

    /// Every element, in document order.
    pub fn elements(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.nodes.len() as u32)
            .filter(|&i| matches!(self.nodes[i as usize].kind, Kind::Element { .. }))
    }

    /// The text nodes inside `index`, in document order.
    pub fn texts(&self, index: u32) -> impl Iterator<Item = &'a str> + '_ {
        (index..self.subtree_end(index)).filter_map(|i| match self.nodes[i as usize].kind {
            Kind::Text(text) => Some(text),
            _ => None,
        })
    }

    /// All the text inside `index`, as it stands.
    pub fn text(&self, index: u32) -> String {
        self.texts(index).collect()
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub fn contains(&self, ancestor: u32, mut node: u32) -> bool {
        while node != NONE {
            if node == ancestor {
                return true;
            }
            node = self.nodes[node as usize].parent;
        }
        false
    }

    /// The ancestors of `index`, nearest first, up to the document.
    pub fn ancestors(&self, index: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.nodes.get(index as usize).map_or(NONE, |n| n.parent);
        std::iter::successors((first != NONE).then_some(first), move |&up| {
            let parent = self.nodes[up as usize].parent;
            (parent != NONE).then_some(parent)
        })
    }

    /// The index just past the last descendant of `index` (document order).
    pub fn subtree_end(&self, index: u32) -> u32 {
        let mut up = index;
        loop {
            let n = &self.nodes[up as usize];
            if n.next_sibling != NONE {
                return n.next_sibling;
            }
            if n.parent == NONE {
                return self.nodes.len() as u32;
            }
            up = n.parent;
        }
    }
}

/// Iterator over children.
pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let current = self.next;
        self.next = self.dom.nodes[current as usize].next_sibling;
        Some(current)
    }
}
