#!/bin/sh
# In the test guest: the default vkms module, then the benchmark.
# usage: vm-bench.sh KERNEL_OUT_DIR BENCH_PROGRAM
set -eu
insmod "$1/vkms/drivers/gpu/drm/vkms/vkms.ko" enable_overlay=1 \
	enable_writeback=1 enable_cursor=1
exec "$2"
