#!/usr/bin/env bash
# Ingestion benchmark: one full `newsdesk fetch` pass over generated feeds
# and their article pages, served from 127.0.0.1, on SQLite and PostgreSQL.
#
# Usage:   bench/ingest/run.sh                          (from any folder)
#          BENCH_BACKENDS=sqlite bench/ingest/run.sh
#          NEWSDESK_BIN=path/to/newsdesk bench/ingest/run.sh   (no cargo build)
#
# Output:  stdout is Markdown only: date, command, machine and ONE table,
#          ready to paste into BENCHMARKS.md. Progress goes to stderr. Every
#          pass's output, GNU time's numbers and the farm's log stay in the
#          run folder.
#
# What happens:
#   1. Builds newsdesk (`cargo build --release -p newsdesk`, unless
#      NEWSDESK_BIN is set) and the feed farm (bench/ingest/farm/, its own
#      Cargo project, target folder in the cache folder).
#   2. Starts the farm: BENCH_FEEDS RSS feeds x BENCH_ITEMS items, each item
#      with an article page of a news site's shape (about 30 KB), all made
#      from a seed; the feeds are spread over BENCH_FARM_PORTS listeners on
#      each of BENCH_FARM_HOSTS loopback addresses (127.0.0.1, 127.0.0.2, ...).
#   3. For each backend: a fresh data folder (SQLite), or a fresh database
#      on BENCH_PG (PostgreSQL, dropped afterwards); adds every feed as a
#      source (untimed: `source import FILE.opml` when the binary has it,
#      else `source add URL` once per feed); then times
#        pass 1  `newsdesk fetch`: every feed read, every item stored, every
#                item's page fetched and its article extracted
#        pass 2  `newsdesk fetch` again over the unchanged feeds: conditional
#                requests, which the farm answers with 304
#      each under `/usr/bin/time -f '%e %U %S %M'` (wall, user, system, peak
#      RSS). The farm's CPU time is read from its /stats before and after.
#
# Columns of the table:
#   stories         stories stored by pass 1 (`story list --json`), and how
#                   many of them got their article from their page
#   pass 1 wall s   wall time of the whole `newsdesk fetch` process
#   items/s         stories / pass 1 wall
#   CPU s/1k items  (user + system) of newsdesk in pass 1, per 1,000 stories
#   newsdesk CPU    (user + system) / wall of pass 1, in % of one core
#   peak RSS MB     GNU time's maximum resident set of pass 1, MB = 2^20 bytes
#   pass 2          pass 2's wall and CPU time as % of pass 1's
#   farm CPU        the farm's CPU seconds during pass 1 / pass 1 wall, in % of
#                   one core: how close the server is to being the bottleneck
#                   (at 100% x cores it would be)
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         the farm builds in ingest/farm-target, runs go to ingest/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/ingest/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite postgres" (default), or one of them
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_FEEDS           feeds (default 500)
#   BENCH_ITEMS           items per feed (default 40)
#   BENCH_SEED            the farm's seed (default: the farm's own, fixed)
#   BENCH_FARM_PORTS      listeners per loopback address (default 64)
#   BENCH_FARM_HOSTS      loopback addresses (default 1: all on 127.0.0.1)
#   BENCH_FARM_THREADS    the farm's worker threads (default: nproc)
#   BENCH_TIMEOUT         seconds allowed for one pass (default 1800)
#   RUST_LOG              passed on to newsdesk (its log goes to the run folder)
#
# Settings newsdesk runs with (environment, see crates/newsdesk/src/config.rs):
#   NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true   the farm is on loopback
#   NEWSDESK_FETCH__HOST_INTERVAL_MS=0   no pause between two requests to one
#       origin (default 1000 ms); the limit of 2 requests in flight per origin
#       still holds. The benchmark stands for many sites: each feed and its
#       pages would be a site of its own, and the pass spreads its requests
#       over them. The farm has to serve them from 64 ports of one machine,
#       and with 1000 ms it would be paced as 64 sites: a pass fetches 8
#       sources at once, each source's pages from its own origin, so at most
#       8 requests would start per second and the pass would measure the
#       pause, not the pipeline. A caller may set another value; the table
#       says which was used.
#
# What it installs, all outside the repo: the farm's build (crates.io
# dependencies) under NEWSDESK_BENCH_CACHE; Debian's `time` package with
# apt-get when /usr/bin/time is missing. In the repo only the newsdesk build
# writes (to its usual target folder, or CARGO_TARGET_DIR).
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
calc() { awk "BEGIN { $1 }"; }

