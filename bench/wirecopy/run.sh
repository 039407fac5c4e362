#!/usr/bin/env bash
# Wire copy: how well near-copies are told apart from hard negatives, and
# what finding one costs with a million stories indexed.
#
# Usage:   bench/wirecopy/run.sh                     (from any folder)
#          WIRECOPY_STORIES=100000 bench/wirecopy/run.sh   (a smaller index)
#
# Output:  stdout is Markdown only (date, command, machine, load, tables),
#          ready to paste into BENCHMARKS.md ("Wire copy"). Progress goes
#          to stderr; the report stays in the run folder.
#
# What happens:
#   1. cargo build --release of the benchmark (crates/wirecopy/examples/
#      wirecopy_bench), which generates the labelled set at run time from
#      templates and word lists written for it (seeded; nothing is
#      downloaded or committed): WIRECOPY_PER_KIND pairs of each of ten
#      near-copy edits and five hard-negative kinds.
#   2. Each pair is sketched; it counts as found when the two share a band
#      key and the verifier says "same copy". Precision, recall, the
#      confusion counts and the breakdown by kind: which step turned a pair
#      away (no sketch, no shared band, words, names and numbers).
#   3. Cost: an in-memory band index of WIRECOPY_STORIES synthetic sketches
#      plus the set's first stories; each second story sketched, probed
#      and verified three times, CPU time of the thread (not wall time:
#      other builds share the machine). Baseline in the same run: one
#      story compared with every stored sketch (a scan, no index).
#
# Environment (all optional):
#   WIRECOPY_STORIES      synthetic sketches in the index (default 1000000)
#   WIRECOPY_PER_KIND     pairs per kind (default 80: 1,200 pairs)
#   WIRECOPY_SEED         the set's seed (default 13)
#   NEWSDESK_BENCH_CACHE  cache folder; runs go to wirecopy/runs/
#   BENCH_OUT             run folder
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

bench_settings wirecopy sqlite
BACKENDS=""
describe_machine
log "benchmark: cargo build --release -p newsdesk-wirecopy --example wirecopy_bench"
(cd "$REPO" && cargo build --release -p newsdesk-wirecopy --example wirecopy_bench) \
    >"$RUN/build.log" 2>&1 || die "cargo build failed; see $RUN/build.log"
tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
BIN="$tdir/release/examples/wirecopy_bench"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "running (load average $load_before)"
"$BIN" >"$RUN/tables.md" 2>"$RUN/bench.log" || die "the benchmark failed; see $RUN/bench.log"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

CMD="bench/wirecopy/run.sh"
for v in WIRECOPY_STORIES WIRECOPY_PER_KIND WIRECOPY_SEED; do
    [ -z "${!v:-}" ] || CMD="$v=${!v} $CMD"
done
{
    echo "Run of $DATE_UTC: \`$CMD\`, commit $COMMIT"
    echo
    echo "- Machine: $MACHINE; $(rustc --version | awk '{ print $1, $2 }')"
    echo "- Load average (1, 5, 15 min) before: $load_before; after: $load_after (other builds share the machine)"
    echo
    cat "$RUN/tables.md"
    echo
    echo "Script time: $(calc "printf \"%.0f\", $EPOCHREALTIME - $T_START") s."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
