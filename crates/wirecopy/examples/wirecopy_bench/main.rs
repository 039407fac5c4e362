//! The wire-copy benchmark: how well near-copies are told apart, and
//! what finding them costs. Run by `bench/wirecopy/run.sh`, which says
//! what the columns mean; prints Markdown to stdout.
//!
//! 1. Generates the labelled set ([`pairs`]): near-copies by edit kind,
//!    hard negatives by kind, from templates and word lists written for
//!    it (seeded: the same set on every run).
//! 2. For each pair: both sketched; a pair is found when they share a
//!    band key (an index probe would find one from the other) and the
//!    verifier says "same copy". Precision, recall, confusion counts and
//!    the breakdown by kind.
//! 3. Cost: an in-memory band index of `WIRECOPY_STORIES` (default
//!    1,000,000) synthetic sketches plus the set's first stories; for
//!    each second story, the thread's CPU time to sketch it and to probe
//!    and verify its candidates. Against it, in the same run, a scan that
//!    compares the new sketch with every stored one (what the index saves).

mod lists;
mod pairs;
mod releases;
mod rng;
mod stories;
mod templates;

use newsdesk_wirecopy::bands::BANDS;
use newsdesk_wirecopy::{BandKeys, Copy, MemoryIndex, Sketch, Sketched, Verdict};

use rng::Rng;

/// How many candidates a probe verifies at most per key.
const PROBE_LIMIT: usize = 64;

fn cpu_ns() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[u64], p: usize) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = (p * sorted.len()).div_ceil(100).max(1) - 1;
    sorted[i.min(sorted.len() - 1)]
}

#[derive(Default)]
struct Tally {
    pairs: usize,
    found: usize,
    no_sketch: usize,
    no_band: usize,
    words: usize,
    names: usize,
}

