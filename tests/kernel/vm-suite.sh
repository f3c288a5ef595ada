#!/bin/sh
# Runs inside the test guest: loads each vkms configuration in turn, runs
# the uapi tests for it and merges their TAP, then checks dmesg.
# usage: vm-suite.sh KERNEL_OUT_DIR TEST_PROGRAM
set -u
kout=$1
test=$2
params="enable_overlay=1 enable_writeback=1 enable_cursor=1"
n=0
failed=0

tap() {
	n=$((n + 1))
	echo "$1 $n - $2"
	[ "$1" = ok ] || failed=1
}

run_mode() {
	mode=$1
	ko=$2
	shift 2
	if grep -q '^vkms ' /proc/modules && ! rmmod vkms; then
		tap "not ok" "$mode-module-loads # rmmod of the previous vkms failed"
		return
	fi
	if ! insmod "$ko" $params "$@"; then
		tap "not ok" "$mode-module-loads # insmod $ko failed"
		return
	fi
	out=/tmp/tap-$mode
	"$test" "$mode" >"$out" 2>&1
	status=$?
	plan=0
	seen=0
	while IFS= read -r line; do
		case $line in
		1..*) plan=${line#1..} ;;
		"ok "*|"not ok "*)
			seen=$((seen + 1))
			result=${line%% [0-9]*}
			rest=${line#"$result" }
			tap "$result" "${rest#* - }" ;;
		*) echo "# $line" ;;
		esac
	done <"$out"
	if [ "$seen" -eq 0 ] || [ "$seen" -ne "$plan" ]; then
		tap "not ok" "$mode-all-subtests-ran # $seen of $plan, exit $status"
	fi
}

run_mode default "$kout/vkms/drivers/gpu/drm/vkms/vkms.ko"
run_mode strict "$kout/vkms/drivers/gpu/drm/vkms/vkms.ko" userptr_strict_align=1
run_mode nonotifier "$kout/vkms-nonotifier/drivers/gpu/drm/vkms/vkms.ko"
rmmod vkms 2>/dev/null

# lockdep is not enabled in Debian's kernel: its reports would still match
bad=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|refcount_t:|possible (recursive|circular) locking|inconsistent lock state|lockdep|UBSAN|KASAN|Call Trace')
if [ -n "$bad" ]; then
	echo "$bad" | sed 's/^/# dmesg: /'
	tap "not ok" "dmesg-clean # kernel reported problems"
else
	tap ok "dmesg-clean"
fi
echo "1..$n"
exit $failed
