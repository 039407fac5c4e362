#!/usr/bin/env bash
# Public-site benchmark: `newsdesk web` against nginx serving the same pages
# as static files, in the same run, on SQLite and PostgreSQL.
#
# Usage:   bench/site/run.sh [--sqlite | --postgres | --both]   (default --both)
#          NEWSDESK_BIN=path/to/newsdesk bench/site/run.sh      (no cargo build)
#
# Output:  stdout is Markdown only: date, command, machine, the goal and ONE
#          table, ready to paste into BENCHMARKS.md. Progress goes to stderr.
#          wrk's output, the pages, nginx's config and newsdesk's log stay in
#          the run folder.
#
# What happens:
#   1. Installs wrk and nginx-light (else nginx) with apt-get when missing;
#      builds newsdesk (`cargo build --release -p newsdesk`) unless
#      NEWSDESK_BIN is set.
#   2. For each backend: a data folder with a config of three mastheads
#      (4 to 6 sections each, each in its own time zone), `newsdesk migrate`,
#      then bench/site/gen.py fills the database with BENCH_STORIES generated
#      stories (default 100,000) from 36 sources over 60 days, as the product
#      stores them: feed columns, page columns (60% with sanitized HTML, most
#      of those with a lead image, 30% with a dateline), coverage (15% of the
#      stories carried by 2 or 3 sources) and one site_changes row per batch.
#      SQLite is written by Python's sqlite3 and ANALYZEd; PostgreSQL gets a
#      database of its own (dropped afterwards), loaded with psql's \copy
#      from COPY text files the same generator writes, then VACUUM ANALYZE.
#      The seed and the clock are the same for both: the same rows.
#   3. Starts `newsdesk web` on a free 127.0.0.1 port and picks one
#      masthead's pages: the front page, a section page, 200 story pages
#      chosen at random among the stories it shows, a search for two common
#      words, and the RSS feed. Saves exactly those answers (same bytes) as
#      files and serves them with nginx on another free port (its config in
#      the run folder: daemon off, access_log off, worker_processes auto,
#      sendfile on), under the same paths.
#   4. For each kind of page, newsdesk then nginx: a warm-up (wrk -t2 -c16
#      for BENCH_WARMUP seconds; newsdesk's pages were already rendered once
#      when they were saved), then `wrk -t2 -c64 -dBENCH_DURATION --latency`.
#      Story pages: bench/site/rotate.lua has every request ask for the next
#      of the 200 paths, so the page cache works over many pages.
#   5. newsdesk's peak RSS: VmHWM from /proc/PID/status after its last run.
#
# Pages are kept in memory for at most server.page_max_age_secs (300 s by
# default): every measured run here starts within that time of its pages'
# rendering, so each run measures pages served from memory. A longer
# BENCH_DURATION would include the renders that follow their expiry.
#
# wrk and both servers share this machine's cores: while newsdesk is
# measured, wrk's two threads take CPU from it, and the same holds for
# nginx. The table is a comparison made under the same handicap, not either
# server's capacity on a machine of its own.
#
# Columns of the table:
#   page            what was asked for (the paths are listed under the table)
#   newsdesk req/s  wrk's Requests/sec against newsdesk
#   nginx req/s     the same against nginx serving the saved pages
#   ratio           newsdesk req/s / nginx req/s
#   p50, p99        wrk's latency percentiles against newsdesk (--latency);
#                   wrk corrects them for coordinated omission, so a stall
#                   also counts for the requests it held back
#   nginx p99       the same for nginx: what sharing the cores with wrk costs
#                   a server that does next to nothing per request
#   errors          newsdesk's answers that were not 2xx or 3xx plus socket
#                   errors (connect, read, write, timeout), as wrk counts them;
#                   the saved pages were all 200, so any is a real failure
#   peak RSS MB     newsdesk's VmHWM at the end of the backend's runs, MB = 2^20 bytes
#   goal            the goal of that kind of page, met or not (see the header);
#                   and, when other processes took 0.2 cores or more during
#                   newsdesk's or nginx's run, how much (the run is disturbed)
#
# Environment (all optional):
#   NEWSDESK_BIN          newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE  cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench);
#                         runs go to site/runs/
#   BENCH_OUT             run folder (default $NEWSDESK_BENCH_CACHE/site/runs/<UTC time>)
#   BENCH_PG              PostgreSQL server, superuser, trust auth
#                         (default postgres://postgres@127.0.0.1:5432)
#   BENCH_STORIES         stories generated (default 100000)
#   BENCH_DURATION        seconds of each measured wrk run (default 20)
#   BENCH_WARMUP          seconds of each warm-up (default 3)
#   BENCH_CONNECTIONS     wrk connections (default 64)
#   BENCH_THREADS         wrk threads (default 2)
#   BENCH_KEEP_DATA=1     keep the generated databases in the run folder
#                         (about 1 GB each; removed by default)
#
# What it installs, all outside the repo: Debian's wrk and nginx-light (or
# nginx) packages when missing. In the repo only the newsdesk build writes
# (to its usual target folder, or CARGO_TARGET_DIR).
set -euo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=bench/common.sh
. "$REPO/bench/common.sh"

