#!/bin/sh
# tack's main job without a display: in a QEMU guest on the patched vkms
# (kernel/), tack shows the bundled demo client from the client's own
# pages for a few seconds, a screenshot comes back through the display's
# writeback connector, and tack's summary says how many frames were
# scanned out zero-copy. With --headless, the headless backend and its
# pixman copy instead, no VM.
# usage: clients/run-demo.sh [--headless] [BUILD_DIR [SCREENSHOT]]
set -eu
headless=
if [ "${1:-}" = --headless ]; then
  headless=1
  shift
fi
build=${1:-build}
shot=${2:-tack-demo.png}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
case $shot in /*) ;; *) shot=$(pwd)/$shot ;; esac
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "$headless" ]; then
  "$here/../tests/vm/with-vkms.sh" "$build/demo-vm" "$here/demo-vm.sh" "$build"
  cp "$build/demo-vm/vm/share/tack-demo.png" "$shot"
  echo "screenshot (writeback): $shot ($(wc -c <"$shot") bytes)"
  exit 0
fi

if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR:-/nonexistent}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d)
  export XDG_RUNTIME_DIR
fi
log=$(mktemp)
"$build/compositor/tack" --output 1280x720@60 -- sh -c "
  \"$build/clients/tack-demo\" --size 800x500 --seconds 4 &
  demo=\$!
  sleep 2
  grim \"$shot\"
  wait \$demo" 2>"$log" | grep -v '^WAYLAND_DISPLAY='
status=$?
grep -E 'summary|error' "$log" | sed 's/^\[[0-9.]*\] //'
rm -f "$log"
if [ -f "$shot" ]; then
  echo "screenshot: $shot ($(wc -c <"$shot") bytes)"
fi
exit $status
