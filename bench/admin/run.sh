#!/usr/bin/env bash
# Newsroom admin benchmark: every admin page `newsdesk serve` answers to a
# signed-in admin, with 100,000 stories and 10,000 news releases in the
# database, on SQLite and PostgreSQL, and the public front page measured in
# the same run as the baseline.
# The goal: every admin page answers in under 50 ms at p99.
#
# Usage:   bench/admin/run.sh                                  (from any folder)
#          BENCH_BACKENDS=sqlite bench/admin/run.sh            (one backend)
#          NEWSDESK_BIN=path/to/newsdesk bench/admin/run.sh    (no cargo build)
#
# Output:  stdout is Markdown only: date, command, commit, machine, the load
#          average before and after, and ONE table, ready to paste into
#          BENCHMARKS.md. Progress goes to stderr; newsdesk's log, wrk's
#          output and the measured paths stay in the run folder.
#
# What happens:
#   1. Builds newsdesk (`cargo build --release -p newsdesk`, unless
#      NEWSDESK_BIN is set); installs Debian's wrk when missing.
#   2. For each backend: a data folder with bench/site's three mastheads
#      (PostgreSQL: a database of its own on BENCH_PG, dropped afterwards),
#      `newsdesk migrate`, then bench/admin/gen.py writes the newsroom as
#      the product stores it: bench/site/gen.py's 36 sources and
#      BENCH_STORIES stories over 60 days (with coverage and search index),
#      the sources' health (most healthy, some failing, paused or gone),
#      BENCH_RELEASES news releases over 120 days in every state
#      (unconfirmed 5%, waiting 15%, approved for later 3%, rejected 22%,
#      published 55%, of which 30% placed in a section; 12% flagged, some
#      near copies; for one to three mastheads), 40 people (admins,
#      editors, some invited, some disabled), BENCH_READERS readers of the
#      daily email, BENCH_AUDIT audit lines, and the daily email done for
#      the last 60 days. SQLite is written by Python's sqlite3 and
#      ANALYZEd; PostgreSQL is loaded with psql's \copy, then VACUUM
#      ANALYZE. Nothing is due: serve fetches and sends nothing while it is
#      measured. The same seed and clock for both backends: the same rows.
#   3. `newsdesk user add` adds an admin (a random password on standard
#      input), `newsdesk serve` starts on a free 127.0.0.1 port, and the
#      script signs in with POST /admin/login like a browser; every
#      measured request carries that session's cookie
#      (bench/admin/pages.lua).
#   4. Each page (the list is printed under the table), one after the
#      other: every path of it must answer 200 first, then a
#      warm-up (`wrk -t1 -cBENCH_CONNECTIONS -dBENCH_WARMUP`) and the
#      measured run (`wrk -t1 -cBENCH_CONNECTIONS -dBENCH_DURATION
#      --latency`). Pages with several paths (one release, search) have
#      each request ask for the next path (bench/site/rotate.lua). Last,
#      the public front page the same way, as the baseline: a page the
#      site serves from memory, so its latency is what the machine, HTTP
#      and wrk cost with no work behind them.
#   5. The machine's load average (/proc/loadavg) before and after each
#      backend's runs, how busy all cores were in the 2 s before them with
#      newsdesk idle, and for each run the server's CPU time and the
#      other work's (builds, tests), which takes from the runs.
#
# Admin pages are never kept in memory: each request reads the database
# and renders the page. Four connections with no pause between requests
# are more than a newsroom's editors ask of it at once; wrk and newsdesk
# share the cores, so the numbers are a ceiling on what an editor waits.
#
# Columns of the table:
#   page         what was asked for (the paths are listed under the table)
#   p50, p99     wrk's latency percentiles (--latency), in ms
#   max          wrk's slowest answer in the run, in ms
#   req/s        wrk's Requests/sec
#   CPU ms       the server's CPU time per request, in ms: newsdesk's, and on
#                PostgreSQL its connections' backends' too (user + system,
#                from /proc), over the measured run; what a page costs,
#                whatever else the machine is doing
#   errors       answers other than 2xx/3xx plus socket errors, as wrk counts
#   KB           the size of the page's answer (the first path's), KB = 1,024 bytes
#   goal         p99 under 50 ms and no errors: met or missed (none for
#                the front page, the baseline, nor for the CSV export of
#                every reader, a download rather than a page); and, when
#                other processes took 0.2 cores or more during the run, how
#                much (the machine's busy time less the server's and wrk's):
#                such a run's tail is the other work's as much as ours
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         runs go to admin/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/admin/runs/<UTC time>)
#   BENCH_BACKENDS        "sqlite postgres" (default), "sqlite" or "postgres"
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_STORIES         stories (default 100000)
#   BENCH_RELEASES        news releases (default 10000)
#   BENCH_READERS         readers of the daily email (default 20000)
#   BENCH_AUDIT           audit lines (default 30000)
#   BENCH_DURATION        seconds of each measured run (default 10)
#   BENCH_WARMUP          seconds of each warm-up (default 2)
#   BENCH_CONNECTIONS     wrk connections (default 4)
#   BENCH_ONLY            measure only the pages whose key holds this text
#                         (such as "stories"); the front page is always measured
#   BENCH_KEEP_DATA=1     keep the data folders and the PostgreSQL database
#
# What it installs, all outside the repo: Debian's wrk when missing. In the
# repo only the newsdesk build writes.
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

