#!/usr/bin/env bash
# Cold start and memory of the Loket desktop app against a blank Tauri window (issue 13,
# "Lean"): the work is done by scripts/measure-desktop.mjs, which says what it measures and
# how; this keeps the command README.md and BENCHMARKS.md give.
#
# Usage: scripts/measure-desktop.sh [--bin /usr/bin/loket] [--no-build] [--runs N] ...
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/measure-desktop.mjs "$@"