# ---------------------------------------------------------------- settings
CACHE="${NEWSDESK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench}"
FARM_TARGET="$CACHE/ingest/farm-target"
BACKENDS="$(echo "${BENCH_BACKENDS:-sqlite postgres}" | tr ',' ' ' | xargs)"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
FEEDS="${BENCH_FEEDS:-500}"
ITEMS="${BENCH_ITEMS:-40}"
FARM_PORTS="${BENCH_FARM_PORTS:-64}"
FARM_HOSTS="${BENCH_FARM_HOSTS:-1}"
FARM_THREADS="${BENCH_FARM_THREADS:-$(nproc)}"
TIMEOUT="${BENCH_TIMEOUT:-1800}"
for b in $BACKENDS; do
    [[ "$b" == sqlite || "$b" == postgres ]] || die "unknown backend '$b' in BENCH_BACKENDS (sqlite, postgres)"
done
for v in FEEDS ITEMS FARM_PORTS FARM_HOSTS FARM_THREADS TIMEOUT; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done

export NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true
# No pause between requests to one origin (see the header), unless the caller set one.
export NEWSDESK_FETCH__HOST_INTERVAL_MS="${NEWSDESK_FETCH__HOST_INTERVAL_MS:-0}"
HOST_INTERVAL="$NEWSDESK_FETCH__HOST_INTERVAL_MS ms"

if [ -n "${BENCH_OUT:-}" ]; then
    RUN="$BENCH_OUT"
else
    RUN="$CACHE/ingest/runs/$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"
[ -n "${BENCH_OUT:-}" ] || ln -sfn "$RUN" "$CACHE/ingest/runs/latest"

# ------------------------------------------------------------ the machine
CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
[ -n "$CPU_MODEL" ] || CPU_MODEL="$(uname -m)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
DATE_UTC="$(date -u '+%Y-%m-%d %H:%M UTC')"
CORES="$(nproc)"
MACHINE="$CORES cores (nproc), $CPU_MODEL, ${MEM_GIB} GiB RAM, Linux $(uname -r)"
log "machine: $MACHINE; date: $DATE_UTC; run folder: $RUN"

for tool in curl jq; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
if [[ " $BACKENDS " == *" postgres "* ]]; then
    command -v psql >/dev/null || die "psql is missing (or set BENCH_BACKENDS=sqlite)"
    psql "$PG/postgres" -Atqc 'SELECT 1' >/dev/null 2>"$RUN/psql.log" ||
        die "no PostgreSQL at $PG: $(head -n 1 "$RUN/psql.log")"
fi
TIME_BIN=/usr/bin/time
if [ ! -x "$TIME_BIN" ]; then
    log "installing Debian's time package for $TIME_BIN"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2 ||
        die "no $TIME_BIN and apt-get could not install it"
fi

# ------------------------------------------------------------ clean-up
FARM_PID=""
PG_DB=""
cleanup() {
    if [ -n "$FARM_PID" ] && kill -0 "$FARM_PID" 2>/dev/null; then
        kill -TERM "$FARM_PID" 2>/dev/null || true
        wait "$FARM_PID" 2>/dev/null || true
    fi
    if [ -n "$PG_DB" ]; then
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ set-up (untimed)
T_SETUP=$EPOCHREALTIME
if [ -n "${NEWSDESK_BIN:-}" ]; then
    ND="$NEWSDESK_BIN"
else
    log "newsdesk: cargo build --release -p newsdesk"
    (cd "$REPO" && cargo build --release -p newsdesk) >"$RUN/newsdesk.build.log" 2>&1 ||
        die "cargo build failed; see $RUN/newsdesk.build.log"
    tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | jq -r .target_directory)"
    ND="$tdir/release/newsdesk"
