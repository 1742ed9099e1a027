#!/usr/bin/env bash
# Runs the kernel subset (NUnit category "Oclgrind": one small case of every kernel, float32, float64 and
# int32) on the Oclgrind simulator, with its checks for invalid memory accesses, reads of uninitialized
# memory, data races and OpenCL API misuse turned on. Oclgrind reports, it does not fail the call, so this
# script reads its log and fails when the log holds any diagnostic, or when the tests did not pass or did
# not run on the simulator. Expects a Release build (scripts/test.sh builds first); takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

icd=/usr/lib/oclgrind/liboclgrind-rt-icd.so
if [ ! -f "$icd" ]; then
  echo "oclgrind-check: $icd not found; install it with: sudo apt-get install oclgrind" >&2
  exit 1
fi

mkdir -p TestResults
log="$PWD/TestResults/oclgrind.log" # absolute: the test host runs in another directory
output="$PWD/TestResults/oclgrind-tests.txt"
rm -f "$log"

# The ICD makes "Oclgrind Simulator" the only OpenCL platform, so the backend's default device is the simulator
# (its LD_PRELOAD launcher would not reach a libOpenCL opened with dlopen).
# -cl-opt-disable: Oclgrind 21.10's uninitialized-value checker stops at the LLVM `freeze` instruction that
# optimized builds contain; unoptimized kernels have the same memory accesses and none of it.
status=0
OCL_ICD_VENDORS="$icd" OCLGRIND_DATA_RACES=1 OCLGRIND_UNINITIALIZED=1 OCLGRIND_CHECK_API=1 OCLGRIND_LOG="$log" \
  OCLGRIND_BUILD_OPTIONS=-cl-opt-disable \
  dotnet test tests/Lessons.Tests -c Release --no-build --nologo --filter "TestCategory=Oclgrind" \
  --logger "console;verbosity=normal" >"$output" 2>&1 || status=$?

if ! grep -q "device: Oclgrind Simulator" "$output"; then
  cat "$output" >&2
  echo "oclgrind-check: the tests did not run on the Oclgrind Simulator" >&2
  exit 1
fi

# Fatal errors (an unsupported instruction, say) go to stderr, not to the log.
if grep -q "OCLGRIND FATAL ERROR\|^Oclgrind: " "$output"; then
  grep -A 6 "OCLGRIND FATAL ERROR\|^Oclgrind: " "$output" | head -n 60 >&2
  echo "oclgrind-check: Oclgrind could not check every kernel" >&2
  exit 1
fi

if [ -s "$log" ]; then
  head -n 200 "$log" >&2
  echo "oclgrind-check: Oclgrind reported $(grep -c . "$log") line(s) of diagnostics (full log: $log)" >&2
  exit 1
fi

if [ "$status" -ne 0 ]; then
  grep -E "Failed|Error Message" -A 3 "$output" >&2 || cat "$output" >&2
  echo "oclgrind-check: the kernel tests failed on the simulator" >&2
  exit 1
fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$output" | tail -1 | tr -s ' ')
echo "oclgrind-check: $passed kernel tests, no Oclgrind diagnostics"
