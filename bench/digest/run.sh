#!/usr/bin/env bash
# Digest benchmark: one masthead's digest run to BENCH_READERS confirmed
# readers, each with sections of their own, sent by `newsdesk digest send`
# to an SMTP sink on 127.0.0.1, on SQLite and PostgreSQL; and the sink
# measured alone in the same run, taking as many copies of the digest from
# a plain client, to show it is not the limit.
#
# Usage:   bench/digest/run.sh                                (from any folder)
#          BENCH_BACKENDS=sqlite BENCH_READERS=20000 bench/digest/run.sh
#          NEWSDESK_BIN=path/to/newsdesk bench/digest/run.sh  (no cargo build)
#
# Output:  stdout is Markdown only: date, command, commit, machine and one
#          table, ready to paste into BENCHMARKS.md. Progress goes to
#          stderr; every process's output stays in the run folder.
#
# What happens:
#   1. Builds newsdesk (`cargo build --release -p newsdesk`, unless
#      NEWSDESK_BIN is set) and the SMTP sink (bench/digest/sink/, its own
#      Cargo project, target folder in the cache folder), and starts the
#      sink: it speaks SMTP with PIPELINING, counts each message per
#      recipient once its final dot is read, and keeps nothing.
#   2. For each backend: a fresh database with the masthead `bench` (five
#      sections, five stories each in the day), BENCH_READERS confirmed
#      readers inserted by one SQL statement (untimed; one in eight reads
#      every section, the others one to three of their own), and mail to
#      the sink over BENCH_CONNECTIONS connections, no rate limit. Then,
#      timed under `/usr/bin/time -f '%e %U %S %M'`:
#        `newsdesk digest send --masthead bench --date 2026-10-05`
#      and the sink's counts: messages taken, recipients, copies per one.
#   3. Right after, the sink alone: `newsdesk-smtp-sink blast` sends
#      BENCH_READERS copies of the day's digest (`digest preview`, the
#      largest: every section) over BENCH_CONNECTIONS connections, each a
#      plain MAIL/RCPT/DATA/body/dot in turn.
#
# Columns of the table:
#   backend, readers     the database, confirmed readers
#   taken / copies > 1   messages the sink took / readers who got more than one
#   wall s               wall time of the `digest send` process
#   msg/s                messages taken / wall
#   newsdesk CPU         (user + system) / wall, in % of one core
#   peak RSS MB          GNU time's maximum resident set, MB = 2^20 bytes
#   sink CPU             the sink's CPU during the run / wall, % of one core
#   sink alone msg/s     the blast's messages / its wall time
#   sink alone CPU       the sink's CPU during the blast / its wall, % of one core
#   load                 the 1-minute load average just before the run
#   goal                 met (>= 2,000 msg/s, <= 200 MB, every reader
#                        exactly once), or what was missing
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         the sink builds in digest/sink-target, runs go to digest/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/digest/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite postgres" (default), or one of them
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_READERS         confirmed readers (default 100000)
#   BENCH_CONNECTIONS     SMTP connections (mail.connections; default 32)
#   RUST_LOG              passed on to newsdesk (its log goes to the run folder)
#
# What it installs, all outside the repo: the sink's build (crates.io
# dependencies) under NEWSDESK_BENCH_CACHE.
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"
# shellcheck source=bench/digest/lib.sh
. "$HERE/lib.sh"

bench_settings digest "sqlite postgres"
READERS="${BENCH_READERS:-100000}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
positive READERS CONNECTIONS
describe_machine
needs jq python3 sqlite3 /usr/bin/time
TICKS="$(getconf CLK_TCK)"

newsdesk_binary
start_sink

