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
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# wait_line FILE PREFIX -> prints the rest of the first line once it starts with PREFIX
wait_line() {
    for _ in $(seq 1 600); do
        line="$(head -n 1 "$1" 2>/dev/null || true)"
        if [[ "$line" == "$2"* ]]; then echo "${line#"$2"}"; return 0; fi
        sleep 0.05
    done
    echo "timed out waiting for $1" >&2; return 1
}

start_registry() { # NAME DATABASE -> URL
    "$bin" --listen 127.0.0.1:0 --database-url "$2" --log warn >"$tmp/$1.out" 2>"$tmp/$1.log" &
    pids+=($!)
    wait_line "$tmp/$1.out" "accord-registry listening on "
}

echo "== GET /schemas/ids/{id}: registry vs floor (concurrency $concurrency, ${seconds}s each)"
reg="$(start_registry get "$tmp/get.db")"
"$load" seed "$reg" 1000 | sed 's/^/registry /'
"$floor" "$reg" 127.0.0.1:0 1000 >"$tmp/floor.out" 2>&1 &
pids+=($!)
fl="$(wait_line "$tmp/floor.out" "floor server listening on ")"
"$load" get "$fl" 1000 "$concurrency" 2 >/dev/null # warm-up
"$load" get "$reg" 1000 "$concurrency" 2 >/dev/null
"$load" get "$fl" 1000 "$concurrency" "$seconds" | tee "$tmp/floor.txt" | sed 's/^/floor    /'
"$load" get "$reg" 1000 "$concurrency" "$seconds" | tee "$tmp/reg.txt" | sed 's/^/registry /'
f="$(grep '^rps:' "$tmp/floor.txt" | cut -d' ' -f2)"
r="$(grep '^rps:' "$tmp/reg.txt" | cut -d' ' -f2)"
echo "registry/floor: $(awk -v r="$r" -v f="$f" 'BEGIN { printf "%.1f%%", 100 * r / f }')"

echo "== registration of new versions (8 subjects x 50 versions)"
reg="$(start_registry reg-sqlite "$tmp/reg.db")"
"$load" register "$reg" 8 50 | sed 's/^/sqlite   /'
if [[ -n "${ACCORD_TEST_DATABASE_URL:-}" ]] && command -v psql >/dev/null; then
    schema="accord_bench_$(date +%s)_$$"
    psql -q "$ACCORD_TEST_DATABASE_URL" -c "CREATE SCHEMA $schema"
    sep='?'; [[ "$ACCORD_TEST_DATABASE_URL" == *\?* ]] && sep='&'
    reg="$(start_registry reg-pg "${ACCORD_TEST_DATABASE_URL}${sep}options=-c%20search_path%3D$schema")"
    "$load" register "$reg" 8 50 | sed 's/^/postgres /'
    PGOPTIONS="-c client_min_messages=warning" psql -q "$ACCORD_TEST_DATABASE_URL" -c "DROP SCHEMA $schema CASCADE" || true
else
    echo "postgres skipped (ACCORD_TEST_DATABASE_URL not set or no psql)"
fi

echo "== POST /validate: NDJSON batches of 1,000 events (200 batches, 4 at a time)"
reg="$(start_registry validate "$tmp/validate.db")"
"$load" validate "$reg" 200 4 | sed 's/^/validate /'

echo "== startup with 10,000 stored schemas"
reg="$(start_registry seed10k "$tmp/10k.db")"
"$load" seed "$reg" 10000 | sed 's/^/seed     /'
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
t0=$(date +%s%N)
"$bin" --listen 127.0.0.1:0 --database-url "$tmp/10k.db" --log warn >"$tmp/restart.out" 2>"$tmp/restart.log" &
pids+=($!)
url="$(wait_line "$tmp/restart.out" "accord-registry listening on ")"
until curl -sf "$url/health/ready" >/dev/null; do sleep 0.005; done
t1=$(date +%s%N)
echo "startup_to_ready_ms: $(( (t1 - t0) / 1000000 ))"