fi
[ -x "$ND" ] || die "no executable newsdesk at $ND"
ND_VERSION="$("$ND" --version | head -n 1 | awk '{ print $NF }')"

log "feed farm: cargo build --release (target folder $FARM_TARGET)"
(cd "$HERE/farm" && CARGO_TARGET_DIR="$FARM_TARGET" cargo build --release --locked) \
    >"$RUN/farm.build.log" 2>&1 || die "the farm did not build; see $RUN/farm.build.log"
FARM="$FARM_TARGET/release/newsdesk-feed-farm"

FARM_ARGS=(--feeds "$FEEDS" --items "$ITEMS" --ports "$FARM_PORTS" --hosts "$FARM_HOSTS"
    --threads "$FARM_THREADS" --urls "$RUN/feeds.txt")
[ -n "${BENCH_SEED:-}" ] && FARM_ARGS+=(--seed "$BENCH_SEED")
rm -f "$RUN/feeds.txt"
"$FARM" "${FARM_ARGS[@]}" </dev/null >/dev/null 2>"$RUN/farm.log" &
FARM_PID=$!
# The farm writes the URL list (whole, by rename) once every listener is bound.
for _ in $(seq 1 300); do
    [ -s "$RUN/feeds.txt" ] && break
    kill -0 "$FARM_PID" 2>/dev/null || die "the farm exited: $(tail -n 1 "$RUN/farm.log")"
    sleep 0.1
done
[ -s "$RUN/feeds.txt" ] || die "the farm wrote no feed list in 30 s"
mapfile -t URLS <"$RUN/feeds.txt"
[ "${#URLS[@]}" -eq "$FEEDS" ] || die "the farm listed ${#URLS[@]} feeds, not $FEEDS"
STATS_URL="${URLS[0]%/feeds/*}/stats"
ORIGINS="$(sed 's|/feeds/.*||' "$RUN/feeds.txt" | sort -u | wc -l)"
HOSTS_SEEN="$(sed -E 's|^http://([^:/]+).*|\1|' "$RUN/feeds.txt" | sort -u | wc -l)"
log "farm (pid $FARM_PID): $FEEDS feeds x $ITEMS items on $ORIGINS origins ($HOSTS_SEEN host addresses)"

# `source import FILE.opml`, when the binary has it.
HAS_IMPORT=no
"$ND" source --help 2>/dev/null | grep -qE '^[[:space:]]+import([[:space:]]|$)' && HAS_IMPORT=yes
if [ "$HAS_IMPORT" = yes ]; then
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<opml version="2.0"><head><title>Feed farm</title></head><body>'
        i=0
        for u in "${URLS[@]}"; do
            echo "<outline type=\"rss\" text=\"Farm feed $i\" title=\"Farm feed $i\" xmlUrl=\"$u\"/>"
            i=$((i + 1))
        done
        echo '</body></opml>'
    } >"$RUN/feeds.opml"
fi

farm_cpu() { curl -fsS "$STATS_URL" | jq -r .cpu_s; }
farm_stat() { curl -fsS "$STATS_URL" | jq -r ".$1"; }
# How busy all cores are: "idle total" jiffies, from /proc/stat.
cpu_snap() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, t }' /proc/stat; }
busy_pct() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
        printf "%.0f", 100 * (1 - (y[1] - x[1]) / (y[2] - x[2])) }'
}