# ---------------------------------------------------------------- settings
bench_settings admin "sqlite postgres"
STORIES="${BENCH_STORIES:-100000}"
RELEASES="${BENCH_RELEASES:-10000}"
READERS="${BENCH_READERS:-20000}"
AUDIT="${BENCH_AUDIT:-30000}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
ONLY="${BENCH_ONLY:-}"
positive STORIES RELEASES READERS AUDIT DURATION WARMUP CONNECTIONS
[ "$RELEASES" -ge 1000 ] || die "BENCH_RELEASES must be at least 1000 (the deep pages need them)"
[ "$STORIES" -ge 1000 ] || die "BENCH_STORIES must be at least 1000 (the deep pages need them)"
GOAL_MS=50
MASTHEAD=valley-post
ADMIN_EMAIL=bench-admin@newsroom.example
describe_machine
needs curl python3 sqlite3
needs_wrk
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------ set-up
newsdesk_binary
CONF="$RUN/newsdesk.toml"
python3 "$REPO/bench/site/gen.py" config "$CONF"
NOW="$(date +%s)" # both backends get the same rows

# next_href: the href of the page's rel="next" link, unescaped.
next_href() {
    sed -n 's/.*<a href="\([^"]*\)" rel="next">.*/\1/p' | head -n 1 | sed 's/&amp;/\&/g'
}

