#!/usr/bin/env bash
# Runs the load tool against a hub of its own: a fresh database in a temporary directory, the
# hub on PORT, `loket-load --setup ARGS...` (first admin, a desk, the officials, all over HTTP),
# then the hub is stopped and the directory removed. The figures are in BENCHMARKS.md.
#
#   CARGO_TARGET_DIR=/work/target-bench scripts/load.sh [--no-build] [--port 7981] \
#       --officials 50 --displays 5 --seconds 20 --pause-ms 1000
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
port=7981
while [[ $# -gt 0 ]]; do
    case "$1" in
    --no-build) build=0; shift ;;
    --port) port="$2"; shift 2 ;;
    *) break ;;
    esac
done

target="${CARGO_TARGET_DIR:-$PWD/target}"
if [[ $build == 1 ]]; then
    cargo build --release -p loket-hub
fi
bin="$target/release"

dir=$(mktemp -d "${TMPDIR:-/tmp}/loket-load.XXXXXX")
# `serve` refuses root unless told (measuring machines run as root).
as_root=()
[ "$(id -u)" -eq 0 ] && as_root=(--allow-root)
"$bin/loket-hub" --db "$dir/loket.db" serve --listen "127.0.0.1:$port" "${as_root[@]}" >"$dir/hub.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null; rm -rf "$dir"' EXIT

for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.1
done
"$bin/loket-load" --url "http://127.0.0.1:$port" --setup "$@"
