#!/usr/bin/env bash
# Soak benchmark: `newsdesk serve` (the site and its scheduler) for
# BENCH_MINUTES against a feed farm whose feeds publish a new item every
# minute, while wrk reads front and story pages the whole time.
# The goal: zero errors, RSS growth under 10%, p99 of the last five
# minutes within 20% of the first five, all over the measured minutes that
# follow a run-in (BENCH_RUN_IN).
#
# Usage:   bench/soak/run.sh                                  (from any folder)
#          BENCH_MINUTES=3 BENCH_FEEDS=50 bench/soak/run.sh   (a short check)
#          NEWSDESK_BIN=path/to/newsdesk bench/soak/run.sh    (no cargo build)
#
# Output:  stdout is Markdown only: date, command, commit, machine, one
#          table per backend and the three goal checks, ready to paste into
#          BENCHMARKS.md. Progress goes to stderr; newsdesk's log, wrk's
#          windows and the RSS samples stay in the run folder.
#
# What happens:
#   1. Builds newsdesk (`cargo build --release -p newsdesk`, unless
#      NEWSDESK_BIN is set); installs Debian's wrk when missing; builds and
#      starts the feed farm of bench/ingest/farm/ with `--new-every 60`:
#      BENCH_FEEDS feeds of BENCH_ITEMS items, each feed publishing one new
#      item a minute (each at its own second of the minute) with its
#      article page, and listing its BENCH_ITEMS newest.
#   2. For each backend: a fresh data folder with one masthead (the farm's
#      eight sections) in newsdesk.toml (PostgreSQL: a database of its own
#      on BENCH_PG, dropped afterwards), every feed added as a source, then
#      `newsdesk serve` on a free port. Its scheduler fetches every source
#      at once (the first pass, waited for until every listed item is
#      stored, at most 10 minutes), then each when it falls due: the
#      farm's items are a minute apart, so each source is checked about
#      every fetch.min_interval_minutes (2 by default).
#   3. wrk reads for BENCH_MINUTES one-minute windows (`wrk -t2
#      -cBENCH_CONNECTIONS -d60s --latency`, bench/soak/read.lua): each
#      connection asks for the front page and 20 story pages in turn
#      (front, story 1, front, story 2, ...; the stories picked from the
#      first pass), pausing BENCH_DELAY_MS between an answer and its next
#      request: a steady load of readers, not a saturation test. Each
#      window writes its counts and latency histogram; windows are merged
#      into exact percentiles per block.
#   4. serve's RSS (VmRSS of /proc/PID/status) every 10 s, and at the end
#      of each window with the number of stories stored.
#
# The table has one row per block of 5 minutes (of 1 minute when
# BENCH_MINUTES is under 10): req/s (requests / seconds of the windows),
# p50 and p99 over every request of the block, errors (answers other than
# 2xx/3xx plus socket errors: connect, read, write, timeout), serve's RSS
# (the mean of the 10-second samples during the block), the stories
# stored by its end, and the machine's
# one-minute load average then (the run's own processes are part of it; a
# load well above the number of cores means other work competed with it).
#
# The goal checks, over the measured minutes (after the run-in):
#   errors     zero in every window
#   RSS        growth from the first block's mean to the last block's
#              under 10%
#   p99        p99 of the last block no more than 20% above the first
#              block's (a faster end passes; both are printed)
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         the farm builds in ingest/farm-target, runs go to soak/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/soak/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite" (default), "postgres" or "sqlite postgres"
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_MINUTES         minutes of reading measured (default 30)
#   BENCH_RUN_IN          minutes of reading before them, not measured (default
#                         10): the first pass's pages and the first checks,
#                         which all fall due together until the jitter spreads
#                         them, are not the steady state the goal compares
#   BENCH_FEEDS           feeds (default 200)
#   BENCH_ITEMS           items each feed lists (default 40)
#   BENCH_NEW_EVERY       seconds between two new items of a feed (default 60)
#   BENCH_CONNECTIONS     wrk connections (default 16)
#   BENCH_DELAY_MS        pause of each connection between requests (default 10)
#   RUST_LOG              passed on to newsdesk (its log goes to the run folder)
#
# Settings newsdesk runs with, as in bench/ingest/run.sh:
#   NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true   the farm is on loopback
#   NEWSDESK_FETCH__HOST_INTERVAL_MS=0             no pause between two
#       requests to one farm origin (unless the caller sets one)
#
# What it installs, all outside the repo: Debian's wrk when missing, the
# farm's build under NEWSDESK_BENCH_CACHE. In the repo only the newsdesk
# build writes.
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

