#!/usr/bin/env bash
# Cold start and memory of the Loket desktop app (issue 6, "Speed, measured").
#
# Builds the release desktop app (`cargo build --release -p loket`, skipped with
# --no-build), starts it under Xvfb on a free display with a fresh database and its LAN
# server on a free local port, and reports:
#   - the time from launch until the LAN server answers `GET /` (the shell starts it while
#     setting the window up) and until the window titled "Loket" exists (xdotool);
#   - after the window is up and has settled (SETTLE seconds, default 3), the resident
#     memory (RSS, and PSS where readable) of the app and every process under it
#     (WebKitWebProcess, WebKitNetworkProcess), each and summed;
#   - the size of the release binary.
# Then it stops everything it started (by process id) and removes the fresh database.
#
# Usage: scripts/measure-desktop.sh [--no-build] [--runs N]
# Needs: Xvfb, xdotool, curl. CARGO_TARGET_DIR is honoured (default: ./target).
# Targets from the issue: cold start < 1 s, < 150 MB memory in all.
set -euo pipefail

cd "$(dirname "$0")/.."
build=1
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --runs) runs="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
settle="${SETTLE:-3}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/loket"

if [ "$build" = 1 ]; then
  nice -n 10 cargo build --release -p loket
fi
[ -x "$bin" ] || { echo "no release binary at $bin (build it or drop --no-build)" >&2; exit 1; }

for tool in Xvfb xdotool curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

work="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill_tree "$app_pid"
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The process ids of a process and all its descendants.
tree() {
  local pid="$1" child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    tree "$child"
  done
}

kill_tree() {
  local pids
  pids="$(tree "$1" | tac)"
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  sleep 0.5
  # shellcheck disable=SC2086
  kill -9 $pids 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

now_ms() { date +%s%3N; }

# A free X display, as tests/e2e/webdriver.mjs finds one.
display=""
for n in $(seq 90 119); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || { echo "no free X display for Xvfb" >&2; exit 1; }
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# A free local port.
port=""
for p in $(seq 17900 17999); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port" >&2; exit 1; }

echo "binary: $bin ($(du -k "$bin" | cut -f1) KiB, $(stat -c %s "$bin") bytes)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

for run in $(seq "$runs"); do
  db="$work/run$run/loket.db"
  mkdir -p "$(dirname "$db")"
  start=$(now_ms)
  DISPLAY="$display" "$bin" --db "$db" --listen "127.0.0.1:$port" >"$work/app$run.log" 2>&1 &
  app_pid=$!

  served=""
  window=""
  for _ in $(seq 600); do
    if [ -z "$served" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
      served=$(( $(now_ms) - start ))
    fi
    if [ -z "$window" ] && DISPLAY="$display" xdotool search --name Loket >/dev/null 2>&1; then
      window=$(( $(now_ms) - start ))
    fi
    [ -n "$served" ] && [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || { echo "the app exited; its log:" >&2; cat "$work/app$run.log" >&2; exit 1; }
    sleep 0.02
  done

  sleep "$settle"
  total_rss=0
  total_pss=0
  detail=""
  for pid in $(tree "$app_pid"); do
    [ -r "/proc/$pid/status" ] || continue
    name=$(awk '/^Name:/ {print $2}' "/proc/$pid/status")
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total_rss=$(( total_rss + ${rss:-0} ))
    total_pss=$(( total_pss + ${pss:-0} ))
    detail="$detail $name=$(( ${rss:-0} / 1024 ))MiB"
  done
  echo "run $run: GET / answered after ${served:-?} ms, window after ${window:-?} ms;" \
    "memory after ${settle}s: RSS $(( total_rss / 1024 )) MiB, PSS $(( total_pss / 1024 )) MiB (${detail# })"

  kill_tree "$app_pid"
  app_pid=""
done
