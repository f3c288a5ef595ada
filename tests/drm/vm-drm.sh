#!/bin/sh
# In the test guest: seatd for the session, the environment the tests read,
# then the DRM backend tests for one vkms configuration.
# usage: vm-drm.sh BUILD_ROOT [TEST...] MODE
# (suite.sh appends MODE; TESTs, when given, are the only ones run)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1
shift
tests=
while [ $# -gt 1 ]; do
	tests="$tests $1"
	shift
done
mode=$1
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
	# the debug kernel builds uinput in
	[ -e /dev/uinput ] || modprobe uinput
	/lib/systemd/systemd-udevd --daemon >/tmp/udevd.log 2>&1
	udevadm trigger --action=add >/dev/null 2>&1
	udevadm settle --timeout=10 >/dev/null 2>&1
fi
# strict and nonotifier test the userptr importer's refusals; where the
# kernel has udmabuf (the debug kernel), sealed pools would take that route
# instead, so for them its node is hidden, as on Debian's kernel
udmabuf=$(cat /sys/class/misc/udmabuf/dev 2>/dev/null || true)
case $mode in
strict|nonotifier) rm -f /dev/udmabuf ;;
*) [ -z "$udmabuf" ] || [ -e /dev/udmabuf ] ||
	mknod /dev/udmabuf c "${udmabuf%:*}" "${udmabuf#*:}" ;;
esac
exec python3 "$here/test_drm.py" "$mode" $tests ${TACK_DRM_TESTS:-}
