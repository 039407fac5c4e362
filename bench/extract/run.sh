#!/usr/bin/env bash
# Article-extraction benchmark: `newsdesk extract` against peer extractors on
# the same 181 pages, in the same run, every tool pinned to one core.
#
# Usage:   bench/extract/run.sh                 (from any folder)
#          NEWSDESK_BIN=/nonexistent bench/extract/run.sh   (newsdesk row: failed)
#          BENCH_TOOLS="newsdesk trafilatura" bench/extract/run.sh
#
# Output:  stdout is Markdown only: date, command, machine, versions and ONE
#          table, ready to paste into BENCHMARKS.md. Progress goes to stderr.
#          Predictions, scores, logs and report.md stay in the run folder.
#
# What is measured, per tool: one process extracts all the pages (start-up,
# imports and model loading included), run as
#     timeout T taskset -c $BENCH_CORE /usr/bin/time -f %M CMD...
#   F1, precision, recall  shared/bench/extract_eval.py --pred on its output
#                          (4-token shingles; see shared/bench/extraction/README.md)
#   pages/s                pages / wall time of that process (median of BENCH_RUNS)
#   pages/s vs trafilatura that rate / Python trafilatura's rate
#   peak RSS (MB)          GNU time's %M (max resident set, KiB) / 1024
# Installing and building happen first and are not timed; the page files are
# read once before the timed runs so that every tool finds them cached.
# A tool that cannot be built, installed or run gets a row "failed: ..." and
# the script goes on with the next one.
#
# Tools (keys for BENCH_TOOLS, in table order):
#   newsdesk          `newsdesk extract --jsonl FILE...`, built here with
#                     `cargo build --release -p newsdesk` unless NEWSDESK_BIN is set
#   trafilatura       Python trafilatura, the main peer (pinned, see below)
#   readability-lxml  Python readability-lxml (+ lxml_html_clean, html-text)
#   resiliparse       Python resiliparse, if it installs
#                     (the three Python peers run through shared/bench/peer_extract.py)
#   dom_smoothie      Rust crate dom_smoothie (Readability.js port)
#   trafilatura-rs    Rust crate trafilatura (nchapman's port)
#   rs-trafilatura    Rust crate rs-trafilatura
#                     (each Rust peer: a small main of ours in bench/extract/rust/,
#                     built in release in a generated scratch crate)
#   readability-js    @mozilla/readability on jsdom (node/readability.cjs), if npm installs it
#
# Environment (all optional):
#   NEWSDESK_BENCH_DATA     dataset folder with html/ and truth/
#                           (default: ../shared/bench/extraction from the repo root)
#   NEWSDESK_BENCH_SCRIPTS  folder holding extract_eval.py and peer_extract.py
#                           (default: the dataset folder's parent)
#   NEWSDESK_BIN            newsdesk binary to measure; no cargo build then
#   NEWSDESK_BENCH_CACHE    install folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench)
#   BENCH_OUT               run folder (default $NEWSDESK_BENCH_CACHE/runs/<UTC time>)
#   BENCH_TOOLS             keys to run, space or comma separated (default: all)
#   BENCH_CORE              core to pin to (default 0)
#   BENCH_RUNS              timed runs per tool (default 1; pages/s is the median, RSS the max)
#   BENCH_TIMEOUT           seconds allowed for one tool run (default 1800)
#   BENCH_PYTHON            interpreter that makes the venv (default python3)
#   Version pins: TRAFILATURA_VERSION (2.3.1), READABILITY_LXML_VERSION (0.9),
#     LXML_HTML_CLEAN_VERSION (0.4.6), HTML_TEXT_VERSION (0.7.1), RESILIPARSE_VERSION (2.0.1),
#     DOM_SMOOTHIE_VERSION (0.19.0), TRAFILATURA_RS_VERSION (0.6.0),
#     RS_TRAFILATURA_VERSION (0.2.2), READABILITY_JS_VERSION (0.6.0), JSDOM_VERSION (29.1.1)
#
# What it installs, all outside the repo (under NEWSDESK_BENCH_CACHE):
#   venv/        Python virtual environment (pip, from PyPI)
#   rust-peers/  scratch Cargo crates, one per Rust peer, regenerated on each run,
#                with CARGO_TARGET_DIR=rust-peers/target (from crates.io)
#   node/        npm packages (from the npm registry)
#   runs/        one folder per run; runs/latest points at the newest
# and Debian's `time` package with apt-get when /usr/bin/time is missing.
# In the repo only the newsdesk build writes (to its usual target folder).
set -uo pipefail
export LC_ALL=C
T_START=$EPOCHREALTIME

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- settings
DATA_IN="${NEWSDESK_BENCH_DATA:-$REPO/../shared/bench/extraction}"
DATA="$(cd "$DATA_IN" 2>/dev/null && pwd)" || die "no dataset at $DATA_IN (set NEWSDESK_BENCH_DATA)"
[ -d "$DATA/html" ] && [ -d "$DATA/truth" ] || die "$DATA has no html/ and truth/"
SCRIPTS="${NEWSDESK_BENCH_SCRIPTS:-$(dirname "$DATA")}"
for f in extract_eval.py peer_extract.py; do
    [ -f "$SCRIPTS/$f" ] || die "no $f in $SCRIPTS (set NEWSDESK_BENCH_SCRIPTS)"
