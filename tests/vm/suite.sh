#!/bin/sh
# Runs inside the test guest: loads each vkms configuration asked for in
# turn, runs a TAP program for it and merges the TAP (names prefixed with
# the configuration), then checks dmesg.
# usage: suite.sh KERNEL_OUT_DIR MODES COMMAND [ARG...]
# MODES is a comma-separated list of default, strict (userptr_strict_align),
# nonotifier (the build without MMU notifiers) and stock (the debug
# kernel's own vkms, without the series); COMMAND gets the mode as its
# last argument.
set -u
kout=$1
modes=$2
shift 2
params="enable_overlay=1 enable_writeback=1 enable_cursor=1"
limit=${MODE_TIMEOUT:-600}
n=0
failed=0
stuck=

tap() {
	n=$((n + 1))
	echo "$1 $n - $2"
	[ "$1" = ok ] || failed=1
}

# Processes that still have the card open: a test that left one behind
# would keep the module from being removed for the next mode.
card_holders() {
	for fd in /proc/[0-9]*/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		/dev/dri/*) pid=${fd#/proc/}; echo "${pid%%/*}" ;;
		esac
	done | sort -u
}

# one letter: R, S, D, Z ... (the name before it may hold spaces)
proc_state() {
	sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null
}

# Waits for PID up to SECONDS. timeout(1) cannot end a process that sleeps
# uninterruptibly in the kernel (a driver deadlock), and a plain wait would
# then hang the whole suite until the host kills the guest, with nothing
# reported; polling lets the suite go on and say so.
wait_bounded() {
	i=0
	while [ $i -lt "$2" ]; do
		case $(proc_state "$1") in
		''|Z) return 0 ;;
		esac
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# The kernel stacks of processes in uninterruptible sleep, and every
# blocked task in dmesg (sysrq w), which the dmesg check below prints.
stuck_stacks() {
	for stat in /proc/[0-9]*/stat; do
		dir=${stat%/stat}
		[ "$(proc_state "${dir#/proc/}")" = D ] || continue
		echo "# ${dir#/proc/} $(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null)"
		sed 's/^/#   /' "$dir/stack" 2>/dev/null
	done
	echo w >/proc/sysrq-trigger 2>/dev/null
}

run_mode() {
	mode=$1
	shift
	if [ -n "$stuck" ]; then
		tap "not ok" "$mode-module-loads # not run: $stuck left a process stuck in vkms"
		return
	fi
	case $mode in
	default) ko=$kout/vkms/drivers/gpu/drm/vkms/vkms.ko; extra= ;;
	strict) ko=$kout/vkms/drivers/gpu/drm/vkms/vkms.ko
		extra=userptr_strict_align=1 ;;
	nonotifier) ko=$kout/vkms-nonotifier/drivers/gpu/drm/vkms/vkms.ko
		extra= ;;
	stock) ko=$kout/stock/vkms.ko; extra= ;;
	*) tap "not ok" "$mode-unknown-mode"; return ;;
	esac
	if grep -q '^vkms ' /proc/modules && ! rmmod vkms; then
		tap "not ok" "$mode-module-loads # rmmod of the previous vkms failed"
		return
	fi
	if ! insmod "$ko" $params $extra; then
		tap "not ok" "$mode-module-loads # insmod $ko failed"
		return
	fi
	# for run.sh, which names where the CPUs of a frozen guest are
	[ -z "${SUITE_LOG_DIR:-}" ] ||
		grep -F '[vkms]' /proc/kallsyms >"$SUITE_LOG_DIR/vkms.kallsyms"
	# in the share, so that a guest that freezes still leaves what ran
	out=${SUITE_LOG_DIR:-/tmp}/tap-$mode
	# a mode that hangs is reported with what it printed, not lost
	timeout -k 10 "$limit" "$@" "$mode" >"$out" 2>"$out.err" &
	if ! wait_bounded $! $((limit + 30)); then
		echo "# $mode: a process is stuck in the kernel; stacks follow" >>"$out.err"
		stuck_stacks >>"$out.err"
		stuck=$mode
		status=125
	else
		wait $!
		status=$?
	fi
	[ $status -ne 124 ] || echo "# $mode timed out" >>"$out.err"
	plan=0
	seen=0
	while IFS= read -r line; do
		case $line in
		1..*) plan=${line#1..} ;;
		"ok "*|"not ok "*)
			seen=$((seen + 1))
			result=${line%% [0-9]*}
			rest=${line#"$result" }
			tap "$result" "$mode: ${rest#* - }" ;;
		*) echo "# $line" ;;
		esac
	done <"$out"
	if [ "$seen" -eq 0 ] || [ "$seen" -ne "$plan" ]; then
		tap "not ok" "$mode-all-subtests-ran # $seen of $plan, exit $status"
		sed 's/^/# stderr: /' "$out.err"
	fi
	left=$(card_holders)
	if [ -n "$left" ]; then
		for pid in $left; do
			echo "# left running: $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
		done
		kill -9 $left 2>/dev/null
		sleep 1
		tap "not ok" "$mode-leaves-no-process-on-the-card # killed:$(echo $left)"
	fi
}

for mode in $(echo "$modes" | tr ',' ' '); do
	run_mode "$mode" "$@"
done
rmmod vkms 2>/dev/null

# lockdep and KASAN are not in Debian's kernel but in the debug kernel
# (debug-kernel.sh): their reports match, their boot banners do not
bad=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|refcount_t:|possible (recursive|circular) locking|inconsistent lock state|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|held lock freed|lock held when returning|UBSAN|KASAN|Call Trace')
if [ -n "$bad" ]; then
	echo "$bad" | sed 's/^/# dmesg: /'
	tap "not ok" "dmesg-clean # kernel reported problems"
else
	tap ok "dmesg-clean"
fi
echo "1..$n"
exit $failed
