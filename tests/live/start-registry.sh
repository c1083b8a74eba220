# Start a fresh accord-registry on SQLite in a temporary folder, on a free loopback port.
# Source this file, then call `start_registry`: it sets `registry_url`, `registry_pid` and
# `registry_data`, and installs an EXIT trap that stops the registry and removes its folder.
#
#   ACCORD_REGISTRY_BIN  the binary to run (default: build it with `cargo build -p accord-registry`)

start_registry() {
    local root="$1"
    local target="${CARGO_TARGET_DIR:-$root/target}"
    local bin="${ACCORD_REGISTRY_BIN:-}"
    if [[ -z "$bin" ]]; then
        (cd "$root" && cargo build --quiet -p accord-registry --bin accord-registry)
        bin="$target/debug/accord-registry"
    fi
    registry_data="$(mktemp -d)"
    trap stop_registry EXIT
    "$bin" --listen 127.0.0.1:0 --database-url "$registry_data/registry.db" \
        >"$registry_data/stdout.log" 2>"$registry_data/registry.log" &
    registry_pid=$!
    registry_url=""
    for _ in $(seq 1 300); do
        local line
        line="$(head -n 1 "$registry_data/stdout.log" 2>/dev/null || true)"
        if [[ "$line" == "accord-registry listening on "* ]]; then
            registry_url="${line#accord-registry listening on }"
            return 0
        fi
        kill -0 "$registry_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "accord-registry did not start:" >&2
    cat "$registry_data/registry.log" >&2
    return 1
}

stop_registry() {
    if [[ -n "${registry_pid:-}" ]] && kill -0 "$registry_pid" 2>/dev/null; then
        kill -TERM "$registry_pid" 2>/dev/null || true
        wait "$registry_pid" 2>/dev/null || true
    fi
    [[ -n "${registry_data:-}" ]] && rm -rf "$registry_data"
}
