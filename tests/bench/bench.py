#!/usr/bin/env python3
"""The benchmark, in the test guest on the patched vkms: the same
workloads against tack (zero-copy), tack (copy forced) and Debian's
weston 10 (drm-backend, pixman). It prints figures and asserts nothing.

usage: bench.py BUILD_ROOT JSON_OUT [--quick]

Figures per run: compositor CPU time per presented frame (from
/proc/PID/stat), commit-to-present p50 and p99 (wp_presentation, as the
client measured it), presented frames per second, and bytes the
compositor copied from clients per frame (tack's own count; weston does
not report it). A table goes to stdout, everything to JSON_OUT, and the
ratios tack/weston close the table."""

import json
import os
import re
import subprocess
import sys
import time

import benchlib

BUILD = sys.argv[1]
JSON_OUT = sys.argv[2]
QUICK = "--quick" in sys.argv
TACK = os.path.join(BUILD, "compositor", "tack")
CLIENTS = os.path.join(BUILD, "clients")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def reduced_blanking(w, h, hz=60):
    """The timings tack makes up for --drm-mode, as a weston.ini modeline."""
    htotal, vtotal = w + 160, h + 40
    clock = htotal * vtotal * hz / 1e6
    return "%.2f %d %d %d %d %d %d %d %d +hsync -vsync" % (
        clock, w, w + 48, w + 80, htotal, h, h + 3, h + 8, vtotal)


class Compositor(benchlib.Compositor):
    @property
    def stderr_is_log(self):
        return self.kind != "weston"

    def argv(self):
        w, h = self.mode
        if self.kind == "weston":
            ini = os.path.join(self.runtime, "weston.ini")
            with open(ini, "w") as f:
                f.write("[core]\nidle-time=0\n[shell]\nlocking=false\n"
                        "[output]\nname=Virtual-1\nmode=%s\n"
                        % reduced_blanking(w, h))
            return ["weston", "--backend=drm-backend.so", "--use-pixman",
                    "--tty=2", "--continue-without-input",
                    "--socket=" + self.socket, "--config=" + ini,
                    "--log=" + self.log]
        argv = [TACK, "--backend=drm", "--socket", self.socket,
                "--drm-mode", "%dx%d" % (w, h), "--xdg-shell-version", "3"]
        if self.kind == "tack-copy":
            argv.append("--no-zero-copy")
        return argv


def percentile(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1) + 0.5)] if values else 0.0


def run_shm_bench(comp, clients, frames):
    procs = []
    for args in clients:
        procs.append(subprocess.Popen(
            [os.path.join(CLIENTS, "tack-shm-bench"), "--frames",
             str(frames)] + args, env=comp.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True))
    results = []
    for p in procs:
        out, _ = p.communicate(timeout=900)
        m = re.search(r"^bench .*$", out, re.M)
        if not m:
            raise RuntimeError("tack-shm-bench: " + out[-500:])
        results.append(dict(re.findall(r"(\w+)=([\d.]+)", m.group(0))))
    return results


