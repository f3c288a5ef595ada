#!/usr/bin/env python3
"""The Vulkan renderer (on lavapipe here), against pixman and against its
own promises: every wl_shm format tack advertises gives pixman's pixels,
exactly where nothing is filtered and within 1 per channel where a viewport
scales; a page-aligned pool is sampled in place with no byte copied; each
fallback that a real refusal can force here is forced and counted; a
client that scribbles on a buffer as soon as it is released never shows
the scribble; a pool that grows is imported again."""

import fcntl
import json
import mmap
import os
import random
import re
import signal
import tempfile
import threading
import time

import rawclient
from tacktest import Tack, Tap, screenshot

tap = Tap()


def fourcc(code):
    return (ord(code[0]) | ord(code[1]) << 8 | ord(code[2]) << 16 |
            ord(code[3]) << 24)


# name: (wl_shm code, bits per pixel, more than 8 bits in a channel)
FORMATS = {
    "argb8888": (0, 32, False), "xrgb8888": (1, 32, False),
    "abgr8888": (fourcc("AB24"), 32, False),
    "xbgr8888": (fourcc("XB24"), 32, False),
    "rgba8888": (fourcc("RA24"), 32, False),
    "rgbx8888": (fourcc("RX24"), 32, False),
    "bgra8888": (fourcc("BA24"), 32, False),
    "bgrx8888": (fourcc("BX24"), 32, False),
    "argb2101010": (fourcc("AR30"), 32, True),
    "xrgb2101010": (fourcc("XR30"), 32, True),
    "abgr2101010": (fourcc("AB30"), 32, True),
    "xbgr2101010": (fourcc("XB30"), 32, True),
    "rgb888": (fourcc("RG24"), 24, False),
    "bgr888": (fourcc("BG24"), 24, False),
    "rgb565": (fourcc("RG16"), 16, False),
    "bgr565": (fourcc("BG16"), 16, False),
    "argb4444": (fourcc("AR12"), 16, False),
    "xrgb4444": (fourcc("XR12"), 16, False),
    "abgr4444": (fourcc("AB12"), 16, False),
    "xbgr4444": (fourcc("XB12"), 16, False),
    "argb1555": (fourcc("AR15"), 16, False),
    "xrgb1555": (fourcc("XR15"), 16, False),
    "abgr1555": (fourcc("AB15"), 16, False),
    "xbgr1555": (fourcc("XB15"), 16, False),
    "rgb332": (fourcc("RGB8"), 8, False),
    "bgr233": (fourcc("BGR8"), 8, False),
    "yuyv": (fourcc("YUYV"), 16, False),
}


class Pool:
    """A memfd pool the test can write, kept mapped; sealed against
    shrinking when asked, as weston's clients and foot seal theirs."""

    def __init__(self, c, size, sealed=False):
        self.c, self.size = c, size
        self.fd = os.memfd_create("tack-test-vulkan", os.MFD_ALLOW_SEALING)
        os.ftruncate(self.fd, size)
        if sealed:
            fcntl.fcntl(self.fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK)
        self.mem = mmap.mmap(self.fd, size)
        self.obj = c.new("wl_shm_pool")
        c.req(c.g["wl_shm"], "create_pool", self.obj, self.fd, size)

    def grow(self, size):
        os.ftruncate(self.fd, size)
        self.mem.close()
        self.mem = mmap.mmap(self.fd, size)
        self.size = size
        self.c.req(self.obj, "resize", size)

    def buffer(self, offset, w, h, stride, fmt):
        buf = self.c.new("wl_buffer")
        self.c.req(self.obj, "create_buffer", buf, offset, w, h, stride, fmt)
        return buf

    def close(self):
        self.mem.close()
        os.close(self.fd)


def frame(c, surface):
    """Commit, and wait until tack has drawn that commit."""
    cb = c.new("wl_callback")
    c.req(surface, "frame", cb)
    c.req(surface, "commit")
    deadline = time.monotonic() + 5
    while cb not in c.c.done_callbacks and time.monotonic() < deadline:
        c.roundtrip()
        if cb in c.c.done_callbacks or c.c.error:
            break
        time.sleep(0.005)
    return cb in c.c.done_callbacks


