#!/bin/sh
# Build tack twice (plain, and with ASan+UBSan), run every test in both,
# and end with one "N passed, N failed" line over all of them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
status=0
for variant in build build-asan; do
  if [ ! -f "$variant/build.ninja" ]; then
    case $variant in
      build) meson setup "$variant" >/dev/null || exit 1 ;;
      build-asan) meson setup "$variant" -Db_sanitize=address,undefined \
                    -Db_lundef=false >/dev/null || exit 1 ;;
    esac
  fi
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
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
PY
exit $status
