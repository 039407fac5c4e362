# shellcheck shell=bash
# Shared by bench/digest/run.sh and bench/digest/crash.sh; sourced after
# bench/common.sh, not run. It gives:
#   start_sink                  builds the SMTP sink of bench/digest/sink/
#                               (target folder $CACHE/digest/sink-target)
#                               and starts it: SINK (the binary), SINK_PID,
#                               SINK_PORT
#   sink_say COMMAND            one command to the running sink, its answer
#                               on stdout (`count`, `dump FILE`)
#   sink_cpu_ticks              the sink's user + system CPU so far, in
#                               clock ticks (getconf CLK_TCK a second)
#   newsroom BACKEND KEY READERS CONNECTIONS
#                               an empty database of BACKEND (as
#                               fresh_store: DATA, ARGS, SQL, PG_DB) with
#                               the masthead `bench` (UTC, digest at 06:00,
#                               five sections) sending to the sink over
#                               CONNECTIONS connections with no rate limit,
#                               five stories per section on the day DAY,
#                               and READERS confirmed readers, each with
#                               sections of their own (one in eight none:
#                               all), inserted by one SQL statement

DAY=2026-10-05
SECTIONS=(world business sports culture science)

start_sink() {
    local target="$CACHE/digest/sink-target" i
    log "SMTP sink: cargo build --release (target folder $target)"
    (cd "$REPO/bench/digest/sink" && CARGO_TARGET_DIR="$target" cargo build --release --locked) \
        >"$RUN/sink.build.log" 2>&1 || die "the sink did not build; see $RUN/sink.build.log"
    SINK="$target/release/newsdesk-smtp-sink"
    rm -f "$RUN/sink.port" "$RUN/sink.in"
    mkfifo "$RUN/sink.in"
    "$SINK" serve --port-file "$RUN/sink.port" <"$RUN/sink.in" >"$RUN/sink.out" 2>"$RUN/sink.log" &
    SINK_PID=$!
    started "$SINK_PID"
    exec 7>"$RUN/sink.in"
    for i in $(seq 1 100); do
        [ -s "$RUN/sink.port" ] && break
        kill -0 "$SINK_PID" 2>/dev/null || die "the sink exited: $(tail -n 1 "$RUN/sink.log")"
        sleep 0.1
    done
    [ -s "$RUN/sink.port" ] || die "the sink wrote no port in 10 s"
    SINK_PORT="$(cat "$RUN/sink.port")"
    log "sink (pid $SINK_PID) on 127.0.0.1:$SINK_PORT"
}

sink_say() {
    local before i
    before="$(wc -l <"$RUN/sink.out")"
    echo "$1" >&7
    for i in $(seq 1 600); do
        [ "$(wc -l <"$RUN/sink.out")" -gt "$before" ] && break
        sleep 0.05
    done
    tail -n 1 "$RUN/sink.out"
}

sink_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SINK_PID/stat"; }

newsroom() {
    local b=$1 key=$2 readers=$3 connections=$4 section_list
    DATA="$RUN/$b-data"
    rm -rf "$DATA"
    mkdir -p "$DATA"
    ARGS=(--data "$DATA")
    if [ "$b" = postgres ]; then
        pg_drop
        PG_DB="newsdesk_bench_digest_$$"
        psql -X "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
        psql -X "$PG/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
        ARGS+=(--database-url "$PG/$PG_DB")
        SQL=(psql -X -Atq -v ON_ERROR_STOP=1 "$PG/$PG_DB" -c)
    else
        SQL=(sqlite3 -batch "$DATA/newsdesk.sqlite3")
    fi
    section_list="$(printf '"%s", ' "${SECTIONS[@]}")"
    cat >"$DATA/newsdesk.toml" <<TOML
[mail]
transport = "smtp://127.0.0.1:$SINK_PORT"
rate_per_second = 0
connections = $connections
from = "Bench Daily <news@bench.example>"

[[masthead]]
id = "bench"
name = "Bench Daily"
host = "bench.example"
base_url = "https://bench.example"
timezone = "UTC"
digest_at = "06:00"
sections = [${section_list%, }]
TOML
    "$ND" "${ARGS[@]}" migrate >"$RUN/$key.setup.log" 2>&1 || die "$key: migrate failed; see $RUN/$key.setup.log"
    cat >"$RUN/wire.opml" <<'OPML'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Wire</title></head><body>
<outline type="rss" text="Bench Wire" title="Bench Wire" xmlUrl="http://wire.example/bench.xml"/>
</body></opml>
OPML
    "$ND" "${ARGS[@]}" source import "$RUN/wire.opml" >>"$RUN/$key.setup.log" 2>&1 ||
        die "$key: source import failed; see $RUN/$key.setup.log"
    # Five stories per section in the day before 06:00 UTC on DAY.
    local window_start s n values=()
    window_start="$(date -u -d "$DAY 06:00 UTC - 1 day" +%s)"
    for s in "${SECTIONS[@]}"; do
        for n in 1 2 3 4 5; do
            values+=("(1, 'g-$s-$n', 'http://wire.example/$s/$n', 'http://wire.example/$s/$n', \
'$s story $n: the long rains reach the coast', 'k-$s-$n', \
'Farmers along the coast welcomed the first long rains of the season after weeks of dry and dusty weather, story $n.', \
'One paragraph.', $((window_start + n * 3600)), $((window_start + n * 3600)), '$s')")
        done
    done
    "${SQL[@]}" "INSERT INTO stories (source_id, guid, link, canonical_link, title, headline_key, standfirst, body, published_at, ingested_at, section) VALUES $(IFS=,; echo "${values[*]}")" >>"$RUN/$key.setup.log" 2>&1 ||
        die "$key: stories not inserted; see $RUN/$key.setup.log"
    "${SQL[@]}" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $readers)
        INSERT INTO subscribers (masthead_id, email, sections, status, created_at, confirmed_at)
        SELECT 'bench', 'reader-' || i || '@mail.example',
            CASE i % 8 WHEN 0 THEN '' WHEN 1 THEN 'world' WHEN 2 THEN 'business,world'
                WHEN 3 THEN 'sports' WHEN 4 THEN 'culture,science' WHEN 5 THEN 'world,sports,science'
                WHEN 6 THEN 'business' ELSE 'science,world' END,
            'confirmed', 0, 0 FROM n" >>"$RUN/$key.setup.log" 2>&1 ||
        die "$key: readers not inserted; see $RUN/$key.setup.log"
}
