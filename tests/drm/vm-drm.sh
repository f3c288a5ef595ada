#!/bin/sh
# In the test guest: seatd for the session, the environment the tests read,
# then the DRM backend tests for one vkms configuration.
# usage: vm-drm.sh BUILD_ROOT MODE
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1
mode=$2
export TACK="$build/compositor/tack"
export TACK_CLIENTS_DIR="$build/clients"
export PYTHONPATH="$here:$here/../integration"
export TACK_TRACE_TOOL="$here/../../compositor/tack-trace"
# EGL clients: softpipe starts in seconds where llvmpipe JITs for long
export GALLIUM_DRIVER=softpipe
. "$here/../vm/guest-session.sh"
# tracefs, for --trace-marker and trace-cmd
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
# udev tags input devices for libinput; uinput makes them for the tests
if ! pgrep -x systemd-udevd >/dev/null 2>&1; then
	modprobe uinput
	/lib/systemd/systemd-udevd --daemon >/tmp/udevd.log 2>&1
	udevadm trigger --action=add >/dev/null 2>&1
	udevadm settle --timeout=10 >/dev/null 2>&1
fi
exec python3 "$here/test_drm.py" "$mode" ${TACK_DRM_TESTS:-}