done

CACHE="${NEWSDESK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-bench}"
VENV="$CACHE/venv"
RUST_PEERS="$CACHE/rust-peers"
NODE_DIR="$CACHE/node"
CORE="${BENCH_CORE:-0}"
RUNS="${BENCH_RUNS:-1}"
TIMEOUT="${BENCH_TIMEOUT:-1800}"
PY="${BENCH_PYTHON:-python3}"
SYS_PY=python3 # runs extract_eval.py and report.py (standard library only)

TRAFILATURA_VERSION="${TRAFILATURA_VERSION:-2.3.1}"
READABILITY_LXML_VERSION="${READABILITY_LXML_VERSION:-0.9}"
LXML_HTML_CLEAN_VERSION="${LXML_HTML_CLEAN_VERSION:-0.4.6}"
HTML_TEXT_VERSION="${HTML_TEXT_VERSION:-0.7.1}"
RESILIPARSE_VERSION="${RESILIPARSE_VERSION:-2.0.1}"
DOM_SMOOTHIE_VERSION="${DOM_SMOOTHIE_VERSION:-0.19.0}"
TRAFILATURA_RS_VERSION="${TRAFILATURA_RS_VERSION:-0.6.0}"
RS_TRAFILATURA_VERSION="${RS_TRAFILATURA_VERSION:-0.2.2}"
READABILITY_JS_VERSION="${READABILITY_JS_VERSION:-0.6.0}"
JSDOM_VERSION="${JSDOM_VERSION:-29.1.1}"

ALL_TOOLS="newsdesk trafilatura readability-lxml resiliparse dom_smoothie trafilatura-rs rs-trafilatura readability-js"
TOOLS="$(echo "${BENCH_TOOLS:-$ALL_TOOLS}" | tr ',' ' ' | xargs)"
for k in $TOOLS; do
    [[ " $ALL_TOOLS " == *" $k "* ]] || die "unknown tool '$k' in BENCH_TOOLS (known: $ALL_TOOLS)"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"

if [ -n "${BENCH_OUT:-}" ]; then
    RUN="$BENCH_OUT"
else
    RUN="$CACHE/runs/$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$RUN" || die "cannot make $RUN"
RUN="$(cd "$RUN" && pwd)"
[ -n "${BENCH_OUT:-}" ] || ln -sfn "$RUN" "$CACHE/runs/latest"

# Every tool reads the pages from one scratch copy in the cache folder (never
# in the repo): the shared folder reads slower than a local file here, a cost
# that would weigh on the fastest tools most and say nothing about extraction.
mkdir -p "$CACHE/data" && rm -rf "$CACHE/data/html" "$CACHE/data/truth" &&
    cp -r "$DATA/html" "$DATA/truth" "$CACHE/data/" || die "cannot copy the pages to $CACHE/data"
[ -f "$DATA/README.md" ] && cp "$DATA/README.md" "$CACHE/data/"
DATA="$CACHE/data"

