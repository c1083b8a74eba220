#!/usr/bin/env bash
# Time `accord check --against git:HEAD~1` on a repository of 500 schema files of which 20 changed
# in HEAD (10 compatibly, 10 breaking). Builds the release binary first; uses hyperfine when it is
# installed, else /usr/bin/time (or bash's `time`).
#
#   bash scripts/bench-check.sh            # 500 files, 20 changed
#   FILES=2000 CHANGED=50 bash scripts/bench-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FILES="${FILES:-500}"
CHANGED="${CHANGED:-20}"

cargo build --release --locked -p accord-cli --bin accord >&2
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
accord="$target_dir/release/accord"

repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

schema() { # $1 = index, $2 = type of `amount`, $3 = extra property line (or empty)
  cat <<EOF
{
  "\$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Event$1",
  "type": "object",
  "properties": {
    "id": {"type": "string", "format": "uuid"},
    "amount": {"type": "$2", "minimum": 0, "maximum": 1000000},
    "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
    "lines": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {"sku": {"type": "string", "maxLength": 64}, "qty": {"type": "integer"}},
        "required": ["sku", "qty"]
      }
    },
    $3"createdAt": {"type": "string", "format": "date-time"}
  },
  "required": ["id", "amount", "currency"],
  "additionalProperties": false
}
EOF
}

git -C "$repo" init -q -b main
mkdir -p "$repo/schemas"
printf '[defaults]\nlevel = "BACKWARD"\n\n[[produces]]\nfiles = "schemas/*.json"\n' >"$repo/accord.toml"
for i in $(seq 1 "$FILES"); do schema "$i" number "" >"$repo/schemas/event-$i.json"; done
git -C "$repo" add -A && git -C "$repo" commit -q -m base
for i in $(seq 1 "$CHANGED"); do
  if [ $((i % 2)) -eq 0 ]; then
    schema "$i" string "" >"$repo/schemas/event-$i.json"                      # breaking
  else
    schema "$i" number '"note": {"type": "string"},
    ' >"$repo/schemas/event-$i.json"                                            # compatible
  fi
done
git -C "$repo" commit -q -am "change $CHANGED schemas"

echo "--- $FILES schema files, $CHANGED changed in HEAD; accord check --against git:HEAD~1" >&2
cd "$repo"
# Exit code 1 is the expected verdict (breaking changes); anything else is a failure.
"$accord" check --against git:HEAD~1 --format json >/dev/null && { echo "expected exit 1" >&2; exit 1; } || [ $? -eq 1 ]
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 20 -i "$accord check --against git:HEAD~1 --format json"
elif [ -x /usr/bin/time ]; then
  for _ in 1 2 3; do /usr/bin/time -f "%e s wall, %M KiB max RSS" "$accord" check --against git:HEAD~1 --format json >/dev/null || true; done
else
  for _ in 1 2 3; do time ("$accord" check --against git:HEAD~1 --format json >/dev/null || true); done
fi
