#!/bin/sh
# The benchmark: one guest boot runs every workload against tack
# (zero-copy), tack (copy forced) and weston, and prints a table; the
# figures are also left in BUILD_ROOT/bench.json.
# usage: tests/bench/run.sh BUILD_ROOT [--quick]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
shift
"$here/../vm/with-vkms.sh" "$build/bench-vm" "$here/vm-bench.sh" "$build" "$@"
cp "$build/bench-vm/vm/share/bench.json" "$build/bench.json"
echo "figures: $build/bench.json"