mapfile -t HTML < <(find "$DATA/html" -maxdepth 1 -name '*.html' | sort)
PAGES=${#HTML[@]}
[ "$PAGES" -gt 0 ] || die "no html files in $DATA/html"

# ------------------------------------------------------------ tool status
# Each tool KEY keeps small files in $RUN: KEY.label, KEY.status ("ok" or
# "failed: why"), KEY.version, KEY.walls, KEY.rss, KEY.rc, KEY.stderr, ...
put() { printf '%s\n' "$3" >"$RUN/$1.$2"; }
enabled() { [[ " $TOOLS " == *" $1 "* ]]; }
usable() { enabled "$1" && [[ "$(cat "$RUN/$1.status" 2>/dev/null)" != failed* ]]; }
fail() {
    local key=$1
    shift
    put "$key" status "failed: $*"
    log "$key: failed: $*"
}
# The first line of a log that looks like an error (else its last line), short.
why() {
    local line
    line="$(grep -m1 -iE '(^|[^a-z])(error|panicked|cannot|not found|no such)' "$1" 2>/dev/null)"
    [ -n "$line" ] || line="$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1)"
    printf '%s' "${line:0:160}" | tr '|' '/'
}

put newsdesk label "newsdesk"
put trafilatura label "trafilatura (Python)"
put readability-lxml label "readability-lxml (Python)"
put resiliparse label "resiliparse (Python)"
put dom_smoothie label "dom_smoothie (Rust)"
put trafilatura-rs label "trafilatura (Rust, nchapman)"
put rs-trafilatura label "rs-trafilatura (Rust)"
put readability-js label "Readability.js (Node, jsdom)"
for k in $TOOLS; do rm -f "$RUN/$k.status"; done

# ------------------------------------------------------------ the machine
CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
[ -n "$CPU_MODEL" ] || CPU_MODEL="$(uname -m)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
DATE_UTC="$(date -u '+%Y-%m-%d %H:%M UTC')"
MACHINE="$(nproc) cores (nproc), $CPU_MODEL, ${MEM_GIB} GiB RAM, Linux $(uname -r)"
log "machine: $MACHINE; date: $DATE_UTC"
log "data: $DATA ($PAGES pages); run folder: $RUN"

command -v taskset >/dev/null || die "taskset (util-linux) is missing"
TIME_BIN=/usr/bin/time
if [ ! -x "$TIME_BIN" ]; then
    log "installing Debian's time package for $TIME_BIN"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2 ||
        die "no $TIME_BIN and apt-get could not install it"
fi

# ------------------------------------------------------------ set-up (untimed)
T_SETUP=$EPOCHREALTIME

ND_BIN=""
if enabled newsdesk; then
    if [ -n "${NEWSDESK_BIN:-}" ]; then
        ND_BIN="$NEWSDESK_BIN"
    else
        log "newsdesk: cargo build --release -p newsdesk"
        if (cd "$REPO" && cargo build --release -p newsdesk) >"$RUN/newsdesk.build.log" 2>&1; then
            tdir="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
                $SYS_PY -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
            ND_BIN="${tdir:-$REPO/target}/release/newsdesk"
        else
            fail newsdesk "cargo build failed: $(why "$RUN/newsdesk.build.log")"
        fi
    fi
    if usable newsdesk; then
        if [ -x "$ND_BIN" ]; then
            put newsdesk version "$("$ND_BIN" --version 2>/dev/null | head -n 1 | awk '{ print $NF }')"
        else
            fail newsdesk "no executable at $ND_BIN"
        fi
    fi
fi

# Python peers: one venv, one pip call per peer so one failure spares the rest.
PY_KEYS=""
for k in trafilatura readability-lxml resiliparse; do enabled "$k" && PY_KEYS="$PY_KEYS $k"; done
pyver() { "$VENV/bin/python" -c 'import sys; from importlib.metadata import version; print(version(sys.argv[1]))' "$1" 2>/dev/null; }
if [ -n "$PY_KEYS" ]; then
    log "python peers: venv $VENV"
    if [ ! -x "$VENV/bin/python" ] && ! "$PY" -m venv "$VENV" >"$RUN/python.venv.log" 2>&1; then
        for k in $PY_KEYS; do fail "$k" "could not make the venv: $(why "$RUN/python.venv.log")"; done
    else
        pipi() { # KEY REQUIREMENT...
            local key=$1
            shift
            log "$key: pip install $*"
            "$VENV/bin/python" -m pip install --disable-pip-version-check -q "$@" \
                >"$RUN/$key.install.log" 2>&1 ||
                fail "$key" "pip install $* failed: $(why "$RUN/$key.install.log")"
        }
        # trafilatura imports lxml's html cleaner, which lxml 5.2+ ships apart.
        enabled trafilatura && pipi trafilatura "trafilatura==$TRAFILATURA_VERSION" \
            "lxml_html_clean==$LXML_HTML_CLEAN_VERSION"
        enabled readability-lxml && pipi readability-lxml "readability-lxml==$READABILITY_LXML_VERSION" \
            "lxml_html_clean==$LXML_HTML_CLEAN_VERSION" "html-text==$HTML_TEXT_VERSION"
        enabled resiliparse && pipi resiliparse "resiliparse==$RESILIPARSE_VERSION"
        for k in $PY_KEYS; do usable "$k" && put "$k" version "$(pyver "$k")"; done
        usable readability-lxml &&
            put readability-lxml version "$(pyver readability-lxml) (lxml_html_clean $(pyver lxml_html_clean), html-text $(pyver html-text), lxml $(pyver lxml))"
    fi
fi

# Rust peers: one generated crate each, sharing one target folder in the cache.
rust_peer() { # KEY CRATE VERSION MAIN.rs
    local key=$1 crate=$2 ver=$3 main=$4 dir="$RUST_PEERS/$1" pkg="bench-peer-$1"
    enabled "$key" || return 0
    log "$key: building $crate $ver in $dir"
    mkdir -p "$dir/src" || { fail "$key" "cannot make $dir"; return; }
    cat >"$dir/Cargo.toml.new" <<EOF
# Generated by newsdesk bench/extract/run.sh; rewritten on every run.
[package]
name = "$pkg"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$crate = "=$ver"
serde_json = "1"

# The same release profile as the Newsdesk workspace.
[profile.release]
lto = "thin"
codegen-units = 4

[workspace]
EOF
    # Rewrite only what changed, so a second run does not rebuild.
    local pair src dst
    for pair in "$dir/Cargo.toml.new:$dir/Cargo.toml" "$HERE/rust/$main:$dir/src/main.rs" \
        "$HERE/rust/common.rs:$dir/src/common.rs"; do
        src="${pair%%:*}" dst="${pair#*:}"
        cmp -s "$src" "$dst" || cp "$src" "$dst"
    done
    rm -f "$dir/Cargo.toml.new"
    if (cd "$dir" && CARGO_TARGET_DIR="$RUST_PEERS/target" cargo build --release) \
        >"$RUN/$key.build.log" 2>&1; then
        put "$key" bin "$RUST_PEERS/target/release/$pkg"
        put "$key" version "$(cd "$dir" && cargo pkgid "$crate" 2>/dev/null | sed -E 's/.*[#@]//')"
    else
        fail "$key" "cargo build failed: $(why "$RUN/$key.build.log")"
    fi
}
if enabled dom_smoothie || enabled trafilatura-rs || enabled rs-trafilatura; then
    if command -v cargo >/dev/null; then
        rust_peer dom_smoothie dom_smoothie "$DOM_SMOOTHIE_VERSION" dom_smoothie.rs
        rust_peer trafilatura-rs trafilatura "$TRAFILATURA_RS_VERSION" trafilatura_rs.rs
        rust_peer rs-trafilatura rs-trafilatura "$RS_TRAFILATURA_VERSION" rs_trafilatura.rs
    else
        for k in dom_smoothie trafilatura-rs rs-trafilatura; do enabled "$k" && fail "$k" "no cargo"; done
    fi
fi

# Readability.js on jsdom, from npm.
npmver() { node -p "require('$NODE_DIR/node_modules/$1/package.json').version" 2>/dev/null; }
if enabled readability-js; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        fail readability-js "node or npm is missing"
    else
        mkdir -p "$NODE_DIR"
        [ -f "$NODE_DIR/package.json" ] || echo '{ "private": true }' >"$NODE_DIR/package.json"
        if [ "$(npmver @mozilla/readability)" != "$READABILITY_JS_VERSION" ] ||
            [ "$(npmver jsdom)" != "$JSDOM_VERSION" ]; then
            log "readability-js: npm install @mozilla/readability@$READABILITY_JS_VERSION jsdom@$JSDOM_VERSION"
            npm install --prefix "$NODE_DIR" --no-audit --no-fund \
                "@mozilla/readability@$READABILITY_JS_VERSION" "jsdom@$JSDOM_VERSION" \
                >"$RUN/readability-js.install.log" 2>&1 ||
                fail readability-js "npm install failed: $(why "$RUN/readability-js.install.log")"
        fi
        usable readability-js &&
            put readability-js version "$(npmver @mozilla/readability) (jsdom $(npmver jsdom), node $(node --version))"
    fi
fi

# ------------------------------------------------------------ timed runs
T_RUNS=$EPOCHREALTIME
cat "${HTML[@]}" >/dev/null # every tool starts with the pages in the page cache
# How busy the machine is, before and during the timed runs: other work on
# the machine skews pages/s. cpu_snap prints "idle total" jiffies of all cores.
cpu_snap() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, t }' /proc/stat; }
busy_pct() { # "idle total" before, "idle total" after
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ")
        printf "%.0f%%", 100 * (1 - (y[1] - x[1]) / (y[2] - x[2])) }'
}
snap="$(cpu_snap)"
sleep 2
BUSY_BEFORE="$(busy_pct "$snap" "$(cpu_snap)")"
log "all cores busy $BUSY_BEFORE over the 2 s before the timed runs"
SNAP_RUNS="$(cpu_snap)"

