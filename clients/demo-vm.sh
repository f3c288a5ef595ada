#!/bin/sh
# In the test guest: tack on the patched vkms shows tack-demo from the
# client's own pages for a few seconds; a screenshot comes back through
# the writeback connector.
# usage: demo-vm.sh KERNEL_OUT_DIR BUILD_ROOT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kout=$1
build=$2
VKMS_KO=$kout/vkms/drivers/gpu/drm/vkms/vkms.ko
. "$here/../tests/vm/guest-session.sh"
"$build/compositor/tack" --backend=drm --drm-mode 1280x720 -- sh -c "
  \"$build/clients/tack-demo\" --size 800x500 --seconds 4 &
  demo=\$!
  sleep 2
  grim /run/share/tack-demo.png
  wait \$demo" 2>/tmp/tack.log | grep -v '^WAYLAND_DISPLAY='
grep -E 'userptr:|summary|error' /tmp/tack.log | sed 's/^\[[0-9.]*\] //'
