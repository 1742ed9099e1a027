#!/usr/bin/env bash
# One idempotent setup for a fresh Debian machine with the .NET SDK: installs the system packages
# Lessons needs (OpenCL runtime on the CPU through POCL, the oclgrind kernel checker, the
# Fashion-MNIST dataset), then restores and builds the solution in Release.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(ocl-icd-libopencl1 pocl-opencl-icd clinfo oclgrind dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET SDK 10 is required (https://dot.net); dotnet was not found on PATH" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Lessons.sln --verbosity quiet
dotnet build Lessons.sln -c Release --no-restore --verbosity quiet -nologo
