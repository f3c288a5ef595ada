#!/bin/sh
# Builds the patched vkms modules and runs the uapi tests in the test guest.
# usage: tests/kernel/run-vm-tests.sh BUILD_DIR TEST_PROGRAM [bench]
# BUILD_DIR (outside /tmp) receives the modules and the guest's files.
# With "bench", TEST_PROGRAM is the benchmark and its figures are printed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
test=$(readlink -f "$2")
mkdir -p "$out"
out=$(cd "$out" && pwd)

log=$out/kernel-build.log
if ! "$here/../../kernel/build.sh" --out "$out/kernel" >"$log" 2>&1 ||
   ! "$here/../../kernel/build.sh" --out "$out/kernel" --no-notifier >>"$log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - module-build # see $log"
	sed 's/^/# /' "$log"
	exit 1
fi

if [ "${3:-}" = bench ]; then
	exec "$here/../vm/run.sh" --workdir "$out/vm" \
		--vkms "$out/kernel/vkms/drivers/gpu/drm/vkms/vkms.ko" -- "$test"
fi
exec "$here/../vm/run.sh" --workdir "$out/vm" -- \
	sh "$here/vm-suite.sh" "$out/kernel" "$test"
