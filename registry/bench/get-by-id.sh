#!/usr/bin/env bash
# GET /schemas/ids/{id} of the registry against its floor, measured with wrk:
#   - the registry (SQLite) is filled with 1,000 schemas of ~2 KB each;
#   - the floor (examples/floor_server.rs) serves the same answer bytes from a HashMap with a
#     bare axum handler and none of the registry's middleware;
#   - both servers are pinned to one core (SERVER_CPU), wrk runs one thread on the other
#     (CLIENT_CPU), so the servers, not the load generator, are the bottleneck;
#   - the two are measured in turn, ROUNDS times (the order swapped every round), and the ratio
#     of their median requests/s is printed: a shared machine drifts, interleaving cancels it;
#   - each server's CPU time (user + system, from /proc) per request answered is printed too:
#     on a machine where other work competes for the server's core it moves far less than
#     requests/s, and floor/registry of it is the same ratio on an idle machine.
#
#   bash registry/bench/get-by-id.sh    # ROUNDS=5 SECONDS_PER_RUN=10 CONNECTIONS=64 by default
#
# BIN_DIR=DIR takes accord-registry, load and floor_server from DIR instead of building them
# (to compare two builds).
#
# It installs wrk (Debian's package) when it is missing, or falls back to oha from crates.io.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_PER_RUN:-10}"
connections="${CONNECTIONS:-64}"
server_cpu="${SERVER_CPU:-0}"
client_cpu="${CLIENT_CPU:-1}"
schemas=1000
schema_bytes=2000

install_client() {
    if command -v wrk >/dev/null || command -v oha >/dev/null; then return 0; fi
    if command -v apt-get >/dev/null; then
        local sudo=""
        [[ "$(id -u)" != 0 ]] && sudo="sudo"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null && return 0
    fi
    cargo install --locked oha
}
install_client

bin_dir="${BIN_DIR:-}"
if [[ -z "$bin_dir" ]]; then
    (cd "$root" && cargo build --quiet --release -p accord-registry --bin accord-registry --examples)
    bin_dir="$target/release"
fi
# Private copies: a concurrent build must not swap a binary under a run.
tmp="$(mktemp -d)"
cp "$bin_dir/accord-registry" "$tmp/"
for example in load floor_server; do
    if [[ -x "$bin_dir/examples/$example" ]]; then
        cp "$bin_dir/examples/$example" "$tmp/"
    else
        cp "$bin_dir/$example" "$tmp/"
    fi
done

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=registry/bench/common.sh
source "$root/registry/bench/common.sh"

taskset -c "$server_cpu" "$tmp/accord-registry" --listen 127.0.0.1:0 \
    --database-url "$tmp/get.db" --log warn >"$tmp/registry.out" 2>"$tmp/registry.log" &
pids+=($!)
registry_pid=$!
registry="$(wait_line "$tmp/registry.out" "accord-registry listening on ")"
"$tmp/load" seed "$registry" "$schemas" "$schema_bytes" | sed 's/^/seed: /'
taskset -c "$server_cpu" "$tmp/floor_server" "$registry" 127.0.0.1:0 "$schemas" \
    >"$tmp/floor.out" 2>&1 &
pids+=($!)
floor_pid=$!
floor="$(wait_line "$tmp/floor.out" "floor server listening on ")"
echo "answer bytes: $(curl -s "$registry/schemas/ids/1" | wc -c) (registry), \
$(curl -s "$floor/schemas/ids/1" | wc -c) (floor)"

# cpu_ticks PID -> user + system clock ticks of the process so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run URL PID SECONDS -> prints "requests/s CPU-microseconds-per-request"; fails on any error or
# non-2xx answer
run() {
    local url="$1" pid="$2" secs="$3" before after rps requests
    before="$(cpu_ticks "$pid")"
    if command -v wrk >/dev/null; then
        local out
        out="$(taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${secs}s" \
            -s "$root/registry/bench/ids.lua" "$url" -- "$schemas")"
        if grep -qE "Non-2xx|Socket errors" <<<"$out"; then echo "$out" >&2; return 1; fi
        rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
        requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    else
        # oha cannot vary the id per request without a URL list; one id is served from the
        # same cache as any other.
        read -r rps requests < <(taskset -c "$client_cpu" oha --no-tui -j -c "$connections" \
            -z "${secs}s" "$url/schemas/ids/1" | python3 -c 'import json,sys; d=json.load(sys.stdin);
assert set(d["statusCodeDistribution"]) == {"200"}, d["statusCodeDistribution"];
print(round(d["summary"]["requestsPerSec"]), sum(d["statusCodeDistribution"].values()))')
    fi
    after="$(cpu_ticks "$pid")"
    awk -v rps="$rps" -v n="$requests" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%d %.2f\n", rps, t / hz * 1e6 / n }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run "$floor" "$floor_pid" 2 >/dev/null # warm-up
run "$registry" "$registry_pid" 2 >/dev/null
floor_rps=() registry_rps=() floor_cpu=() registry_cpu=() round_ratios=()
for round in $(seq 1 "$rounds"); do
    if ((round % 2)); then
        read -r f fc < <(run "$floor" "$floor_pid" "$seconds")
        read -r r rc < <(run "$registry" "$registry_pid" "$seconds")
    else
        read -r r rc < <(run "$registry" "$registry_pid" "$seconds")
        read -r f fc < <(run "$floor" "$floor_pid" "$seconds")
    fi
    floor_rps+=("$f") registry_rps+=("$r") floor_cpu+=("$fc") registry_cpu+=("$rc")
    round_ratios+=("$(awk -v r="$r" -v f="$f" 'BEGIN { printf "%.1f", 100 * r / f }')")
    echo "round $round: floor $f req/s ($fc µs CPU/req), registry $r req/s ($rc µs CPU/req)," \
        "ratio $(ratio "$r" "$f")"
done
f="$(median "${floor_rps[@]}")" r="$(median "${registry_rps[@]}")"
fc="$(median "${floor_cpu[@]}")" rc="$(median "${registry_cpu[@]}")"
echo "median: floor $f req/s, registry $r req/s: registry/floor $(ratio "$r" "$f")" \
    "(median of the rounds' ratios $(median "${round_ratios[@]}")%)"
echo "median CPU per request: floor $fc µs, registry $rc µs: floor/registry $(ratio "$fc" "$rc")"