# ------------------------------------------------------------ the runs
T_RUNS=$EPOCHREALTIME
ROWS=()
NOTES=()
PATH_LIST=()
for b in $BACKENDS; do
    t0=$EPOCHREALTIME
    fresh_database "$b"
    ARGS+=(--config "$CONF")
    [ "$b" != postgres ] || log "$b: database $PG_DB on ${PG#*@}"
    "$ND" "${ARGS[@]}" migrate >"$RUN/$b.setup.log" 2>&1 || die "$b: migrate failed; see $RUN/$b.setup.log"
    gen=(python3 "$HERE/gen.py" --now "$NOW" --stories "$STORIES" --releases "$RELEASES"
        --readers "$READERS" --audit "$AUDIT")
    log "$b: generating the newsroom ($STORIES stories, $RELEASES releases)"
    if [ "$b" = sqlite ]; then
        "${gen[@]}" sqlite "$DATA/newsdesk.sqlite3" 2>"$RUN/$b.gen.log" ||
            die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
    else
        "${gen[@]}" tsv "$DATA/rows" 2>"$RUN/$b.gen.log" ||
            die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
        (cd "$DATA/rows" && psql -X -q "$PG/$PG_DB" -f copy.sql) >>"$RUN/$b.setup.log" 2>&1 ||
            die "$b: loading the rows failed; see $RUN/$b.setup.log"
        psql -X -q "$PG/$PG_DB" -c 'VACUUM ANALYZE' >>"$RUN/$b.setup.log" 2>&1 || die "$b: VACUUM ANALYZE failed"
        rm -rf "$DATA/rows"
    fi
    fill_s="$(calc "printf \"%.0f\", $EPOCHREALTIME - $t0")"
    log "$b: $(tail -n 1 "$RUN/$b.gen.log") in $fill_s s"

    # The admin who signs in: a password made for this run, on standard input.
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    printf '%s\n' "$password" | "$ND" "${ARGS[@]}" user add "$ADMIN_EMAIL" --role admin \
        >>"$RUN/$b.setup.log" 2>&1 || die "$b: user add failed; see $RUN/$b.setup.log"

    port="$(free_port)"
    URL="http://127.0.0.1:$port"
    "$ND" "${ARGS[@]}" serve --listen "127.0.0.1:$port" </dev/null >"$RUN/$b.serve.out" 2>"$RUN/$b.serve.log" &
    ND_PID=$!
    started "$ND_PID"
    wait_http "$URL/healthz" 60 "$ND_PID" || die "$b: newsdesk serve did not answer; see $RUN/$b.serve.log"
    log "$b: newsdesk serve (pid $ND_PID) on $URL"

    # Signing in as a browser does; the session is the cookie.
    jar="$RUN/$b.cookies"
    rm -f "$jar"
    status="$(printf '%s' "$password" | curl -sS -o /dev/null -w '%{http_code}' -c "$jar" \
        --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password@-" "$URL/admin/login")"
    [ "$status" = 303 ] || die "$b: signing in answered $status, not 303"
    COOKIE="$(awk '$6 == "newsdesk_admin" { print $6 "=" $7 }' "$jar")"
    [ -n "$COOKIE" ] || die "$b: signing in set no session cookie"
    export BENCH_COOKIE="$COOKIE"
    get() { curl -sS -H "Cookie: $COOKIE" "$URL$1"; }

    # The pages. page KEY LABEL PATH...: one kind of page and its paths.
    pages="$RUN/$b.pages"
    rm -rf "$pages"
    mkdir -p "$pages"
    KEYS=()
    declare -A LABEL=()
    page() {
        local key=$1 label=$2
        shift 2
        KEYS+=("$key")
        LABEL[$key]="$label"
        printf '%s\n' "$@" >"$pages/$key.paths"
    }
    newest_pending="$("${SQL[@]}" "SELECT max(id) FROM releases WHERE status = 'pending'")"
    deep_release="$("${SQL[@]}" "SELECT id FROM releases WHERE status <> 'unconfirmed' ORDER BY id LIMIT 1 OFFSET 40")"
    deep_story="$("${SQL[@]}" "SELECT published_at || '-' || id FROM stories ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET $((STORIES - 40))")"
    busy_user="$("${SQL[@]}" "SELECT user_id FROM audit_log WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1")"
    deep_audit="$("${SQL[@]}" "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 40")"
    mapfile -t release_ids < <("${SQL[@]}" "SELECT id FROM releases WHERE status <> 'unconfirmed' AND id % 37 = 0 ORDER BY id LIMIT 200")
    [ -n "$newest_pending" ] && [ -n "$deep_story" ] && [ "${#release_ids[@]}" -gt 0 ] ||
        die "$b: the generated newsroom has no pending release, story or release to show"

    page dashboard "dashboard" /admin
    page queue "release queue (waiting)" /admin/releases
    page queue-2 "release queue, page 2" "$(get /admin/releases | next_href)"
    page queue-all "releases, every state" "/admin/releases?state=all"
    page queue-all-deep "releases, every state, last page" "/admin/releases?state=all&before=$deep_release"
    page queue-published "releases published, one masthead" "/admin/releases?state=published&masthead=harbour-times"
    page queue-flagged "releases flagged, every state" "/admin/releases?state=all&flagged=yes"
    page queue-sparse "releases rejected, flagged, one masthead" \
        "/admin/releases?state=rejected&flagged=yes&masthead=northern-ledger"
    mapfile -t release_paths < <(printf '/admin/releases/%s\n' "${release_ids[@]}")
    page release "one release (${#release_ids[@]} in turn)" "${release_paths[@]}"
    page stories "stories" /admin/stories
    page stories-2 "stories, page 2" "$(get /admin/stories | next_href)"
    page stories-deep "stories, last page" "/admin/stories?after=$deep_story"
    page search "stories search, words in 30 to 90% of stories (8 in turn)" \
        "/admin/stories?q=council" "/admin/stories?q=water+council" "/admin/stories?q=harbour+strike" \
        "/admin/stories?q=Okafor" "/admin/stories?q=%22port+authority%22" "/admin/stories?q=solar+-wind" \
        "/admin/stories?q=Zanzibar+ferry" "/admin/stories?q=glacier"
    page search-rare "stories search, words in 1% of stories (4 in turn)" \
        "/admin/stories?q=743" "/admin/stories?q=288" "/admin/stories?q=517+ferry" "/admin/stories?q=61"
    page search-2 "stories search, page 2" "$(get '/admin/stories?q=water+council' | next_href)"
    page sources "sources" /admin/sources
    page subscribers "subscribers" /admin/subscribers
    page users "users" /admin/users
    page mastheads "mastheads" /admin/mastheads
    page audit "audit log" /admin/audit
    page audit-2 "audit log, page 2" "$(get /admin/audit | next_href)"
    page audit-deep "audit log, last page" "/admin/audit?before=$deep_audit"
    page audit-user "audit log, one person" "/admin/audit?user=$busy_user"
    page audit-kind "audit log, one kind (user.role)" "/admin/audit?kind=user.role"
    page login "sign-in form" /admin/login
    page export "subscribers' CSV export (a download)" /admin/subscribers/export.csv
    page front "public front page (baseline)" "/m/$MASTHEAD/"

    # Each page answers before it is measured.
    measured=()
    for k in "${KEYS[@]}"; do
        if [ -n "$ONLY" ] && [ "$k" != front ] && [[ "$k" != *"$ONLY"* ]]; then
            continue
        fi
        while read -r p; do
            [ -n "$p" ] || die "$b $k: no path (a page gave no rel=next link?)"
            s="$(curl -sS -o "$pages/$k.body" -w '%{http_code}' -H "Cookie: $COOKIE" "$URL$p")"
            [ "$s" = 200 ] || die "$b $k: $p answered $s"
        done <"$pages/$k.paths"
        measured+=("$k")
    done
    for k in queue-all-deep stories-deep audit-deep; do
        ! grep -q 'rel="next"' "$pages/$k.body" 2>/dev/null ||
            NOTES+=("$b: ${LABEL[$k]} links to an older page: not the last")
    done

    snap="$(cpu_snap)"
    sleep 2
    busy_before="$(busy_pct "$snap" "$(cpu_snap)")"
    load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
    log "$b: all cores $busy_before% busy in the 2 s before the runs (load average $load_before)"
    for k in "${measured[@]}"; do
        log "$b $k: $(head -n 1 "$pages/$k.paths")$([ "$(wc -l <"$pages/$k.paths")" -le 1 ] || echo " and $(($(wc -l <"$pages/$k.paths") - 1)) more")"
        wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/pages.lua" "$URL" -- "$pages/$k.paths" \
            >"$RUN/$b.$k.warmup.wrk" 2>&1 || die "$b $k: wrk failed; see $RUN/$b.$k.warmup.wrk"
        # The server's processes: newsdesk, and on PostgreSQL the backends
        # of its connections (the pool has grown during the warm-up).
        pids=("$ND_PID")
        [ "$b" != postgres ] || mapfile -t -O 1 pids < <(psql -X -Atq "$PG/postgres" \
            -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'")
        c0="$(cpu_ticks "${pids[@]}")"
        w0="$(children_ticks)"
        m0="$(cpu_snap)"
        t0=$EPOCHREALTIME
        wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/pages.lua" "$URL" -- "$pages/$k.paths" \
            >"$RUN/$b.$k.wrk" 2>&1 || die "$b $k: wrk failed; see $RUN/$b.$k.wrk"
        m1="$(cpu_snap)"
        wall="$(calc "printf \"%.2f\", $EPOCHREALTIME - $t0")"
        c1="$(cpu_ticks "${pids[@]}")"
        w1="$(children_ticks)"
        kill -0 "$ND_PID" 2>/dev/null || die "$b: newsdesk serve exited; see $RUN/$b.serve.log"
        # "SERVER_SECONDS OTHER_CORES": the server's CPU in the run, and
        # other work's, which took CPU from it.
        s="$(ticks_between "$c0" "$c1")"
        echo "$(calc "printf \"%.3f\", $s / $TICKS") $(other_cores "$m0" "$m1" "$s" $((w1 - w0)) "$wall")" >"$RUN/$b.$k.cpu"
    done
    load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

    for k in "${measured[@]}"; do
        f="$RUN/$b.$k.wrk"
        p99="$(wrk_field "$f" p99)"
        errors="$(wrk_field "$f" errors)"
        kb="$(calc "printf \"%.1f\", $(wc -c <"$pages/$k.body") / 1024")"
        read -r server_s other <"$RUN/$b.$k.cpu"
        cpu_ms="$(calc "printf \"%.2f\", 1000 * $server_s / $(wrk_field "$f" requests)")"
        if [ "$k" = front ]; then
            goal="baseline"
        elif [ "$k" = export ]; then
            goal="a download: none"
        elif calc "exit !($p99 < $GOAL_MS)" && [ "$errors" = 0 ]; then
            goal="met"
        else
            goal="missed"
        fi
        ! calc "exit !($other >= 0.2)" || goal="$goal; other work took $other cores"
        ROWS+=("| $b | ${LABEL[$k]} | $(wrk_field "$f" p50) | $p99 | $(wrk_field "$f" max) | $(wrk_field "$f" rps) | $cpu_ms | $errors | $kb | $goal |")
        [ "$b" != "${BACKENDS%% *}" ] || PATH_LIST+=("- ${LABEL[$k]}: \`$(head -n 1 "$pages/$k.paths")\`$([ "$(wc -l <"$pages/$k.paths")" -le 1 ] || echo " and $(($(wc -l <"$pages/$k.paths") - 1)) more")")
    done
    if [ "$b" = sqlite ]; then
        size="$(du -sm "$DATA" | cut -f1) MB"
    else
        size="$("${SQL[@]}" "SELECT pg_database_size(current_database()) / 1048576") MB"
    fi
    problems="$({ grep -hE 'WARN|ERROR|panicked' "$RUN/$b.serve.log" "$RUN/$b.serve.out" 2>/dev/null || true; } |
        sed -E 's/\x1b\[[0-9;]*m//g; s/^[0-9T:.Z-]+ +//' | cut -c1-160 | sort | uniq -c | sort -rn | head -n 3 |
        awk '{ c = $1; $1 = ""; sub(/^ /, ""); printf "%s%s x `%s`", (NR > 1 ? "; " : ""), c, $0 }')"
    NOTES+=("$b: load average $load_before before the runs and $load_after after (1, 5, 15 minutes); all cores $busy_before% busy in the 2 s before them with newsdesk idle")
    NOTES+=("$b: database $size, filled in $fill_s s ($(tail -n 1 "$RUN/$b.gen.log"))")
    [ -z "$problems" ] || NOTES+=("$b: warnings and errors in serve's log: $problems")
    stop_pid "$ND_PID"
    reaped "$ND_PID"
    unset LABEL
    if [ "${BENCH_KEEP_DATA:-}" = 1 ]; then
        [ "$b" != postgres ] || NOTES+=("postgres: the database $PG_DB was kept")
        PG_DB=""
    else
        rm -rf "$DATA"
        pg_drop
    fi