# ---------------------------------------------------------------- settings
BACKENDS="sqlite postgres"
case "${1:-}" in
"" | --both) ;;
--sqlite) BACKENDS=sqlite ;;
--postgres) BACKENDS=postgres ;;
-h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
*) die "unknown argument '$1' (--sqlite, --postgres or --both)" ;;
esac
[ $# -le 1 ] || die "one argument at most (--sqlite, --postgres or --both)"

CACHE="${NEWSDESK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench}"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
STORIES="${BENCH_STORIES:-100000}"
DURATION="${BENCH_DURATION:-20}"
WARMUP="${BENCH_WARMUP:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
for v in STORIES DURATION WARMUP CONNECTIONS THREADS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done
PATHS=200 # story pages rotated over

if [ -n "${BENCH_OUT:-}" ]; then
    RUN="$BENCH_OUT"
else
    RUN="$CACHE/site/runs/$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"
[ -n "${BENCH_OUT:-}" ] || ln -sfn "$RUN" "$CACHE/site/runs/latest"

# ------------------------------------------------------------ the machine
CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
[ -n "$CPU_MODEL" ] || CPU_MODEL="$(uname -m)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
DATE_UTC="$(date -u '+%Y-%m-%d %H:%M UTC')"
CORES="$(nproc)"
MACHINE="$CORES cores (nproc), $CPU_MODEL, ${MEM_GIB} GiB RAM, Linux $(uname -r)"
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null)" ]; then
    COMMIT="$COMMIT (with uncommitted changes)"
fi
log "machine: $MACHINE; commit $COMMIT; run folder: $RUN"

for tool in curl python3; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
python3 -c 'import sqlite3' 2>/dev/null || die "python3 has no sqlite3 module"
if [[ " $BACKENDS " == *" postgres "* ]]; then
    command -v psql >/dev/null || die "psql is missing (or run with --sqlite)"
    psql -X "$PG/postgres" -Atqc 'SELECT 1' >/dev/null 2>"$RUN/psql.log" ||
        die "no PostgreSQL at $PG: $(head -n 1 "$RUN/psql.log")"
fi

apt_install() {
    log "installing Debian's $* with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2
}
NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || [ ! -x /usr/sbin/nginx ] || NGINX=/usr/sbin/nginx
if [ -z "$NGINX" ]; then
    apt_install nginx-light || apt_install nginx || die "could not install nginx"
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
fi
if ! command -v wrk >/dev/null; then
    apt_install wrk || die "could not install wrk"
fi
WRK_VERSION="$({ wrk --version 2>&1 || true; } | awk 'NR == 1 { sub(/^debian\//, "", $2); print $2 }')"
NGINX_VERSION="$("$NGINX" -v 2>&1 | sed 's|.*nginx/||')"

