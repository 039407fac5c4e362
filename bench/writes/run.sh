#!/usr/bin/env bash
# SQLite writes under load: how long each store call takes while one
# `newsdesk fetch` pass stores the feed farm's stories and `newsdesk web`
# serves the same data folder to wrk.
#
# Usage:   bench/writes/run.sh                                  (from any folder)
#          NEWSDESK_BIN=path/to/newsdesk bench/writes/run.sh    (no cargo build)
#          NEWSDESK_BINS="before=path/a after=path/b" bench/writes/run.sh
#              (one run per build, in that order, rows labelled by the names)
#
# Output:  stdout is Markdown only: date, command, machine and ONE table,
#          ready to paste into BENCHMARKS.md. Progress goes to stderr. The
#          logs of both processes, wrk's output and the samples stay in the
#          run folder.
#
# What happens, for each build:
#   1. Starts the feed farm of bench/ingest (built there, in the same cache
#      folder): BENCH_FEEDS feeds x BENCH_ITEMS items with their pages.
#   2. A fresh data folder with a config of one masthead (every section of
#      the farm's stories, pages under /m/farm-desk/), `migrate`, `source
#      import FILE.opml`; then `fetch --source ID` for the first BENCH_WARM
#      sources, so that there are story pages to read (untimed, not counted).
#   3. Starts `newsdesk web` on a free port, finds the addresses of up to
#      200 stored stories (their /story/ID redirects) and, in two loops of wrk runs of
#      5 s each (one thread, BENCH_CONNECTIONS connections each, each
#      connection pausing BENCH_READ_PAUSE_MS between requests:
#      bench/writes/readers.lua), reads the front page and the pages of the
#      stored stories.
#   4. Runs one `newsdesk fetch` pass over every source, then stops wrk and
#      the web process.
# Both newsdesk processes run with NEWSDESK_LOG=warn,newsdesk_store::timing=debug:
# the store reports every call with its kind and its milliseconds, counted
# from asking for a connection to the answer (so a wait for a connection
# or for the write lock is in it), and for a write how much of that went
# by before it had its connection. Every write is one call (a transaction
# counts as one); each read statement is one call of kind read.
#
# Columns of the table:
#   build           the name given in NEWSDESK_BINS (or "this build")
#   call            the store call's kind; reads are split by process
#   count           how many were made in the pass
#   p50 .. max      nearest-rank percentiles of their times, in ms
#   > 100 ms        how many took longer than 100 ms
#   on the connection  the same for the part after a write had its
#                   connection (its statements, and any wait for another
#                   process's lock): p99, max, and how many over 100 ms
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BINS         "NAME=PATH ..." builds to measure in turn
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         runs go to writes/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/writes/runs/<UTC time>)
#   BENCH_FEEDS           feeds (default 200)
#   BENCH_ITEMS           items per feed (default 40)
#   BENCH_WARM            sources fetched before the measured pass (default 5)
#   BENCH_CONNECTIONS     connections of each wrk loop (default 4)
#   BENCH_READ_PAUSE_MS   pause of each wrk connection between requests (default 10)
#   BENCH_TIMEOUT         seconds allowed for the pass (default 1800)
#
# What it installs, all outside the repo: the farm's build (see bench/ingest);
# Debian's wrk with apt-get when it is missing.
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# ---------------------------------------------------------------- settings
CACHE="${NEWSDESK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench}"
FARM_TARGET="$CACHE/ingest/farm-target"
FEEDS="${BENCH_FEEDS:-200}"
ITEMS="${BENCH_ITEMS:-40}"
WARM="${BENCH_WARM:-5}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
export BENCH_READ_PAUSE_MS="${BENCH_READ_PAUSE_MS:-10}"
TIMEOUT="${BENCH_TIMEOUT:-1800}"
for v in FEEDS ITEMS WARM CONNECTIONS TIMEOUT BENCH_READ_PAUSE_MS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done
[ "$WARM" -le "$FEEDS" ] || die "BENCH_WARM must be at most BENCH_FEEDS"
export NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true
export NEWSDESK_FETCH__HOST_INTERVAL_MS="${NEWSDESK_FETCH__HOST_INTERVAL_MS:-0}"
export NO_COLOR=1

