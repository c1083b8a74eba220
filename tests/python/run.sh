#!/usr/bin/env bash
# Run Confluent's Python client (confluent-kafka: SchemaRegistryClient, JSONSerializer,
# JSONDeserializer) against a freshly started accord-registry on SQLite in a temporary folder.
#
#   bash tests/python/run.sh
#
# Environment:
#   ACCORD_REGISTRY_BIN  the accord-registry binary to run (default: build it with
#                        `cargo build -p accord-registry` and use target/debug/accord-registry)
#   ACCORD_PY_VENV       where the virtual environment lives (default: target/python-venv)
# Exits non-zero when a check fails or the registry does not start.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${ACCORD_PY_VENV:-$target/python-venv}"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

bin="${ACCORD_REGISTRY_BIN:-}"
if [[ -z "$bin" ]]; then
    (cd "$root" && cargo build --quiet -p accord-registry --bin accord-registry)
    bin="$target/debug/accord-registry"
fi

data="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$data"
}
trap cleanup EXIT

"$bin" --listen 127.0.0.1:0 --database-url "$data/registry.db" \
    >"$data/stdout.log" 2>"$data/registry.log" &
pid=$!

url=""
for _ in $(seq 1 300); do
    line="$(head -n 1 "$data/stdout.log" 2>/dev/null || true)"
    if [[ "$line" == "accord-registry listening on "* ]]; then
        url="${line#accord-registry listening on }"
        break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ -z "$url" ]]; then
    echo "accord-registry did not start:" >&2
    cat "$data/registry.log" >&2
    exit 1
fi

echo "python client against accord-registry at $url"
status=0
"$venv/bin/python" "$here/confluent_client_test.py" "$url" || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- registry log ---" >&2
    tail -n 50 "$data/registry.log" >&2
fi
exit $status
