#!/usr/bin/env bash
# Digest crash benchmark: a digest run to BENCH_READERS readers killed with
# SIGKILL at a random moment, then run again to its end, BENCH_KILLS times
# per backend (SQLite and PostgreSQL). The goal: after each restart every
# reader has exactly one digest of the day, counted where it arrives (the
# SMTP sink of bench/digest/sink/, per recipient) and in the outbox.
#
# Usage:   bench/digest/crash.sh                               (from any folder)
#          BENCH_BACKENDS=sqlite BENCH_KILLS=5 bench/digest/crash.sh
#          NEWSDESK_BIN=path/to/newsdesk bench/digest/crash.sh (no cargo build)
#
# Output:  stdout is Markdown only: date, command, commit, machine and one
#          table per backend with a summary line, ready to paste into
#          BENCHMARKS.md. Progress goes to stderr; every process's output
#          stays in the run folder.
#
# What happens:
#   1. Builds newsdesk and the sink, as bench/digest/run.sh does, and
#      starts the sink.
#   2. For each backend, a reference round without a kill: a fresh
#      database (bench/digest/lib.sh: the masthead `bench`, five sections,
#      BENCH_READERS confirmed readers with sections of their own, mail to
#      the sink over BENCH_CONNECTIONS connections, no rate limit) and one
#      `newsdesk digest send --masthead bench --date 2026-10-05`. Its wall
#      time W sets the range of the kill moments.
#   3. BENCH_KILLS rounds, each on a fresh database: `digest send`, SIGKILL
#      after a delay drawn uniformly from 5% to 95% of W (seeded:
#      BENCH_SEED), the outbox read as the kill left it, then at once
#      `digest send` again, to its end; then the checks.
#
# Columns of a backend's table:
#   round, kill after ms   the round and the moment of its SIGKILL
#   sent at kill           outbox rows `sent` when the process died
#   in flight at kill      rows `sending` (attempt counted, outcome not
#                          written) when it died
#   once / none / twice    readers whose address the sink took exactly one
#                          digest for in the round / none / more than one
#   outbox sent            rows `sent` after the restart
#   restart wall s         wall time of the second `digest send`
#   goal                   met (every reader once in the sink and `sent`
#                          in the outbox), or what was missing
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         the sink builds in digest/sink-target, runs go to digest-crash/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/digest-crash/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite postgres" (default), or one of them
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_READERS         confirmed readers (default 1000)
#   BENCH_CONNECTIONS     SMTP connections (mail.connections; default 8)
#   BENCH_KILLS           rounds with a kill per backend (default 21)
#   BENCH_SEED            seed of the kill moments (default 1)
#   RUST_LOG              passed on to newsdesk (its logs go to the run folder)
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"
# shellcheck source=bench/digest/lib.sh
. "$HERE/lib.sh"

