#!/usr/bin/env bash
# The tests that need live peers beyond the database: Confluent's Python client and the Node
# client @kafkajs/confluent-schema-registry against our registry, Accord's Rust client library against our registry, and the RabbitMQ order example
# against the broker at 127.0.0.1:5672. Run from anywhere: `bash tests/live/run.sh`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

echo "--- Confluent's Python client against accord-registry"
bash tests/python/run.sh

echo "--- @kafkajs/confluent-schema-registry (Node) against accord-registry"
bash tests/node/run.sh

echo "--- accord-schemas client (feature client) against accord-registry"
# shellcheck source=start-registry.sh
source "$here/start-registry.sh"
start_registry "$root"
ACCORD_TEST_REGISTRY_URL="$registry_url" \
    cargo test --locked -p accord-schemas --features client --test validate_client
stop_registry

echo "--- RabbitMQ order example (validate before publishing, validate on receipt)"
cargo run --locked -q -p accord-schemas --example orders_rabbitmq
