//! Peer: `dom_smoothie` (a Rust port of Mozilla's Readability.js).
//!
//! Default config except `TextMode::Formatted`: the raw mode glues the
//! words of adjacent block elements together, which no reader would see.

mod common;

use dom_smoothie::{Config, Readability, TextMode};

fn main() {
    common::run("dom_smoothie", |html| {
        let cfg = Config {
            text_mode: TextMode::Formatted,
            ..Default::default()
        };
        let mut readability = Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
        let article = readability.parse().map_err(|e| e.to_string())?;
        Ok(article.text_content.to_string())
    });
}
