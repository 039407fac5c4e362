#!/usr/bin/env bash
# A short, bounded fuzz run of the extractor, its HTML tokenizer and the
# dateline parser.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]     (default 60)
#
# Uses cargo-fuzz (libFuzzer). Our toolchain is stable, so the run sets
# RUSTC_BOOTSTRAP=1 for the sanitizer flags cargo-fuzz passes; builds go to
# a cache folder outside the clone. A crash leaves its input under
# fuzz/artifacts/TARGET/: copy it to crates/extract/tests/fuzz-regressions/
# (named after what it broke) so it stays a regression test, then fix it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk/fuzz-target}"
for target in extract tokenize dateline; do
    mkdir -p "corpus/$target"
    # Seed the extractor with the golden pages and the regressions.
    if [ "$target" = extract ] || [ "$target" = tokenize ]; then
        cp -n ../crates/extract/tests/golden/*.html "corpus/$target/" 2>/dev/null || true
    fi
    cp -n ../crates/extract/tests/fuzz-regressions/* "corpus/$target/" 2>/dev/null || true
    echo "== fuzzing $target for ${seconds}s"
    cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048
done