if [ -n "${BENCH_OUT:-}" ]; then
    RUN="$BENCH_OUT"
else
    RUN="$CACHE/writes/runs/$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"

CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
[ -n "$CPU_MODEL" ] || CPU_MODEL="$(uname -m)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
DATE_UTC="$(date -u '+%Y-%m-%d %H:%M UTC')"
MACHINE="$(nproc) cores (nproc), $CPU_MODEL, ${MEM_GIB} GiB RAM, Linux $(uname -r)"
log "machine: $MACHINE; run folder: $RUN"

for tool in curl jq python3; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
if ! command -v wrk >/dev/null; then
    log "installing Debian's wrk with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2 ||
        die "could not install wrk"
fi

# ------------------------------------------------------------ clean-up
PIDS=()
stop() { # stop PID: TERM, then wait for it
    if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}
cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop "$p"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ the builds
BUILDS=()
if [ -n "${NEWSDESK_BINS:-}" ]; then
    for b in $NEWSDESK_BINS; do
        [[ "$b" == *=* ]] || die "NEWSDESK_BINS takes NAME=PATH words, not '$b'"
        BUILDS+=("$b")
    done
elif [ -n "${NEWSDESK_BIN:-}" ]; then
    BUILDS=("this build=$NEWSDESK_BIN")
else
    log "newsdesk: cargo build --release -p newsdesk"
    (cd "$REPO" && cargo build --release -p newsdesk) >"$RUN/newsdesk.build.log" 2>&1 ||
        die "cargo build failed; see $RUN/newsdesk.build.log"
    tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
    BUILDS=("this build=$tdir/release/newsdesk")
fi
for b in "${BUILDS[@]}"; do
    [ -x "${b#*=}" ] || die "no executable newsdesk at ${b#*=}"
done

# ------------------------------------------------------------ the farm
log "feed farm: cargo build --release (target folder $FARM_TARGET)"
(cd "$REPO/bench/ingest/farm" && CARGO_TARGET_DIR="$FARM_TARGET" cargo build --release --locked) \
    >"$RUN/farm.build.log" 2>&1 || die "the farm did not build; see $RUN/farm.build.log"
"$FARM_TARGET/release/newsdesk-feed-farm" --feeds "$FEEDS" --items "$ITEMS" \
    --urls "$RUN/feeds.txt" </dev/null >/dev/null 2>"$RUN/farm.log" &
PIDS+=($!)
for _ in $(seq 1 300); do
    [ -s "$RUN/feeds.txt" ] && break
    sleep 0.1
