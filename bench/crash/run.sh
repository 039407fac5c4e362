#!/usr/bin/env bash
# Crash benchmark: newsdesk processes killed with SIGKILL at random moments
# of their work, each kill followed at once by one plain `newsdesk fetch`,
# on SQLite and PostgreSQL. The goal ("nothing waits after a crash"): that
# one pass stores every item exactly once and gives every story its article
# page, and no source is left held by a process that no longer runs.
#
# Usage:   bench/crash/run.sh                                 (from any folder)
#          BENCH_BACKENDS=sqlite BENCH_KILLS=4 bench/crash/run.sh
#          NEWSDESK_BIN=path/to/newsdesk bench/crash/run.sh   (no cargo build)
#
# Output:  stdout is Markdown only: date, command, commit, machine and one
#          table per backend with a summary line, ready to paste into
#          BENCHMARKS.md. Progress goes to stderr. Every process's output
#          stays in the run folder.
#
# What happens:
#   1. Builds newsdesk (`cargo build --release -p newsdesk`, unless
#      NEWSDESK_BIN is set) and starts the feed farm of bench/ingest/farm/:
#      BENCH_FEEDS feeds x BENCH_ITEMS items, each item with its article
#      page, on 64 ports of 127.0.0.1. The feeds do not change.
#   2. For each backend, a reference round without a kill: a fresh database,
#      every feed added as a source (`source import`), one `newsdesk fetch`.
#      Its wall time W sets the range of the kill delays, and it shows what
#      an undisturbed pass stores.
#   3. BENCH_KILLS rounds. Each round:
#        - a fresh database (a new data folder; on PostgreSQL a database of
#          its own on BENCH_PG, dropped afterwards) with every feed as a
#          source, all due;
#        - the victim, in turn: `fetch`; `serve` (the site and its
#          scheduler); two `worker`s at once;
#        - SIGKILL to all of the round's processes after a delay drawn
#          uniformly from 5% to 95% of W (seeded: BENCH_SEED, so a run
#          repeats its kill moments; the fractions are the same on both
#          backends);
#        - at once (the killed processes reaped, nothing else in between)
#          one plain `newsdesk fetch`, run to its end (BENCH_TIMEOUT);
#        - then the checks below, straight from the database and from
#          `source list --json`; on SQLite also `PRAGMA integrity_check`.
#
# Why a fresh database each round rather than one database and feeds that
# change: the goal is about the state a crash leaves. With every source due
# at the start, each victim is mid-work whenever it is killed (claims
# taken, stories stored without their pages yet, a feed's batch half
# done), and the pass after it has exactly one right answer: every item of
# the farm, once, each with its page. On one database kept across rounds a
# `serve` or a `worker` would find nothing due in later rounds (sources
# are checked every few minutes at best) and would be killed idle, and
# the expected count would depend on which items an earlier round saw.
#
# Columns of a backend's table:
#   victim               what was killed; "(had exited)" when it ended by
#                        itself before the kill (a fetch that finished first)
#   kill after ms        from the victim's start to the SIGKILL
#   stored at kill       stories in the database when the pass began: what
#                        the victim stored (stories after the pass less the
#                        pass's own new stories)
#   expected / stored    the farm's items (feeds x items) / distinct items
#                        stored after the pass
#   duplicates           stories beyond the first for one farm item (the
#                        same guid) or for one canonical link
#   without article      stories whose body is not from their page
#                        (body_source <> 'page'); how many of those still
#                        wait for a page retry is in the notes
#   held by dead         sources that `source list --json` shows held
#                        (held_until in the future) by a process that no
#                        longer runs, after the pass
#   left held            sources the pass did not fetch because another
#                        process held them ("held by another worker")
#   pass wall s          wall time of the one `newsdesk fetch`
#   goal                 met, or what was missing
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         the farm builds in ingest/farm-target, runs go to crash/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/crash/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite postgres" (default), or one of them
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_FEEDS           feeds (default 200)
#   BENCH_ITEMS           items per feed (default 40)
#   BENCH_KILLS           rounds with a kill (default 21: 7 of each victim)
#   BENCH_SEED            seed of the kill moments (default 1)
#   BENCH_TIMEOUT         seconds allowed for one pass (default 600)
#   RUST_LOG              passed on to newsdesk (its logs go to the run folder)
#
# Settings newsdesk runs with, as in bench/ingest/run.sh:
#   NEWSDESK_FETCH__ALLOW_PRIVATE_ADDRESSES=true   the farm is on loopback
#   NEWSDESK_FETCH__HOST_INTERVAL_MS=0             no pause between two
#       requests to one farm origin (unless the caller sets one)
#   Every other setting is the default; fetch.lease_minutes among them.
#
# What it installs, all outside the repo: the farm's build under
# NEWSDESK_BENCH_CACHE. In the repo only the newsdesk build writes.
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

