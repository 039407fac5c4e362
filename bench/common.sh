# shellcheck shell=bash
# Shared by bench/crash/run.sh and bench/soak/run.sh; sourced, not run.
#
# Before sourcing, a script sets HERE (its own folder) and REPO (the repo's
# root). It gets:
#   log, die, calc              progress on stderr, a fatal error, awk arithmetic
#   bench_settings NAME BACKENDS
#                               CACHE, PG, RUN (the run folder under
#                               $CACHE/NAME/runs/, or BENCH_OUT) and
#                               BACKENDS (BENCH_BACKENDS, else BACKENDS);
#                               newsdesk may fetch from loopback, with no
#                               pause between requests to one farm origin
#                               (unless NEWSDESK_FETCH__HOST_INTERVAL_MS says)
#   positive VAR...             dies unless each VAR is a positive integer
#   needs TOOL...               dies unless each TOOL is installed, and
#                               PostgreSQL answers when BACKENDS has it
#   describe_machine            MACHINE, CORES, DATE_UTC, COMMIT (logged)
#   newsdesk_binary             ND and ND_VERSION: NEWSDESK_BIN, else a
#                               `cargo build --release -p newsdesk`
#   start_farm ARGS...          builds and starts the feed farm of
#                               bench/ingest/farm/ (FARM_PID, URLS, STATS_URL)
#   started PID                 remembers a process this script started;
#                               stop_started (run on exit) stops every one
#                               still running, by its process id; reaped
#                               PID forgets one the script has waited for
#   fresh_store BACKEND KEY     an empty database of BACKEND (a data folder
#                               $RUN/BACKEND-data; on PostgreSQL also a
#                               database of its own, PG_DB, dropped by
#                               pg_drop or on exit) with every feed of the
#                               farm as a source; sets DATA, ARGS (newsdesk's
#                               flags) and SQL (runs one query: SQL+=(QUERY))
#   cleanup (on exit)           makes STOP_FILE when set, stops the started
#                               processes, drops PG_DB
#   free_port, wait_http        a free port on 127.0.0.1; wait for a URL
#   opml FILE                   the farm's feeds as an OPML list
#   report_head SCRIPT VAR...   a report's first line: date, the command
#                               with the VARs set, commit; then the
#                               machine and versions (newsdesk, PostgreSQL
#                               when BACKENDS has it)
#   report_end FILE             the script's time, then FILE to stdout

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
calc() { awk "BEGIN { $1 }"; }

bench_settings() {
    CACHE="${NEWSDESK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench}"
    PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
    if [ -n "${BENCH_OUT:-}" ]; then
        RUN="$BENCH_OUT"
    else
        RUN="$CACHE/$1/runs/$(date -u +%Y%m%dT%H%M%SZ)"
    fi
    mkdir -p "$RUN"
    RUN="$(cd "$RUN" && pwd)"
    [ -n "${BENCH_OUT:-}" ] || ln -sfn "$RUN" "$CACHE/$1/runs/latest"
    BACKENDS="$(echo "${BENCH_BACKENDS:-$2}" | tr ',' ' ' | xargs)"
    local b
    for b in $BACKENDS; do
        [[ "$b" == sqlite || "$b" == postgres ]] || die "unknown backend '$b' in BENCH_BACKENDS (sqlite, postgres)"
    done
    export NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true
    export NEWSDESK_FETCH__HOST_INTERVAL_MS="${NEWSDESK_FETCH__HOST_INTERVAL_MS:-0}"
}

positive() {
    local v
    for v in "$@"; do
        [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
    done
}

needs() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is missing"
    done
    if [[ " $BACKENDS " == *" postgres "* ]]; then
        command -v psql >/dev/null || die "psql is missing (or set BENCH_BACKENDS=sqlite)"
        psql -X "$PG/postgres" -Atqc 'SELECT 1' >/dev/null 2>"$RUN/psql.log" ||
            die "no PostgreSQL at $PG: $(head -n 1 "$RUN/psql.log")"
    fi
}

describe_machine() {
    local cpu mem
    cpu="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    [ -n "$cpu" ] || cpu="$(uname -m)"
    mem="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
    CORES="$(nproc)"
    DATE_UTC="$(date -u '+%Y-%m-%d %H:%M UTC')"
    MACHINE="$CORES cores (nproc), $cpu, ${mem} GiB RAM, Linux $(uname -r)"
    COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null)" ]; then
        COMMIT="$COMMIT (with uncommitted changes)"
    fi
    log "machine: $MACHINE; commit $COMMIT; run folder: $RUN"
}