# ---------------------------------------------------------------- settings
bench_settings soak sqlite
MINUTES="${BENCH_MINUTES:-30}"
RUN_IN="${BENCH_RUN_IN:-10}"
FEEDS="${BENCH_FEEDS:-200}"
ITEMS="${BENCH_ITEMS:-40}"
NEW_EVERY="${BENCH_NEW_EVERY:-60}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
DELAY_MS="${BENCH_DELAY_MS:-10}"
positive MINUTES FEEDS ITEMS NEW_EVERY CONNECTIONS
[[ "$DELAY_MS" =~ ^[0-9]+$ ]] || die "BENCH_DELAY_MS must be a number"
[[ "$RUN_IN" =~ ^[0-9]+$ ]] || die "BENCH_RUN_IN must be a number of minutes"
[ "$MINUTES" -ge 2 ] || die "BENCH_MINUTES must be at least 2 (a first and a last block)"
BLOCK=5
[ "$MINUTES" -ge 10 ] || BLOCK=1
STORY_PAGES=20
MASTHEAD=soak-gazette
describe_machine
needs curl jq python3 sqlite3
needs_wrk

# ------------------------------------------------------------ set-up
newsdesk_binary
start_farm --feeds "$FEEDS" --items "$ITEMS" --new-every "$NEW_EVERY"
[ "${#URLS[@]}" -eq "$FEEDS" ] || die "the farm listed ${#URLS[@]} feeds, not $FEEDS"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# percentiles FILE...: "p50 p99" in ms over the latency lines of wrk windows.
percentiles() {
    cat "$@" | awk '$1 == "latency" { n[$2] += $3 }
        END { for (v in n) print v, n[v] }' | sort -n |
        awk '{ v[NR] = $1; c[NR] = $2; total += $2 }
        END {
            if (total == 0) { print "? ?"; exit }
            for (i = 1; i <= NR; i++) {
                seen += c[i]
                if (p50 == "" && seen >= 0.50 * total) p50 = v[i]
                if (p99 == "" && seen >= 0.99 * total) p99 = v[i]
            }
            printf "%.2f %.2f\n", p50 / 1000, p99 / 1000
        }'
}
# window_sum FIELD FILE...: requests, duration_us or errors summed.
window_sum() {
    local field=$1
    shift
    cat "$@" | awk -v f="$field" '$1 == f { for (i = 2; i <= NF; i++) s += $i } END { print s + 0 }'
}

# ------------------------------------------------------------ the runs
T_RUNS=$EPOCHREALTIME
REPORT=()
for b in $BACKENDS; do
    fresh_store "$b" "$b"
    cat >"$DATA/newsdesk.toml" <<EOF
