//! Hostile input: no panic, bounded time and memory, a clear error or an
//! empty result with a reason.
//!
//! The bounds: input beyond 6 MiB is ignored (`bound::MAX_HTML_BYTES`);
//! container nesting beyond 400 levels is flattened (`bound::MAX_DEPTH`);
//! work is linear in the bounded input apart from the tree parser, which
//! the depth cap keeps near-linear. Every file in `tests/fuzz-regressions/`
//! (inputs a fuzz run once found troublesome) runs here too.

use newsdesk_extract::{ExtractError, Input, bound, extract};

fn run(html: &[u8]) -> Result<newsdesk_extract::Article, ExtractError> {
    extract(&Input {
        html,
        url: Some("https://wire.example/a"),
        content_type: None,
    })
}

#[test]
fn binary_data_is_refused_with_a_reason() {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend((0..4096u32).map(|i| (i * 31 % 251) as u8));
    assert_eq!(run(&png).unwrap_err(), ExtractError::Binary);
    assert_eq!(run(b"   \n").unwrap_err(), ExtractError::Empty);
}

#[test]
fn a_fifty_megabyte_page_is_cut_to_the_cap() {
    let paragraph = "<p>Harbour cranes worked through the night to clear the backlog of containers, officials said.</p>\n";
    let mut page = String::from("<html><body><article>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    let article = run(page.as_bytes()).unwrap();
    assert!(!article.text.is_empty());
    assert!(
        article.text.len() <= bound::MAX_HTML_BYTES,
        "only the first 6 MiB are read"
    );
}

#[test]
fn a_hundred_thousand_nested_divs() {
    let page = "<div>".repeat(100_000)
        + "<p>The ferry resumed service on Tuesday after engineers replaced a worn shaft, the operator said.</p>"
        + &"</div>".repeat(100_000);
    let article = run(page.as_bytes()).unwrap();
    assert!(article.text.contains("The ferry resumed service"));
}

#[test]
fn a_tag_with_six_hundred_thousand_attributes() {
    // Repeats of one name, and a tag too odd to trim before parsing: both
    // parse in linear time (a tag keeps its first 64 attributes).
    for opening in ["<p", "<p a\"b=\"c\""] {
        let page = format!(
            "<article>{opening}{}>The quay reopened at noon, the port authority said.</p></article>",
            " class=x data-n=1".repeat(300_000)
        );
        let article = run(page.as_bytes()).unwrap();
        assert!(article.text.contains("The quay reopened"), "{opening}");
    }
}

#[test]
fn no_body_broken_utf8_and_a_lying_meta() {
    let no_body = run(b"<html><head><title>Only a title</title></head></html>").unwrap();
    assert_eq!(no_body.text, "");
    assert_eq!(
        no_body.note.as_deref(),
        Some("no article text found on the page")
    );

    let mut broken = b"<html><body><article><p>Prices at the Mombasa auction rose for a third week, brokers said on Monday \xff\xfe\xc3 as buyers chased top grades.</p></article></body></html>".to_vec();
    broken.extend_from_slice(b"\xe2\x82");
    // Not valid UTF-8 and nothing declared: the encoding is detected, and
    // the text comes out whatever the stray bytes become.
    let article = run(&broken).unwrap();
    assert!(
        article.text.contains("Mombasa auction rose"),
        "{}",
        article.text
    );
    // Declared UTF-8 with bad bytes: they become replacement characters.
    let declared = extract(&Input {
        html: &broken,
        url: None,
        content_type: Some("text/html; charset=utf-8"),
    })
    .unwrap();
    assert!(declared.text.contains('\u{FFFD}'));

    let lying = "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Saint-Denis, La Réunion: the island's new tram line opened on Monday with free rides for the first week.</p></article></body></html>";
    assert!(run(lying.as_bytes()).unwrap().text.contains("La Réunion"));
}

#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let _ = run(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = newsdesk_dateline::find(text);
        }
    }
}
