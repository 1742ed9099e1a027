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
# The kernel subset under the Oclgrind simulator: any invalid access, uninitialized read or data race fails it.
if bash scripts/oclgrind-check.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

# Every lesson end to end on reduced sizes, on every backend present (OpenCL is required under CI).
backends=(cpu)
if [ "${CI:-}" = "true" ] || dotnet src/Lessons/bin/Release/net10.0/lessons.dll info 2>/dev/null | grep -qx "backend: opencl"; then
  backends+=(opencl)
fi
for backend in "${backends[@]}"; do
  log="$results/lessons-quick-$backend.log"
  start=$SECONDS
  if CI=true dotnet src/Lessons/bin/Release/net10.0/lessons.dll run all --quick --backend "$backend" \
      --out "$results/lessons-$backend" >"$log" 2>&1; then
    echo "test: lessons run all --quick on $backend: ok in $((SECONDS - start)) s"
    passed=$((passed + 1))
  else
    echo "test: lessons run all --quick on $backend FAILED; the end of $log:" >&2
    tail -n 20 "$log" >&2
    failed=$((failed + 1))
  fi
done

# Ctrl-C in a real terminal (a pseudo-terminal): exit 130, the cursor shown again, a figure titled as partial.
if bash scripts/ctrl-c-check.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "test: no test ran" >&2; exit 1; fi
