#!/bin/sh
# In the test guest: the default vkms module, seatd, then the benchmark.
# usage: vm-bench.sh KERNEL_OUT_DIR BUILD_ROOT [--quick]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kout=$1
build=$2
shift 2
insmod "$kout/vkms/drivers/gpu/drm/vkms/vkms.ko" enable_overlay=1 \
	enable_writeback=1 enable_cursor=1
export XDG_RUNTIME_DIR=/run/user/0
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
seatd -g root >/tmp/seatd.log 2>&1 &
while [ ! -S /run/seatd.sock ]; do sleep 0.1; done
exec python3 "$here/bench.py" "$build" /run/share/bench.json "$@"
