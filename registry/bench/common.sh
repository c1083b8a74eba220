# Shell helpers shared by the benchmark scripts (sourced, not run).

# wait_line FILE PREFIX -> prints the rest of the first line once it starts with PREFIX
wait_line() {
    for _ in $(seq 1 600); do
        line="$(head -n 1 "$1" 2>/dev/null || true)"
        if [[ "$line" == "$2"* ]]; then echo "${line#"$2"}"; return 0; fi
        sleep 0.05
    done
    echo "timed out waiting for $1" >&2; return 1
}
