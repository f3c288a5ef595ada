#!/bin/sh
# Builds, once, wlcs from the source in ../shared/third-party/ (Debian 12's
# wlcs 1.5.0 is too old) with the CMake fix shipped beside it and our
# harness patches in patches/, installs it to a prefix and prints that
# prefix. The build is cached in ${XDG_CACHE_HOME:-$HOME/.cache}/tack, keyed
# by the tarball, the patches and this script; a build that did not finish
# is started again. Exits 2 when the source is not there.
# usage: tests/wlcs/build-wlcs.sh [--log FILE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
log=/dev/null
[ "${1:-}" = --log ] && log=$2
third=${TACK_THIRD_PARTY:-$here/../../../shared/third-party}
tarball=$third/wlcs-1.8.1.tar.gz
if [ ! -f "$tarball" ]; then
	echo "wlcs: no source at $tarball" >&2
	exit 2
fi
key=$(cat "$tarball" "$third/wlcs-1.8.1-cmake-define.patch" \
	"$here"/patches/*.patch "$0" | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tack/wlcs-$key
if [ -f "$cache/built" ]; then
	echo "$cache/prefix"
	exit 0
fi
rm -rf "$cache"
mkdir -p "$cache"
{
	tar -xzf "$tarball" -C "$cache"
	patch -d "$cache/wlcs-1.8.1" -p1 <"$third/wlcs-1.8.1-cmake-define.patch"
	for p in "$here"/patches/*.patch; do
		patch -d "$cache/wlcs-1.8.1" -p1 <"$p"
	done
	# tack runs wlcs, and wlcs.asan under its ASan build; not the others
	cmake -S "$cache/wlcs-1.8.1" -B "$cache/build" \
		-DCMAKE_INSTALL_PREFIX="$cache/prefix" \
		-DWLCS_BUILD_TSAN=OFF -DWLCS_BUILD_UBSAN=OFF
	make -C "$cache/build" -j"$(nproc)"
	make -C "$cache/build" install
} >"$log" 2>&1
rm -rf "$cache/build" "$cache/wlcs-1.8.1"
touch "$cache/built"
echo "$cache/prefix"
