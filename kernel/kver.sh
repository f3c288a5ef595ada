#!/bin/sh
# Prints the newest installed 6.1 kernel that has both its image in /boot
# and its headers: the kernel the test guest boots and the module is built
# for. Prints nothing when there is none.
for d in /lib/modules/6.1.*/build; do
	[ -d "$d" ] || continue
	v=${d#/lib/modules/}
	v=${v%/build}
	[ -f "/boot/vmlinuz-$v" ] && echo "$v"
done | sort -V | tail -n 1
