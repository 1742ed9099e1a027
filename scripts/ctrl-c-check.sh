#!/usr/bin/env bash
# Ctrl-C in a real terminal, which an in-process test cannot reach: runs a lesson under a pseudo-terminal (util-linux
# `script`), types Ctrl-C once the first epoch's figure exists, and checks that the run exits 130, says it was
# interrupted, shows the cursor again (ESC[?25h) and leaves a figure whose title says it is partial.
# Usage: scripts/ctrl-c-check.sh [path/to/lessons.dll]
set -euo pipefail
cd "$(dirname "$0")/.."
dll=$(realpath "${1:-src/Lessons/bin/Release/net10.0/lessons.dll}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figure="$work/out/quick/softmax-scratch/train.svg"

# The writer types Ctrl-C once the first epoch's figure exists, then holds the terminal open until the run ended.
(
  for _ in $(seq 1 600); do [ -f "$figure" ] && break; sleep 0.1; done
  printf '\003'   # what the terminal sends for Ctrl-C: the pty turns it into SIGINT for the run
  for _ in $(seq 1 600); do [ -f "$work/status" ] && break; sleep 0.1; done
) | (
  cd "$work"
  set +e
  env -u CI TERM=xterm-256color timeout 120 script -qfec \
    "dotnet '$dll' run softmax-scratch --quick --epochs 200 --offline" /dev/null >"$work/log" 2>&1
  echo $? >"$work/status"
)
status=$(cat "$work/status")

fail() { echo "ctrl-c-check: $1; the run's output:" >&2; tail -c 2000 "$work/log" | cat -v >&2; exit 1; }
[ "$status" -eq 130 ] || fail "exit code $status, expected 130"
grep -q 'interrupted: softmax-scratch stopped by Ctrl-C' "$work/log" || fail "no 'interrupted' message"
grep -q $'\e\[?25h' "$work/log" || fail "the cursor was not shown again (no ESC[?25h)"
grep -q 'interrupted in epoch' "$figure" || fail "the figure's title does not say it was interrupted"
echo "ctrl-c-check: exit 130, 'interrupted' said, cursor shown, figure titled as partial"
