#!/usr/bin/env bash
# The test suite, exactly as CI runs it: the README's test command. Run from anywhere:
# `bash ci/test.sh`. The PostgreSQL tests use ACCORD_TEST_DATABASE_URL when it is set and say they
# were skipped when it is not.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- cargo test --workspace --locked"
cargo test --workspace --locked

echo "--- bash tests/live/run.sh"
bash tests/live/run.sh

echo "--- bash ci/schemathesis.sh"
bash ci/schemathesis.sh