done
[ -s "$RUN/feeds.txt" ] || die "the farm wrote no feed list; see $RUN/farm.log"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<opml version="2.0"><head><title>Feed farm</title></head><body>'
    awk '{ printf "<outline type=\"rss\" text=\"Farm feed %d\" xmlUrl=\"%s\"/>\n", NR, $0 }' "$RUN/feeds.txt"
    echo '</body></opml>'
} >"$RUN/feeds.opml"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() { # wait_http URL PID: until URL answers (60 s), or PID exits
    local i
    for i in $(seq 1 600); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# wrk_loop KEY URL PATHS: 5 s wrk runs over the paths until KEY.stop exists.
wrk_loop() {
    local key=$1 url=$2 paths=$3 n=0
    while [ ! -e "$RUN/$key.stop" ]; do
        n=$((n + 1))
        wrk -t1 -c"$CONNECTIONS" -d5s -s "$HERE/readers.lua" "$url" -- "$paths" \
            >"$RUN/$key.$n.wrk" 2>&1 || true
    done
}

# stats all|tail: of sorted numbers, one a line: "count | p50 | p90 | p99 |
# max | over 100" (all) or "p99 | max | over 100" (tail), nearest-rank, in
# Markdown cells; "– | – | –" for no numbers.
stats() {
    awk -v what="$1" '
        { v[NR] = $1; if ($1 > 100) over++ }
        function at(p,  i) { i = int(p * NR / 100); if (i < p * NR / 100) i++; return v[i < 1 ? 1 : i] }
        END {
            if (NR == 0) { print "– | – | –"; exit }
            if (what == "all") printf "%d | %.1f | %.1f | ", NR, at(50), at(90)
            printf "%.1f | %.1f | %d\n", at(99), v[NR], over
        }'
}

# ------------------------------------------------------------ the runs
LOGGING="warn,newsdesk_store::timing=debug"
ROWS=()
NOTES=()
for build in "${BUILDS[@]}"; do
    name="${build%%=*}"
    nd="${build#*=}"
    key="$(echo "$name" | tr -c 'A-Za-z0-9\n' '-')"
    data="$RUN/$key-data"
    rm -rf "$data" "$RUN/$key".*
    mkdir -p "$data"
    cat >"$data/newsdesk.toml" <<'TOML'
[[masthead]]
id = "farm-desk"
name = "Farm Desk"
host = "farm.localhost"
timezone = "UTC"
sections = ["world", "business", "politics", "sports", "science", "technology", "health", "culture"]
TOML
    args=(--data "$data" --config "$data/newsdesk.toml")
    "$nd" "${args[@]}" migrate >"$RUN/$key.setup.log" 2>&1 || die "$name: migrate failed"
    "$nd" "${args[@]}" source import "$RUN/feeds.opml" >>"$RUN/$key.setup.log" 2>&1 ||
        die "$name: source import failed; see $RUN/$key.setup.log"
    for id in $(seq 1 "$WARM"); do
        "$nd" "${args[@]}" fetch --source "$id" >>"$RUN/$key.setup.log" 2>&1 ||
            die "$name: fetch --source $id failed; see $RUN/$key.setup.log"
    done
    "$nd" "${args[@]}" story list --limit 200 --json 2>>"$RUN/$key.setup.log" |
        jq -r '.[].id' >"$RUN/$key.ids"
    [ -s "$RUN/$key.ids" ] || die "$name: no stories after the first $WARM sources"

    port="$(free_port)"
    url="http://127.0.0.1:$port"
    NEWSDESK_LOG="$LOGGING" "$nd" "${args[@]}" web --listen "127.0.0.1:$port" \
        </dev/null >/dev/null 2>"$RUN/$key.web.log" &
    web_pid=$!
    PIDS+=("$web_pid")
    wait_http "$url/healthz" "$web_pid" || die "$name: newsdesk web did not answer; see $RUN/$key.web.log"
    while read -r id; do
        curl -sS -o /dev/null -w '%{redirect_url}\n' "$url/m/farm-desk/story/$id" | sed 's|^https\{0,1\}://[^/]*||'
    done <"$RUN/$key.ids" | grep '^/m/farm-desk/story/' >"$RUN/$key.paths" ||
        die "$name: the web process gave no story addresses; see $RUN/$key.web.log"
    echo /m/farm-desk/ >"$RUN/$key.front.paths"
    wrk_loop "$key.front" "$url" "$RUN/$key.front.paths" &
    front_pid=$!
    wrk_loop "$key.story" "$url" "$RUN/$key.paths" &
    story_pid=$!
    PIDS+=("$front_pid" "$story_pid")
    log "$name: newsdesk web (pid $web_pid) on $url, read by wrk; newsdesk fetch"
    t0=$EPOCHREALTIME
    rc=0
    NEWSDESK_LOG="$LOGGING" timeout -k 10 "$TIMEOUT" "$nd" "${args[@]}" fetch \
        >"$RUN/$key.fetch.out" 2>"$RUN/$key.fetch.log" </dev/null || rc=$?
    wall="$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t0 }")"
    touch "$RUN/$key.front.stop" "$RUN/$key.story.stop"
    wait "$front_pid" "$story_pid" || true
    stop "$web_pid"
    [ "$rc" -eq 0 ] || die "$name: newsdesk fetch exited $rc; see $RUN/$key.fetch.log"
    log "$name: $(tail -n 1 "$RUN/$key.fetch.out") in $wall s"

    # The samples: "call<TAB>ms<TAB>ms on the connection" (empty for reads).
    for proc in fetch web; do
        sed -n 's/.*newsdesk_store::timing: store call kind="\([^"]*\)" ms=\([0-9.e+-]*\)\( waited_ms=\([0-9.e+-]*\)\)\{0,1\}.*/\1\t\2\t\4/p' \
            "$RUN/$key.$proc.log" | awk -F'\t' -v OFS='\t' -v p="$proc" '{
                k = $1; if (k == "read") k = "reads (" p ")"; else if (p == "web") k = k " (web)"
                print k, $2, ($3 == "" ? "" : $2 - $3) }'
    done >"$RUN/$key.samples"
    [ -s "$RUN/$key.samples" ] || die "$name: no timings in the logs (a build from before the store reported them?)"
    while IFS= read -r kind; do
        total="$(awk -F'\t' -v k="$kind" '$1 == k { print $2 }' "$RUN/$key.samples" | sort -g | stats all)"
        held="$(awk -F'\t' -v k="$kind" '$1 == k && $3 != "" { print $3 }' "$RUN/$key.samples" | sort -g | stats tail)"
        ROWS+=("| $name | $kind | $total | $held |")
    done < <(cut -f1 "$RUN/$key.samples" | sort -u |
        awk '{ print (/^reads/ ? "2" : (/\(web\)/ ? "1" : "0")) "\t" $0 }' | sort | cut -f2)

    requests() { cat "$RUN/$key.$1".*.wrk | awk '/requests in/ { n += $1 } END { print n + 0 }'; }
    slow="$(cat "$RUN/$key.fetch.log" "$RUN/$key.web.log" | grep -c 'slow statement' || true)"
    locked="$(cat "$RUN/$key.fetch.log" "$RUN/$key.web.log" | grep -ci 'database is locked' || true)"
    NOTES+=("$name: \`newsdesk fetch\` $wall s wall, \`$(tail -n 1 "$RUN/$key.fetch.out")\`; wrk read the front page $(requests front) times and story pages $(requests story) times meanwhile; sqlx slow-statement warnings: $slow; \"database is locked\": $locked")
