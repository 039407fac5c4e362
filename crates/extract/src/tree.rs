//! The parsed page as html5ever's tree builder leaves it.
//!
//! An arena of nodes linked by index: the tree builder creates nodes,
//! appends them, moves them (misnested formatting, foster parenting) and
//! merges adjacent text, all through [`TreeSink`]. Nothing else is kept:
//! no attribute index, no class set, no selector caches. [`crate::dom`]
//! then copies the result once into document order.

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::sync::LazyLock;

/// No node.
pub const NONE: u32 = u32::MAX;

/// The document node's index.
pub const DOCUMENT: u32 = 0;

/// The parsed page.
#[derive(Debug)]
pub struct Tree {
    /// Every node ever made, linked or not; [`DOCUMENT`] is the root.
    pub nodes: Vec<TreeNode>,
}

/// A node and its links.
#[derive(Debug)]
pub struct TreeNode {
    /// Parent, or [`NONE`].
    pub parent: u32,
    /// First child, or [`NONE`].
    pub first_child: u32,
    /// Last child, or [`NONE`].
    pub last_child: u32,
    /// Previous sibling, or [`NONE`].
    pub previous: u32,
    /// Next sibling, or [`NONE`].
    pub next: u32,
    /// What it is.
    pub data: NodeData,
}

/// What a node is.
#[derive(Debug)]
pub enum NodeData {
    /// The document, or a template's contents.
    Document,
    /// An element.
    Element(Element),
    /// Text.
    Text(StrTendril),
    /// A comment, doctype or processing instruction: nothing is read.
    Other,
}

/// An element: its name and attributes.
#[derive(Debug)]
pub struct Element {
    /// The qualified name.
    pub name: QualName,
    /// Attributes in source order, without repeats.
    pub attrs: Vec<Attribute>,
    /// A `<template>`'s contents (a [`NodeData::Document`] child).
    template: u32,
    /// A MathML `annotation-xml` that holds HTML.
    integration_point: bool,
}

impl Element {
    /// An attribute's value, by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

/// Builds a [`Tree`] for html5ever's tree builder.
pub struct Sink {
    tree: RefCell<Tree>,
}

impl Default for Sink {
    fn default() -> Self {
        let mut tree = Tree { nodes: Vec::new() };
        tree.push(NodeData::Document);
        Self {
            tree: RefCell::new(tree),
        }
    }
}

/// The name answered for a node that is not an element (the tree builder
/// never asks for one).
static NO_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, ns!(html), local_name!("")));

impl Tree {
    fn push(&mut self, data: NodeData) -> u32 {
        let index = self.nodes.len() as u32;
        self.nodes.push(TreeNode {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            previous: NONE,
            next: NONE,
            data,
        });
        index
    }

    fn node(&mut self, index: u32) -> &mut TreeNode {
        &mut self.nodes[index as usize]
    }

    /// Unlinks `index` from its parent and siblings.
    fn detach(&mut self, index: u32) {
        let (parent, previous, next) = {
            let n = self.node(index);
            let links = (n.parent, n.previous, n.next);
            n.parent = NONE;
            n.previous = NONE;
            n.next = NONE;
            links
        };
        if parent == NONE {
            return;
        }
        match previous {
            NONE => self.node(parent).first_child = next,
            p => self.node(p).next = next,
        }
        match next {
            NONE => self.node(parent).last_child = previous,
            n => self.node(n).previous = previous,
        }
    }

    /// Links `child` (detached first) as the last child of `parent`.
    fn append_node(&mut self, parent: u32, child: u32) {
        self.detach(child);
        let last = self.node(parent).last_child;
        {
            let c = self.node(child);
            c.parent = parent;
            c.previous = last;
        }
        match last {
            NONE => self.node(parent).first_child = child,
            l => self.node(l).next = child,
        }
        self.node(parent).last_child = child;
    }

    /// Links `child` (detached first) just before `sibling`.
    fn insert_before(&mut self, sibling: u32, child: u32) {
        self.detach(child);
        let (parent, previous) = {
            let s = self.node(sibling);
            (s.parent, s.previous)
        };
        {
            let c = self.node(child);
            c.parent = parent;
            c.previous = previous;
            c.next = sibling;
        }
        self.node(sibling).previous = child;
        match previous {
            NONE => self.node(parent).first_child = child,
            p => self.node(p).next = child,
        }
    }

    /// Places a node, or text, with `link`; text next to text (`beside`)
    /// is merged into it instead.
    fn place(&mut self, child: NodeOrText<u32>, beside: u32, link: impl FnOnce(&mut Tree, u32)) {
        let node = match child {
            NodeOrText::AppendNode(node) => node,
            NodeOrText::AppendText(text) => {
                if self.merge_text(beside, &text) {
                    return;
                }
                self.push(NodeData::Text(text))
            }
        };
        link(self, node);
    }

    /// Text merged into `into` if it is a text node.
    fn merge_text(&mut self, into: u32, text: &StrTendril) -> bool {
        if into == NONE {
            return false;
        }
        match &mut self.node(into).data {
            NodeData::Text(existing) => {
                existing.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.tree.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.tree.borrow(), |tree| {
            match &tree.nodes[*target as usize].data {
                NodeData::Element(element) => &element.name,
                _ => &NO_NAME,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let mut tree = self.tree.borrow_mut();
        let is_template = name.ns == ns!(html) && name.local == local_name!("template");
        let element = tree.push(NodeData::Element(Element {
            name,
            attrs,
            template: NONE,
            integration_point: flags.mathml_annotation_xml_integration_point,
        }));
        if is_template {
            // The contents hang under the element, as a document of their own.
            let contents = tree.push(NodeData::Document);
            tree.append_node(element, contents);
            if let NodeData::Element(e) = &mut tree.node(element).data {
                e.template = contents;
            }
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.tree.borrow_mut().push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.tree.borrow_mut().push(NodeData::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut tree = self.tree.borrow_mut();
        let last = tree.nodes[*parent as usize].last_child;
        tree.place(child, last, |tree, node| tree.append_node(*parent, node));
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        previous_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self.tree.borrow().nodes[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(previous_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
        let mut tree = self.tree.borrow_mut();
        let doctype = tree.push(NodeData::Other);
        tree.append_node(DOCUMENT, doctype);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        match &self.tree.borrow().nodes[*target as usize].data {
            NodeData::Element(e) if e.template != NONE => e.template,
            _ => *target,
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut tree = self.tree.borrow_mut();
        if tree.nodes[*sibling as usize].parent == NONE {
            return;
        }
        let previous = tree.nodes[*sibling as usize].previous;
        tree.place(new_node, previous, |tree, node| {
            tree.insert_before(*sibling, node)
        });
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut tree = self.tree.borrow_mut();
        if let NodeData::Element(element) = &mut tree.node(*target).data {
            for attr in attrs {
                if element.attrs.len() < crate::tokenize::MAX_ATTRIBUTES
                    && !element.attrs.iter().any(|a| a.name == attr.name)
                {
                    element.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.tree.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut tree = self.tree.borrow_mut();
        let mut child = tree.nodes[*node as usize].first_child;
        while child != NONE {
            let next = tree.nodes[child as usize].next;
            tree.append_node(*new_parent, child);
            child = next;
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &u32) -> bool {
        matches!(
            &self.tree.borrow().nodes[*handle as usize].data,
            NodeData::Element(e) if e.integration_point
        )
    }
}
