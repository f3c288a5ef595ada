#!/bin/sh
# Runs a command with GUEST_KERNEL_DIR naming the debug kernel
# (debug-kernel.sh), which is built first if no cached build matches, so
# that the VM suites run on it. A failed build is reported as one failed
# TAP test, with the end of its log.
# usage: tests/vm/with-debug-kernel.sh COMMAND [ARG...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
log=${TMPDIR:-/tmp}/tack-debug-kernel.$$.log
if ! dir=$("$here/debug-kernel.sh" --log "$log"); then
	echo "1..1"
	echo "not ok 1 - debug-kernel-build # see $log"
	tail -n 40 "$log" | sed 's/^/# /'
	exit 1
fi
rm -f "$log"
GUEST_KERNEL_DIR=$dir
export GUEST_KERNEL_DIR
exec "$@"