# ---------------------------------------------------------------- settings
bench_settings crash "sqlite postgres"
FEEDS="${BENCH_FEEDS:-200}"
ITEMS="${BENCH_ITEMS:-40}"
KILLS="${BENCH_KILLS:-21}"
SEED="${BENCH_SEED:-1}"
TIMEOUT="${BENCH_TIMEOUT:-600}"
positive FEEDS ITEMS KILLS TIMEOUT
[[ "$SEED" =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a number"
EXPECTED=$((FEEDS * ITEMS))
VICTIMS=(fetch serve workers)
describe_machine
needs curl jq python3 sqlite3 timeout

# ------------------------------------------------------------ set-up
newsdesk_binary
start_farm --feeds "$FEEDS" --items "$ITEMS"
[ "${#URLS[@]}" -eq "$FEEDS" ] || die "the farm listed ${#URLS[@]} feeds, not $FEEDS"

# The kill moments, as fractions of the reference pass's wall time.
mapfile -t FRACTIONS < <(python3 -c '
import random, sys
r = random.Random(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(round(r.uniform(0.05, 0.95), 4))' "$SEED" "$KILLS")

# one_pass KEY: the plain `newsdesk fetch`; sets PASS_RC and PASS_S.
one_pass() {
    local t0=$EPOCHREALTIME
    PASS_RC=0
    timeout -k 10 "$TIMEOUT" "$ND" "${ARGS[@]}" fetch </dev/null >"$RUN/$1.pass.out" 2>"$RUN/$1.pass.log" ||
        PASS_RC=$?
    PASS_S="$(calc "printf \"%.1f\", $EPOCHREALTIME - $t0")"
}

# A row of the pass's summary table, such as "held by another worker".
pass_row() { awk -v k="$2" 'index($0, "  " k " ") == 1 { print $NF }' "$RUN/$1.pass.out"; }

# check KEY: the database and `source list --json` after the pass; sets
# STORED DISTINCT DUPLICATES NO_ARTICLE RETRY_PENDING HELD_DEAD HELD_LIVE.
check() {
    local key=$1 row total links now holder until pid
    row="$("${SQL[@]}" "SELECT count(*), count(DISTINCT guid), count(DISTINCT canonical_link),
        coalesce(sum(CASE WHEN body_source = 'page' THEN 0 ELSE 1 END), 0),
        coalesce(sum(CASE WHEN body_source <> 'page' AND page_retry_after IS NOT NULL THEN 1 ELSE 0 END), 0)
        FROM stories")"
    IFS='|' read -r total DISTINCT links NO_ARTICLE RETRY_PENDING <<<"$row"
    STORED=$DISTINCT
    DUPLICATES=$((total - DISTINCT > total - links ? total - DISTINCT : total - links))
    "${SQL[@]}" "SELECT coalesce(extraction_note, '(no note)'), count(*) FROM stories
        WHERE body_source <> 'page' GROUP BY 1 ORDER BY 2 DESC" >"$RUN/$key.without-article.txt"
    "$ND" "${ARGS[@]}" source list --json >"$RUN/$key.sources.json" 2>>"$RUN/$key.pass.log"
    now="$(date +%s)"
    HELD_DEAD=0
    HELD_LIVE=0
    while read -r holder until; do
        [ -n "$holder" ] || continue
        [ "$(date -d "$until" +%s)" -gt "$now" ] || continue # a lapsed claim holds nothing
        pid="$(echo "$holder" | awk -F: '{ print $(NF - 1) }')"
        if [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ]; then
            HELD_LIVE=$((HELD_LIVE + 1))
        else
            HELD_DEAD=$((HELD_DEAD + 1))
        fi
    done < <(jq -r '.[] | select(.state.held_by != null) | "\(.state.held_by) \(.state.held_until)"' "$RUN/$key.sources.json")
}

# The pass's and the victims' warnings and errors, without times, counted.
problems() {
    cat "$@" 2>/dev/null | { grep -E 'WARN|ERROR|FAILED|panicked' || true; } |
        sed -E 's/\x1b\[[0-9;]*m//g; s/^[0-9T:.Z-]+ +//; s/[0-9]+(\.[0-9]+)? ?(ms|s)\b/N \2/g' | cut -c1-160 |
        sort | uniq -c | sort -rn
}

# ------------------------------------------------------------ the rounds
T_RUNS=$EPOCHREALTIME
REPORT=()
for b in $BACKENDS; do
    # The reference round: no kill.
    fresh_store "$b" "$b.reference"
    log "$b: reference pass (no kill)"
    one_pass "$b.reference"
    [ "$PASS_RC" -eq 0 ] || die "$b: the reference pass exited $PASS_RC; see $RUN/$b.reference.pass.log"
    check "$b.reference"
    REF_S=$PASS_S
    REF_NOTE="reference pass without a kill: $REF_S s, $STORED of $EXPECTED items stored, $NO_ARTICLE without article, $DUPLICATES duplicates"
    log "$b: $REF_NOTE"

    ROWS=()
    MET=0
    INTEGRITY_BAD=()
    for r in $(seq 1 "$KILLS"); do
        key="$b.round$r"
        victim="${VICTIMS[$(((r - 1) % 3))]}"
        fraction="${FRACTIONS[$((r - 1))]}"
        delay_ms="$(calc "printf \"%.0f\", $fraction * $REF_S * 1000")"
        fresh_store "$b" "$key"

        # The victim.
        pids=()
        t0=$EPOCHREALTIME
        case $victim in
        fetch)
            "$ND" "${ARGS[@]}" fetch </dev/null >"$RUN/$key.fetch.out" 2>"$RUN/$key.fetch.log" &
            pids+=($!)
            ;;
        serve)
            "$ND" "${ARGS[@]}" serve --listen "127.0.0.1:$(free_port)" </dev/null \
                >"$RUN/$key.serve.out" 2>"$RUN/$key.serve.log" &
            pids+=($!)
            ;;
        workers)
            for w in 1 2; do
                "$ND" "${ARGS[@]}" worker </dev/null >"$RUN/$key.worker$w.out" 2>"$RUN/$key.worker$w.log" &
                pids+=($!)
            done
            ;;
        esac
        for p in "${pids[@]}"; do started "$p"; done
        sleep "$(calc "d = $t0 + $delay_ms / 1000 - $EPOCHREALTIME; printf \"%.3f\", (d < 0 ? 0 : d)")"
        exited=no
        for p in "${pids[@]}"; do
            kill -KILL "$p" 2>/dev/null || exited=yes
        done
        kill_ms="$(calc "printf \"%.0f\", ($EPOCHREALTIME - $t0) * 1000")"
        # Reaped at once: a killed process stays in /proc until its parent waits.
        for p in "${pids[@]}"; do
            wait "$p" 2>/dev/null || true
            reaped "$p"
        done

        # At once: the one plain pass.
        one_pass "$key"
        check "$key"

        label="$victim"
        [ "$victim" != workers ] || label="2 workers"
        [ "$exited" = no ] || label="$label (had exited)"
        new="$(pass_row "$key" "new stories")"
        left="$(pass_row "$key" "held by another worker")"
        before="?"
        [ -z "$new" ] || before=$((STORED - new))
        missed=()
        [ "$PASS_RC" -eq 0 ] || missed+=("the pass exited $PASS_RC")
        [ "$STORED" -eq "$EXPECTED" ] || missed+=("$((EXPECTED - STORED)) items not stored")
        [ "$DUPLICATES" -eq 0 ] || missed+=("duplicates")
        [ "$NO_ARTICLE" -eq 0 ] || missed+=("$NO_ARTICLE without article")
        [ "$HELD_DEAD" -eq 0 ] || missed+=("$HELD_DEAD held by the dead")
        if [ ${#missed[@]} -eq 0 ]; then
            goal=met
            MET=$((MET + 1))
        else
            goal="missed: $(printf '%s, ' "${missed[@]}")"
            goal="${goal%, }"
        fi
        [ "$RETRY_PENDING" -eq 0 ] || goal="$goal ($RETRY_PENDING wait for a page retry)"
        [ "$HELD_LIVE" -eq 0 ] || goal="$goal; $HELD_LIVE held by a live process"
        if [ "$b" = sqlite ]; then
            integrity="$("${SQL[@]}" 'PRAGMA integrity_check' | tr '\n' ' ' | sed 's/ $//')"
            [ "$integrity" = ok ] || INTEGRITY_BAD+=("round $r: $integrity")
        fi
        ROWS+=("| $r | $label | $kill_ms | $before | $EXPECTED / $STORED | $DUPLICATES | $NO_ARTICLE | $HELD_DEAD | ${left:-?} | $PASS_S | $goal |")
        log "$b round $r/$KILLS: $label killed after $kill_ms ms; ${ROWS[-1]}"
        pg_drop
    done

    # The report of this backend.
    REPORT+=("### $b" "")
    REPORT+=("| round | victim | kill after ms | stored at kill | expected / stored | duplicates | without article | held by dead | left held | pass wall s | goal |")
    REPORT+=("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    REPORT+=("${ROWS[@]}")
    REPORT+=("")
    REPORT+=("**$b: rounds where the one pass met the goal: $MET of $KILLS.**")
    REPORT+=("")
    REPORT+=("- $b: $REF_NOTE; kills drawn from 5% to 95% of it")
    if [ "$b" = sqlite ]; then
        if [ ${#INTEGRITY_BAD[@]} -eq 0 ]; then
            REPORT+=("- sqlite: \`PRAGMA integrity_check\` said ok after every round")
        else
            REPORT+=("- sqlite: \`PRAGMA integrity_check\` failed: $(IFS=';'; echo "${INTEGRITY_BAD[*]}")")
        fi
    fi
    notes="$(cat "$RUN/$b".round*.without-article.txt 2>/dev/null |
        awk -F'|' '{ n[$1] += $2 } END { for (k in n) print n[k] "|" k }' | sort -t'|' -k1,1rn | head -n 3 |
        awk -F'|' '{ printf "%s%s x \"%s\"", (NR > 1 ? "; " : ""), $1, $2 }')"
    [ -z "$notes" ] || REPORT+=("- $b: stories without article over all rounds, by their extraction note: $notes")
    msgs="$(problems "$RUN/$b".round*.pass.log "$RUN/$b".round*.pass.out | head -n 5 |
        awk '{ c = $1; $1 = ""; sub(/^ /, ""); printf "%s%s x `%s`", (NR > 1 ? "; " : ""), c, $0 }')"
    [ -z "$msgs" ] || REPORT+=("- $b: warnings and errors of the passes after the kills: $msgs")
    REPORT+=("")
done

# ------------------------------------------------------------ the report
{
    report_head bench/crash/run.sh BENCH_FEEDS BENCH_ITEMS BENCH_KILLS BENCH_SEED
    echo "- Farm: $FEEDS feeds x $ITEMS items ($EXPECTED), each with its article page, unchanging; a fresh database each round"
    echo "- $KILLS rounds per backend, victims in turn: fetch, serve, 2 workers; kill moments seeded with $SEED; fetch.host_interval_ms $NEWSDESK_FETCH__HOST_INTERVAL_MS, other settings default"
    echo "- Goal: the one \`newsdesk fetch\` started at once after the SIGKILL stores every item exactly once, every story gets its article page, no source is held by a dead process"
    echo
    printf '%s\n' "${REPORT[@]}"
} >"$RUN/report.md"
report_end "$RUN/report.md"
