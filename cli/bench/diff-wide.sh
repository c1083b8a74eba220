#!/usr/bin/env bash
# `accord diff` of two 5,000-property schemas as a whole process, timed with hyperfine:
#   - the pair is the one of `schemas/benches/compat.rs` (`wide`): a closed object of 5,000
#     string properties, 50 of which have their `maxLength` lowered and their description
#     dropped in the new file; both pretty-printed (537 KB each);
#   - it times the pair (50 breaking changes, 100 findings placed at file:line:col) and the old
#     file against itself (nothing to report).
#
#   bash cli/bench/diff-wide.sh          # RUNS=40 by default
#
# ACCORD=PATH times that binary instead of building the release one. hyperfine is installed
# from Debian's packages when it is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-40}"

if ! command -v hyperfine >/dev/null; then
    sudo=""
    [[ "$(id -u)" != 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq hyperfine >/dev/null
fi
accord="${ACCORD:-}"
if [[ -z "$accord" ]]; then
    (cd "$root" && cargo build --quiet --release -p accord-cli --bin accord)
    accord="$target/release/accord"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$accord" "$tmp/accord" # a concurrent build must not swap the binary under a run
python3 - "$tmp" <<'PY'
import json, sys
def wide(changed):
    props = {}
    for i in range(5000):
        if i % 100 == 0 and i // 100 < changed:
            props[f"field_{i}"] = {"type": "string", "maxLength": 10}
        else:
            props[f"field_{i}"] = {"type": "string", "maxLength": 20, "description": f"field {i}"}
    return {"type": "object", "properties": props, "additionalProperties": False}
for name, changed in [("wide-old.json", 0), ("wide-new.json", 50)]:
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        json.dump(wide(changed), f, indent=2)
PY
cd "$tmp"
# Exit 1 (breaking changes found) is the expected answer for the pair: -i accepts it.
hyperfine -N -i -w 5 -r "$runs" \
    "./accord diff wide-old.json wide-new.json" \
    "./accord diff wide-old.json wide-old.json"
