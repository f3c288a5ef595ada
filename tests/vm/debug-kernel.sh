#!/bin/sh
# Builds, once, a 6.1 kernel from Debian's linux-source-6.1 with
# debug-kernel.config over x86_64 defconfig and the patches in
# debug-kernel-patches/ (what the guest needs of a newer kernel), and prints
# the directory that
# holds it: bzImage, the build tree (for out-of-tree modules such as the
# series' vkms) and the modules installed under mods/. The build is cached
# in ${XDG_CACHE_HOME:-$HOME/.cache}/tack, keyed by the source package's
# version, the fragment and the patches; a build that did not finish is
# started again.
# usage: tests/vm/debug-kernel.sh [--log FILE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
log=/dev/null
[ "${1:-}" = --log ] && log=$2
src=/usr/src/linux-source-6.1.tar.xz
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$ver"; cat "$here/debug-kernel.config" \
	"$here"/debug-kernel-patches/*.patch) | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tack/debug-kernel-$key
if [ -f "$cache/built" ]; then
	echo "$cache"
	exit 0
fi
rm -rf "$cache"
mkdir -p "$cache"
tar -xJf "$src" -C "$cache"
tree=$cache/linux-source-6.1
{
	for p in "$here"/debug-kernel-patches/*.patch; do
		patch -d "$tree" -p1 <"$p"
	done
	make -C "$tree" defconfig
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" \
		"$here/debug-kernel.config"
	make -C "$tree" olddefconfig
	# every option of the fragment must have survived olddefconfig
	grep '^CONFIG_' "$here/debug-kernel.config" | while read -r opt; do
		grep -qx "$opt" "$tree/.config" || { echo "missing: $opt"; exit 1; }
	done
	make -C "$tree" -j"$(nproc)" bzImage modules
	make -C "$tree" INSTALL_MOD_PATH="$cache/mods" modules_install
} >"$log" 2>&1
cp "$tree/arch/x86/boot/bzImage" "$cache/bzImage"
touch "$cache/built"
echo "$cache"
