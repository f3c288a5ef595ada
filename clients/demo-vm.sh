#!/bin/sh
# In the test guest: tack on the patched vkms shows tack-demo from the
# client's own pages for a few seconds; a screenshot comes back through
# the writeback connector.
# usage: demo-vm.sh KERNEL_OUT_DIR BUILD_ROOT
set -eu
kout=$1
build=$2
insmod "$kout/vkms/drivers/gpu/drm/vkms/vkms.ko" enable_overlay=1 \
	enable_writeback=1 enable_cursor=1
export XDG_RUNTIME_DIR=/run/user/0
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
seatd -g root >/tmp/seatd.log 2>&1 &
while [ ! -S /run/seatd.sock ]; do sleep 0.1; done
"$build/compositor/tack" --backend=drm --drm-mode 1280x720 -- sh -c "
  \"$build/clients/tack-demo\" --size 800x500 --seconds 4 &
  demo=\$!
  sleep 2
  grim /run/share/tack-demo.png
  wait \$demo" 2>/tmp/tack.log | grep -v '^WAYLAND_DISPLAY='
grep -E 'userptr:|summary|error' /tmp/tack.log | sed 's/^\[[0-9.]*\] //'
