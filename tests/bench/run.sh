#!/bin/sh
# The benchmarks: one guest boot runs every DRM workload against tack
# (zero-copy), tack (copy forced) and weston, and prints a table; then, on
# this machine, headless, the GPU-composition runs (tack with Vulkan in
# place and copying, tack with pixman, weston --use-gl). The figures are
# also left in BUILD_ROOT/bench.json and BUILD_ROOT/bench-gpu.json.
# usage: tests/bench/run.sh BUILD_ROOT [--quick]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
shift
"$here/../vm/with-vkms.sh" "$build/bench-vm" "$here/vm-bench.sh" "$build" "$@"
cp "$build/bench-vm/vm/share/bench.json" "$build/bench.json"
echo "figures: $build/bench.json"
echo
echo "GPU composition, headless on this machine (Vulkan on lavapipe)"
python3 "$here/bench_gpu.py" "$build" "$build/bench-gpu.json" "$@"
