#!/usr/bin/env bash
# Formatting and lints, exactly as CI runs them. Run from anywhere: `bash ci/lint.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- cargo fmt --all -- --check"
cargo fmt --all -- --check

echo "--- cargo clippy --workspace --all-targets --locked -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
