#!/bin/sh
# Run one command inside a QEMU (TCG) guest booted on the distro 6.1 kernel,
# with the host root mounted read-only, and return its output and status.
#
# usage: tests/vm/run.sh [--workdir DIR] [--vkms KO [--vkms-params P]]
#                        [--timeout SECONDS] -- COMMAND [ARG...]
#
# COMMAND runs as root in a chroot of the host root, in the current
# directory, with tmpfs on /tmp and /run and debugfs mounted. The guest
# sees nothing of the host's /tmp and /run but this checkout, which is
# mounted at its own path when it lives there (a CI clone in /tmp). With --vkms the given vkms.ko is
# loaded first (default parameters: overlay, writeback and cursor on).
# Stdout and stderr of COMMAND come back on stdout; the guest's dmesg is
# left in DIR/share/dmesg. The exit status is COMMAND's, or 125 when the
# guest did not report one (crash, timeout).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
workdir=$here/../../build-vm
vkms=
vkms_params="enable_overlay=1 enable_writeback=1 enable_cursor=1"
timeout=600

while [ $# -gt 0 ]; do
	case $1 in
	--workdir) workdir=$2; shift 2 ;;
	--vkms) vkms=$2; shift 2 ;;
	--vkms-params) vkms_params=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "run.sh: no command" >&2; exit 2; }

# GUEST_KERNEL_DIR: a kernel of our own build (tests/vm/debug-kernel.sh)
# instead of Debian's: its bzImage, and its modules under mods/, where
# those the guest needs may be built in.
kdir=${GUEST_KERNEL_DIR:-}
if [ -n "$kdir" ]; then
	kver=$(ls "$kdir/mods/lib/modules" | head -n 1)
	modules=$kdir/mods/lib/modules/$kver
	image=$kdir/bzImage
	# Measured under TCG's -cpu max: with 5-level paging KASAN reports a
	# wild access in the first interrupt (its early shadow), with the AMD
	# E400 idle routine the second CPU never comes up, and two boots in
	# three stopped at 3 s (the RCU-tasks self test, which lockdep brings,
	# waiting for a wakeup that never came). As a Nehalem it booted 3 times
	# in 3, and the options stay for a -cpu max asked for with GUEST_CPU.
	GUEST_APPEND="no5lvl idle=halt ${GUEST_APPEND:-}"
	GUEST_CPU=${GUEST_CPU:-Nehalem}
else
	kver=${GUEST_KVER:-$("$here/../../kernel/kver.sh")}
	modules=/lib/modules/$kver
	image=/boot/vmlinuz-$kver
fi
if [ -z "$kver" ] || [ ! -d "$modules" ]; then
	echo "run.sh: no 6.1 kernel with headers (install linux-image-amd64 and linux-headers-amd64)" >&2
	exit 2
fi
busybox=$(command -v busybox || echo /bin/busybox)
[ -x "$busybox" ] || { echo "run.sh: install busybox-static" >&2; exit 2; }

top=$(cd "$here/../.." && pwd)
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
if [ -n "$vkms" ]; then
	vkms=$(readlink -f "$vkms")
	[ -f "$vkms" ] || { echo "run.sh: no module $vkms" >&2; exit 2; }
fi

# The initramfs depends only on the kernel and this script: build it once.
initrd=$workdir/initrd-$kver.cpio.gz
if [ ! -f "$initrd" ] || [ "$here/run.sh" -nt "$initrd" ] ||
   [ "$here/init" -nt "$initrd" ]; then
	root=$workdir/initrd-root
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/lib/modules" "$root/proc" "$root/sys" \
		"$root/dev" "$root/host"
	cp "$busybox" "$root/bin/busybox"
	: >"$root/lib/modules/order"
	for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
		 virtio_pci netfs fscache 9pnet 9pnet_virtio 9p drm \
		 drm_shmem_helper drm_kms_helper; do
		f=$(find "$modules/kernel" -name "$m.ko" | head -n 1)
		# our own kernel builds the guest's devices in
		[ -z "$f" ] && [ -n "$kdir" ] && continue
		[ -n "$f" ] || { echo "run.sh: module $m missing" >&2; exit 2; }
		cp "$f" "$root/lib/modules/"
		echo "$m" >>"$root/lib/modules/order"
	done
	cp "$here/init" "$root/init"
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd.new"
	mv "$initrd.new" "$initrd"
