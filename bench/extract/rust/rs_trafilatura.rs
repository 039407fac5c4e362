//! Peer: the `rs-trafilatura` crate, with its default options.

mod common;

fn main() {
    common::run("rs-trafilatura", |html| {
        rs_trafilatura::extract(html)
            .map(|r| r.content_text)
            .map_err(|e| e.to_string())
    });
}