# measure KEY STDOUT_FILE CMD...: BENCH_RUNS timed runs; appends wall seconds
# to KEY.walls and peak RSS (KiB) to KEY.rss; returns the last exit code.
measure() {
    local key=$1 out=$2 i rc t0 t1 rss
    shift 2
    : >"$RUN/$key.walls"
    : >"$RUN/$key.rss"
    for ((i = 1; i <= RUNS; i++)); do
        log "$key: timed run $i/$RUNS"
        rm -f "$RUN/$key.time"
        t0=$EPOCHREALTIME
        timeout -k 10 "$TIMEOUT" taskset -c "$CORE" "$TIME_BIN" -f '%M' -o "$RUN/$key.time" "$@" \
            >"$out" 2>"$RUN/$key.stderr" </dev/null
        rc=$?
        t1=$EPOCHREALTIME
        echo "$rc" >"$RUN/$key.rc"
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
            return "$rc"
        fi
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >>"$RUN/$key.walls"
        rss="$(tail -n 1 "$RUN/$key.time" 2>/dev/null)"
        [[ "$rss" =~ ^[0-9]+$ ]] && echo "$rss" >>"$RUN/$key.rss"
        log "$key: exit $rc, $(tail -n 1 "$RUN/$key.walls") s, $((${rss:-0} / 1024)) MB"
        [ "$rc" -eq 0 ] || return "$rc"
    done
    return 0
}

