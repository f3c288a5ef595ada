#!/bin/sh
# Builds the patched vkms modules and runs a script in the test guest.
# usage: tests/vm/with-vkms.sh BUILD_DIR GUEST_SCRIPT [ARG...]
# BUILD_DIR receives the modules (BUILD_DIR/kernel) and the guest's files;
# the guest runs "sh GUEST_SCRIPT BUILD_DIR/kernel ARG...". A failed module
# build is reported as one failed TAP test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
script=$(readlink -f "$2")
shift 2
mkdir -p "$out"
out=$(cd "$out" && pwd)

log=$out/kernel-build.log
# GUEST_KERNEL_DIR (run.sh): the modules are built against that kernel
# (a cache path: no blanks in it)
against=
[ -z "${GUEST_KERNEL_DIR:-}" ] ||
	against="--kdir $GUEST_KERNEL_DIR/linux-source-6.1"
if ! "$here/../../kernel/build.sh" --out "$out/kernel" $against >"$log" 2>&1 ||
   ! "$here/../../kernel/build.sh" --out "$out/kernel" --no-notifier $against >>"$log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - module-build # see $log"
	sed 's/^/# /' "$log"
	exit 1
fi
# the kernel's own vkms too, for the suites' stock mode
if [ -n "${GUEST_KERNEL_DIR:-}" ]; then
	mkdir -p "$out/kernel/stock"
	find "$GUEST_KERNEL_DIR/mods" -name vkms.ko -exec cp {} "$out/kernel/stock/" \;
fi
exec "$here/run.sh" --workdir "$out/vm" --timeout "${VM_TIMEOUT:-600}" -- \
	sh "$script" "$out/kernel" "$@"
