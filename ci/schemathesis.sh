#!/usr/bin/env bash
# Fuzz the running registry from its own OpenAPI document with Schemathesis, every check on,
# bounded in time; any finding fails the run. ci/schemathesis.toml names the few operations
# where a well-formed request is refused for what it means (422), with the reason for each.
#
#   bash ci/schemathesis.sh
#
# - Schemathesis (the version pinned in ci/schemathesis-requirements.txt) is installed from PyPI
#   into a private virtual environment beside the cargo target directory, reused while the
#   requirements do not change.
# - The registry is the debug build, on a SQLite file in a temporary directory, on a free port;
#   it is stopped (and the directory removed) however the run ends.
# - SCHEMATHESIS_MAX_TIME (seconds, default 120) bounds the fuzzing; SCHEMATHESIS_MAX_EXAMPLES
#   (default 30) bounds the cases per operation and phase; a wall-clock timeout stops a run that
#   would overrun both. SCHEMATHESIS_SEED replays a run (the seed is printed by Schemathesis).
# - The report (JUnit XML, and the failing cases as pytest code) goes to
#   ${SCHEMATHESIS_REPORT_DIR:-<target>/schemathesis-report}.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${SCHEMATHESIS_VENV:-$target/schemathesis-venv}"
requirements="$root/ci/schemathesis-requirements.txt"
max_time="${SCHEMATHESIS_MAX_TIME:-120}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
report_dir="${SCHEMATHESIS_REPORT_DIR:-$target/schemathesis-report}"

if [[ ! -x "$venv/bin/st" ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    echo "== installing Schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi

echo "== building the registry"
(cd "$root" && cargo build --quiet --locked -p accord-registry --bin accord-registry)

data="$(mktemp -d)"
registry_pid=""
cleanup() {
    if [[ -n "$registry_pid" ]]; then
        kill -TERM "$registry_pid" 2>/dev/null || true
        wait "$registry_pid" 2>/dev/null || true
    fi
    rm -rf "$data"
}
trap cleanup EXIT

"$target/debug/accord-registry" --listen 127.0.0.1:0 --database-url "$data/registry.db" \
    --log warn >"$data/registry.out" 2>"$data/registry.log" &
registry_pid=$!
url=""
for _ in $(seq 1 600); do
    line="$(head -n 1 "$data/registry.out" 2>/dev/null || true)"
    if [[ "$line" == "accord-registry listening on "* ]]; then
        url="${line#"accord-registry listening on "}"
        break
    fi
    kill -0 "$registry_pid" 2>/dev/null || { cat "$data/registry.log" >&2; exit 1; }
    sleep 0.05
done
[[ -n "$url" ]] || { echo "the registry did not start" >&2; exit 1; }
echo "== registry on $url"

# A few stored schemas, so that reads can find something besides 404s.
for subject in orders customers; do
    curl -sf -X POST "$url/subjects/$subject/versions" \
        -H 'content-type: application/vnd.schemaregistry.v1+json' \
        -d '{"schemaType":"JSON","schema":"{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}"}' \
        >/dev/null
done

seed=()
[[ -n "${SCHEMATHESIS_SEED:-}" ]] && seed=(--seed "$SCHEMATHESIS_SEED")
mkdir -p "$report_dir"
echo "== schemathesis: every check, ${max_time}s, at most $max_examples cases per operation"
status=0
timeout --kill-after=30 "$((max_time + 300))" \
    "$venv/bin/st" --config-file "$root/ci/schemathesis.toml" run "$url/openapi.json" \
    --checks all \
    --max-time "$max_time" \
    --max-examples "$max_examples" \
    --request-timeout 10 \
    --report junit,pytest \
    --report-dir "$report_dir" \
    "${seed[@]}" || status=$?
if ! kill -0 "$registry_pid" 2>/dev/null; then
    echo "the registry died during the run:" >&2
    tail -n 50 "$data/registry.log" >&2
    status=1
fi
if [[ "$status" != 0 ]]; then
    echo "schemathesis found problems (exit $status); report in $report_dir" >&2
fi
exit "$status"
