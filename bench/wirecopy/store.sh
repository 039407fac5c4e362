#!/usr/bin/env bash
# Wire copy in the store: what adding a story costs, clustering included,
# with a million stories stored, and what the index takes on disk, on
# SQLite and PostgreSQL.
#
# Usage:   bench/wirecopy/store.sh                        (from any folder)
#          WIRECOPY_STORED=100000 bench/wirecopy/store.sh  (a smaller store)
#          BENCH_BACKENDS=sqlite bench/wirecopy/store.sh
#
# Output:  stdout is Markdown only (date, command, machine, load, one
#          table), ready to paste into BENCHMARKS.md ("Wire copy in the
#          store"). Progress goes to stderr; the logs stay in the run folder.
#
# What happens:
#   1. cargo build --release of crates/store/examples/cluster_cost.rs.
#   2. For each backend, a fresh database filled with WIRECOPY_STORED
#      clustered stories, each with a random sketch and band keys (one SQL
#      statement each, not the insert path: filling a million stories
#      through it would take the bench's whole budget).
#   3. WIRECOPY_ADDED stories added through the real path, a batch at a
#      time for each size in WIRECOPY_BATCHES: `insert_stories` (one
#      transaction, as a feed's new items are stored) then `cluster_due`
#      (sketch, nine-key probe, verification, joining, ranking, in one
#      transaction), half of them near-copies of the one before, which
#      must join it. A batch of 2 is a story and its copy: nearly one at a
#      time; 20 is a feed's new items.
#
# Columns:
#   batch            stories stored and clustered together
#   insert µs        wall / CPU of storing a batch, per story (median / 90th pct)
#   cluster µs       wall / CPU of clustering a batch, per story: what the
#                    detection adds
#   CPU              this process's CPU time; on PostgreSQL the server's
#                    own work is in the wall time, not in the CPU column
#   band indexes B   the nine band indexes' bytes on disk / stories stored
#   sketch table B   story_sketches' own bytes (sketch, counts, keys, and its
#                    primary key) / stories stored
#
# Environment (all optional):
#   WIRECOPY_STORED       stories stored before (default 1000000)
#   WIRECOPY_ADDED        stories added and measured (default 400)
#   WIRECOPY_BATCHES      batch sizes, even (default "2 20")
#   BENCH_BACKENDS        "sqlite postgres" (default), or one of them
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#   NEWSDESK_BENCH_CACHE  cache folder; runs go to wirecopy-store/runs/
#   BENCH_OUT             run folder
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

bench_settings wirecopy-store "sqlite postgres"
STORED="${WIRECOPY_STORED:-1000000}"
ADDED="${WIRECOPY_ADDED:-400}"
BATCHES="${WIRECOPY_BATCHES:-2 20}"
describe_machine
log "benchmark: cargo build --release -p newsdesk-store --example cluster_cost"
(cd "$REPO" && cargo build --release -p newsdesk-store --example cluster_cost) \
    >"$RUN/build.log" 2>&1 || die "cargo build failed; see $RUN/build.log"
tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
BIN="$tdir/release/examples/cluster_cost"

PG_DB=""
trap 'pg_drop' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$RUN/rows.md"
for b in $BACKENDS; do
    if [ "$b" = postgres ]; then
        PG_DB="newsdesk_wirecopy_$$"
        psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
        psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        url="$PG/$PG_DB"
    else
        rm -f "$RUN/sqlite.db"*
        url="sqlite://$RUN/sqlite.db"
    fi
    for batch in $BATCHES; do
        if [ "$b" = postgres ]; then
            psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
            psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        fi
        rm -f "$RUN/sqlite.db"*
        log "$b: $STORED stories stored, $ADDED added $batch at a time"
        "$BIN" "$url" "$STORED" "$ADDED" "$batch" >>"$RUN/rows.md" 2>"$RUN/$b-$batch.log" ||
            die "$b: the benchmark failed; see $RUN/$b-$batch.log"
    done
    pg_drop
    rm -f "$RUN/sqlite.db"*
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

CMD="bench/wirecopy/store.sh"
for v in WIRECOPY_STORED WIRECOPY_ADDED BENCH_BACKENDS; do
    [ -z "${!v:-}" ] || CMD="$v=${!v} $CMD"
done
{
    echo "Run of $DATE_UTC: \`$CMD\`, commit $COMMIT"
    echo
    echo "- Machine: $MACHINE; $(rustc --version | awk '{ print $1, $2 }')"
    echo "- Load average (1, 5, 15 min) before: $load_before; after: $load_after"
    echo
    echo "| backend | stored | added | batch | insert µs wall | insert µs CPU | cluster µs wall | cluster µs CPU | band indexes B/story | sketch table B/story |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$RUN/rows.md"
    echo
    echo "Script time: $(calc "printf \"%.0f\", $EPOCHREALTIME - $T_START") s."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