fi

share=$workdir/share
rm -rf "$share"
mkdir -p "$share"
# the guest's kernel symbols, to name where its CPUs are if it freezes
kallsyms=$workdir/kallsyms-$kver
[ -s "$kallsyms" ] || touch "$share/want-kallsyms"
{
	printf 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n'
	printf 'export HOME=/root\n'
	case $top in
	/tmp/*|/run/*)
		printf 'mkdir -p %s && mount -t 9p -o %s tree %s || exit 124\n' \
			"$top" trans=virtio,version=9p2000.L,ro,msize=262144 "$top" ;;
	esac
	printf 'export SUITE_LOG_DIR=/run/share\n'
	printf 'cd %s\n' "$(pwd)"
	if [ -n "$vkms" ]; then
		printf 'insmod %s %s || exit 124\n' "$vkms" "$vkms_params"
		printf '%s\n' "grep -F '[vkms]' /proc/kallsyms >/run/share/vkms.kallsyms"
	fi
	printf 'exec'
	for a in "$@"; do
		printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done
	printf '\n'
} >"$share/cmd"

# Two NUMA nodes, so that tests can migrate pages between them. No KASLR,
# so that the symbols read at one boot name addresses of the next.
monitor=$workdir/monitor.sock
boot() {
	rm -f "$monitor" "$share/started"
	qemu-system-x86_64 -accel tcg -cpu "${GUEST_CPU:-max}" -smp 2,sockets=2,cores=1,threads=1 -m 2048 \
		-object memory-backend-ram,id=mem0,size=1024M \
		-object memory-backend-ram,id=mem1,size=1024M \
		-numa node,nodeid=0,cpus=0,memdev=mem0 \
		-numa node,nodeid=1,cpus=1,memdev=mem1 \
		-nographic -no-reboot -display none \
		-kernel "$image" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1 oops=panic nokaslr ${GUEST_APPEND:-}" \
		-monitor "unix:$monitor,server=on,wait=off" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$share",mount_tag=share,security_model=none,multidevs=remap \
		-virtfs local,path="$top",mount_tag=tree,security_model=none,readonly=on,multidevs=remap \
		>"$workdir/console.log" 2>&1 &
	qemu=$!
}

# A guest that stops early in its boot (the debug kernel under -cpu max,
# above) is booted again, up to three times. A good boot reaches init in
# about 6 s on Debian's kernel and 60 s on the debug kernel.
boot_limit=${GUEST_BOOT_TIMEOUT:-$([ -n "$kdir" ] && echo 150 || echo 60)}
attempt=1
waited=0
boot
while kill -0 $qemu 2>/dev/null && [ $waited -lt "$timeout" ]; do
	sleep 1
	waited=$((waited + 1))
	if [ ! -e "$share/started" ] && [ $waited -ge "$boot_limit" ] &&
	   [ $attempt -lt 3 ]; then
		echo "run.sh: the guest did not reach its init in $boot_limit s; booting it again" >&2
		kill $qemu
		wait $qemu || true
		cp "$workdir/console.log" "$workdir/console-stuck-$attempt.log"
		attempt=$((attempt + 1))
		waited=0
		boot
	fi
done
if kill -0 $qemu 2>/dev/null; then
	echo "run.sh: the guest did not end in $timeout s; its CPUs:" >&2
	python3 "$here/guest-cpus.py" "$monitor" "$kallsyms" "$share/kallsyms" \
		"$share/vkms.kallsyms" >&2
	kill $qemu
fi
wait $qemu || true
[ ! -s "$share/kallsyms" ] || mv "$share/kallsyms" "$kallsyms"

[ -f "$share/output" ] && cat "$share/output"
if [ ! -f "$share/status" ]; then
	echo "run.sh: the guest reported no status; console:" >&2
	tail -n 25 "$workdir/console.log" >&2
	for f in "$share"/tap-*; do
		[ -f "$f" ] || continue
		echo "run.sh: the last lines of ${f##*/}:" >&2
		tail -n 10 "$f" >&2
	done
	exit 125
fi
exit "$(cat "$share/status")"