# judge KEY RC PRED: fail the tool or score its predictions.
judge() {
    local key=$1 rc=$2 pred=$3 n
    n=0
    [ -f "$pred" ] && n="$(grep -c . "$pred")"
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "$key" "timed out after ${TIMEOUT}s"
    elif [ "$rc" -ne 0 ] && [ "$n" -lt "$PAGES" ]; then
        fail "$key" "exit $rc after $n/$PAGES pages: $(why "$RUN/$key.stderr")"
    elif [ "$n" -eq 0 ]; then
        fail "$key" "no output: $(why "$RUN/$key.stderr")"
    elif "$SYS_PY" "$SCRIPTS/extract_eval.py" "$DATA" --pred "$pred" --name "$key" \
        --out-json "$RUN/$key.score.json" >"$RUN/$key.score.log" 2>&1; then
        put "$key" status ok
        log "$key: $(tail -n 1 "$RUN/$key.score.log")"
    else
        fail "$key" "scoring failed: $(why "$RUN/$key.score.log")"
    fi
}

if usable newsdesk; then
    measure newsdesk "$RUN/newsdesk.raw.jsonl" "$ND_BIN" extract --jsonl "${HTML[@]}"
    rc=$?
    if [ -s "$RUN/newsdesk.raw.jsonl" ]; then
        "$SYS_PY" "$HERE/report.py" newsdesk-preds "$RUN/newsdesk.raw.jsonl" \
            "$RUN/newsdesk.pred.jsonl" >/dev/null 2>>"$RUN/newsdesk.stderr"
    else
        rm -f "$RUN/newsdesk.pred.jsonl"
    fi
    judge newsdesk "$rc" "$RUN/newsdesk.pred.jsonl"
