#!/usr/bin/env bash
# Load figures for the registry, on loopback, against the release build:
#   1. GET /schemas/ids/{id} over 1,000 stored schemas, against a bare axum handler serving the
#      same bytes from a HashMap (examples/floor_server.rs), measured in the same run;
#   2. registration of new versions per second on SQLite, and on PostgreSQL when
#      ACCORD_TEST_DATABASE_URL is set (a fresh schema is created with psql);
#   3. POST /validate with NDJSON batches of 1,000 events: events per second over HTTP;
#   4. startup with 10,000 stored schemas: time from process start to /health/ready.
#
#   bash registry/bench/load.sh            # CONCURRENCY=32 SECONDS=10 by default
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
concurrency="${CONCURRENCY:-32}"
seconds="${SECONDS_PER_RUN:-10}"

(cd "$root" && cargo build --quiet --release -p accord-registry --bin accord-registry --examples)
bin="$target/release/accord-registry"
load="$target/release/examples/load"
floor="$target/release/examples/floor_server"

tmp="$(mktemp -d)"
pids=()
pg_schema=""
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    if [[ -n "$pg_schema" ]]; then
        PGOPTIONS="-c client_min_messages=warning" \
            psql -q "$ACCORD_TEST_DATABASE_URL" -c "DROP SCHEMA IF EXISTS $pg_schema CASCADE" || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=registry/bench/common.sh
source "$root/registry/bench/common.sh"

# start_registry NAME DATABASE: starts a registry, sets $reg to its URL. It runs in this shell
# (not in a command substitution) so its pid is recorded for the cleanup.
start_registry() {
    "$bin" --listen 127.0.0.1:0 --database-url "$2" --log warn >"$tmp/$1.out" 2>"$tmp/$1.log" &
    pids+=($!)
    reg="$(wait_line "$tmp/$1.out" "accord-registry listening on ")"
}

echo "== GET /schemas/ids/{id}: registry vs floor (concurrency $concurrency, ${seconds}s each)"
start_registry get "$tmp/get.db"
"$load" seed "$reg" 1000 | sed 's/^/registry /'
"$floor" "$reg" 127.0.0.1:0 1000 >"$tmp/floor.out" 2>&1 &
pids+=($!)
fl="$(wait_line "$tmp/floor.out" "floor server listening on ")"
"$load" get "$fl" 1000 "$concurrency" 2 >/dev/null # warm-up
"$load" get "$reg" 1000 "$concurrency" 2 >/dev/null
# Alternate the two, twice, and keep each one's best run: the machine is shared, so a single
# pair of runs can be skewed by whatever else runs at that moment.
for round in 1 2; do
    "$load" get "$fl" 1000 "$concurrency" "$seconds" >"$tmp/floor.$round.txt"
    "$load" get "$reg" 1000 "$concurrency" "$seconds" >"$tmp/reg.$round.txt"
    sed "s/^/floor    (run $round) /" "$tmp/floor.$round.txt"
    sed "s/^/registry (run $round) /" "$tmp/reg.$round.txt"
done
best() { cat "$tmp/$1".*.txt | grep '^rps:' | cut -d' ' -f2 | sort -n | tail -1; }
f="$(best floor)"
r="$(best reg)"
echo "best rps: floor $f, registry $r"
echo "registry/floor: $(awk -v r="$r" -v f="$f" 'BEGIN { printf "%.1f%%", 100 * r / f }')"

echo "== registration of new versions (8 subjects x 50 versions)"
start_registry reg-sqlite "$tmp/reg.db"
"$load" register "$reg" 8 50 | sed 's/^/sqlite   /'
if [[ -n "${ACCORD_TEST_DATABASE_URL:-}" ]] && command -v psql >/dev/null; then
    schema="accord_bench_$(date +%s)_$$"
    psql -q "$ACCORD_TEST_DATABASE_URL" -c "CREATE SCHEMA $schema"
    pg_schema="$schema"
    sep='?'; [[ "$ACCORD_TEST_DATABASE_URL" == *\?* ]] && sep='&'
    start_registry reg-pg "${ACCORD_TEST_DATABASE_URL}${sep}options=-c%20search_path%3D$schema"
    "$load" register "$reg" 8 50 | sed 's/^/postgres /'
else
    echo "postgres skipped (ACCORD_TEST_DATABASE_URL not set or no psql)"
fi

echo "== POST /validate: NDJSON batches of 1,000 events (200 batches, 4 at a time)"
start_registry validate "$tmp/validate.db"
"$load" validate "$reg" 200 4 | sed 's/^/validate /'

echo "== startup with 10,000 stored schemas"
start_registry seed10k "$tmp/10k.db"
"$load" seed "$reg" 10000 | sed 's/^/seed     /'
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
t0=$(date +%s%N)
"$bin" --listen 127.0.0.1:0 --database-url "$tmp/10k.db" --log warn >"$tmp/restart.out" 2>"$tmp/restart.log" &
pids+=($!)
url="$(wait_line "$tmp/restart.out" "accord-registry listening on ")"
until curl -sf "$url/health/ready" >/dev/null; do sleep 0.005; done
t1=$(date +%s%N)
echo "startup_to_ready_ms: $(( (t1 - t0) / 1000000 ))"
