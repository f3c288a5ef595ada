#!/bin/sh
# In the test guest: the default vkms module, seatd, then the benchmark.
# usage: vm-bench.sh KERNEL_OUT_DIR BUILD_ROOT [--quick]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kout=$1
build=$2
shift 2
VKMS_KO=$kout/vkms/drivers/gpu/drm/vkms/vkms.ko
. "$here/../vm/guest-session.sh"
exec python3 "$here/bench.py" "$build" /run/share/bench.json "$@"
