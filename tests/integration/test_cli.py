"""The tack program as a user meets it: options, the command, signals."""

import os
import signal
import subprocess
import sys
import tempfile
import time

from tacktest import TACK, Tack, Tap, client

tap = Tap()

res = subprocess.run([TACK, "--help"], capture_output=True, text=True, timeout=10)
tap.ok(res.returncode == 0 and "--output" in res.stdout, "--help prints usage and exits 0")

res = subprocess.run([TACK, "--version"], capture_output=True, text=True, timeout=10)
tap.ok(res.returncode == 0 and res.stdout.startswith("tack "), "--version", res.stdout)

for bad in (["--bogus"], ["--output", "12x"], ["--backend=vnc"], ["--output"]):
    res = subprocess.run([TACK] + bad, capture_output=True, text=True, timeout=10)
    lines = [l for l in res.stderr.splitlines() if l.strip()]
    tap.ok(res.returncode != 0 and len(lines) == 1 and lines[0].startswith("tack: "),
           "bad option %s: one clear line, non-zero exit" % " ".join(bad),
           res.stderr)

# With a command, tack exits with the command's status.
for status in (0, 3):
    t = Tack(command=["sh", "-c", "test -n \"$WAYLAND_DISPLAY\" && exit %d" % status])
    t.start(wait=False)
    try:
        code = t.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        code = None
    line = t.proc.stdout.readline()
    t.stop()
    tap.ok(code == status, "exits with the command's status %d" % status, "got %r" % code)
    tap.ok(line.startswith("WAYLAND_DISPLAY=tack-"), "prints WAYLAND_DISPLAY", line)

# The command really talks to tack: our demo runs a second and presents.
t = Tack(command=[client("tack-demo"), "--seconds", "1"])
t.start(wait=False)
try:
    code = t.proc.wait(timeout=30)
except subprocess.TimeoutExpired:
    code = None
t.stop()
tap.ok(code == 0, "tack -- tack-demo: the demo presented frames and exited 0", t.log())

# SIGINT and SIGTERM shut down cleanly with status 0.
for sig in (signal.SIGINT, signal.SIGTERM):
    with Tack() as t:
        demo = t.spawn([client("tack-demo"), "--seconds", "30"])
        time.sleep(0.5)
        t.proc.send_signal(sig)
        try:
            code = t.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        tap.ok(code == 0, "signal %d shuts down with status 0" % sig, t.log())
        tap.ok("summary" in t.log(), "prints its summary on the way out")

tap.done()
