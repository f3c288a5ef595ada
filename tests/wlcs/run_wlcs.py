"""Run the wlcs conformance suite against tack's module and report it in TAP.

Usage: run_wlcs.py WLCS_RUNNER MODULE EXPECTED_FAILURES
       run_wlcs.py --missing

Every wlcs test becomes one TAP line. A test listed in the expected-failures
file is reported with a TODO directive and its reason: failing is expected,
and passing shows up as an unexpected pass, so the list can only shrink.
wlcs skips a test whose protocol tack does not offer (its JSON report marks
it with "wlcs-skip-test"); those are SKIP lines, counted by reason at the
end. --missing reports the suite skipped because no wlcs 1.8.1 was found.
"""

import collections
import fnmatch
import json
import os
import subprocess
import sys
import tempfile


def load_expected(path):
    expected = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip() if line.lstrip().startswith("#") else line.rstrip()
            if not line.strip():
                continue
            name, _, reason = line.partition(" ")
            expected.append((name.strip(), reason.strip() or "no reason given"))
    return expected


def reason_for(name, expected):
    for pattern, reason in expected:
        if fnmatch.fnmatchcase(name, pattern):
            return reason
    return None


def missing():
    print("1..0 # SKIP no wlcs 1.8.1: tests/wlcs/build-wlcs.sh builds it from "
          "../shared/third-party/, which this machine lacks")
    return 0


def main():
    if sys.argv[1:] == ["--missing"]:
        return missing()
    runner, module, expected_path = sys.argv[1:4]
    expected = load_expected(expected_path)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "wlcs.json")
        env = dict(os.environ)
        env["XDG_RUNTIME_DIR"] = tmp
        # wlcs.asan's own harness leaks at exit; ours is checked by tack's tests.
        env["ASAN_OPTIONS"] = "detect_leaks=0"
        res = subprocess.run([runner, module, "--gtest_output=json:" + report],
                             env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=840)
        if not os.path.exists(report):
            print("1..1")
            print("not ok 1 - wlcs produced no report (exit %d)" % res.returncode)
            for line in res.stdout.splitlines()[-40:]:
                print("# " + line)
            return 1
        with open(report) as f:
            data = json.load(f)
    n = passed = failed = skipped = xfail = 0
    skip_reasons = collections.Counter()
    for suite in data.get("testsuites", []):
        for test in suite.get("testsuite", []):
            name = "%s.%s" % (suite["name"], test["name"])
            n += 1
            why = reason_for(name, expected)
            skip = test.get("wlcs-skip-test")
            if not skip and test.get("status") == "NOTRUN":
                skip = "disabled in wlcs"
            if skip:
                skipped += 1
                skip_reasons[skip] += 1
                print("ok %d - %s # SKIP %s" % (n, name, skip))
                continue
            ok = not test.get("failures")
            if why:
                xfail += 0 if ok else 1
                print("%s %d - %s # TODO %s" % ("ok" if ok else "not ok", n, name, why))
            elif ok:
                passed += 1
                print("ok %d - %s" % (n, name))
            else:
                failed += 1
                print("not ok %d - %s" % (n, name))
                for fail in test["failures"][:2]:
                    for line in fail.get("failure", "").splitlines()[:6]:
                        print("# " + line)
    for reason, count in skip_reasons.most_common():
        print("# skipped %d: %s" % (count, reason))
    print("# wlcs: %d tests, %d passed, %d failed, %d expected failures, %d skipped"
          % (n, passed, failed, xfail, skipped))
    print("1..%d" % n)
    return 0


sys.exit(main())
