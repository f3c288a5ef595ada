#!/bin/sh
# Build vkms.ko with the userptr series out of tree, against installed headers.
#
# usage: kernel/build.sh [--out DIR] [--kver VERSION | --kdir TREE]
#                        [--no-notifier] [--source-only]
#
# --kdir builds against a kernel build tree instead of the installed
# headers (the test guest's debug kernel, tests/vm/debug-kernel.sh).
#
# The vkms sources come from Debian's /usr/src/linux-source-6.1.tar.xz; the
# extraction is cached in DIR/cache so that rebuilds take seconds. The module
# ends up in DIR/<variant>/drivers/gpu/drm/vkms/vkms.ko, where variant is
# "vkms" or, with --no-notifier, "vkms-nonotifier" (a build that acts as a
# kernel without CONFIG_MMU_NOTIFIER). With --source-only it stops after
# applying the series and prints the tree (for checkpatch, which the cache
# also holds).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=$here/../build-kernel
kver=
kdir=
variant=vkms
extra_cflags=
source_only=
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--kdir) kdir=$(cd "$2" && pwd); shift 2 ;;
	--no-notifier)
		variant=vkms-nonotifier
		extra_cflags=-DVKMS_USERPTR_NO_NOTIFIER
		shift ;;
	--source-only) source_only=1; shift ;;
	*) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

if [ -z "$kver" ] && [ -z "$kdir" ] && [ -z "$source_only" ]; then
	kver=$("$here/kver.sh")
fi
if [ -z "$source_only" ] && [ -z "$kdir" ] && { [ -z "$kver" ] ||
   [ ! -d "/lib/modules/$kver/build" ]; }; then
	echo "build.sh: no 6.1 kernel with headers (install linux-image-amd64 and linux-headers-amd64 of the same version)" >&2
	exit 1
fi
if [ ! -r "$tarball" ]; then
	echo "build.sh: $tarball missing (install linux-source-6.1)" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
cache=$out/cache

# Re-extract only when the tarball or this list changes: reading the xz
# takes ~15 s.
members="linux-source-6.1/drivers/gpu/drm/vkms/*
linux-source-6.1/MAINTAINERS
linux-source-6.1/scripts/checkpatch.pl
linux-source-6.1/scripts/spelling.txt
linux-source-6.1/scripts/const_structs.checkpatch"
stamp="$(stat -c '%s %Y' "$tarball") $(echo "$members" | cksum)"
if [ ! -f "$cache/stamp" ] || [ "$(cat "$cache/stamp")" != "$stamp" ]; then
	rm -rf "$cache"
	mkdir -p "$cache"
	echo "$members" | tr '\n' '\0' |
		tar -xJf "$tarball" -C "$cache" --strip-components=1 \
			--wildcards --null -T -
	echo "$stamp" >"$cache/stamp"
fi

tree=$out/$variant
rm -rf "$tree"
mkdir -p "$tree/drivers/gpu/drm"
cp -r "$cache/drivers/gpu/drm/vkms" "$tree/drivers/gpu/drm/"
cp "$cache/MAINTAINERS" "$tree/"
for p in "$here"/patches/*.patch; do
	patch -s -p1 -d "$tree" <"$p"
done

# Userspace and tests use kernel/include; it must be what the series adds.
if ! cmp -s "$tree/include/uapi/drm/vkms_drm.h" "$here/include/drm/vkms_drm.h"; then
	echo "build.sh: kernel/include/drm/vkms_drm.h differs from the patch series" >&2
	exit 1
fi

if [ -n "$source_only" ]; then
	echo "$tree"
	exit 0
fi

# The uapi header includes "drm.h", which out of tree lives in the headers.
if [ -n "$kdir" ]; then
	headers=$kdir
else
	kdir=/lib/modules/$kver/build
	headers=$(readlink -f "/lib/modules/$kver/source" 2>/dev/null ||
		readlink -f "$kdir")
fi
make -s -j2 -C "$kdir" M="$tree/drivers/gpu/drm/vkms" \
	CONFIG_DRM_VKMS=m \
	KCFLAGS="-I$tree/include/uapi -I$headers/include/uapi/drm $extra_cflags" \
	modules
echo "$tree/drivers/gpu/drm/vkms/vkms.ko"
