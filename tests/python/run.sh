#!/usr/bin/env bash
# Run Confluent's Python client (confluent-kafka: SchemaRegistryClient, JSONSerializer,
# JSONDeserializer, AvroSerializer, AvroDeserializer) against a freshly started accord-registry
# on SQLite in a temporary folder.
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

# Accord's own serializer and deserializer, for the wire-format cross-checks.
(cd "$root" && cargo build --quiet -p accord-schemas --features client --example wire_interop)
export ACCORD_WIRE_INTEROP="$target/debug/examples/wire_interop"

# shellcheck source=../live/start-registry.sh
source "$root/tests/live/start-registry.sh"
start_registry "$root"

echo "python client against accord-registry at $registry_url"
status=0
"$venv/bin/python" "$here/confluent_client_test.py" "$registry_url" || status=$?
echo "python client (Avro) against accord-registry at $registry_url"
"$venv/bin/python" "$here/confluent_avro_test.py" "$registry_url" || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- registry log ---" >&2
    tail -n 50 "$registry_data/registry.log" >&2
fi
exit $status