T_RUNS=$EPOCHREALTIME
ROWS=()
PREVIOUS="$RUN/copies.none"
: >"$PREVIOUS"
for b in $BACKENDS; do
    key="$b"
    log "$b: $READERS readers"
    newsroom "$b" "$key" "$READERS" "$CONNECTIONS"
    "$ND" "${ARGS[@]}" digest preview --masthead bench --date "$DAY" >"$RUN/$key.preview.eml" 2>>"$RUN/$key.setup.log"
    load="$(cut -d' ' -f1 /proc/loadavg)"

    read -r _ taken0 _ _ <<<"$(sink_say count)"
    ticks0="$(sink_cpu_ticks)"
    log "$b: digest send"
    /usr/bin/time -f '%e %U %S %M' -o "$RUN/$key.time" "$ND" "${ARGS[@]}" digest send --masthead bench --date "$DAY" \
        >"$RUN/$key.send.out" 2>"$RUN/$key.send.log" || die "$b: digest send failed; see $RUN/$key.send.log"
    ticks1="$(sink_cpu_ticks)"
    read -r _ taken1 _ _ <<<"$(sink_say count)"
    read -r wall user sys rss_kb <"$RUN/$key.time"
    taken=$((taken1 - taken0))
    # The same addresses on every backend: copies counted since the last dump.
    sink_say "dump $RUN/$key.copies" >/dev/null
    read -r readers_got twice <<<"$(awk 'FILENAME == ARGV[1] { before[$1] = $2; next }
        $1 ~ /^reader-/ { d = $2 - before[$1]; if (d > 0) n++; if (d > 1) t++ } END { print n + 0, t + 0 }' \
        "$PREVIOUS" "$RUN/$key.copies")"
    PREVIOUS="$RUN/$key.copies"

    log "$b: the sink alone, $READERS copies"
    ticks2="$(sink_cpu_ticks)"
    "$SINK" blast --port "$SINK_PORT" --message "$RUN/$key.preview.eml" --count "$READERS" \
        --connections "$CONNECTIONS" >"$RUN/$key.blast.out" 2>"$RUN/$key.blast.log" ||
        die "$b: the blast failed; see $RUN/$key.blast.log"
    ticks3="$(sink_cpu_ticks)"
    read -r _ _ _ blast_s <"$RUN/$key.blast.out"

    rate="$(calc "printf \"%.0f\", $taken / $wall")"
    cpu="$(calc "printf \"%.0f\", ($user + $sys) / $wall * 100")"
    rss="$(calc "printf \"%.0f\", $rss_kb / 1024")"
    sink_cpu="$(calc "printf \"%.0f\", ($ticks1 - $ticks0) / $TICKS / $wall * 100")"
    alone="$(calc "printf \"%.0f\", $READERS / $blast_s")"
    alone_cpu="$(calc "printf \"%.0f\", ($ticks3 - $ticks2) / $TICKS / $blast_s * 100")"
    missed=()
    [ "$rate" -ge 2000 ] || missed+=("$rate msg/s")
    [ "$rss" -le 200 ] || missed+=("$rss MB")
    [ "$readers_got" -eq "$READERS" ] || missed+=("$((READERS - readers_got)) readers without")
    [ "$twice" -eq 0 ] || missed+=("$twice readers twice")
    goal=met
    [ ${#missed[@]} -eq 0 ] || goal="missed: $(printf '%s, ' "${missed[@]}")" && goal="${goal%, }"
    ROWS+=("| $b | $READERS | $taken / $twice | $wall | **$rate** | $cpu% | $rss | $sink_cpu% | $alone | $alone_cpu% | $load | $goal |")
    log "$b: ${ROWS[-1]}"
    pg_drop
done

{
    report_head bench/digest/run.sh BENCH_READERS BENCH_CONNECTIONS
    echo "- Masthead: five sections, five stories each; readers with sections of their own; mail.connections $CONNECTIONS, no rate limit; digest $(wc -c <"$RUN/$key.preview.eml") bytes for a reader of every section"
    echo "- Goal: at least 2,000 messages/s to the local sink, peak RSS <= 200 MB, every reader exactly once"
    echo
    echo "| backend | readers | taken / copies > 1 | wall s | msg/s | newsdesk CPU | peak RSS MB | sink CPU | sink alone msg/s | sink alone CPU | load | goal |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
} >"$RUN/report.md"
report_end "$RUN/report.md"
