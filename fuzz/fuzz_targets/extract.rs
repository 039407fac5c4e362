//! Any bytes, with or without a URL and a content type: the extractor must
//! return (an article or an error), never panic, and its text must be
//! valid plain text without markup it did not escape.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::{Input, extract};

fuzz_target!(|data: &[u8]| {
    let (flags, html) = data.split_first().map_or((0, data), |(f, rest)| (*f, rest));
    let input = Input {
        html,
        url: (flags & 1 == 1).then_some("https://wire.example/news/story.html"),
        content_type: (flags & 2 == 2).then_some("text/html; charset=windows-1251"),
    };
    if let Ok(article) = extract(&input) {
        assert!(!article.html.contains("<script"), "sanitized HTML carries a script");
    }
});
