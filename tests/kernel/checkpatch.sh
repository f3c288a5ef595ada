#!/bin/sh
# checkpatch.pl --strict from Debian's linux-source-6.1 on every patch of the
# series, one TAP line each, and a check that MAINTAINERS covers every file
# the series adds (what checkpatch's FILE_PATH_CHANGES warning asks about
# but cannot know without the whole tree).
# usage: tests/kernel/checkpatch.sh OUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
patches=$here/../../kernel/patches
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! tree=$("$here/../../kernel/build.sh" --out "$out" --source-only 2>"$out/build.log"); then
	echo "1..1"
	echo "not ok 1 - series-applies # see $out/build.log"
	sed 's/^/# /' "$out/build.log"
	exit 0
fi
cache=$out/cache

n=0
for p in "$patches"/*.patch; do
	n=$((n + 1))
	# run outside any git work tree: checkpatch reads git's view of a
	# tracked file there instead of the file itself
	report=$(cd "$cache" && perl scripts/checkpatch.pl --strict --no-tree \
		--ignore FILE_PATH_CHANGES "$p" 2>&1) || true
	if echo "$report" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
		echo "ok $n - checkpatch $(basename "$p")"
	else
		echo "not ok $n - checkpatch $(basename "$p")"
		echo "$report" | sed 's/^/# /'
	fi
done

# The F: patterns of the vkms entry, after the series.
patterns=$(awk '/^DRM DRIVER FOR VIRTUAL KERNEL MODESETTING/ { on = 1; next }
	on && /^$/ { exit }
	on && /^F:/ { print $2 }' "$tree/MAINTAINERS")
uncovered=
for f in $(cat "$patches"/*.patch | awk '/^diff --git/ { file = $4 }
	/^new file mode/ { sub("^b/", "", file); print file }'); do
	covered=
	for pat in $patterns; do
		case $pat in
		*/) case $f in "$pat"*) covered=1 ;; esac ;;
		*) [ "$f" != "$pat" ] || covered=1 ;;
		esac
	done
	[ -n "$covered" ] || uncovered="$uncovered $f"
done
n=$((n + 1))
if [ -z "$uncovered" ] && [ -n "$patterns" ]; then
	echo "ok $n - maintainers-cover-new-files"
else
	echo "not ok $n - maintainers-cover-new-files # not in the vkms entry:$uncovered"
fi
echo "1..$n"