fn main() {
    let per_kind: usize = env_or("WIRECOPY_PER_KIND", 80);
    let stories: usize = env_or("WIRECOPY_STORIES", 1_000_000);
    let seed: u64 = env_or("WIRECOPY_SEED", 13);
    let set = pairs::labelled_set(seed, per_kind);

    // ---- how well
    let mut kinds: Vec<(&str, bool, Tally)> = Vec::new();
    let mut sketched = Vec::with_capacity(set.len());
    for pair in &set {
        let a = Sketched::of(&Copy::new(&pair.a.0, &pair.a.1));
        let b = Sketched::of(&Copy::new(&pair.b.0, &pair.b.1));
        let row = match kinds.iter_mut().position(|k| k.0 == pair.kind) {
            Some(i) => i,
            None => {
                kinds.push((pair.kind, pair.same, Tally::default()));
                kinds.len() - 1
            }
        };
        let t = &mut kinds[row].2;
        t.pairs += 1;
        match (&a, &b) {
            (Ok(a), Ok(b)) => {
                if !a.bands.shares_any(&b.bands) {
                    t.no_band += 1;
                } else {
                    match a.sketch.compare(&b.sketch).verdict() {
                        Verdict::SameCopy => t.found += 1,
                        Verdict::DifferentWords => t.words += 1,
                        Verdict::DifferentNamesOrNumbers => t.names += 1,
                    }
                }
            }
            _ => t.no_sketch += 1,
        }
        sketched.push((a, b));
    }
    let (mut tp, mut fn_, mut fp, mut tn) = (0, 0, 0, 0);
    for (_, same, t) in &kinds {
        if *same {
            tp += t.found;
            fn_ += t.pairs - t.found;
        } else {
            fp += t.found;
            tn += t.pairs - t.found;
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;

    println!(
        "Labelled set: {} pairs (seed {seed}, {per_kind} of each kind): {} near-copies, {} hard negatives.",
        set.len(),
        tp + fn_,
        fp + tn
    );
    println!();
    println!("| pairs | precision | recall | true pos. | false neg. | false pos. | true neg. |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {precision:.4} | {recall:.4} | {tp} | {fn_} | {fp} | {tn} |",
        set.len()
    );
    println!();
    println!(
        "| kind | near-copy? | pairs | found as same copy | no sketch | no shared band | words differ | names/numbers differ |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for (kind, same, t) in &kinds {
        println!(
            "| {kind} | {} | {} | {} | {} | {} | {} | {} |",
            if *same { "yes" } else { "no" },
            t.pairs,
            t.found,
            t.no_sketch,
            t.no_band,
            t.words,
            t.names
        );
    }

    // ---- how fast
    let rss_before = rss_kib();
    let mut index = MemoryIndex::with_capacity(stories + set.len());
    let mut rng = Rng::new(seed ^ 0x5eed);
    for _ in 0..stories {
        let mut text = [0u8; 64];
        let mut salient = [0u8; 32];
        text.iter_mut().for_each(|b| *b = rng.next_u64() as u8);
        salient.iter_mut().for_each(|b| *b = rng.next_u64() as u8);
        let bands = BandKeys(std::array::from_fn(|_| rng.next_u64() as i64));
        let sketch = Sketch {
            text,
            salient,
            shingles: 300,
            salient_words: 40,
        };
        index.insert(&Sketched { sketch, bands });
    }
    let rss_synthetic = rss_kib();
    for (a, _) in &sketched {
        if let Ok(a) = a {
            index.insert(a);
        }
    }
    let mut sketch_ns = Vec::new();
    let mut add_ns = Vec::new();
    let mut candidates = 0usize;
    let mut probes = 0usize;
    for _ in 0..3 {
        for pair in &set {
            let copy = Copy::new(&pair.b.0, &pair.b.1);
            let t0 = cpu_ns();
            let Ok(s) = Sketched::of(&copy) else { continue };
            let t1 = cpu_ns();
            let found = index.near_copies(&s, PROBE_LIMIT);
            let t2 = cpu_ns();
            std::hint::black_box(found);
            candidates += index.candidates(&s.bands, PROBE_LIMIT).len();
            probes += 1;
            sketch_ns.push(t1 - t0);
            add_ns.push(t2 - t0);
        }
    }
    sketch_ns.sort_unstable();
    add_ns.sort_unstable();
    let mut scan_ns = Vec::new();
    let all: Vec<Sketch> = sketched
        .iter()
        .filter_map(|(a, _)| a.as_ref().ok().map(|s| s.sketch))
        .collect();
    let mut synthetic_rng = Rng::new(seed ^ 0x5eed);
    let mut stored: Vec<Sketch> = (0..stories)
        .map(|_| {
            let mut text = [0u8; 64];
            let mut salient = [0u8; 32];
            text.iter_mut()
                .for_each(|b| *b = synthetic_rng.next_u64() as u8);
            salient
                .iter_mut()
                .for_each(|b| *b = synthetic_rng.next_u64() as u8);
            for _ in 0..BANDS {
                synthetic_rng.next_u64();
            }
            Sketch {
                text,
                salient,
                shingles: 300,
                salient_words: 40,
            }
        })
        .collect();
    stored.extend(all);
    for pair in set.iter().step_by(set.len() / 10) {
        let t0 = cpu_ns();
        if let Ok(s) = Sketched::of(&Copy::new(&pair.b.0, &pair.b.1)) {
            let n = stored
                .iter()
                .filter(|o| s.sketch.compare(o).verdict() == Verdict::SameCopy)
                .count();
            std::hint::black_box(n);
        }
        scan_ns.push(cpu_ns() - t0);
    }
    scan_ns.sort_unstable();
    let us = |ns: u64| ns as f64 / 1000.0;
    let in_memory = (rss_synthetic.saturating_sub(rss_before)) as f64 * 1024.0 / stories as f64;

    println!();
    println!(
        "Cost, with {} stories in an in-memory band index ({stories} synthetic sketches and the set's first stories); each of the {} second stories added 3 times, CPU time of its thread:",
        index.len(),
        probes / 3
    );
    println!();
    println!("| step | median µs | p90 µs | p99 µs |");
    println!("|---|---:|---:|---:|");
    for (name, v) in [
        ("sketch one story", &sketch_ns),
        ("sketch + probe + verify (adding one story)", &add_ns),
        (
            "baseline: sketch + compare with every stored sketch (10 stories)",
            &scan_ns,
        ),
    ] {
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} |",
            us(percentile(v, 50)),
            us(percentile(v, 90)),
            us(percentile(v, 99))
        );
    }
    println!();
    println!(
        "Candidates verified per story: {:.2} on average (band keys shared, at most {PROBE_LIMIT} per key).",
        candidates as f64 / probes.max(1) as f64
    );
    println!();
    println!("| per story | bytes |");
    println!("|---|---:|");
    println!(
        "| sketch as stored (`Sketch::to_bytes`) | {} |",
        Sketch::BYTES
    );
    println!("| band keys, {BANDS} × 8-byte integers | {} |", BANDS * 8);
    println!("| sketch + band keys | {} |", Sketch::BYTES + BANDS * 8);
    println!("| in-memory index as measured (resident memory / stories) | {in_memory:.0} |");
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
