#!/bin/sh
# Build tack twice (plain, and with ASan+UBSan), run every test in both,
# and end with one "N passed, N failed" line over all of them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0
# The VM suites run on Debian's kernel and on a debug kernel (KASAN,
# lockdep, udmabuf): built here once, about 18 min on 2 cores, then cached
# outside the checkout; the suites that need it would build it otherwise.
started=$(date +%s)
if kdir=$(tests/vm/debug-kernel.sh --log "$top/debug-kernel-build.log"); then
  echo "debug kernel: $kdir ($(($(date +%s) - started)) s)"
else
  echo "debug kernel: the build failed; see debug-kernel-build.log"
fi
# wlcs 1.8.1 with our harness patches, from ../shared/third-party (about
# 10 min on 2 cores, then cached); without it the wlcs suite says skipped.
started=$(date +%s)
wlcs_pc=""
if wlcs=$(tests/wlcs/build-wlcs.sh --log "$top/wlcs-build.log"); then
  echo "wlcs: $wlcs ($(($(date +%s) - started)) s)"
  wlcs_pc=$wlcs/lib/pkgconfig
elif [ -s "$top/wlcs-build.log" ]; then
  echo "wlcs: the build failed; see wlcs-build.log"
fi
for variant in build build-asan; do
  if [ ! -f "$variant/build.ninja" ]; then
    case $variant in
      build) meson setup "$variant" >/dev/null || exit 1 ;;
      build-asan) meson setup "$variant" -Db_sanitize=address,undefined \
                    -Db_lundef=false >/dev/null || exit 1 ;;
    esac
  fi
  # a checkout built before may point at another wlcs
  meson configure "$variant" -Dwlcs=auto -Dpkg_config_path="$wlcs_pc" \
    >/dev/null || exit 1
  ninja -C "$variant" || exit 1
  # The kernel suite boots a VM; the host-side sanitizers add nothing to it.
  suites=""
  [ "$variant" = build-asan ] && suites="--no-suite kernel"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ASAN_OPTIONS=detect_leaks=1 \
    meson test -C "$variant" --print-errorlogs $suites || status=1
done
python3 - "$top" <<'PY'
import json, os, sys
passed = failed = skipped = 0
# CI keeps only the tail of the output, so what failed is repeated here,
# next to the count, with the subtests that failed and the last lines.
for variant in ("build", "build-asan"):
    path = os.path.join(sys.argv[1], variant, "meson-logs", "testlog.json")
    with open(path) as f:
        for line in f:
            test = json.loads(line)
            result = test["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                out = (test.get("stdout") or "").splitlines()
                print("FAILED %s: %s %s after %.0f s" % (variant, test["name"],
                      result, test.get("duration") or 0))
                for l in [l for l in out if l.startswith("not ok")][:20]:
                    print("  " + l)
                for l in out[-15:]:
                    print("  | " + l)
                # a guest that never reported leaves its console here
                for l in (test.get("stderr") or "").splitlines()[-50:]:
                    print("  ! " + l)
# The VM suites' subtests on each kernel, as the issue asks to see them.
kernels = {"Debian's 6.1 kernel": ("kernel-vkms-userptr", "drm-vkms"),
           "the debug kernel (KASAN, lockdep, udmabuf)":
           ("kernel-vkms-userptr-debug", "drm-vkms-debug")}
with open(os.path.join(sys.argv[1], "build", "meson-logs",
                       "testlog.json")) as f:
    # meson names them "project:suites / name"
    tests = {t["name"].split(" / ")[-1]: t for t in map(json.loads, f)}
for kernel, names in kernels.items():
    parts = []
    for name in names:
        out = (tests.get(name, {}).get("stdout") or "").splitlines()
        ok = sum(1 for l in out if l.startswith("ok "))
        bad = sum(1 for l in out if l.startswith("not ok "))
        secs = tests.get(name, {}).get("duration") or 0
        parts.append("%s %d passed, %d failed in %.0f s" % (name, ok, bad,
                                                           secs))
    print("subtests on %s: %s" % (kernel, "; ".join(parts)))
# wlcs's own counts, from each build's run of it
for variant in ("build", "build-asan"):
    with open(os.path.join(sys.argv[1], variant, "meson-logs",
                           "testlog.json")) as f:
        for t in map(json.loads, f):
            if t["name"].split(" / ")[-1] != "wlcs":
                continue
            out = (t.get("stdout") or "").splitlines()
            lines = [l[2:] for l in out if l.startswith("# wlcs: ")]
            skip = [l for l in out if l.startswith("1..0 # SKIP")]
            print("%s %s" % (variant, (lines or skip or ["wlcs: no counts"])[0]))
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
PY
exit $status
