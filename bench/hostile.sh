#!/bin/sh
# Wall time and peak RSS (/usr/bin/time -v) of each issue-16 reproducer, on the release build:
#   bench/hostile.sh [BPTRACE] [--only SUBSTRING]
# The cases are those of tests/hostile/reproducers.py (run there under a guard, checked).
here=$(dirname "$0")
binary=${1:-"$here/../build/bptrace"}
[ $# -gt 0 ] && shift
exec python3 "$here/../tests/hostile/reproducers.py" "$binary" --bench "$@"