done

# ------------------------------------------------------------ the report
CMD="bench/writes/run.sh"
for v in NEWSDESK_BIN NEWSDESK_BINS BENCH_FEEDS BENCH_ITEMS BENCH_WARM BENCH_CONNECTIONS BENCH_READ_PAUSE_MS; do
    [ -n "${!v:-}" ] && CMD="$v=\"${!v}\" $CMD"
done
CMD="${CMD//$REPO\//}"
{
    echo "Run of $DATE_UTC: \`$CMD\`"
    echo
    echo "- Machine: $MACHINE; $(rustc --version 2>/dev/null | awk '{ print $1, $2 }'), wrk $({ wrk --version 2>&1 || true; } | awk 'NR == 1 { sub(/^debian\//, "", $2); print $2 }')"
    echo "- Farm: $FEEDS feeds x $ITEMS items with their pages; the first $WARM fetched before the pass; two wrk loops of $CONNECTIONS connections each pausing $BENCH_READ_PAUSE_MS ms between requests (front page, story pages) throughout the pass; all on one machine"
    echo
    echo "| build | call | count | p50 ms | p90 ms | p99 ms | max ms | > 100 ms | on the connection: p99 ms | max ms | > 100 ms |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Times from asking the store for a connection to its answer (a transaction counts as one call), from the"
    echo "\`newsdesk_store::timing\` events of the \`fetch\` and \`web\` processes; \"(web)\" marks a write made by the web process."
    echo "\"On the connection\": a write's time after it had its connection (its statements, and any wait for the write lock)."
    for n in "${NOTES[@]}"; do echo "- $n"; done
    echo
    echo "Script time: $(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $T_START }") s."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
