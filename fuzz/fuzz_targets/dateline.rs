//! Any text: the dateline parser must never panic, and the body must start
//! on a character boundary within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(found) = newsdesk_dateline::find(text)
    {
        assert!(found.body_start <= text.len() && text.is_char_boundary(found.body_start));
    }
});
