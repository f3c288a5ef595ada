#!/bin/sh
# Run tack headless with the bundled demo client for a few seconds, save a
# screenshot with grim, and print a short summary.
set -eu
build=${1:-build}
shot=${2:-tack-demo.png}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
case $shot in /*) ;; *) shot=$(pwd)/$shot ;; esac
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
