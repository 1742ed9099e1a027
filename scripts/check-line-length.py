#!/usr/bin/env python3
"""Lists C# source lines longer than the .editorconfig limit (120 characters, not bytes)."""
import subprocess
import sys

LIMIT = 120
files = subprocess.check_output(["git", "ls-files", "*.cs"], text=True).split()
long_lines = [
    f"{path}:{number}: {len(line)} characters"
    for path in files
    for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), start=1)
    if len(line) > LIMIT
]
print("\n".join(long_lines))
sys.exit(1 if long_lines else 0)