# The soak benchmark's one masthead; every source feeds it.
[[masthead]]
id = "$MASTHEAD"
name = "Soak Gazette"
host = "soak.localhost"
timezone = "Africa/Nairobi"
sections = ["world", "business", "sports", "politics", "science", "health", "culture", "technology"]
language = "en"
EOF
    stories() { "${SQL[@]}" 'SELECT count(*) FROM stories' 2>/dev/null || echo "?"; }

    port="$(free_port)"
    URL="http://127.0.0.1:$port"
    t0=$EPOCHREALTIME
    "$ND" "${ARGS[@]}" serve --listen "127.0.0.1:$port" </dev/null >"$RUN/$b.serve.out" 2>"$RUN/$b.serve.log" &
    ND_PID=$!
    started "$ND_PID"
    wait_http "$URL/healthz" 60 "$ND_PID" || die "$b: newsdesk serve did not answer; see $RUN/$b.serve.log"
    log "$b: newsdesk serve (pid $ND_PID) on $URL; waiting for the first pass"

    # The first pass: every item the feeds list stored.
    first=$((FEEDS * ITEMS))
    for _ in $(seq 1 600); do
        n="$(stories)"
        [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge "$first" ] && break
        kill -0 "$ND_PID" 2>/dev/null || die "$b: newsdesk serve exited; see $RUN/$b.serve.log"
        sleep 1
    done
    first_s="$(calc "printf \"%.0f\", $EPOCHREALTIME - $t0")"
    first_note="first pass: $(stories) stories stored $first_s s after serve started"
    log "$b: $first_note"

    # The pages wrk reads: the front page and story pages, taken in turn.
    paths="$RUN/$b.paths.txt"
    : >"$paths"
    "$ND" "${ARGS[@]}" story list --limit 1000 --json >"$RUN/$b.stories.json" 2>>"$RUN/$b.setup.log"
    for id in $(jq -r --argjson k "$STORY_PAGES" '[.[].id] | . as $a | [range(0; $k)] | map($a[(. * ($a | length) / $k | floor)]) | .[]' "$RUN/$b.stories.json"); do
        loc="$(curl -sS -o /dev/null -w '%{redirect_url}' "$URL/m/$MASTHEAD/story/$id")"
        [ -n "$loc" ] || die "$b: /m/$MASTHEAD/story/$id did not redirect to the story's address"
        printf '/m/%s/\n/%s\n' "$MASTHEAD" "${loc#http*://*/}" >>"$paths"
    done
    while read -r p; do
        s="$(curl -sS -o /dev/null -w '%{http_code}' "$URL$p")"
        [ "$s" = 200 ] || die "$b: $p answered $s"
    done < <(sort -u "$paths")

    # serve's RSS every 10 s, until the stop file appears.
    STOP_FILE="$RUN/$b.rss.stop"
    rm -f "$STOP_FILE"
    (
        i=0
        while [ ! -e "$STOP_FILE" ] && kill -0 "$ND_PID" 2>/dev/null; do
            [ $((i % 10)) -ne 0 ] || echo "$(date +%s) $(rss_kib "$ND_PID")"
            i=$((i + 1))
            sleep 1
        done
    ) >"$RUN/$b.rss.txt" &
    SAMPLER_PID=$!
    started "$SAMPLER_PID"

    # The run-in: the same readers, not measured.
    for m in $(seq 1 "$RUN_IN"); do
        log "$b: run-in minute $m of $RUN_IN"
        SOAK_WINDOW_FILE="$RUN/$b.runin$m.txt" wrk -t2 -c"$CONNECTIONS" -d60s --latency -s "$HERE/read.lua" "$URL" -- "$paths" "$DELAY_MS" \
            >"$RUN/$b.runin$m.wrk" 2>&1 || die "$b: wrk failed in run-in minute $m; see $RUN/$b.runin$m.wrk"
    done

    # The windows.
    log "$b: reading for $MINUTES minutes (wrk -t2 -c$CONNECTIONS, ${DELAY_MS} ms between requests)"
    : >"$RUN/$b.windows.txt"
    for m in $(seq 1 "$MINUTES"); do
        f="$RUN/$b.window$m.txt"
        t_start=$(date +%s)
        SOAK_WINDOW_FILE="$f" wrk -t2 -c"$CONNECTIONS" -d60s --latency -s "$HERE/read.lua" "$URL" -- "$paths" "$DELAY_MS" \
            >"$RUN/$b.window$m.wrk" 2>&1 || die "$b: wrk failed in minute $m; see $RUN/$b.window$m.wrk"
        [ -s "$f" ] || die "$b: wrk wrote no window file in minute $m"
        kill -0 "$ND_PID" 2>/dev/null || die "$b: newsdesk serve exited in minute $m; see $RUN/$b.serve.log"
        echo "$m $(rss_kib "$ND_PID") $(stories) $(cut -d' ' -f1 /proc/loadavg) $t_start $(date +%s)" >>"$RUN/$b.windows.txt"
        read -r p50 p99 <<<"$(percentiles "$f")"
        log "$b minute $m: $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RUN/$b.window$m.wrk") req/s, p50 $p50 ms, p99 $p99 ms, errors $(window_sum errors "$f"), RSS $(calc "printf \"%.1f\", $(rss_kib "$ND_PID") / 1024") MB, $(stories) stories"
    done
    touch "$STOP_FILE"
    wait "$SAMPLER_PID" 2>/dev/null || true
    reaped "$SAMPLER_PID"
    STOP_FILE=""

    # The table: one row per block.
    ROWS=()
    blocks=$(((MINUTES + BLOCK - 1) / BLOCK))
    for k in $(seq 1 "$blocks"); do
        from=$(((k - 1) * BLOCK + 1))
        to=$((k * BLOCK < MINUTES ? k * BLOCK : MINUTES))
        files=()
        for m in $(seq "$from" "$to"); do files+=("$RUN/$b.window$m.txt"); done
        req="$(window_sum requests "${files[@]}")"
        dur="$(window_sum duration_us "${files[@]}")"
        err="$(window_sum errors "${files[@]}")"
        read -r p50 p99 <<<"$(percentiles "${files[@]}")"
        read -r _ _ n load _ _ <<<"$(awk -v m="$to" '$1 == m' "$RUN/$b.windows.txt")"
        # RSS swings by 10 to 20 MB between samples: a block's RSS is the
        # mean of the 10-second samples taken during its windows.
        t_from="$(awk -v m="$from" '$1 == m { print $5 }' "$RUN/$b.windows.txt")"
        t_to="$(awk -v m="$to" '$1 == m { print $6 }' "$RUN/$b.windows.txt")"
        rss="$(awk -v a="$t_from" -v z="$t_to" '$1 >= a && $1 <= z { s += $2; n++ } END { printf "%.0f", n ? s / n : 0 }' "$RUN/$b.rss.txt")"
        rss_mb="$(calc "printf \"%.1f\", $rss / 1024")"
        ROWS+=("| $((from - 1))–$to | $(calc "printf \"%.0f\", $req / ($dur / 1e6)") | $p50 ms | $p99 ms | $err | $rss_mb | $n | $load |")
        [ "$k" -ne 1 ] || { P99_FIRST=$p99; RSS_FIRST=$rss; }
        P99_LAST=$p99
        RSS_LAST=$rss
    done
    all=()
    for m in $(seq 1 "$MINUTES"); do all+=("$RUN/$b.window$m.txt"); done
    ERRORS="$(window_sum errors "${all[@]}")"
    REQUESTS="$(window_sum requests "${all[@]}")"
    RSS_GROWTH="$(calc "printf \"%.1f\", 100 * ($RSS_LAST - $RSS_FIRST) / $RSS_FIRST")"
    P99_CHANGE="$(calc "printf \"%+.0f\", 100 * ($P99_LAST - $P99_FIRST) / $P99_FIRST")"
    pass() { if calc "exit !($1)"; then echo pass; else echo fail; fi; }
    rss_peak="$(awk '$2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$RUN/$b.rss.txt")"
    fetches="$({ curl -fsS "$URL/metrics" 2>/dev/null || true; } | awk '/^newsdesk_fetches_total/ { s = s (s != "" ? ", " : "") $1 " " $2 } END { print s }' | sed -E 's/newsdesk_fetches_total\{outcome="([a-z_]+)"\}/\1/g')"
    problems="$({ grep -hE 'WARN|ERROR|panicked' "$RUN/$b.serve.log" "$RUN/$b.serve.out" 2>/dev/null || true; } |
        sed -E 's/\x1b\[[0-9;]*m//g; s/^[0-9T:.Z-]+ +//' | cut -c1-160 | sort | uniq -c | sort -rn | head -n 5 |
        awk '{ c = $1; $1 = ""; sub(/^ /, ""); printf "%s%s x `%s`", (NR > 1 ? "; " : ""), c, $0 }')"
    stop_pid "$ND_PID"
    reaped "$ND_PID"

    first_label="minutes 0–$BLOCK"
    last_label="minutes $(((blocks - 1) * BLOCK))–$MINUTES"
    REPORT+=("### $b" "")
    REPORT+=("| minutes | req/s | p50 | p99 | errors | RSS MB | stories | load |")
    REPORT+=("|---|---:|---:|---:|---:|---:|---:|---:|")
    REPORT+=("${ROWS[@]}")
    REPORT+=("")
    REPORT+=("| goal | measured | result |")
    REPORT+=("|---|---|---|")
    REPORT+=("| zero errors | $ERRORS errors in $REQUESTS requests | $(pass "$ERRORS == 0") |")
    REPORT+=("| RSS growth < 10% from the first block to the last (block means) | $(calc "printf \"%.1f\", $RSS_FIRST / 1024") MB in $first_label, $(calc "printf \"%.1f\", $RSS_LAST / 1024") MB in $last_label: $RSS_GROWTH% | $(pass "$RSS_GROWTH < 10") |")
    REPORT+=("| p99 of the last block within 20% of the first | $first_label $P99_FIRST ms, $last_label $P99_LAST ms: $P99_CHANGE% | $(pass "$P99_LAST <= 1.2 * $P99_FIRST") |")
    REPORT+=("")
    REPORT+=("- $b: $first_note; $(stories) stories at the end; peak RSS (10 s samples) $rss_peak MB")
    [ -z "$fetches" ] || REPORT+=("- $b: fetches by outcome over the run (serve's /metrics): $fetches")
    [ -z "$problems" ] || REPORT+=("- $b: warnings and errors in serve's log: $problems")
    REPORT+=("")

    pg_drop
done

# ------------------------------------------------------------ the report
{
    report_head bench/soak/run.sh BENCH_MINUTES BENCH_FEEDS BENCH_ITEMS BENCH_NEW_EVERY \
        BENCH_CONNECTIONS BENCH_DELAY_MS
    echo "- wrk $WRK_VERSION; the farm: $FEEDS feeds listing their $ITEMS newest items, each feed publishing one more every $NEW_EVERY s, with article pages"
    echo "- Readers: \`wrk -t2 -c$CONNECTIONS -d60s --latency\` for $MINUTES one-minute windows, the front page and $STORY_PAGES story pages in turn, $DELAY_MS ms between an answer and a connection's next request; wrk, serve and the farm share the $CORES cores"
    echo "- Goal: zero errors; RSS growth < 10% from the first block's mean to the last's; p99 of the last block no more than 20% above the first's; over $MINUTES measured minutes after a run-in of $RUN_IN minutes of the same reading. Blocks of $BLOCK minute(s)."
    echo
    printf '%s\n' "${REPORT[@]}"
} >"$RUN/report.md"
report_end "$RUN/report.md"