# ------------------------------------------------------------ clean-up
ND_PID=""
NGINX_PID=""
PG_DB=""
stop() { # stop PID: TERM, then wait for it
    local pid=$1
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    stop "$ND_PID"
    stop "$NGINX_PID"
    if [ -n "$PG_DB" ]; then
        psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ set-up
T_SETUP=$EPOCHREALTIME
if [ -n "${NEWSDESK_BIN:-}" ]; then
    ND="$NEWSDESK_BIN"
else
    log "newsdesk: cargo build --release -p newsdesk"
    (cd "$REPO" && cargo build --release -p newsdesk) >"$RUN/newsdesk.build.log" 2>&1 ||
        die "cargo build failed; see $RUN/newsdesk.build.log"
    tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
    ND="$tdir/release/newsdesk"
fi
[ -x "$ND" ] || die "no executable newsdesk at $ND"
ND_VERSION="$("$ND" --version | head -n 1 | awk '{ print $NF }')"

CONF="$RUN/newsdesk.toml"
python3 "$HERE/gen.py" config "$CONF"
NOW="$(date +%s)" # both backends get the same rows

# ------------------------------------------------------------ the runs
T_RUNS=$EPOCHREALTIME
KINDS="front section story search feed"
ROWS=()
NOTES=()
for b in $BACKENDS; do
    data="$RUN/$b-data"
    rm -rf "$data" "$RUN/$b-static"
    mkdir -p "$data"
    args=(--data "$data" --config "$CONF")
    t0=$EPOCHREALTIME
    if [ "$b" = postgres ]; then
        PG_DB="newsdesk_site_bench_$(date -u +%Y%m%d%H%M%S)_$$"
        psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        args+=(--database-url "$PG/$PG_DB")
        log "$b: database $PG_DB on ${PG#*@}"
    fi
    "$ND" "${args[@]}" migrate >"$RUN/$b.setup.log" 2>&1 || die "$b: migrate failed; see $RUN/$b.setup.log"
    log "$b: generating $STORIES stories"
    if [ "$b" = sqlite ]; then
        python3 "$HERE/gen.py" sqlite "$data/newsdesk.sqlite3" --now "$NOW" --stories "$STORIES" \
            --paths "$PATHS" --meta "$RUN/$b.meta.json" 2>"$RUN/$b.gen.log" || die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
    else
        python3 "$HERE/gen.py" tsv "$data/rows" --now "$NOW" --stories "$STORIES" \
            --paths "$PATHS" --meta "$RUN/$b.meta.json" 2>"$RUN/$b.gen.log" || die "$b: gen.py failed: $(tail -n 3 "$RUN/$b.gen.log")"
        (cd "$data/rows" && psql -X -q "$PG/$PG_DB" -f copy.sql) >>"$RUN/$b.setup.log" 2>&1 ||
            die "$b: loading the rows failed; see $RUN/$b.setup.log"
        psql -X -q "$PG/$PG_DB" -c 'VACUUM ANALYZE' >>"$RUN/$b.setup.log" 2>&1 || die "$b: VACUUM ANALYZE failed"
        rm -rf "$data/rows"
    fi
    fill_s="$(calc "printf \"%.0f\", $EPOCHREALTIME - $t0")"
    log "$b: $(tail -n 1 "$RUN/$b.gen.log") in $fill_s s"
    if [ "$b" = sqlite ]; then
        db_size="$(du -sm "$data" | cut -f1) MB on disk"
    else
        db_size="$(psql -X -Atq "$PG/$PG_DB" -c "SELECT pg_database_size(current_database()) / 1048576") MB on disk"
    fi

    # newsdesk web
    port="$(free_port)"
    ND_URL="http://127.0.0.1:$port"
    "$ND" "${args[@]}" web --listen "127.0.0.1:$port" </dev/null >"$RUN/$b.web.log" 2>&1 &
    ND_PID=$!
    wait_http "$ND_URL/healthz" 60 "$ND_PID" || die "$b: newsdesk web did not answer; see $RUN/$b.web.log"
    log "$b: newsdesk web (pid $ND_PID) on $ND_URL"

    # The pages, and the same bytes as files.
    M="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["masthead"])' "$RUN/$b.meta.json")"
    S="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["section"])' "$RUN/$b.meta.json")"
    Q="$(python3 -c 'import json, sys; print("+".join(json.load(open(sys.argv[1]))["search"]))' "$RUN/$b.meta.json")"
    declare -A PATH_OF=(
        [front]="/m/$M/"
        [section]="/m/$M/section/$S"
        [search]="/m/$M/search?q=$Q"
        [feed]="/m/$M/feed.xml"
    )
    static="$RUN/$b-static"
    paths_file="$RUN/$b.story-paths.txt"
    : >"$paths_file"
    for id in $(python3 -c 'import json, sys; print(*json.load(open(sys.argv[1]))["stories"])' "$RUN/$b.meta.json"); do
        # /story/ID redirects to the story's address with its slug.
        loc="$(curl -sS -o /dev/null -w '%{redirect_url}' "$ND_URL/m/$M/story/$id")"
        [ -n "$loc" ] || die "$b: /m/$M/story/$id did not redirect to the story's address"
        echo "/${loc#http*://*/}" >>"$paths_file"
    done
    PATH_OF[story]="$(head -n 1 "$paths_file")"
    declare -A STATUS=()
    save() { # save PATH: newsdesk's answer to PATH as a file under $static; prints the status
        local p=${1%%\?*} file
        file="$static$p"
        [[ "$p" == */ ]] && file="${file}index.html"
        mkdir -p "$(dirname "$file")"
        curl -sS -o "$file" -w '%{http_code}' "$ND_URL$1"
    }
    for k in front section search feed; do
        STATUS[$k]="$(save "${PATH_OF[$k]}")"
        # Only a page newsdesk answered can be served by nginx.
        [ "${STATUS[$k]}" = 200 ] || rm -f "$static${PATH_OF[$k]%%\?*}"
    done
    STATUS[story]=200
    while read -r p; do
        s="$(save "$p")"
        [ "$s" = 200 ] || die "$b: $p answered $s"
    done <"$paths_file"
    log "$b: pages saved: front ${STATUS[front]}, section ${STATUS[section]}, $PATHS stories 200, search ${STATUS[search]}, feed ${STATUS[feed]}"

    # nginx on the same files
    ngx="$RUN/$b-nginx"
    rm -rf "$ngx"
    mkdir -p "$ngx/logs" "$ngx/tmp"
    nport="$(free_port)"
    NGINX_URL="http://127.0.0.1:$nport"
    cat >"$ngx/nginx.conf" <<EOF