def run_presentation_shm(comp, seconds):
    p = subprocess.Popen(["weston-presentation-shm"], env=comp.env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    time.sleep(seconds)
    p.terminate()
    out, _ = p.communicate(timeout=60)
    c2p = [int(v) for v in re.findall(r"c2p\s+(-?\d+) ms", out)][5:]
    kinds = re.findall(r"\[(....)\]", out)[5:]
    return c2p, kinds


def measure(kind, workload):
    name, mode, clients, frames = workload
    with Compositor(kind, mode) as comp:
        cpu0 = cpu_seconds(comp.proc.pid)
        t0 = time.monotonic()
        if clients == "presentation-shm":
            c2p, kinds = run_presentation_shm(comp, 8 if QUICK else 15)
            presented = len(c2p) + 5
            row = {"c2p_p50_ms": percentile(c2p, 0.5),
                   "c2p_p99_ms": percentile(c2p, 0.99),
                   "fps": presented / (time.monotonic() - t0),
                   "zero_copy": (sum(k[3] == "z" for k in kinds) /
                                 len(kinds)) if kinds else 0.0}
        else:
            results = run_shm_bench(comp, clients, frames)
            presented = max(int(r["presented"]) for r in results)
            row = {"c2p_p50_ms": max(float(r["c2p_p50_ms"]) for r in results),
                   "c2p_p99_ms": max(float(r["c2p_p99_ms"]) for r in results),
                   "fps": min(float(r["fps"]) for r in results),
                   "zero_copy": min(float(r["zero_copy"]) for r in results)}
        cpu = cpu_seconds(comp.proc.pid) - cpu0
    log = comp.text_log()
    row["cpu_ms_per_frame"] = cpu * 1e3 / presented if presented else 0.0
    row["presented"] = presented
    m = re.search(r"summary \S+: (\d+) frames .* ([\d.]+) MB read from "
                  r"clients", log)
    row["bytes_copied_per_frame"] = (float(m.group(2)) * 1e6 /
                                     int(m.group(1))) if m and int(m.group(1)) \
        else (None if kind == "weston" else 0.0)
    return row


def workloads():
    full_hd, uhd = (1920, 1080), (3840, 2160)
    n = 60 if QUICK else 240
    n4k = 30 if QUICK else 90
    return [
        ("weston-presentation-shm", (1024, 768), "presentation-shm", 0),
        ("shm 1920x1080 full damage", full_hd, [["--fullscreen"]], n),
        ("shm 1920x1080 10% damage", full_hd,
         [["--fullscreen", "--damage", "10"]], n),
        ("shm 3840x2160 full damage", uhd, [["--fullscreen"]], n4k),
        ("shm 3840x2160 10% damage", uhd,
         [["--fullscreen", "--damage", "10"]], n4k),
        ("4 clients 800x450 at 1920x1080", full_hd,
         [["--size", "800x450"]] * 4, n),
    ]


def fmt(v, spec="%.2f"):
    return "n/a" if v is None else spec % v


def main():
    kinds = ["tack", "tack-copy", "weston"]
    results = []
    print("%-32s %-10s %9s %9s %9s %7s %6s %12s" % (
        "workload", "compositor", "cpu/frame", "c2p p50", "c2p p99", "fps",
        "zcopy", "copied/frame"), flush=True)
    for w in workloads():
        for kind in kinds:
            try:
                row = measure(kind, w)
            except Exception as e:
                print("%-32s %-10s failed: %s" % (w[0], kind, e), flush=True)
                continue
            row.update(workload=w[0], compositor=kind)
            results.append(row)
            print("%-32s %-10s %7.2fms %7.2fms %7.2fms %7.1f %5.0f%% %12s" % (
                w[0], kind, row["cpu_ms_per_frame"], row["c2p_p50_ms"],
                row["c2p_p99_ms"], row["fps"], row["zero_copy"] * 100,
                fmt(row["bytes_copied_per_frame"], "%.0f")), flush=True)
    print("\nratios tack/weston (zero-copy tack; below 1: tack does better)")
    for w in workloads():
        rows = {r["compositor"]: r for r in results if r["workload"] == w[0]}
        if "tack" not in rows or "weston" not in rows:
            continue
        t, we = rows["tack"], rows["weston"]
        ratio = lambda k: (t[k] / we[k]) if we[k] else float("nan")
        print("%-32s cpu/frame %.2f  c2p p50 %.2f  c2p p99 %.2f  fps %.2f" % (
            w[0], ratio("cpu_ms_per_frame"), ratio("c2p_p50_ms"),
            ratio("c2p_p99_ms"), ratio("fps")))
    with open(JSON_OUT, "w") as f:
        json.dump(results, f, indent=1)
    print("\nJSON: " + JSON_OUT)


main()
