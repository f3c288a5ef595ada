#!/usr/bin/env python3
"""zwlr_screencopy_manager_v1 through tack-screencopy-probe: buffer
description, ready time, regions, copy_with_damage, wrong buffers, a second
copy, a truncated buffer; pixels are compared with what tack-pattern drew."""

import os
import subprocess
import tempfile
import time

from tacktest import (Tack, Tap, client, parse_ppm, screenshot,
                      wait_for_line)
import test_pixels_lib as px

tap = Tap()
tmp = tempfile.mkdtemp(prefix="tack-screencopy-")
XRGB8888 = 1


def probe(t, args, timeout=10):
    res = t.run([client("tack-screencopy-probe")] + args, timeout=timeout)
    return res.returncode, res.stdout.splitlines()


def fields(lines, word):
    return [line.split()[1:] for line in lines if line.split()[:1] == [word]]


def read_ppm(path):
    with open(path, "rb") as f:
        return parse_ppm(f.read())


def show_pattern(t, args):
    p = t.spawn([client("tack-pattern")] + args)
    if wait_for_line(p, lambda line: line.strip() == "ready") is None:
        p.kill()
        out, err = p.communicate(timeout=5)
        tap.diag("tack-pattern did not get ready:\n%s%s" % (out, err))
        return None
    return p


def read_lines_for(proc, seconds, until=None):
    """Lines proc prints within seconds, stopping early after one that
    until accepts."""
    lines = []

    def take(line):
        lines.append(line.strip())
        return bool(until and until(line.strip()))

    wait_for_line(proc, take, seconds)
    return lines


def covers(rects, box):
    """Does the union of rects (x, y, w, h) hold every pixel of box?"""
    bx, by, bw, bh = box
    for y in range(by, by + bh):
        spans = sorted((x, x + w) for x, ry, w, h in rects
                       if ry <= y < ry + h)
        reach = bx
        for x1, x2 in spans:
            if x1 > reach:
                break
            reach = max(reach, x2)
        if reach < bx + bw:
            return False
    return True


def test_whole_output(t):
    rc, lines = probe(t, ["--out", os.path.join(tmp, "whole")])
    tap.ok(rc == 0 and ["0x%08x" % XRGB8888, "1024", "768", "4096"]
           in fields(lines, "buffer"),
           "capture_output describes an XRGB8888 1024x768 buffer",
           "\n".join(lines))
    order = [line.split()[0] for line in lines if line.split()[:1] and
             line.split()[0] in ("buffer", "buffer_done", "flags", "ready")]
    tap.ok(order == ["buffer", "buffer_done", "flags", "ready"],
           "buffer, buffer_done, then flags and ready", " ".join(order))
    tap.ok(["0"] in fields(lines, "flags"), "no y_invert", "\n".join(lines))
    clocks = [int(s) * 10**9 + int(ns) for s, ns in fields(lines, "clock")]
    ready = [int(s) * 10**9 + int(ns) for s, ns in fields(lines, "ready")]
    # A frame already scheduled when the copy came may carry the vblank
    # it was drawn for, up to one refresh (60 Hz) before the request.
    tap.ok(len(clocks) == 2 and len(ready) == 1 and
           clocks[0] - 17000000 <= ready[0] <= clocks[1],
           "ready carries a presentation time between request and answer",
           "clock %s ready %s" % (clocks, ready))
    return read_ppm(os.path.join(tmp, "whole-0.ppm")) if rc == 0 else None


def test_pattern_captures(t):
    p = show_pattern(t, ["--size", "200x150"])
    if not tap.ok(p is not None, "a pattern window to capture"):
        return
    try:
        rc, lines = probe(t, ["--out", os.path.join(tmp, "pat")])
        ours = read_ppm(os.path.join(tmp, "pat-0.ppm"))
        where = px.find_pattern(ours, 200, 150)
        if not tap.ok(where is not None, "the probe's capture shows the window"):
            return
        bad, notes = px.compare_pattern(ours, where[0], where[1], 200, 150)
        tap.ok(bad == 0, "capture_output pixels are exact", "\n".join(notes))
        grim = screenshot(t)
        tap.ok(grim == ours, "grim's screenshot equals the probe's capture")

        # A region across the quadrant corner and the left border.
        x, y = where[0] - 5, where[1] + 60
        rc, lines = probe(t, ["--region", "%d,%d,120,40" % (x, y),
                              "--out", os.path.join(tmp, "region")])
        tap.ok(["0x%08x" % XRGB8888, "120", "40", "480"]
               in fields(lines, "buffer"),
               "capture_output_region describes a 120x40 buffer",
               "\n".join(lines))
        region = read_ppm(os.path.join(tmp, "region-0.ppm")) \
            if rc == 0 else None
        tap.ok(region == px.crop(ours, x, y, 120, 40),
               "the region's pixels are that part of the output")

        # A region hanging over the output's corner is clipped to it.
        rc, lines = probe(t, ["--region", "1000,700,100,100",
                              "--out", os.path.join(tmp, "corner")])
        tap.ok(["0x%08x" % XRGB8888, "24", "68", "96"]
               in fields(lines, "buffer"),
               "a region over the corner is clipped to 24x68",
               "\n".join(lines))
        corner = read_ppm(os.path.join(tmp, "corner-0.ppm")) \
            if rc == 0 else None
        tap.ok(corner == px.crop(ours, 1000, 700, 24, 68),
               "the clipped region's pixels are the output's corner")
    finally:
        p.kill()
        p.wait()


def test_failures(t):
    for bad in ("size", "stride", "format"):
        rc, lines = probe(t, ["--bad", bad])
        tap.ok("failed" in lines and not fields(lines, "ready"),
               "a buffer of the wrong %s gets failed" % bad, "\n".join(lines))
    rc, lines = probe(t, ["--region", "2000,2000,10,10"])
    tap.ok("failed" in lines and not fields(lines, "buffer"),
           "a region outside the output fails at once", "\n".join(lines))
    rc, lines = probe(t, ["--region", "0,0,0,10"])
    tap.ok("failed" in lines, "an empty region fails", "\n".join(lines))
    rc, lines = probe(t, ["--copy-twice"])
    tap.ok(["zwlr_screencopy_frame_v1", "0"] in fields(lines, "error"),
           "a second copy is the already_used error", "\n".join(lines))
    rc, lines = probe(t, ["--bad", "destroy"])
    tap.ok("failed" in lines and not fields(lines, "ready") and
           not fields(lines, "error"),
           "a buffer destroyed before the copy fails the frame",
           "\n".join(lines))
    rc, lines = probe(t, ["--bad", "truncate"])
    tap.ok(["wl_buffer", "2"] in fields(lines, "error") and
           not fields(lines, "ready"),
           "a buffer truncated under the copy disconnects its client",
           "\n".join(lines))
    rc, lines = probe(t, [])
    tap.ok(rc == 0 and fields(lines, "ready"),
           "captures still work after all that", "\n".join(lines))


def test_damage(t):
    prefix = os.path.join(tmp, "damage")
    d = t.spawn([client("tack-screencopy-probe"), "--damage", "--frames",
                 "2", "--out", prefix])
    first = read_lines_for(d, 10, until=lambda line: line == "frame 1")
    tap.ok(["0", "0", "1024", "768"] in fields(first, "damage") and
           fields(first, "ready"),
           "a first copy_with_damage reports the whole output",
           "\n".join(first))
    idle = read_lines_for(d, 0.5)
    tap.ok(not fields(idle, "ready") and not fields(idle, "damage"),
           "the next one waits while nothing changes", "\n".join(idle))
    p = show_pattern(t, ["--size", "200x150"])
    try:
        later = read_lines_for(d, 10, until=lambda line:
                               line.startswith("ready"))
        rects = [tuple(map(int, f)) for f in fields(later, "damage")]
        tap.ok(p is not None and fields(later, "ready") and rects,
               "a window appearing ends the wait with damage",
               "\n".join(idle + later))
        # The probe writes the frame's file after saying ready, then exits.
        try:
            d.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        image = read_ppm(prefix + "-1.ppm") if fields(later, "ready") \
            else None
        where = image and px.find_pattern(image, 200, 150)
        if tap.ok(where, "the damaged frame shows the window"):
            bad, notes = px.compare_pattern(image, where[0], where[1],
                                            200, 150)
            tap.ok(bad == 0, "its pixels are exact", "\n".join(notes))
            tap.ok(covers(rects, (where[0], where[1], 200, 150)),
                   "the damage covers the window", str(rects))
            area = sum(w * h for _, _, w, h in rects)
            tap.ok(area < 1024 * 768, "the damage is not the whole output",
                   str(rects))
    finally:
        d.kill()
        d.wait()
        if p is not None:
            p.kill()
            p.wait()


CYAN = (0x00, 0xff, 0xff)


def cyan_pixels(image):
    w, _, rgb = image
    return [(i // 3 % w, i // 3 // w) for i in range(0, len(rgb), 3)
            if rgb[i:i + 3] == bytes(CYAN)]


def test_cursor(t):
    """tack-pattern's 10x10 cyan cursor, hotspot 0,0, over the window."""
    p = show_pattern(t, ["--size", "200x150", "--cursor", "10"])
    if not tap.ok(p is not None, "a pattern window with a cursor"):
        return
    before = screenshot(t)
    where = px.find_pattern(before, 200, 150)
    if not tap.ok(where, "the window before the pointer comes"):
        return
    x, y = where[0] + 50, where[1] + 40
    rc, lines = probe(t, ["--pointer", "%d,%d" % (x, y), "--frames", "0"])
    tap.ok(rc == 0, "the test pointer moves over the window", "\n".join(lines))
    with_cursor = None
    for _ in range(30):
        rc, lines = probe(t, ["--cursor", "--out",
                              os.path.join(tmp, "cursor")])
        with_cursor = read_ppm(os.path.join(tmp, "cursor-0.ppm"))
        if cyan_pixels(with_cursor):
            break
        time.sleep(0.1)
    want = [(x + dx, y + dy) for dy in range(10) for dx in range(10)]
    tap.ok(sorted(cyan_pixels(with_cursor), key=lambda c: (c[1], c[0]))
           == want, "overlay_cursor 1 shows the cursor at the pointer",
           str(cyan_pixels(with_cursor)[:5]))
    rc, lines = probe(t, ["--out", os.path.join(tmp, "nocursor")])
    without = read_ppm(os.path.join(tmp, "nocursor-0.ppm"))
    bad, notes = px.compare_pattern(without, where[0], where[1], 200, 150)
    tap.ok(not cyan_pixels(without) and bad == 0,
           "overlay_cursor 0 shows the window without the cursor",
           "\n".join(notes))
    rc, lines = probe(t, ["--region", "%d,%d,40,30" % (x - 20, y - 10),
                          "--out", os.path.join(tmp, "nocursor-region")])
    region = read_ppm(os.path.join(tmp, "nocursor-region-0.ppm"))
    tap.ok(region == px.crop(without, x - 20, y - 10, 40, 30),
           "a region under the cursor without overlay_cursor")
    tap.ok(screenshot(t) == without, "grim leaves the cursor out")
    grim_c = t.run(["grim", "-c", "-t", "ppm", os.path.join(tmp, "c.ppm")])
    tap.ok(grim_c.returncode == 0 and
           read_ppm(os.path.join(tmp, "c.ppm")) == with_cursor,
           "grim -c shows it", grim_c.stdout)
    p.kill()
    p.wait()
    rc, lines = probe(t, ["--cursor"])
    tap.ok(rc == 0 and t.alive(),
           "the cursor's client dying under the pointer leaves captures working",
           "\n".join(lines) + t.log()[-2000:])


with Tack(outputs=("1024x768@60",), test_input=True) as t:
    test_cursor(t)

with Tack(outputs=("1024x768@60",)) as t:
    test_whole_output(t)
    test_pattern_captures(t)
    test_failures(t)
    test_damage(t)
    tap.ok(t.alive(), "tack survived the screencopy tests", t.log()[-2000:])

with Tack(outputs=("640x480@60", "800x600@60")) as t:
    rc, lines = probe(t, ["--output", "1", "--region", "10,20,30,40"])
    tap.ok(["0x%08x" % XRGB8888, "30", "40", "120"] in fields(lines, "buffer")
           and fields(lines, "ready"),
           "a region of the second output is in that output's coordinates",
           "\n".join(lines))
    rc, lines = probe(t, ["--output", "1", "--region", "790,590,100,100"])
    tap.ok(["0x%08x" % XRGB8888, "10", "10", "40"] in fields(lines, "buffer"),
           "and is clipped to the second output", "\n".join(lines))

tap.done()
