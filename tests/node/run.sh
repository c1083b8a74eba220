#!/usr/bin/env bash
# Run the Node client @kafkajs/confluent-schema-registry (Avro) against a freshly started
# accord-registry on SQLite in a temporary folder. Installs the pinned client from
# package-lock.json with `npm ci` (into tests/node/node_modules).
#
#   bash tests/node/run.sh
#
# Exits non-zero when a check fails or the registry does not start.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

# shellcheck source=../live/start-registry.sh
source "$root/tests/live/start-registry.sh"
start_registry "$root"

echo "node client (Avro) against accord-registry at $registry_url"
status=0
node "$here/avro_test.mjs" "$registry_url" || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- registry log ---" >&2
    tail -n 50 "$registry_data/registry.log" >&2
fi
exit $status
