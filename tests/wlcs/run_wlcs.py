"""Run the wlcs conformance suite against tack's module and report it in TAP.

Usage: run_wlcs.py WLCS_RUNNER MODULE EXPECTED_FAILURES

Every wlcs test becomes one TAP line. A test listed in the expected-failures
file is reported with a TODO directive and its reason: failing is expected,
and passing shows up as an unexpected pass, so the list can only shrink.
"""

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


def main():
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
    for suite in data.get("testsuites", []):
        for test in suite.get("testsuite", []):
            name = "%s.%s" % (suite["name"], test["name"])
            n += 1
            why = reason_for(name, expected)
            if test.get("result") == "SKIPPED" or test.get("status") == "NOTRUN":
                skipped += 1
                print("ok %d - %s # SKIP" % (n, name))
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
    print("# wlcs: %d tests, %d passed, %d failed, %d expected failures, %d skipped"
          % (n, passed, failed, xfail, skipped))
    print("1..%d" % n)
    return 0


sys.exit(main())
