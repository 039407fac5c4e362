#!/usr/bin/env bash
# Routing by region in the lists' SQL: the query plans and times of a
# masthead's front page, a section, and its "Local" section, with 100,000
# stories, on SQLite and PostgreSQL, beside the front page's query as it
# was before routing (the masthead's sources only) in the same run.
#
# Usage:   bench/regions/run.sh [--sqlite | --postgres | --both]   (default --both)
#          NEWSDESK_BIN=path/to/newsdesk bench/regions/run.sh      (no cargo build;
#          any build will do: it only migrates)
#
# Output:  stdout is Markdown: date, command, machine, ONE table, then each
#          query's plan. Progress goes to stderr.
#
# What happens, per backend:
#   1. `newsdesk migrate` on an empty database (PostgreSQL: one of its own,
#      dropped at the end), then bench/site/gen.py fills it with
#      BENCH_STORIES stories (default 100,000) of 36 sources over 60 days,
#      30% with a dateline and its country (22 places in 19 countries),
#      then ANALYZE.
#   2. The lists of the Harbour Times (gen.py's mastheads; regions MU, SC,
#      MG and RE, about 5% of the stories), with the SQL text the store
#      writes (crates/store/src/listing.rs; values written in, where the
#      store binds them):
#        front-before  its front page's read, as before routing: its own
#                      and the unassigned sources' stories, newest 41
#        front         the same with routing: or filed in its countries
#        section       a section's first page (21) with routing
#        local-in-list the Local section's first page (21) read with an IN
#                      list of its countries (the plain way, for comparison)
#        local         the same as the store reads it: the newest 21 of
#                      each country, each through its stretch of the
#                      country index, joined (listing::newest_in_each)
#   3. Each query is run BENCH_RUNS times (default 30) after one warm-up;
#      the table gives the median and the slowest, in milliseconds, and
#      whether the plan reads the whole stories table (a scan without an
#      index). SQLite: Python's sqlite3, timed around fetchall.
#      PostgreSQL: EXPLAIN (ANALYZE)'s execution time.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../common.sh
source "$REPO/bench/common.sh"

BACKENDS_ARG="sqlite postgres"
case "${1:---both}" in
--sqlite) BACKENDS_ARG=sqlite ;;
--postgres) BACKENDS_ARG=postgres ;;
--both) ;;
*) die "usage: $0 [--sqlite | --postgres | --both]" ;;
esac
bench_settings regions "$BACKENDS_ARG"
STORIES="${BENCH_STORIES:-100000}"
RUNS="${BENCH_RUNS:-30}"
positive STORIES RUNS
needs python3 sqlite3
T_START=$EPOCHREALTIME
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
describe_machine
newsdesk_binary
T_RUNS=$EPOCHREALTIME

CONF="$RUN/newsdesk.toml"
python3 "$REPO/bench/site/gen.py" config "$CONF"
NOW="$(date +%s)"

# The story columns every list reads (stories::STORY_COLUMNS).
COLUMNS="st.id, st.source_id, so.name AS source_name, st.guid, st.link, st.canonical_link, \
st.title, st.standfirst, st.body, st.author, st.published_at, st.ingested_at, st.categories, \
st.section, st.body_source, st.body_html, st.lead_image, st.dateline, st.dateline_country, \
st.dateline_to_check, st.extraction_note"
FROM="FROM stories st JOIN sources so ON so.id = st.source_id"
SOURCES="(NOT EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = st.source_id) \
OR EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = st.source_id \
AND sm.masthead_id = 'harbour-times')"
FILED="(st.dateline_country IS NOT NULL AND st.dateline_country IN ('MG', 'MU', 'RE', 'SC'))"
NEWEST="ORDER BY st.published_at DESC, st.id DESC"
declare -A QUERY=(
    [front-before]="SELECT $COLUMNS $FROM WHERE st.unpublished_at IS NULL AND $SOURCES) $NEWEST LIMIT 41"
    [front]="SELECT $COLUMNS $FROM WHERE st.unpublished_at IS NULL AND $SOURCES OR $FILED) $NEWEST LIMIT 41"
    [section]="SELECT $COLUMNS $FROM WHERE st.unpublished_at IS NULL AND $SOURCES OR $FILED) AND st.section = 'ocean' $NEWEST LIMIT 21"
    [local-in-list]="SELECT $COLUMNS $FROM WHERE st.unpublished_at IS NULL AND $FILED $NEWEST LIMIT 21"
)
EACH=()
i=0
for country in MG MU RE SC; do
    EACH+=("SELECT id FROM (SELECT st.id FROM stories st WHERE st.unpublished_at IS NULL AND \
st.dateline_country = '$country' $NEWEST LIMIT 21) AS filed_$i")
    i=$((i + 1))
