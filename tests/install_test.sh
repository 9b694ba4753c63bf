#!/bin/sh
# `cmake --install` to a temporary prefix: the installed bptrace, run from outside the source
# tree and without $BPTRACE_HOME, reads the lessons and goldens installed beside it.
#   install_test.sh BUILD_DIR
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
unset BPTRACE_HOME
cd "$prefix"
bin="$prefix/bin/bptrace"
"$bin" run 001-4 > run.txt
grep -q '≈ 0.298371108760003   \[loss\]' run.txt || { echo "FAIL: run 001-4 printed no loss"; head run.txt; exit 1; }
"$bin" test 001-4 > test.txt || { echo "FAIL: test 001-4"; cat test.txt; exit 1; }
grep -q 'golden matches' test.txt || { echo "FAIL: test 001-4 found no golden"; cat test.txt; exit 1; }
# A lesson that only the installed library has: found by name only if that library is read.
cp share/bptrace/lessons/001-4-sigmoid-2-2-2.toml share/bptrace/lessons/zz-installed-only.toml
"$bin" run zz-installed-only > /dev/null || { echo "FAIL: the installed library is not the one read"; exit 1; }
echo "installed bptrace in $prefix: run, test and its own library OK"
