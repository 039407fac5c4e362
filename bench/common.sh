# shellcheck shell=bash
# Shared by the bench scripts (crash, soak, digest, admin); sourced, not run.
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
#   needs_wrk                   installs Debian's wrk when missing; sets
#                               WRK_VERSION
#   describe_machine            MACHINE, CORES, DATE_UTC, COMMIT (logged)
#   newsdesk_binary             ND and ND_VERSION: NEWSDESK_BIN, else a
#                               `cargo build --release -p newsdesk`
#   start_farm ARGS...          builds and starts the feed farm of
#                               bench/ingest/farm/ (FARM_PID, URLS, STATS_URL)
#   started PID                 remembers a process this script started;
#                               stop_started (run on exit) stops every one
#                               still running, by its process id; reaped
#                               PID forgets one the script has waited for
#   fresh_database BACKEND      an empty database of BACKEND (a data folder
#                               $RUN/BACKEND-data; on PostgreSQL also a
#                               database of its own, PG_DB, dropped by
#                               pg_drop or on exit); sets DATA, ARGS
#                               (newsdesk's flags) and SQL (runs one query:
#                               SQL+=(QUERY))
#   fresh_store BACKEND KEY     the same, with every feed of the farm as a
#                               source
#   wrk_ms, wrk_field FILE WHAT wrk's latencies in ms; a field of its output
#                               (rps, p50, p99, max, requests, errors)
#   cpu_ticks PID..., ticks_between BEFORE AFTER, children_ticks, cpu_snap
#                               CPU clock ticks of processes (TICKS a
#                               second), of the script's finished children
#                               (wrk), and of the whole machine; busy_pct
#                               and other_cores: how busy, and how much of
#                               it was neither the server nor wrk
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

needs_wrk() {
    if ! command -v wrk >/dev/null; then
        log "installing Debian's wrk with apt-get"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2 ||
            die "could not install wrk"
    fi
    WRK_VERSION="$({ wrk --version 2>&1 || true; } | awk 'NR == 1 { sub(/^debian\//, "", $2); print $2 }')"
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

fresh_database() {
    local b=$1
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
}

fresh_store() {
    local b=$1 key=$2
    fresh_database "$b"
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

# wrk_ms VALUE: wrk's latency ("812.00us", "1.20ms", "2.01s") in ms.
wrk_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
        else print "?" }'
}

# wrk_field FILE WHAT: from wrk's output (with --latency), requests/s
# (rps), p50, p99 and max in ms, requests, or errors (answers other than
# 2xx/3xx plus socket errors).
wrk_field() {
    local f=$1
    case $2 in
    rps) awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f" ;;
    p50) wrk_ms "$(awk '$1 == "50%" { print $2 }' "$f")" ;;
    p99) wrk_ms "$(awk '$1 == "99%" { print $2 }' "$f")" ;;
    max) wrk_ms "$(awk '$1 == "Latency" { print $4; exit }' "$f")" ;;
    requests) awk '/requests in/ { print $1 }' "$f" ;;
    errors)
        awk '/Non-2xx or 3xx responses:/ { n += $NF }
             /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
             END { print n + 0 }' "$f"
        ;;
    esac
}

TICKS="$(getconf CLK_TCK)"

# cpu_ticks PID...: "PID TICKS" lines, the user + system clock ticks of
# each process still running so far.
cpu_ticks() {
    local p
    for p in "$@"; do
        [ -r "/proc/$p/stat" ] || continue
        echo "$p $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }')"
    done
}

# ticks_between BEFORE AFTER: the ticks taken between two cpu_ticks, by the
# processes in both (one that ended meanwhile is left out).
ticks_between() {
    awk 'NR == FNR { t[$1] = $2; next } ($1 in t) { s += $2 - t[$1] } END { print s + 0 }' \
        <(echo "$1") <(echo "$2")
}

# children_ticks: user + system ticks of this shell's finished children (wrk).
children_ticks() { sed 's/.*) //' /proc/$$/stat | awk '{ print $14 + $15 }'; }

# cpu_snap: "IDLE TOTAL" jiffies of all cores, from /proc/stat; busy_pct
# SNAP SNAP: how busy all cores were between two, in percent.
cpu_snap() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, t }' /proc/stat; }
busy_pct() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
        printf "%.0f", 100 * (1 - (y[1] - x[1]) / (y[2] - x[2])) }'
}

# other_cores SNAP0 SNAP1 SERVER_TICKS WRK_TICKS SECONDS: the cores the rest
# of the machine kept busy between two cpu_snaps SECONDS apart (its busy
# time less the server's and wrk's): other work, which took CPU from a run.
other_cores() {
    awk -v a="$1" -v b="$2" -v s="$3" -v w="$4" -v d="$5" -v hz="$TICKS" \
        'BEGIN { split(a, x, " "); split(b, y, " "); busy = (y[2] - x[2]) - (y[1] - x[1])
            o = (busy - s - w) / hz / d; printf "%.2f", (o < 0 ? 0 : o) }'
}