done

# ------------------------------------------------------------ the report
{
    report_head bench/admin/run.sh BENCH_STORIES BENCH_RELEASES BENCH_READERS BENCH_AUDIT \
        BENCH_DURATION BENCH_WARMUP BENCH_CONNECTIONS BENCH_ONLY
    echo "- Load average (1, 5, 15 minutes): $LOAD_START when the script started, $(cut -d' ' -f1-3 /proc/loadavg) when it ended"
    echo "- Data: $STORIES stories from 36 sources over 60 days, $RELEASES news releases over 120 days in every state, 40 people, $READERS readers, $AUDIT audit lines; 3 mastheads"
    echo "- Each page: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` (wrk $WRK_VERSION) after a ${WARMUP} s warm-up, signed in as an admin; wrk and \`newsdesk serve\` share the $CORES cores"
    echo "- Goal: every admin page p99 under $GOAL_MS ms, no errors"
    echo
    echo "| backend | page | p50 ms | p99 ms | max ms | req/s | CPU ms | errors | KB | goal |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Paths (the same ids and cursors on both backends: the same rows):"
    printf '%s\n' "${PATH_LIST[@]}"
    echo
    for n in "${NOTES[@]}"; do echo "- $n"; done
    echo
    echo "Script time: $(calc "printf \"%.0f\", $EPOCHREALTIME - $T_START") s in all ($(calc "printf \"%.0f\", $T_RUNS - $T_START") s building)."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
