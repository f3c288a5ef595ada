#!/bin/sh
# Instruction counts of the frame's hot paths, natively, under callgrind:
# repeatable on a noisy machine, so a change can be compared by them.
# usage: tests/bench/callgrind.sh MICRO_PROGRAM [OUT_DIR]
set -eu
micro=$1
out=${2:-$(dirname "$micro")/callgrind}
rm -rf "$out"
mkdir -p "$out"
valgrind --tool=callgrind --collect-atstart=no \
	--callgrind-out-file="$out/cg.out" "$micro" >"$out/scenarios.txt" 2>"$out/valgrind.log" ||
	{ cat "$out/valgrind.log" >&2; exit 1; }
# one dump per scenario, in order: cg.out.1, cg.out.2, ...
printf '%-28s %12s %16s\n' scenario iterations "instructions/it"
n=0
grep '^scenario ' "$out/scenarios.txt" | while read -r _ name iterations; do
	n=$((n + 1))
	total=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$out/cg.out.$n")
	printf '%-28s %12d %16d\n' "$name" "$iterations" $((total / iterations))
done