done
UNION="$(printf '%s UNION ALL ' "${EACH[@]}")"
QUERY[local]="SELECT $COLUMNS $FROM WHERE st.id IN (${UNION% UNION ALL }) $NEWEST LIMIT 21"
KINDS="front-before front section local-in-list local"

# sqlite_times DB SQL: "median max" in ms over RUNS runs.
sqlite_times() {
    python3 - "$1" "$2" "$RUNS" <<'PY'
import sqlite3, statistics, sys, time
db = sqlite3.connect(sys.argv[1])
sql, runs = sys.argv[2], int(sys.argv[3])
db.execute(sql).fetchall()
times = []
for _ in range(runs):
    t = time.perf_counter()
    db.execute(sql).fetchall()
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.2f} {max(times):.2f}")
PY
}

# pg_times SQL: "median max" in ms over RUNS runs of EXPLAIN ANALYZE.
pg_times() {
    local i t all=()
    psql -X -Atq "$PG/$PG_DB" -c "$1" >/dev/null
    for ((i = 0; i < RUNS; i++)); do
        t="$(psql -X -Atq "$PG/$PG_DB" -c "EXPLAIN (ANALYZE) $1" | awk '/^Execution Time/ { print $3 }')"
        all+=("$t")
    done
    printf '%s\n' "${all[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int((NR + 1) / 2)], v[NR] }'
}

ROWS=()
PLANS=()
for b in $BACKENDS; do
    data="$RUN/$b-data"
    rm -rf "$data"
    mkdir -p "$data"
    args=(--data "$data" --config "$CONF")
    if [ "$b" = postgres ]; then
        PG_DB="newsdesk_regions_bench_$(date -u +%Y%m%d%H%M%S)_$$"
        psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        args+=(--database-url "$PG/$PG_DB")
    fi
    "$ND" "${args[@]}" migrate >"$RUN/$b.setup.log" 2>&1 || die "$b: migrate failed; see $RUN/$b.setup.log"
    log "$b: generating $STORIES stories"
    if [ "$b" = sqlite ]; then
        db="$data/newsdesk.sqlite3"
        python3 "$REPO/bench/site/gen.py" sqlite "$db" --now "$NOW" --stories "$STORIES" \
            2>"$RUN/$b.gen.log" || die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
    else
        python3 "$REPO/bench/site/gen.py" tsv "$data/rows" --now "$NOW" --stories "$STORIES" \
            2>"$RUN/$b.gen.log" || die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
        (cd "$data/rows" && psql -X -q "$PG/$PG_DB" -f copy.sql) >>"$RUN/$b.setup.log" 2>&1 ||
            die "$b: loading the rows failed; see $RUN/$b.setup.log"
        psql -X -q "$PG/$PG_DB" -c 'VACUUM ANALYZE' >>"$RUN/$b.setup.log" 2>&1 || die "$b: VACUUM ANALYZE failed"
        rm -rf "$data/rows"
    fi
    for kind in $KINDS; do
        sql="${QUERY[$kind]}"
        if [ "$b" = sqlite ]; then
            plan="$(sqlite3 "$db" "EXPLAIN QUERY PLAN $sql")"
            read -r median slowest <<<"$(sqlite_times "$db" "$sql")"
            rows="$(sqlite3 "$db" "SELECT COUNT(*) FROM ($sql)")"
            # SQLite names a full read "SCAN st" (with no index after it).
            full="no"
            ! grep -Eq 'SCAN st$' <<<"$plan" || full="yes"
        else
            plan="$(psql -X -Atq "$PG/$PG_DB" -c "EXPLAIN $sql")"
            read -r median slowest <<<"$(pg_times "$sql")"
            rows="$(psql -X -Atq "$PG/$PG_DB" -c "SELECT COUNT(*) FROM ($sql) AS q")"
            full="no"
            ! grep -Eq 'Seq Scan on stories' <<<"$plan" || full="yes"
        fi
        log "$b $kind: $median ms (median), $slowest ms (slowest), full scan: $full"
        ROWS+=("| $b | $kind | $rows | $median | $slowest | $full |")
        PLANS+=("**$b, $kind**" "" '```' "$plan" '```' "")
    done
    [ "$b" != postgres ] || pg_drop
done

REPORT="$RUN/report.md"
{
    report_head "bench/regions/run.sh${1:+ $1}" BENCH_STORIES BENCH_RUNS
    echo "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $STORIES stories; the Harbour Times' lists (regions MU, SC, MG, RE); $RUNS runs each after a warm-up"
    echo
    echo "| backend | query | rows | median ms | slowest ms | full scan |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    printf '%s\n' "${PLANS[@]}"
    echo "Script time: $(calc "printf \"%.0f\", $EPOCHREALTIME - $T_START") s in all ($(calc "printf \"%.0f\", $T_RUNS - $T_START") s building)."
} >"$REPORT"
cat "$REPORT"
log "report: $REPORT"