def show_buffer(t, fmt, w=61, h=37, stride=None, offset=0, scale_to=None,
                seed=1, sealed=False):
    """A window showing a buffer of random bytes; the client, its pool."""
    code, bpp, _ = FORMATS[fmt]
    stride = stride or (w * bpp // 8 + 3) // 4 * 4
    c = rawclient.Client(t)
    s, xs, tl = c.toplevel(w, h)
    pool = Pool(c, offset + stride * h, sealed)
    rng = random.Random(seed)
    pool.mem[:] = bytes(rng.getrandbits(8) for _ in range(pool.size))
    buf = pool.buffer(offset, w, h, stride, code)
    pool.surface = s
    c.req(s, "attach", buf, 0, 0)
    c.req(s, "damage_buffer", 0, 0, w, h)
    if scale_to:
        c.viewport_to(s, *scale_to)
    ok = frame(c, s) and frame(c, s)
    return c, pool, ok


def diff(a, b):
    """(pixels that differ, the largest difference in a channel)."""
    if a[:2] != b[:2]:
        return -1, 256
    count = worst = 0
    for i in range(0, len(a[2]), 3):
        d = max(abs(a[2][i + k] - b[2][i + k]) for k in range(3))
        if d:
            count += 1
            worst = max(worst, d)
    return count, worst


def finish(t):
    """Stop tack and return its log, summary included."""
    t.proc.send_signal(signal.SIGTERM)
    t.proc.wait(timeout=20)
    return t.log()


def scene_shot(renderer, fmt, extra=(), **kw):
    """The screenshot of one buffer's window, and tack's log."""
    args = ["--renderer=" + renderer] + list(extra)
    with Tack(outputs=("320x240@60",), extra_args=args) as t:
        c, pool, ok = show_buffer(t, fmt, **kw)
        shot = screenshot(t) if ok else None
        c.close()
        pool.close()
        return shot, finish(t)


def check_formats():
    for fmt, (_, _, wide) in FORMATS.items():
        for scale in (None, (97, 53)):
            # an even width, for YUYV's pairs
            want, _ = scene_shot("pixman", fmt, w=62, scale_to=scale)
            got, log = scene_shot("vulkan", fmt, w=62, scale_to=scale)
            if got is None or want is None:
                tap.ok(False, "%s: both renderers showed it" % fmt, log[-2000:])
                continue
            count, worst = diff(got, want)
            limit = 1 if scale or wide else 0
            tap.ok(count >= 0 and worst <= limit,
                   "%s%s: Vulkan equals pixman%s (%d pixels differ, by %d)"
                   % (fmt, " scaled by a viewport" if scale else "",
                      " within 1" if limit else " exactly", count, worst))


def summary(log):
    m = re.search(r"summary vulkan: .*; (\d+) draws sampled clients' pages "
                  r"in place, (\d+) copied; ([\d.]+) MB copied; (\d+) pool "
                  r"imports", log)
    return tuple(float(v) for v in m.groups()) if m else None


def textures(path):
    """The texture records of a --trace file: (route, bytes copied)."""
    with open(path) as f:
        events = json.load(f)
    events = events.get("traceEvents", events) if isinstance(events, dict) \
        else events
    return [(e["args"]["route"], e["args"]["bytes_copied"]) for e in events
            if e.get("name") == "texture"]


def check_in_place():
    trace = os.path.join(tempfile.mkdtemp(prefix="tack-vk-"), "t.json")
    _, log = scene_shot("vulkan", "xrgb8888", ["--trace", trace], w=256,
                        h=128)
    s = summary(log)
    tap.ok(s and s[0] > 0 and s[1] == 0 and s[2] == 0.0,
           "a page-aligned xrgb8888 pool is sampled in place, 0 bytes copied",
           "in place, copied, MB copied, imports: %s" % (s,))
    seen = textures(trace) if os.path.exists(trace) else []
    tap.ok(seen and all(t == ("in place", 0) for t in seen),
           "the trace says each draw read it in place, copying nothing",
           str(seen[:10]))
    _, log = scene_shot("vulkan", "xrgb8888", ["--trace", trace,
                                               "--no-zero-copy"])
    seen = textures(trace) if os.path.exists(trace) else []
    tap.ok(seen and all(r == "forced" and n > 0 for r, n in seen),
           "and with --no-zero-copy that each was copied (forced), with "
           "the bytes", str(seen[:10]))


def check_fallback(reason, fmt, extra=(), **kw):
    want, _ = scene_shot("pixman", fmt, **kw)
    got, log = scene_shot("vulkan", fmt, extra, **kw)
    counted = re.search(r"summary vulkan: copied \(%s\): (\d+) buffers, "
                        r"(\d+) draws" % re.escape(reason), log)
    tap.ok(counted and int(counted.group(1)) >= 1,
           "%s is copied and counted as %s" % (fmt, reason),
           "\n".join(l for l in log.splitlines() if "vulkan" in l)[-2000:])
    count, worst = diff(got, want) if got and want else (-1, 256)
    tap.ok(count == 0, "and the copy shows pixman's pixels",
           "%d pixels differ, by up to %d" % (count, worst))
    s = summary(log)
    tap.ok(s and s[2] > 0, "and the bytes copied are counted", str(s))


POISON = b"\x00\x00\xff\x00"    # pure red, XRGB8888 little-endian


def shows_poison(shot):
    rgb = shot[2]
    return any(rgb[j:j + 3] == b"\xff\x00\x00"
               for j in range(0, len(rgb), 3))


def check_release(frames=150):
    """Scribble on each buffer the moment it is released: never seen."""
    with Tack(outputs=("320x240@60",)) as t:
        c = rawclient.Client(t)
        s, xs, tl = c.toplevel(64, 64)
        pool = Pool(c, 2 * 64 * 64 * 4)
        bufs = [pool.buffer(i * 16384, 64, 64, 256, 1) for i in (0, 1)]
        c.c.event_log = []
        shots, stop = [], threading.Event()

        def shoot():
            try:
                while not stop.is_set():
                    shots.append(screenshot(t))
            except RuntimeError as e:
                tap.diag("grim: %s" % e)

        grabber = threading.Thread(target=shoot)
        grabber.start()
        released = drawn = 0
        for i in range(frames):
            b = i % 2
            colour = bytes((40 + i % 200, 90, 160, 0))
            pool.mem[b * 16384:(b + 1) * 16384] = colour * 4096
            c.req(s, "attach", bufs[b], 0, 0)
            c.req(s, "damage_buffer", 0, 0, 64, 64)
            drawn += frame(c, s)
            for iface, oid, name, _ in c.c.event_log:
                if iface == "wl_buffer" and name == "release":
                    if oid not in bufs:
                        continue
                    k = bufs.index(oid)
                    pool.mem[k * 16384:(k + 1) * 16384] = POISON * 4096
                    released += 1
            c.c.event_log.clear()
        stop.set()
        grabber.join()
        torn = sum(1 for shot in shots if shows_poison(shot))
        tap.ok(drawn == frames and released >= frames - 2,
               "%d frames drawn, each buffer released in turn" % frames,
               "drawn %d, released %d" % (drawn, released))
        tap.ok(shots and torn == 0,
               "none of %d screenshots shows what the client wrote after "
               "release" % len(shots),
               "%d of %d screenshots show it" % (torn, len(shots)))
        c.close()
        pool.close()


def check_pool_growth():
    with Tack(outputs=("320x240@60",)) as t:
        c = rawclient.Client(t)
        s, xs, tl = c.toplevel(64, 64)
        pool = Pool(c, 64 * 64 * 4)
        pool.mem[:] = b"\x00\x80\x00\x00" * 4096
        c.req(s, "attach", pool.buffer(0, 64, 64, 256, 1), 0, 0)
        c.req(s, "damage_buffer", 0, 0, 64, 64)
        frame(c, s)
        pool.grow(2 * 64 * 64 * 4)
        pool.mem[16384:] = b"\x80\x00\x00\x00" * 4096
        c.req(s, "attach", pool.buffer(16384, 64, 64, 256, 1), 0, 0)
        c.req(s, "damage_buffer", 0, 0, 64, 64)
        ok = frame(c, s) and frame(c, s)
        shot = screenshot(t)
        blue = bytes(shot[2]).count(b"\x00\x00\x80")
        tap.ok(ok and blue >= 64 * 64 and not c.c.error,
               "a buffer in the grown part of a pool is shown",
               "%d blue pixels, error %s" % (blue, c.c.error))
        c.close()
        pool.close()
        s = summary(finish(t))
        tap.ok(s and s[3] >= 2 and s[1] == 0,
               "the grown pool was imported again, nothing copied", str(s))


def layer_shot(env, fmt="xrgb8888", frames=0, sealed=False):
    """A window under the test layer's refusal, as scene_shot()."""
    t = Tack(outputs=("320x240@60",), extra_args=["--renderer=vulkan"])
    t.env.update(env)
    with t:
        c, pool, ok = show_buffer(t, fmt, sealed=sealed)
        for i in range(frames):
            pool.mem[:64] = bytes([i]) * 64
            c.req(pool.surface, "damage_buffer", 0, 0, 16, 1)
            ok = ok and frame(c, pool.surface)
        shot = screenshot(t) if ok and t.alive() else None
        c.close()
        pool.close()
        return shot, finish(t)


def check_no_host_import():
    want, _ = scene_shot("pixman", "xrgb8888")
    got, log = layer_shot({"TACK_TEST_HIDE_HOST_IMPORT": "1"})
    tap.ok("host-pointer import: no" in log,
           "a device without VK_EXT_external_memory_host is still used",
           log[-1500:])
    tap.ok(re.search(r"copied \(no-host-import\): 1 buffers", log),
           "and its buffers are copied, counted as no-host-import",
           log[-1500:])
    tap.ok(got is not None and diff(got, want)[0] == 0,
           "and it shows pixman's pixels")


def check_import_refused():
    """The driver refuses the pool's memory, as radv refuses file pages."""
    want, _ = scene_shot("pixman", "xrgb8888")
    got, log = layer_shot({"TACK_TEST_REFUSE_HOST_IMPORT": "1"})
    tap.ok(re.search(r"copied \(import\): 1 buffers", log) and
           "refused" in log,
           "a pool the driver refuses is copied, counted as import, and "
           "the refusal logged", log[-1500:])
    tap.ok(got is not None and diff(got, want)[0] == 0,
           "and it shows pixman's pixels")


def check_device_lost():
    """Submissions fail from the fourth on: the CPU takes over."""
    got, log = layer_shot({"TACK_TEST_LOSE_DEVICE_AFTER": "3"}, frames=6)
    tap.ok("the CPU composites from now on" in log,
           "a failed submission hands compositing to the CPU", log[-1500:])
    tap.ok(got is not None, "tack goes on drawing frames after it",
           log[-1500:])
    want, _ = scene_shot("pixman", "xrgb8888")
    tap.ok(got is not None and want is not None and
           diff(got, want)[0] > 0, "and they show the client's new pixels")


def check_unsealed():
    """A driver thread that cannot take SIGBUS: pools that may shrink are
    copied, sealed ones still read in place."""
    block = {"TACK_TEST_BLOCK_SIGBUS": "1"}
    want, _ = scene_shot("pixman", "xrgb8888")
    got, log = layer_shot(block)
    tap.ok(re.search(r"copied \(unsealed\): 1 buffers", log),
           "with a thread that blocks SIGBUS, an unsealed pool is copied, "
           "counted as unsealed", log[-1500:])
    tap.ok(got is not None and diff(got, want)[0] == 0,
           "and it shows pixman's pixels")
    got, log = layer_shot(block, sealed=True)
    s = summary(log)
    tap.ok(s and s[0] > 0 and s[1] == 0,
           "a pool sealed against shrinking is still read in place", str(s))


check_in_place()
check_fallback("forced", "xrgb8888", ["--no-zero-copy"])
check_fallback("budget", "xrgb8888", ["--pin-budget", "0"])
# a 32-bit pixel the shader would read across two words
check_fallback("unaligned", "argb8888", stride=61 * 4 + 2)
check_fallback("format", "yuyv", w=62)
check_release()
check_pool_growth()
check_no_host_import()
check_import_refused()
check_device_lost()
check_unsealed()
check_formats()
tap.done()