fi

for k in trafilatura readability-lxml resiliparse; do
    usable "$k" || continue
    rm -f "$RUN/$k.pred.jsonl" "$RUN/$k.pred.meta.json"
    measure "$k" /dev/null "$VENV/bin/python" "$SCRIPTS/peer_extract.py" "$k" "$DATA" "$RUN/$k.pred.jsonl"
    judge "$k" $? "$RUN/$k.pred.jsonl"
done

for k in dom_smoothie trafilatura-rs rs-trafilatura; do
    usable "$k" || continue
    measure "$k" "$RUN/$k.pred.jsonl" "$(cat "$RUN/$k.bin")" "${HTML[@]}"
    judge "$k" $? "$RUN/$k.pred.jsonl"
done

if usable readability-js; then
    measure readability-js "$RUN/readability-js.pred.jsonl" \
        env NODE_PATH="$NODE_DIR/node_modules" node "$HERE/node/readability.cjs" "${HTML[@]}"
    judge readability-js $? "$RUN/readability-js.pred.jsonl"
fi

# ------------------------------------------------------------ the report
T_END=$EPOCHREALTIME
BUSY_DURING="$(busy_pct "$SNAP_RUNS" "$(cpu_snap)")"
CMD="bench/extract/run.sh"
for v in NEWSDESK_BIN BENCH_TOOLS BENCH_RUNS BENCH_CORE; do
    [ -n "${!v:-}" ] && CMD="$v=${!v} $CMD"
done
versions=""
for k in $TOOLS; do
    [ -s "$RUN/$k.version" ] && versions="$versions; $(cat "$RUN/$k.label") $(cat "$RUN/$k.version")"
done

{
    echo "Run of $DATE_UTC: \`$CMD\`"
    echo
    echo "- Machine: $MACHINE; every tool pinned to core $CORE (\`taskset -c $CORE\`)"
    echo "- Load: all cores together were $BUSY_BEFORE busy in the 2 s before the timed runs and $BUSY_DURING during them (the benchmark alone keeps one core of $(nproc) busy)"
    echo "- Toolchains: $(rustc --version 2>/dev/null | awk '{ print $1, $2 }'), Python $("$PY" -c 'import platform; print(platform.python_version())' 2>/dev/null), Node $(node --version 2>/dev/null || echo -)"
    echo "- Data: $PAGES pages of the scrapinghub article-extraction benchmark, scored by extract_eval.py (4-token shingles)"
    echo "- Versions: ${versions#; }"
    echo
    "$SYS_PY" "$HERE/report.py" table "$RUN" $TOOLS --pages "$PAGES" --baseline trafilatura
    echo
    echo "pages/s: $PAGES pages divided by the wall time of one process that extracts them all, start-up included"
    echo "(\"loop only\": peer_extract.py's own timing of its page loop, after imports and a warm-up page)."
    echo "Peak RSS: GNU time's maximum resident set size of that process; MB = 2^20 bytes."
    echo "Script time: $(elapsed "$T_START" "$T_END") s in all ($(elapsed "$T_SETUP" "$T_RUNS") s installing and building, $(elapsed "$T_RUNS" "$T_END") s timed runs and scoring)."
} >"$RUN/report.md"

cat "$RUN/report.md"
log "report: $RUN/report.md"
