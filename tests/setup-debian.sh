#!/bin/sh
# Install what building and testing tack needs on Debian 12; safe to run again.
set -eu
packages="
  build-essential meson ninja-build pkg-config python3
  libwayland-dev wayland-protocols libpixman-1-dev libxkbcommon-dev libdrm-dev
  libinput-dev libseat-dev libudev-dev libliftoff-dev
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers glslang-tools
  weston libgl1-mesa-dri foot fonts-dejavu-core wayland-utils grim wl-clipboard
  qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source-6.1
  busybox-static cpio xz-utils seatd trace-cmd udev kmod valgrind
  flex bison bc libelf-dev libssl-dev
  cmake g++ make libgtest-dev libgmock-dev libboost-dev
  swaybg yambar mako-notifier fuzzel swaylock swayidle wayvnc dbus-daemon libglib2.0-bin
"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && { echo "setup: every package is installed"; exit 0; }
as_root=""
[ "$(id -u)" -eq 0 ] || as_root=sudo
echo "setup: installing$missing"
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing
