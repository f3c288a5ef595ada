#!/usr/bin/env python3
"""The GPU-composition benchmark, headless, on this machine: tack with the
Vulkan renderer sampling clients' pools in place, tack with Vulkan and
--no-zero-copy (a copy per frame), tack with pixman, and Debian's weston
10 headless with --use-gl (GL on llvmpipe, texture uploads), each running
tack-shm-bench fullscreen at 1920x1080 and 3840x2160 with full and 10%
damage. It prints figures and asserts nothing.

usage: bench_gpu.py BUILD_ROOT JSON_OUT [--quick]

Per run: the compositor's CPU time per presented frame, split into its
main thread (tack has no other thread of its own; neither has weston) and
every other thread, which here are the driver's workers (lavapipe or
llvmpipe: the share a real GPU would take off the CPU), read in
nanoseconds from /proc/PID/task/*/schedstat (the drivers' worker threads
live as long as the device); bytes copied from clients per
frame (tack counts its own; for weston, whose GL renderer uploads the
damaged rows of each shm buffer, the client's damage, marked "est");
commit-to-present p50 and p99 and frames per second, as the client
measured them through wp_presentation."""

import json
import os
import re
import subprocess
import sys

import benchlib

BUILD = sys.argv[1]
JSON_OUT = sys.argv[2]
QUICK = "--quick" in sys.argv
TACK = os.path.join(BUILD, "compositor", "tack")
CLIENTS = os.path.join(BUILD, "clients")
LAVAPIPE = "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"
KINDS = ["tack-vulkan", "tack-vulkan-copy", "tack-pixman", "weston-gl"]


def on_cpu_ns(pid, tid):
    try:
        with open("/proc/%d/task/%d/schedstat" % (pid, tid)) as f:
            return int(f.read().split()[0])
    except OSError:
        return 0    # a thread that just ended


def cpu_split(pid):
    """(main thread, every thread) CPU seconds, per thread in ns."""
    tids = [int(t) for t in os.listdir("/proc/%d/task" % pid)]
    total = sum(on_cpu_ns(pid, t) for t in tids)
    return on_cpu_ns(pid, pid) / 1e9, total / 1e9


class Compositor(benchlib.Compositor):
    @property
    def stderr_is_log(self):
        return self.kind != "weston-gl"

    def argv(self):
        w, h = self.mode
        if self.kind == "weston-gl":
            return ["weston", "--backend=headless-backend.so", "--use-gl",
                    "--width=%d" % w, "--height=%d" % h, "--idle-time=0",
                    "--socket=" + self.socket, "--log=" + self.log]
        argv = [TACK, "--backend=headless", "--socket", self.socket,
                "--output", "%dx%d@60" % (w, h), "--xdg-shell-version", "3"]
        if self.kind.startswith("tack-vulkan"):
            argv.append("--renderer=vulkan")
            self.env["VK_ICD_FILENAMES"] = LAVAPIPE
        else:
            argv.append("--renderer=pixman")
        if self.kind == "tack-vulkan-copy":
            argv.append("--no-zero-copy")
        return argv


def run_client(comp, args, frames):
    p = subprocess.run([os.path.join(CLIENTS, "tack-shm-bench"), "--frames",
                        str(frames)] + args, env=comp.env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=900)
    m = re.search(r"^bench .*$", p.stdout, re.M)
    if not m:
        raise RuntimeError("tack-shm-bench: " + p.stdout[-500:])
    return dict(re.findall(r"(\w+)=([\d.]+)", m.group(0)))


def bytes_copied(kind, log, frames, mode, damage):
    w, h = mode
    if kind == "weston-gl":
        return w * h * 4 * damage / 100.0, True
    if kind == "tack-pixman":
        m = re.search(r"([\d.]+) MB read from clients", log)
        return (float(m.group(1)) * 1e6 / frames if m else None), False
    m = re.search(r"([\d.]+) MB copied", log)
    return (float(m.group(1)) * 1e6 / frames if m else None), False