# timed_pass KEY ARGS...: one `newsdesk fetch`; KEY.time holds "wall user sys rss_kib".
timed_pass() {
    local key=$1 rc
    shift
    log "$key: newsdesk fetch"
    local s0 snap
    s0="$(curl -fsS "$STATS_URL")"
    snap="$(cpu_snap)"
    rc=0
    timeout -k 10 "$TIMEOUT" "$TIME_BIN" -f '%e %U %S %M' -o "$RUN/$key.time" \
        "$ND" "$@" fetch >"$RUN/$key.out" 2>"$RUN/$key.log" </dev/null || rc=$?
    echo "$(busy_pct "$snap" "$(cpu_snap)")" >"$RUN/$key.busy"
    local s1
    s1="$(curl -fsS "$STATS_URL")"
    jq -n --argjson a "$s0" --argjson b "$s1" \
        '{cpu_s: (($b.cpu_s - $a.cpu_s) * 100 | round / 100), feeds: ($b.feeds - $a.feeds),
          not_modified: ($b.not_modified - $a.not_modified), pages: ($b.pages - $a.pages),
          bytes: ($b.bytes - $a.bytes)}' >"$RUN/$key.farm.json"
    [ "$rc" -eq 0 ] || die "$key: newsdesk fetch exited $rc: $(tail -n 2 "$RUN/$key.log" "$RUN/$key.time" | tr '\n' ' ')"
    log "$key: $(tail -n 1 "$RUN/$key.out"); time: $(tail -n 1 "$RUN/$key.time"); farm: $(jq -c . "$RUN/$key.farm.json")"
}

# Transactions committed in the benchmark's PostgreSQL database so far
# (each one waits for its WAL flush unless the server says otherwise).
pg_commits() {
    if [ -n "$PG_DB" ]; then
        psql "$PG/postgres" -Atqc "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = '$PG_DB'" | tail -n 1
    else
        echo 0
    fi
}

# ------------------------------------------------------------ the runs
T_RUNS=$EPOCHREALTIME
ROWS=()
NOTES=()
for b in $BACKENDS; do
    data="$RUN/$b-data"
    rm -rf "$data"
    mkdir -p "$data"
    args=(--data "$data")
    if [ "$b" = postgres ]; then
        PG_DB="newsdesk_bench_$(date -u +%Y%m%d%H%M%S)_$$"
        psql "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        args+=(--database-url "$PG/$PG_DB")
        log "$b: database $PG_DB on ${PG#*@}"
    fi
    "$ND" "${args[@]}" migrate >"$RUN/$b.setup.log" 2>&1 || die "$b: migrate failed"
    t0=$EPOCHREALTIME
    if [ "$HAS_IMPORT" = yes ]; then
        "$ND" "${args[@]}" source import "$RUN/feeds.opml" >>"$RUN/$b.setup.log" 2>&1 ||
            die "$b: source import failed; see $RUN/$b.setup.log"
    else
        i=0
        for u in "${URLS[@]}"; do
            "$ND" "${args[@]}" source add "$u" --name "Farm feed $i" >>"$RUN/$b.setup.log" 2>&1 ||
                die "$b: source add $u failed; see $RUN/$b.setup.log"
            i=$((i + 1))
        done
    fi
    n_sources="$("$ND" "${args[@]}" source list --json | jq length)"
    [ "$n_sources" -eq "$FEEDS" ] || die "$b: $n_sources sources, not $FEEDS"
    log "$b: $n_sources sources added in $(calc "printf \"%.1f\", $EPOCHREALTIME - $t0") s (untimed)"

    commits0="$(pg_commits)"
    timed_pass "$b.pass1" "${args[@]}"
    stories="$("$ND" "${args[@]}" story list --limit 1000000 --json 2>>"$RUN/$b.setup.log" | jq length)"
    commits1="$(pg_commits)"
    timed_pass "$b.pass2" "${args[@]}"
    commits2="$(pg_commits)"
    stories2="$("$ND" "${args[@]}" story list --limit 1000000 --json 2>>"$RUN/$b.setup.log" | jq length)"
    [ "$stories2" -eq "$stories" ] || log "$b: pass 2 changed the story count: $stories -> $stories2"

    # Articles taken from their pages: "...; A of N articles from their pages".
    articles="$(grep -oE '; [0-9]+ of [0-9]+ articles' "$RUN/$b.pass1.out" |
        awk '{ s += $2 } END { print s + 0 }')"
    failed="$(grep -c '^FAILED' "$RUN/$b.pass1.out" || true)"
    read -r w1 u1 s1 m1 <"$RUN/$b.pass1.time"
    read -r w2 u2 s2 _ <"$RUN/$b.pass2.time"
    fcpu="$(jq -r .cpu_s "$RUN/$b.pass1.farm.json")"
    row="$(calc "
        w1 = $w1; c1 = $u1 + $s1; w2 = $w2; c2 = $u2 + $s2; n = $stories
        if (w1 < 0.01) w1 = 0.01
        if (c1 < 0.01) c1 = 0.01
        printf \"| %s | %d (%d with article) | %.1f | %.0f | %.2f | %.0f%% | %.0f | %.1f%% / %.1f%% | %.0f%% |\",
            \"$b\", n, $articles, w1, n / w1, (n > 0 ? 1000 * c1 / n : 0), 100 * c1 / w1,
            $m1 / 1024, 100 * w2 / w1, 100 * c2 / c1, 100 * $fcpu / w1")"
    ROWS+=("$row")
    NOTES+=("$b: pass 1 \`$(tail -n 1 "$RUN/$b.pass1.out")\` ($failed sources failed; all cores $(cat "$RUN/$b.pass1.busy")% busy; farm served $(jq -r '"\(.feeds) feeds, \(.pages) pages, \(.bytes / 1048576 | floor) MB"' "$RUN/$b.pass1.farm.json")); pass 2 \`$(tail -n 1 "$RUN/$b.pass2.out")\` (farm: $(jq -r '"\(.not_modified) answered 304, \(.feeds) feeds and \(.pages) pages served"' "$RUN/$b.pass2.farm.json"))")

    if [ "$b" = postgres ]; then
        NOTES+=("postgres: $((commits1 - commits0)) transactions committed in pass 1, $((commits2 - commits1)) in pass 2 (pg_stat_database; synchronous_commit is $(psql "$PG/postgres" -Atqc 'SHOW synchronous_commit'))")
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
        PG_DB=""
    fi
