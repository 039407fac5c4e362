//! Extracts every page given on the command line, `ROUNDS` times over
//! (default 1), and prints the time per page: a quick loop for profiling
//! the extractor without the rest of the binary. With `JSONL=FILE` it also
//! writes each page's article as a line of JSON with its file stem as `id`
//! (the last round), a form `shared/bench/extract_eval.py --pred` scores.
//!
//! `cargo run --release -p newsdesk-extract --example pages -- PAGE...`

use std::io::Write;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let pages: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_default())
        .collect();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let start = std::time::Instant::now();
    let mut chars = 0usize;
    let mut lines = Vec::new();
    for round in 0..rounds {
        for (path, page) in paths.iter().zip(&pages) {
            let input = newsdesk_extract::Input {
                html: page,
                url: Some("https://example.com/news/story"),
                content_type: None,
            };
            let article = newsdesk_extract::extract(&input).unwrap_or_default();
            chars += article.text.len();
            if round + 1 == rounds {
                let id = std::path::Path::new(path)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut line = serde_json::to_value(&article).unwrap_or_default();
                line["id"] = id.into();
                lines.push(line.to_string());
            }
        }
    }
    let elapsed = start.elapsed();
    let n = pages.len() * rounds;
    println!(
        "{n} pages in {:.3} s: {:.0} pages/s, {:.2} ms/page ({chars} text bytes)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n as f64
    );
    if let Ok(out) = std::env::var("JSONL") {
        let mut file = std::fs::File::create(out).expect("the JSONL file can be written");
        for line in lines {
            writeln!(file, "{line}").expect("the JSONL file can be written");
        }
    }
}