def measure(kind, mode, damage, frames):
    args = ["--fullscreen"] + (["--damage", str(damage)] if damage < 100
                               else [])
    with Compositor(kind, mode) as comp:
        main0, total0 = cpu_split(comp.proc.pid)
        r = run_client(comp, args, frames)
        main1, total1 = cpu_split(comp.proc.pid)
    presented = int(r["presented"]) or 1
    copied, estimated = bytes_copied(kind, comp.text_log(), presented, mode,
                                     damage)
    return {
        "own_ms": (main1 - main0) * 1e3 / presented,
        "driver_ms": ((total1 - total0) - (main1 - main0)) * 1e3 / presented,
        "cpu_ms": (total1 - total0) * 1e3 / presented,
        "copied": copied, "copied_estimated": estimated,
        "c2p_p50_ms": float(r["c2p_p50_ms"]),
        "c2p_p99_ms": float(r["c2p_p99_ms"]),
        "fps": float(r["fps"]), "presented": presented,
    }


def fmt_bytes(row):
    if row["copied"] is None:
        return "n/a"
    return "%.0f%s" % (row["copied"], " est" if row["copied_estimated"]
                       else "")


def goals(results):
    """The issue's three goals, each with the figures behind it."""
    by = {(r["workload"], r["compositor"]): r for r in results}
    zero = [r for r in results if r["compositor"] == "tack-vulkan"]
    print("\ngoals")
    print("  zero bytes copied on the zero-copy route: %s" % (
        "met" if zero and all(r["copied"] == 0 for r in zero) else "NOT met"))
    for damage in (100, 10):
        hd = by.get(("1920x1080 %d%%" % damage, "tack-vulkan"))
        uhd = by.get(("3840x2160 %d%%" % damage, "tack-vulkan"))
        if hd and uhd:
            ratio = uhd["own_ms"] / hd["own_ms"] if hd["own_ms"] else 0
            print("  own-thread CPU per frame, 4K over 1080p, %d%% damage: "
                  "%.2fx (goal 1.5x): %s" % (damage, ratio,
                                             "met" if ratio <= 1.5 else
                                             "NOT met"))
    for (workload, kind), r in sorted(by.items()):
        if kind != "tack-vulkan" or (workload, "weston-gl") not in by:
            continue
        w = by[(workload, "weston-gl")]
        print("  total CPU per frame, %s: tack %.2f ms, weston --use-gl "
              "%.2f ms: %s" % (workload, r["cpu_ms"], w["cpu_ms"],
                               "met" if r["cpu_ms"] < w["cpu_ms"] else
                               "NOT met"))


def main():
    n, n4k = (30, 15) if QUICK else (120, 60)
    runs = [((1920, 1080), 100, n), ((1920, 1080), 10, n),
            ((3840, 2160), 100, n4k), ((3840, 2160), 10, n4k)]
    results = []
    print("%-16s %-17s %8s %9s %8s %12s %8s %8s %6s" % (
        "workload", "compositor", "own/fr", "driver/fr", "cpu/fr",
        "copied/fr", "c2p p50", "c2p p99", "fps"), flush=True)
    for mode, damage, frames in runs:
        name = "%dx%d %d%%" % (mode[0], mode[1], damage)
        for kind in KINDS:
            try:
                row = measure(kind, mode, damage, frames)
            except Exception as e:
                print("%-16s %-17s failed: %s" % (name, kind, e), flush=True)
                continue
            row.update(workload=name, compositor=kind)
            results.append(row)
            print("%-16s %-17s %6.2fms %7.2fms %6.2fms %12s %6.1fms "
                  "%6.1fms %6.1f" % (name, kind, row["own_ms"],
                                     row["driver_ms"], row["cpu_ms"],
                                     fmt_bytes(row), row["c2p_p50_ms"],
                                     row["c2p_p99_ms"], row["fps"]),
                  flush=True)
    goals(results)
    with open(JSON_OUT, "w") as f:
        json.dump(results, f, indent=1)
    print("\nJSON: " + JSON_OUT)


main()
