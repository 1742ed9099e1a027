#!/usr/bin/env bash
# Ours against PyTorch on this machine, measured in one invocation: `lessons bench --json` (every backend that
# starts), then the same recipes in PyTorch (bench/pytorch_bench.py), then a table of the ratios ours / PyTorch.
#
# PyTorch runs at its fastest setting here: Debian's python3-torch on OpenBLAS with OPENBLAS_CORETYPE=SkylakeX and
# one thread. Installs python3-torch and OpenBLAS with apt-get when they are missing (needs root or sudo).
# Python is needed for this comparison only; the project builds, runs and tests without it.
#
# Usage: bench/compare-pytorch.sh [lessons bench options, e.g. --backend cpu]   (default: --backend all)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's interpreter: a python3 earlier on PATH (pyenv, a venv) would not see Debian's torch.
PY=/usr/bin/python3
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
[ -x "$PY" ] && "$PY" -c 'import torch, numpy' 2>/dev/null || missing+=(python3-torch python3-numpy)
# Without OpenBLAS, Debian's torch multiplies with the reference BLAS (about 2 GFLOP/s here).
ls /usr/lib/x86_64-linux-gnu/libopenblas*.so* >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare-pytorch: installing ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

ours=$(mktemp)
trap 'rm -f "$ours"' EXIT
dotnet build src/Lessons -c Release --nologo --verbosity quiet
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--backend all)
echo "== lessons bench ${args[*]} --json"
dotnet run -c Release --no-build --project src/Lessons -- bench "${args[@]}" --json | tee "$ours"

echo "== PyTorch $("$PY" -c 'import torch; print(torch.__version__)'), OPENBLAS_CORETYPE=SkylakeX, 1 thread (LeNet: each setting, the best compared)"
OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=1 "$PY" bench/pytorch_bench.py --threads 1 --ours "$ours"
