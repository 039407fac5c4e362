//! Shared driver for the Rust peer extractors of `bench/extract/run.sh`.
//!
//! `PEER FILE.html...` reads each page as UTF-8 (invalid bytes replaced),
//! runs the extractor on it and prints one line `{"id": <file stem>,
//! "text": ...}` per page, in argument order, as `extract_eval.py --pred`
//! reads it. A page whose extractor panics or returns an error is printed
//! with an empty text (it scores as an empty prediction) and the run goes on.
//! The last line on stderr is `summary: pages=N panics=P errors=E`.

use std::io::{BufWriter, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

/// Runs `extract` over the files named on the command line.
pub fn run(name: &str, extract: impl Fn(&str) -> Result<String, String>) {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: {name} FILE.html...");
        std::process::exit(2);
    }
    // One short line per panic instead of the default message and hint.
    panic::set_hook(Box::new(|info| {
        let text = info.to_string().replace('\n', " ");
        eprintln!("  {text}");
    }));

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut panics, mut errors) = (0usize, 0usize);
    for file in &files {
        let id = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let html = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{name}: {file}: {e}");
                std::process::exit(1);
            }
        };
        let text = match panic::catch_unwind(AssertUnwindSafe(|| extract(&html))) {
            Ok(Ok(text)) => text,
            Ok(Err(e)) => {
                errors += 1;
                eprintln!("{name}: {id}: error: {e}");
                String::new()
            }
            Err(_) => {
                panics += 1;
                eprintln!("{name}: {id}: panicked; empty prediction");
                String::new()
            }
        };
        let line = serde_json::json!({ "id": id, "text": text });
        writeln!(out, "{line}").expect("write stdout");
    }
    out.flush().expect("flush stdout");
    eprintln!(
        "summary: pages={} panics={panics} errors={errors}",
        files.len()
    );
}
