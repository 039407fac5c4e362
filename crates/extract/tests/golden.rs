//! Golden pages: each `tests/golden/NAME.html` with its `NAME.json` (the
//! ideal extraction, reviewed by eye). Every field of every page is
//! compared; all differences are listed at once.
//!
//! `tests/golden/KNOWN_GAPS` lists `NAME field` pairs the extractor does
//! not yet get right; they are reported but do not fail the test, and a
//! listed gap that has been closed fails it (so the list only shrinks).

use newsdesk_extract::{Input, extract};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const FIELDS: &[&str] = &[
    "title",
    "byline",
    "published",
    "lang",
    "lead_image",
    "text",
    "dateline",
];

fn normalize_text(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn golden_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let known: BTreeSet<String> = std::fs::read_to_string(dir.join("KNOWN_GAPS"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} golden pages", names.len());
    let mut unexpected = Vec::new();
    let mut gaps = Vec::new();
    let mut closed = Vec::new();
    for name in &names {
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let html = std::fs::read(dir.join(format!("{name}.html"))).unwrap();
        let input = &spec["input"];
        let input = Input {
            html: &html,
            url: input["url"].as_str(),
            content_type: input["content_type"].as_str(),
        };
        let article = extract(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Deterministic: the same page gives the same article every time.
        assert_eq!(extract(&input).ok(), Some(article.clone()), "{name}");
        let got = serde_json::to_value(&article).unwrap();
        for field in FIELDS {
            let want = &spec["expected"][*field];
            let have = &got[*field];
            let same = if *field == "text" {
                normalize_text(want.as_str().unwrap_or(""))
                    == normalize_text(have.as_str().unwrap_or(""))
            } else if *field == "dateline" && want.is_object() && have.is_object() {
                // The contract's keys; the parser may add more (region).
                want.as_object().unwrap().iter().all(|(k, v)| &have[k] == v)
            } else {
                want == have
            };
            let key = format!("{name} {field}");
            match (same, known.contains(&key)) {
                (true, true) => closed.push(key),
                (true, false) => {}
                (false, true) => gaps.push(key),
                (false, false) => {
                    unexpected.push(format!("{key}:\n    want {want}\n    have {have}"))
                }
            }
        }
    }
    let checked = names.len() * FIELDS.len();
    eprintln!(
        "golden: {} pages, {checked} fields: {} right, {} known gaps",
        names.len(),
        checked - gaps.len() - unexpected.len(),
        gaps.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} fields differ:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        closed.is_empty(),
        "known gaps now closed; remove them from KNOWN_GAPS: {closed:?}"
    );
}