bench_settings digest-crash "sqlite postgres"
READERS="${BENCH_READERS:-1000}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
KILLS="${BENCH_KILLS:-21}"
SEED="${BENCH_SEED:-1}"
positive READERS CONNECTIONS KILLS
[[ "$SEED" =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a number"
describe_machine
needs python3 sqlite3

newsdesk_binary
start_sink

mapfile -t FRACTIONS < <(python3 -c '
import random, sys
r = random.Random(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(round(r.uniform(0.05, 0.95), 4))' "$SEED" "$KILLS")

# send KEY: one `digest send` to its end; sets SEND_S.
send() {
    local t0=$EPOCHREALTIME
    "$ND" "${ARGS[@]}" digest send --masthead bench --date "$DAY" </dev/null >"$RUN/$1.out" 2>"$RUN/$1.log" ||
        die "$1: digest send failed; see $RUN/$1.log"
    SEND_S="$(calc "printf \"%.2f\", $EPOCHREALTIME - $t0")"
}

# outbox STATE: rows of the day in STATE.
outbox() { "${SQL[@]}" "SELECT count(*) FROM outbox WHERE local_day = '$DAY' AND state = '$1'"; }

# copies KEY: what the sink took per reader since the previous call; sets
# ONCE NONE TWICE.
PREVIOUS="$RUN/copies.none"
: >"$PREVIOUS"
copies() {
    sink_say "dump $RUN/$1.copies" >/dev/null
    read -r ONCE NONE TWICE <<<"$(awk -v readers="$READERS" '
        FILENAME == ARGV[1] { before[$1] = $2; next }
        $1 ~ /^reader-/ { n = $2 - before[$1]; if (n == 1) once++; else if (n > 1) twice++ }
        END { print once + 0, readers - once - twice, twice + 0 }' "$PREVIOUS" "$RUN/$1.copies")"
    PREVIOUS="$RUN/$1.copies"
}

T_RUNS=$EPOCHREALTIME
REPORT=()
for b in $BACKENDS; do
    newsroom "$b" "$b.reference" "$READERS" "$CONNECTIONS"
    log "$b: reference run (no kill)"
    send "$b.reference"
    REF_S=$SEND_S
    copies "$b.reference"
    REF_NOTE="reference run without a kill: $REF_S s, $ONCE of $READERS readers once, $TWICE twice"
    log "$b: $REF_NOTE"
    pg_drop

    ROWS=()
    MET=0
    for r in $(seq 1 "$KILLS"); do
        key="$b.round$r"
        fraction="${FRACTIONS[$((r - 1))]}"
        delay_ms="$(calc "printf \"%.0f\", $fraction * $REF_S * 1000")"
        newsroom "$b" "$key" "$READERS" "$CONNECTIONS"
        t0=$EPOCHREALTIME
        "$ND" "${ARGS[@]}" digest send --masthead bench --date "$DAY" </dev/null >"$RUN/$key.victim.out" 2>"$RUN/$key.victim.log" &
        pid=$!
        started "$pid"
        sleep "$(calc "d = $t0 + $delay_ms / 1000 - $EPOCHREALTIME; printf \"%.3f\", (d < 0 ? 0 : d)")"
        label=""
        kill -KILL "$pid" 2>/dev/null || label=" (had exited)"
        kill_ms="$(calc "printf \"%.0f\", ($EPOCHREALTIME - $t0) * 1000")"
        wait "$pid" 2>/dev/null || true
        reaped "$pid"
        at_kill="$(outbox sent)"
        in_flight="$(outbox sending)"

        send "$key.restart"
        copies "$key"
        sent_after="$(outbox sent)"
        missed=()
        [ "$NONE" -eq 0 ] || missed+=("$NONE readers without")
        [ "$TWICE" -eq 0 ] || missed+=("$TWICE readers twice")
        [ "$sent_after" -eq "$READERS" ] || missed+=("outbox $sent_after sent")
        if [ ${#missed[@]} -eq 0 ]; then
            goal=met
            MET=$((MET + 1))
        else
            goal="missed: $(printf '%s, ' "${missed[@]}")"
            goal="${goal%, }"
        fi
        ROWS+=("| $r | $kill_ms$label | $at_kill | $in_flight | $ONCE / $NONE / $TWICE | $sent_after | $SEND_S | $goal |")
        log "$b round $r/$KILLS: ${ROWS[-1]}"
        pg_drop
    done

    REPORT+=("### $b" "")
    REPORT+=("| round | kill after ms | sent at kill | in flight at kill | once / none / twice | outbox sent | restart wall s | goal |")
    REPORT+=("|---:|---:|---:|---:|---:|---:|---:|---|")
    REPORT+=("${ROWS[@]}")
    REPORT+=("")
    REPORT+=("**$b: rounds where every reader got exactly one digest: $MET of $KILLS.**")
    REPORT+=("")
    REPORT+=("- $b: $REF_NOTE; kills drawn from 5% to 95% of it")
    REPORT+=("")
done

{
    report_head bench/digest/crash.sh BENCH_READERS BENCH_CONNECTIONS BENCH_KILLS BENCH_SEED
    echo "- $READERS readers with sections of their own, mail.connections $CONNECTIONS, no rate limit; a fresh database each round; kill moments seeded with $SEED; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Goal: after the SIGKILL and one \`digest send\` to its end, every reader has exactly one digest of the day at the sink, and the outbox says every one sent"
    echo
    printf '%s\n' "${REPORT[@]}"
} >"$RUN/report.md"
report_end "$RUN/report.md"
