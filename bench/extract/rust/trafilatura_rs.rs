//! Peer: the `trafilatura` crate (nchapman's port via go-trafilatura).
//!
//! Set like Python trafilatura's defaults as `peer_extract.py` calls it:
//! fallback extraction on, comments left out, balanced focus.

mod common;

use trafilatura::{Options, extract};

fn main() {
    let opts = Options::default()
        .with_fallback(true)
        .with_exclude_comments(true);
    common::run("trafilatura-rs", |html| {
        extract(html, &opts)
            .map(|r| r.content_text)
            .map_err(|e| e.to_string())
    });
}
