//! Any text, straight to the tokenizer and tree builder (without the
//! pre-pass that bounds it): parsing must never panic, and the flat view
//! of the tree must hold every node the tree links from the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::dom::{Dom, READ_ATTRIBUTES};
use newsdesk_extract::tokenize::{Attributes, parse_document};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for attributes in [Attributes::All, Attributes::Only(READ_ATTRIBUTES)] {
        let tree = parse_document(&text, attributes);
        let dom = Dom::new(&tree);
        assert!(dom.nodes.len() <= tree.nodes.len());
        assert!(!dom.nodes.is_empty(), "the document node is always there");
    }
});