newsdesk_binary() {
    if [ -n "${NEWSDESK_BIN:-}" ]; then
        ND="$NEWSDESK_BIN"
    else
        log "newsdesk: cargo build --release -p newsdesk"
        (cd "$REPO" && cargo build --release -p newsdesk) >"$RUN/newsdesk.build.log" 2>&1 ||
            die "cargo build failed; see $RUN/newsdesk.build.log"
        local tdir
        tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
        ND="$tdir/release/newsdesk"
    fi
    [ -x "$ND" ] || die "no executable newsdesk at $ND"
    ND_VERSION="$("$ND" --version | head -n 1 | awk '{ print $NF }')"
}

# Processes this script started, stopped on exit (TERM, then KILL after 10 s).
STARTED=()
started() { STARTED+=("$1"); }
reaped() {
    local kept=() pid
    for pid in "${STARTED[@]}"; do
        [ "$pid" = "$1" ] || kept+=("$pid")
    done
    STARTED=("${kept[@]}")
}
stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || {
        wait "$pid" 2>/dev/null || true
        return 0
    }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
stop_started() {
    local pid
    for pid in "${STARTED[@]}"; do
        stop_pid "$pid"
    done
    STARTED=()
}

PG_DB=""
STOP_FILE=""
cleanup() {
    [ -z "$STOP_FILE" ] || touch "$STOP_FILE"
    stop_started
    pg_drop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_drop() {
    [ -z "$PG_DB" ] || psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
}

fresh_store() {
    local b=$1 key=$2
    DATA="$RUN/$b-data"
    rm -rf "$DATA"
    mkdir -p "$DATA"
    ARGS=(--data "$DATA")
    if [ "$b" = postgres ]; then
        PG_DB="newsdesk_bench_$$"
        psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
        psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        ARGS+=(--database-url "$PG/$PG_DB")
        SQL=(psql -X -Atq "$PG/$PG_DB" -c)
    else
        SQL=(sqlite3 -batch "$DATA/newsdesk.sqlite3")
    fi
    [ -s "$RUN/feeds.opml" ] || opml "$RUN/feeds.opml"
    "$ND" "${ARGS[@]}" source import "$RUN/feeds.opml" >"$RUN/$key.setup.log" 2>&1 ||
        die "$key: source import failed; see $RUN/$key.setup.log"
}

start_farm() {
    local target="$CACHE/ingest/farm-target" i
    log "feed farm: cargo build --release (target folder $target)"
    (cd "$REPO/bench/ingest/farm" && CARGO_TARGET_DIR="$target" cargo build --release --locked) \
        >"$RUN/farm.build.log" 2>&1 || die "the farm did not build; see $RUN/farm.build.log"
    rm -f "$RUN/feeds.txt"
    "$target/release/newsdesk-feed-farm" --urls "$RUN/feeds.txt" "$@" </dev/null >/dev/null 2>"$RUN/farm.log" &
    FARM_PID=$!
    started "$FARM_PID"
    # The farm writes the URL list (whole, by rename) once every listener is bound.
    for i in $(seq 1 300); do
        [ -s "$RUN/feeds.txt" ] && break
        kill -0 "$FARM_PID" 2>/dev/null || die "the farm exited: $(tail -n 1 "$RUN/farm.log")"
        sleep 0.1
    done
    [ -s "$RUN/feeds.txt" ] || die "the farm wrote no feed list in 30 s"
    mapfile -t URLS <"$RUN/feeds.txt"
    STATS_URL="${URLS[0]%/feeds/*}/stats"
    log "farm (pid $FARM_PID): $(tail -n 1 "$RUN/farm.log" | sed 's/^newsdesk-feed-farm: //')"
}

opml() {
    local i=0 u
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<opml version="2.0"><head><title>Feed farm</title></head><body>'
        for u in "${URLS[@]}"; do
            echo "<outline type=\"rss\" text=\"Farm feed $i\" title=\"Farm feed $i\" xmlUrl=\"$u\"/>"
            i=$((i + 1))
        done
        echo '</body></opml>'
    } >"$1"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL SECONDS PID: until URL answers, or PID exits.
wait_http() {
    local i
    for i in $(seq 1 $(($2 * 10))); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

report_head() {
    local cmd=$1 v pg=""
    shift
    for v in NEWSDESK_BIN BENCH_BACKENDS "$@" RUST_LOG; do
        [ -z "${!v:-}" ] || cmd="$v=${!v} $cmd"
    done
    [[ " $BACKENDS " != *" postgres "* ]] ||
        pg=", PostgreSQL $(psql -X -Atq "$PG/postgres" -c 'SHOW server_version' | awk '{ print $1 }')"
    echo "Run of $DATE_UTC: \`$cmd\`, commit $COMMIT"
    echo
    echo "- Machine: $MACHINE; newsdesk $ND_VERSION$pg"
}

report_end() {
    echo "Script time: $(calc "printf \"%.0f\", $EPOCHREALTIME - $T_START") s in all ($(calc "printf \"%.0f\", $T_RUNS - $T_START") s building and starting the farm)." >>"$1"
    cat "$1"
    log "report: $1"
}