done

# ------------------------------------------------------------ the report
T_END=$EPOCHREALTIME
CMD="bench/ingest/run.sh"
for v in NEWSDESK_BIN BENCH_BACKENDS BENCH_FEEDS BENCH_ITEMS BENCH_SEED BENCH_FARM_PORTS \
    BENCH_FARM_HOSTS BENCH_FARM_THREADS RUST_LOG; do
    [ -n "${!v:-}" ] && CMD="$v=${!v} $CMD"
done
{
    echo "Run of $DATE_UTC: \`$CMD\`"
    echo
    echo "- Machine: $MACHINE; newsdesk $ND_VERSION, $(rustc --version 2>/dev/null | awk '{ print $1, $2 }'), $(psql --version 2>/dev/null | awk '{ print "PostgreSQL client", $3 }')"
    echo "- Farm: $FEEDS feeds x $ITEMS items, one article page each, on $ORIGINS origins ($HOSTS_SEEN loopback address(es), $FARM_THREADS farm threads), on the same machine as newsdesk"
    echo "- Sources added with \`$([ "$HAS_IMPORT" = yes ] && echo "source import FILE.opml" || echo "source add URL")\` (untimed); fetch.host_interval_ms: $HOST_INTERVAL"
    echo
    echo "| backend | stories | pass 1 wall s | items/s | CPU s/1k items | newsdesk CPU | peak RSS MB | pass 2 wall / CPU, % of pass 1 | farm CPU |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "items/s: stories stored by pass 1 / its wall time. CPU: user + system of the \`newsdesk fetch\` process;"
    echo "\"newsdesk CPU\" and \"farm CPU\" are CPU seconds / pass 1 wall seconds, in % of one core ($CORES cores in all)."
    echo "Peak RSS: GNU time's maximum resident set size, MB = 2^20 bytes."
    for n in "${NOTES[@]}"; do echo "- $n"; done
    echo
    echo "Script time: $(calc "printf \"%.0f\", $T_END - $T_START") s in all ($(calc "printf \"%.0f\", $T_RUNS - $T_SETUP") s building and starting the farm)."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
