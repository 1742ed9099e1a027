#!/usr/bin/env bash
# Every test: setup (idempotent), the formatting check, then NUnit on every backend present.
# Prints one closing line "N passed, N failed" counted from the TRX results; exits non-zero on any
# failure and when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "test: checking formatting (dotnet format --verify-no-changes)"
dotnet format Lessons.sln --verify-no-changes --no-restore --verbosity quiet

results=TestResults
rm -rf "$results"
status=0
dotnet test Lessons.sln -c Release --no-build --nologo --verbosity quiet \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

# Count from the TRX files' <Counters .../> summaries (no Python, no XML tools needed).
passed=0 failed=0
for trx in $(find "$results" -name '*.trx'); do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout)))
done
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "test: no test ran" >&2; exit 1; fi