# nginx for the site benchmark: the pages newsdesk answered, as files.
user $(id -un);
worker_processes auto;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    # wrk keeps its connections open; newsdesk never closes one either.
    keepalive_requests 1000000;
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    default_type "text/html; charset=utf-8";
    server {
        listen 127.0.0.1:$nport;
        root $static;
        index index.html;
        location ~ \\.xml\$ {
            default_type "application/rss+xml; charset=utf-8";
        }
    }
}
EOF
    "$NGINX" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" </dev/null >"$ngx/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    wait_http "$NGINX_URL${PATH_OF[front]}" 30 "$NGINX_PID" ||
        die "$b: nginx did not answer; see $ngx/logs/error.log"
    curl -fsS "$NGINX_URL${PATH_OF[story]}" | cmp -s - "$static${PATH_OF[story]}" ||
        die "$b: nginx's story page is not the saved one"
    log "$b: nginx $NGINX_VERSION (pid $NGINX_PID) on $NGINX_URL"

    # Whatever else runs on the machine takes from both servers alike.
    snap="$(cpu_snap)"
    sleep 2
    busy_before="$(busy_pct "$snap" "$(cpu_snap)")"
    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    log "$b: all cores $busy_before% busy in the 2 s before the runs (load average $load_before)"

    # wrk, one page kind after another, newsdesk then nginx.
    # measure KEY BASE_URL PATH [rotate]: warm-up, then the measured run;
    # writes KEY.wrk and KEY.cpu (the server's CPU seconds in the run).
    measure() {
        local key=$1 url=$2 path=$3 rotate=${4:-} pids c0 c1 w0 w1 m0 m1 t0 s
        local extra=()
        [ -z "$rotate" ] || extra=(-s "$HERE/rotate.lua" "$url/" -- "$paths_file")
        [ -n "$rotate" ] || extra=("$url$path")
        if [[ "$url" == "$ND_URL" ]]; then pids=("$ND_PID"); else mapfile -t pids < <(echo "$NGINX_PID"; pgrep -P "$NGINX_PID"); fi
        wrk -t"$THREADS" -c16 -d"${WARMUP}s" "${extra[@]}" >"$RUN/$key.warmup.wrk" 2>&1 ||
            die "$key: wrk failed; see $RUN/$key.warmup.wrk"
        c0="$(cpu_ticks "${pids[@]}")"
        w0="$(children_ticks)"
        m0="$(cpu_snap)"
        t0=$EPOCHREALTIME
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${extra[@]}" >"$RUN/$key.wrk" 2>&1 ||
            die "$key: wrk failed; see $RUN/$key.wrk"
        m1="$(cpu_snap)"
        calc "printf \"%.2f\", $EPOCHREALTIME - $t0" >"$RUN/$key.wall"
        w1="$(children_ticks)"
        c1="$(cpu_ticks "${pids[@]}")"
        s="$(ticks_between "$c0" "$c1")"
        calc "printf \"%.2f\", $s / $TICKS" >"$RUN/$key.cpu"
        calc "printf \"%.2f\", ($w1 - $w0) / $TICKS" >"$RUN/$key.wrk-cpu"
        # What the whole machine was busy with, less the server and wrk:
        # other work, which took CPU from this run.
        other_cores "$m0" "$m1" "$s" $((w1 - w0)) "$(cat "$RUN/$key.wall")" >"$RUN/$key.other-cpu"
    }
    for k in $KINDS; do
        rotate=""
        [ "$k" = story ] && rotate=yes
        log "$b $k: newsdesk (${PATH_OF[$k]}${rotate:+ and $((PATHS - 1)) more})"
        measure "$b.$k.newsdesk" "$ND_URL" "${PATH_OF[$k]}" $rotate
        if [ "${STATUS[$k]}" = 200 ]; then
            log "$b $k: nginx"
            measure "$b.$k.nginx" "$NGINX_URL" "${PATH_OF[$k]}" $rotate
        fi
    done
    rss_kib="$(awk '/^VmHWM:/ { print $2 }' "/proc/$ND_PID/status")"
    rss_mb="$(calc "printf \"%.0f\", $rss_kib / 1024")"
    stop "$ND_PID"
    ND_PID=""
    stop "$NGINX_PID"
    NGINX_PID=""

    # rows of the table
    cpu_of() { # cpu_of KEY: "server + wrk + other", cores
        local wall
        wall="$(cat "$RUN/$1.wall")"
        calc "printf \"%.2f + %.2f + %.2f\", $(cat "$RUN/$1.cpu") / $wall, $(cat "$RUN/$1.wrk-cpu") / $wall, $(cat "$RUN/$1.other-cpu")"
    }
    cpu_note="$b, CPU in cores during each measured run, newsdesk run / nginx run, as server + wrk + the rest of the machine's busy time (other processes, and kernel work charged to neither):"
    for k in $KINDS; do
        f="$RUN/$b.$k.newsdesk.wrk"
        rps="$(wrk_field "$f" rps)"
        p50="$(wrk_field "$f" p50)"
        p99="$(wrk_field "$f" p99)"
        errors="$(wrk_field "$f" errors)"
        ncpu="$(cpu_of "$b.$k.newsdesk")"
        if [ -s "$RUN/$b.$k.nginx.wrk" ]; then
            nrps="$(wrk_field "$RUN/$b.$k.nginx.wrk" rps)"
            ratio="$(calc "printf \"%.0f%%\", 100 * $rps / $nrps")"
            np99="$(wrk_field "$RUN/$b.$k.nginx.wrk" p99) ms"
            nerr="$(wrk_field "$RUN/$b.$k.nginx.wrk" errors)"
            [ "$nerr" = 0 ] || NOTES+=("$b $k: nginx had $nerr errors")
            cpu_note="$cpu_note $k $ncpu / $(cpu_of "$b.$k.nginx"),"
        else
            nrps="–"
            ratio="–"
            np99="–"
            cpu_note="$cpu_note $k $ncpu / –,"
        fi
        label="$k"
        case $k in
        story) label="story ($PATHS pages)" ;;
        search) label="search ($(echo "$Q" | tr '+' ' '))" ;;
        feed) label="RSS feed" ;;
        esac
        [ "${STATUS[$k]}" = 200 ] || label="$label: answered ${STATUS[$k]}"
        # The goal (see the header): front and story pages >= 50% of
        # nginx's req/s, p99 <= 20 ms, no errors; search p99 <= 50 ms.
        goal="–"
        missed=()
        case $k in
        front | story)
            [ "$ratio" != "–" ] && calc "exit !($rps * 2 >= $nrps)" || missed+=("ratio < 50%")
            calc "exit !($p99 <= 20)" || missed+=("p99 > 20 ms")
            [ "$errors" = 0 ] || missed+=("errors")
            ;;
        search)
            calc "exit !($p99 <= 50)" || missed+=("p99 > 50 ms")
            [ "$errors" = 0 ] || missed+=("errors")
            ;;
        *) [ "$errors" = 0 ] || missed+=("errors") ;;
        esac
        case $k in
        front | story | search)
            if [ ${#missed[@]} -eq 0 ]; then goal="met"; else goal="missed: $(IFS=,; echo "${missed[*]}" | sed 's/,/, /g')"; fi
            ;;
        *) [ ${#missed[@]} -eq 0 ] || goal="missed: errors" ;;
        esac
        # A run that other work took CPU from says so.
        disturbed=()
        for side in newsdesk nginx; do
            f="$RUN/$b.$k.$side.other-cpu"
            if [ -s "$f" ] && calc "exit !($(cat "$f") >= 0.2)"; then
                disturbed+=("$(cat "$f") cores in $side's run")
            fi
        done
        [ ${#disturbed[@]} -eq 0 ] ||
            goal="$goal; other work took $(IFS=,; echo "${disturbed[*]}" | sed 's/,/, /g')"
        ROWS+=("| $b | $label | $rps | $nrps | $ratio | $p50 ms | $p99 ms | $np99 | $errors | $rss_mb | $goal |")
    done
    NOTES+=("${cpu_note%,}")
    NOTES+=("$b: before the runs, with both servers idle, all cores were $busy_before% busy (load average $load_before): other work on the machine")
    rss_goal="met"
    [ "$rss_mb" -le 150 ] || rss_goal="missed"
    NOTES+=("$b: peak RSS $rss_mb MB ($rss_goal); $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["stories"]))' "$RUN/$b.meta.json") story pages; database $db_size, filled in $fill_s s ($(tail -n 1 "$RUN/$b.gen.log"))")

    if [ "${BENCH_KEEP_DATA:-}" != 1 ]; then
        rm -rf "$data"
    fi
    if [ "$b" = postgres ]; then
        [ "${BENCH_KEEP_DATA:-}" = 1 ] ||
            psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
        [ "${BENCH_KEEP_DATA:-}" = 1 ] && NOTES+=("postgres: the database $PG_DB was kept")
        PG_DB=""
    fi
    unset PATH_OF STATUS
done

# ------------------------------------------------------------ the report
T_END=$EPOCHREALTIME
CMD="bench/site/run.sh${1:+ $1}"
for v in NEWSDESK_BIN BENCH_STORIES BENCH_DURATION BENCH_WARMUP BENCH_CONNECTIONS BENCH_THREADS; do
    [ -n "${!v:-}" ] && CMD="$v=${!v} $CMD"
done
{
    echo "Run of $DATE_UTC: \`$CMD\`, commit $COMMIT"
    echo
    pg_version=""
    [[ " $BACKENDS " != *" postgres "* ]] ||
        pg_version=", PostgreSQL $(psql -X -Atq "$PG/postgres" -c 'SHOW server_version' | awk '{ print $1 }')"
    echo "- Machine: $MACHINE; newsdesk $ND_VERSION, nginx $NGINX_VERSION, wrk $WRK_VERSION$pg_version"
    echo "- wrk and the server it measures share the $CORES cores: \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\` after a ${WARMUP} s warm-up, newsdesk and nginx one after the other for each page"
    echo "- Data: $STORIES generated stories from 36 sources over 60 days, 3 mastheads; pages of the masthead \`$M\`"
    echo "- Goal: >= 50% of nginx's req/s on front and story pages with p99 <= 20 ms and zero errors; search p99 <= 50 ms; peak RSS <= 150 MB"
    echo
    echo "| backend | page | newsdesk req/s | nginx req/s | ratio | p50 | p99 | nginx p99 | errors | peak RSS MB | goal |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Pages: front \`/m/$M/\`, section \`/m/$M/section/$S\`, story: 200 story pages in turn (\`bench/site/rotate.lua\`), search \`/m/$M/search?q=$Q\`, RSS \`/m/$M/feed.xml\`."
    echo "nginx serves the bytes newsdesk answered, saved as files; a page newsdesk did not answer with 200 has no nginx row (–)."
    echo "p50, p99: newsdesk's latency; nginx p99 for comparison (what the shared cores alone cost). errors: newsdesk's non-2xx/3xx answers plus socket errors. Peak RSS: newsdesk's VmHWM, MB = 2^20 bytes."
    for n in "${NOTES[@]}"; do echo "- $n"; done
    echo
    echo "Script time: $(calc "printf \"%.0f\", $T_END - $T_START") s in all ($(calc "printf \"%.0f\", $T_RUNS - $T_SETUP") s building)."
} >"$RUN/report.md"
cat "$RUN/report.md"
log "report: $RUN/report.md"
