#!/usr/bin/env python3
"""Traces: tack --trace writes Chrome trace-event JSON that names every
step from a surface commit to its present, with a flow from each commit
to the present that showed it; SIGUSR1 starts and stops recording
without a restart; the ring keeps the newest records; tack-trace reads
the file, and its figures agree with what the client measured itself."""

import json
import os
import re
import signal
import subprocess
import tempfile
import time
import xml.dom.minidom

from tacktest import Tack, Tap, client

tap = Tap()
TOOL = os.environ["TACK_TRACE_TOOL"]
tmp = tempfile.mkdtemp(prefix="tack-trace-test-")


def bench(t, frames=120, size="320x240"):
    res = t.run([client("tack-shm-bench"), "--size", size, "--frames",
                 str(frames)], timeout=60)
    m = re.search(r"c2p_p50_ms=([\d.]+)", res.stdout)
    return float(m.group(1)) if m else None, res.stdout


def events(path):
    with open(path) as f:
        return json.load(f)["traceEvents"]


path = os.path.join(tmp, "run.json")
t = Tack(outputs=("800x600@60",), extra_args=("--trace", path)).start()
client_p50, out = bench(t)
t.stop()
ev = events(path)
names = {e["name"] for e in ev}
tap.ok({"commit", "present", "composite", "repaint", "flip",
        "release"} <= names, "the trace has commits, composites, repaints, "
       "flips, presents and releases", sorted(names))
presents = [e for e in ev if e["name"] == "present"]
commits = {e["args"]["commit"]: e for e in ev if e["name"] == "commit"}
tap.ok(len(presents) >= 120 and
       all(p["args"]["commit"] in commits for p in presents),
       "each of the client's 120 frames has a present naming its commit",
       "%d presents" % len(presents))
starts = {e["id"] for e in ev if e["ph"] == "s"}
finishes = {e["id"] for e in ev if e["ph"] == "f"}
tap.ok(finishes and finishes <= starts,
       "every present ends a flow arrow that a commit started",
       "%d flows started, %d finished" % (len(starts), len(finishes)))
lat = sorted(p["args"]["latency_ms"] for p in presents)
trace_p50 = lat[len(lat) // 2] if lat else None
tap.ok(client_p50 is not None and trace_p50 is not None and
       abs(trace_p50 - client_p50) < 2.0,
       "the trace's commit-to-present agrees with the client's own",
       "trace %s ms, client %s ms\n%s" % (trace_p50, client_p50, out))
copied = [e["args"]["bytes_copied"] for e in ev if e["name"] == "composite"]
tap.ok(copied and max(copied) >= 320 * 240 * 4,
       "composites say how many bytes they copied", copied[:10])

timeline = os.path.join(tmp, "timeline.svg")
hist = os.path.join(tmp, "hist.svg")
res = subprocess.run([TOOL, path, "--timeline", timeline, "--histogram",
                      hist, "--json"], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, timeout=60)
fig = json.loads(res.stdout) if res.returncode == 0 else {}
surf = [s for s in fig.get("surfaces", []) if s["presented"] >= 120]
tap.ok(surf and abs(surf[0]["c2p_p50_ms"] - client_p50) < 2.0 and
       surf[0]["c2p_p99_ms"] >= surf[0]["c2p_p50_ms"] and
       surf[0]["zero_copy_share"] == 0.0,
       "tack-trace gives the surface's p50, p99 and zero-copy share",
       res.stdout[-1500:])
outs = fig.get("outputs", [])
tap.ok(outs and outs[0]["frames"] >= 120 and
       outs[0]["bytes_copied_per_frame"] > 0 and
       15.0 < outs[0]["refresh_ms"] < 18.0 and
       outs[0]["cpu_ms_per_frame"] > 0,
       "and the output's frames, refresh, CPU and bytes per frame",
       res.stdout[-1500:])
ok_svg = True
for f in (timeline, hist):
    try:
        doc = xml.dom.minidom.parse(f)
        ok_svg &= len(doc.getElementsByTagName("rect")) > 10
    except Exception as e:
        ok_svg = False
tap.ok(ok_svg, "tack-trace draws a timeline and a histogram as SVG")

# SIGUSR1: off at start, on, off (the file is written), on again.
path2 = os.path.join(tmp, "toggle.json")
t = Tack(outputs=("800x600@60",),
         extra_args=("--trace-records", "100000")).start()
t.env["XDG_RUNTIME_DIR"] = t.runtime_dir
default = os.path.join(t.runtime_dir, "tack-trace-%d.json" % t.proc.pid)
bench(t, frames=30)
t.proc.send_signal(signal.SIGUSR1)
time.sleep(0.3)
bench(t, frames=60)
t.proc.send_signal(signal.SIGUSR1)
time.sleep(0.5)
written = os.path.exists(default)
n = len([e for e in events(default) if e["name"] == "present"]) if written else 0
log = t.log()
t.stop()
tap.ok(written and 60 <= n < 90,
       "SIGUSR1 starts recording and stops it, writing the default file",
       "%s: %d presents\n%s" % (default, n, log[-1000:]))

# The ring keeps the newest records.
path3 = os.path.join(tmp, "ring.json")
t = Tack(outputs=("800x600@60",), extra_args=("--trace", path3,
                                              "--trace-records", "50")).start()
bench(t, frames=60)
t.stop()
with open(path3) as f:
    data = json.load(f)
records = [e for e in data["traceEvents"] if e["ph"] == "X"]
tap.ok(len(records) == 50 and data["otherData"]["overwritten"] > 100,
       "with --trace-records 50 the newest 50 are kept, the rest counted",
       "%d records, %s overwritten" % (len(records),
                                       data["otherData"]["overwritten"]))
tap.done()
