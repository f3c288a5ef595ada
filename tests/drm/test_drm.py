#!/usr/bin/env python3
"""The DRM backend on vkms in the test guest, for one vkms configuration
(the argument): real clients scanned out from their own pages, the
composed frame read back through writeback and compared with what the
clients drew, each fallback forced by a real kernel refusal, no tearing,
presentation kinds, VT switches and a session that ends cleanly."""

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import time
import traceback

from tacktest import Tack, Tap, client, screenshot, wait_for_line
import test_pixels_lib as px
from test_seat_lib import Probe
from drmtest import (BACKGROUND, UINPUT_SEEN, DrmTack, chvt, differences,
                     finish, headless_shot, pattern, settle, shot,
                     shot_until, spawn_ready, uinput, until, wait_log)

tap = Tap()
MODE = sys.argv[1] if len(sys.argv) > 1 else "default"


def check_pattern_on_screen(t, w, h, name, alpha=False):
    image = shot(t)
    where = px.find_pattern(image, w, h)
    if where is None:
        return tap.ok(False, name, "no %dx%d pattern on screen" % (w, h))
    bad, notes = px.compare_pattern(image, where[0], where[1], w, h,
                                    alpha=alpha, bg=BACKGROUND)
    return tap.ok(bad == 0, name, "%d of %d pixels differ\n%s"
                  % (bad, w * h, "\n".join(notes)))


def one_pattern(name, w, h, args=(), tack_args=(), alpha=False):
    """A pattern shown, checked, and tack's summary afterwards."""
    t = DrmTack(extra_args=tack_args).start()
    p = pattern(t, w, h, *args)
    if not tap.ok(p is not None, name + ": the client maps", t.log()[-2000:]):
        t.stop()
        return None
    settle()
    check_pattern_on_screen(t, w, h, name + ": every pixel as drawn",
                            alpha=alpha)
    t.stop()
    return t.summary


def test_starts():
    t = DrmTack().start()
    settle()
    alive = t.alive()
    t.stop()
    log = t.log()
    tap.ok(alive and "output Virtual-1: 1024x768" in log,
           "tack runs on vkms at the connector's preferred mode", log[-2000:])
    tap.ok("vkms userptr, synchronized" in log,
           "the importer found synchronized vkms userptr objects",
           log[-2000:])
    tap.ok("writeback connector" in log,
           "the writeback connector serves screenshots", log[-2000:])


def test_pattern_zero_copy():
    s = one_pattern("xrgb pattern on a plane", 320, 200)
    if s:
        tap.ok(s.zero_copy > 0 and s.composited() == 0,
               "the pattern was scanned out from its own pages", str(s))
    s = one_pattern("argb pattern blended by the display", 320, 200,
                    args=("--format", "argb8888"), alpha=True)
    if s:
        tap.ok(s.zero_copy > 0, "the argb pattern was on a plane", str(s))


def test_forced_copy():
    s = one_pattern("pattern with --no-zero-copy", 320, 200,
                    tack_args=("--no-zero-copy",))
    if s:
        tap.ok(s.zero_copy == 0 and s.composited("forced") > 0,
               "--no-zero-copy composites, counted as forced", str(s))


def patterns(t, arg_lists):
    """tack-pattern once per argument list; the ones that got ready."""
    procs = []
    for args in arg_lists:
        p = spawn_ready(t, [client("tack-pattern")] + list(args))
        if p:
            procs.append(p)
    return procs


def against_headless(scene, n, name_mapped, name_equal):
    """The scene on the DRM backend, compared pixel for pixel with the same
    scene on the headless backend; returns the DRM run's summary."""
    want = headless_shot(scene)
    t = DrmTack().start()
    procs = scene(t)
    settle(1.5)
    got = shot(t)
    t.stop()
    tap.ok(len(procs) == n, name_mapped, t.log()[-1500:])
    bad, notes = differences(got, want)
    tap.ok(bad == 0, name_equal, "%d pixels differ\n%s" % (bad,
                                                          "\n".join(notes)))
    return t.summary


def scene_many(t):
    """Patterns of several kinds: plain ones, a turned one, a scaled one,
    overlapping each other as the window policy cascades them."""
    return patterns(t, (("--size", "200x150"),
                        ("--size", "150x100", "--transform", "90"),
                        ("--size", "120x90", "--scale", "2"),
                        ("--size", "180x120"), ("--size", "160x100")))


def test_matches_headless():
    """Planes and composite together show what pixman alone draws."""
    s = against_headless(scene_many, 5, "five patterns map on the DRM backend",
                         "the display shows exactly what headless pixman draws")
    tap.ok(s.zero_copy > 0, "some of them were scanned out", str(s))
    tap.ok(s.composited("transform") > 0 and s.composited("scale") > 0,
           "the turned and the scaled ones were composited, with reasons",
           str(s))


def scene_small_windows(t):
    """More 30x30 windows than vkms has planes; the policy cascades them
    32 pixels apart, so they do not overlap."""
    return patterns(t, [("--size", "30x30")] * 11)


def test_plane_shortage():
    s = against_headless(scene_small_windows, 11, "eleven windows map",
                         "with planes short, the display still shows every "
                         "window")
    tap.ok(s.composited("planes") > 0 and s.zero_copy > 0,
           "what found no plane was composited, counted as planes", str(s))


def test_weston_clients():
    t = DrmTack().start()
    p = t.spawn(["weston-simple-shm"])
    # simple-shm's window is 250x250, centred on the 1024x768 output
    image = shot_until(t, lambda i: px.uniform(px.crop(i, 400, 280, 200,
                                                       200)) is None)
    t.stop()
    inside = px.crop(image, 400, 280, 200, 200)
    tap.ok(px.uniform(inside) is None and
           px.pixel(image, 10, 10) == BACKGROUND,
           "weston-simple-shm's window shows its drawing",
           "client exit %s: %s\n%s" % (p.returncode, p.stderr.read()[-500:],
                                        t.log()[-1500:]))
    tap.ok(t.summary.zero_copy > 0,
           "weston-simple-shm was scanned out zero-copy", str(t.summary))

    t = DrmTack().start()
    p = t.spawn(["weston-subsurfaces"])
    image = shot_until(t, lambda i: busy_samples(i) > 200, timeout=60)
    alive = p.poll() is None
    t.stop()
    busy = busy_samples(image)
    tap.ok(alive and busy > 200,
           "weston-subsurfaces draws its parent and subsurfaces",
           "%d non-background samples\n%s" % (busy, t.log()[-1500:]))


LAVAPIPE = "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"


def vulkan_tack():
    """tack on vkms, compositing with Vulkan on lavapipe into its dumb
    buffers (their mapping imported as host memory)."""
    t = DrmTack(extra_args=("--renderer=vulkan",))
    t.env["VK_ICD_FILENAMES"] = LAVAPIPE
    return t.start()


def test_vulkan_renderer():
    """The Vulkan renderer composites what planes do not take: the frame
    read back through writeback is headless pixman's, exactly."""
    want = headless_shot(scene_many)
    t = vulkan_tack()
    procs = scene_many(t)
    settle(1.5)
    got = shot(t)
    t.stop()
    log = t.final_log
    tap.ok(len(procs) == 5 and "summary: renderer vulkan" in log,
           "five patterns map with the Vulkan renderer on the DRM backend",
           log[-1500:])
    bad, notes = differences(got, want)
    tap.ok(bad == 0, "the display shows exactly what headless pixman draws",
           "%d pixels differ\n%s" % (bad, "\n".join(notes)))
    s = t.summary
    tap.ok(s.zero_copy > 0 and s.composited("transform") > 0,
           "planes first, the turned pattern composited by Vulkan", str(s))
    m = re.search(r"(\d+) draws sampled clients' pages in place", log)
    tap.ok(m and int(m.group(1)) > 0,
           "the GPU sampled the composited pattern's pages in place",
           "\n".join(l for l in log.splitlines() if "vulkan" in l)[-1500:])

    t = vulkan_tack()
    p = t.spawn(["weston-simple-shm"])
    pats = patterns(t, (("--size", "150x100", "--transform", "90"),))
    image = shot_until(t, lambda i: px.uniform(px.crop(i, 400, 280, 200,
                                                       200)) is None)
    t.stop()
    tap.ok(p.returncode is None or p.returncode < 0,
           "weston-simple-shm runs beside a composited surface")
    tap.ok(len(pats) == 1 and px.uniform(px.crop(image, 400, 280, 200,
                                                  200)) is None,
           "and its drawing is on the display, read back through writeback",
           t.final_log[-1500:])


def busy_samples(image):
    return sum(1 for y in range(0, 768, 8) for x in range(0, 1024, 8)
               if px.pixel(image, x, y) != BACKGROUND)


def presentation_kinds(extra_args):
    """The feedback kinds weston-presentation-shm printed. It prints them
    when it ends; a guest under load may keep it from its first frame for
    the first few seconds, so it gets a second, longer run."""
    for seconds in (4, 12):
        t = DrmTack(extra_args=("--xdg-shell-version", "3") +
                    extra_args).start()
        p = t.spawn(["weston-presentation-shm"])
        settle(seconds)
        p.terminate()
        out, err = p.communicate(timeout=20)
        t.stop()
        kinds = re.findall(r"\[(....)\]", out)
        if kinds:
            break
        tap.diag("weston-presentation-shm printed no feedback in %d s:\n%s"
                 % (seconds, (out + err)[-500:]))
    return kinds, t


def test_presentation_zero_copy():
    kinds, t = presentation_kinds(())
    late = kinds[10:]
    tap.ok(late and all(k[3] == "z" for k in late),
           "weston-presentation-shm sees ZERO_COPY while on a plane",
           "%s\n%s" % (kinds[:20], t.log()[-1000:]))
    tap.ok(late and all(k[:3] == "sce" for k in late),
           "and vsync, hardware clock and completion", kinds[:20])
    kinds, t = presentation_kinds(("--no-zero-copy",))
    tap.ok(kinds and all(k[3] != "z" for k in kinds),
           "and no ZERO_COPY when composited", kinds[:20])


def test_foot():
    t = DrmTack().start()
    p = t.spawn(px.foot_argv(60))
    found = False
    deadline = time.monotonic() + 40
    blue = yellow = 0
    while time.monotonic() < deadline and not found:
        settle(1)
        found, blue, yellow = px.foot_drew(shot(t))
    t.stop()
    tap.ok(found, "foot draws its text on the DRM backend",
           "blue %d yellow %d\n%s" % (blue, yellow, t.log()[-1500:]))


def test_no_tearing():
    """A client redrawing as fast as releases allow: every frame the
    display composed shows one of its frames whole."""
    t = DrmTack().start()
    p = spawn_ready(t, [client("tack-flood"), "--size", "256x256"])
    torn = []
    shots = 0
    if p:
        settle(1)
        for i in range(12):
            image = shot(t)
            where = None
            inner = px.crop(image, 384, 256, 256, 256)
            if px.uniform(inner) is None:
                torn.append(i)
            shots += 1
    frames = wait_for_line(p, lambda l: l.startswith("frames"), 5) if p else None
    t.stop()
    tap.ok(p is not None and shots == 12 and not torn,
           "no screenshot shows a frame half old, half new",
           "torn shots %s of %d\n%s" % (torn, shots, t.log()[-1500:]))
    tap.ok(t.summary.zero_copy > 0, "the flood was scanned out",
           "%s, %s" % (t.summary, frames))


def test_growing_pool():
    """Buffers stay in use while their pool grows: tack's mapping of it
    moves, and imports from the old mapping must go, not fault."""
    t = DrmTack().start()
    p = spawn_ready(t, [client("tack-flood"), "--size", "256x256",
                        "--grow-pool"])
    torn = 0
    if p:
        settle(2)
        for i in range(4):
            if px.uniform(px.crop(shot(t), 384, 256, 256, 256)) is None:
                torn += 1
    alive = p is not None and p.poll() is None
    t.stop()
    s = t.summary
    tap.ok(alive and torn == 0,
           "a client whose pool grows under its buffers shows whole frames",
           "%d torn\n%s" % (torn, t.log()[-1500:]))
    tap.ok(s.zero_copy > 0 and s.composited() == 0 and s.remap_drops > 0 and
           s.imports > 3,
           "its buffers were imported again from the new mapping",
           "%s, %d imports, %d dropped at remaps" % (s, s.imports,
                                                      s.remap_drops))


def test_truncated_pool():
    t = DrmTack().start()
    # a pointer over the background: tack's cursor is on a plane too
    dev = uinput(t, "wait", "30000")
    settle(2)
    good = pattern(t, 200, 100)
    bad = t.spawn([client("tack-hostile"), "shm-truncate-under-compositor"])
    try:
        bad.wait(timeout=30)
    except Exception:
        bad.kill()
    out = bad.stdout.read()
    settle()
    alive = t.alive()
    if good:
        check_pattern_on_screen(t, 200, 100,
                                "after a pool was truncated, others still show")
    t.stop()
    s = t.summary
    tap.ok(alive, "tack survives a pool truncated under a plane", t.log()[-1500:])
    tap.ok("error wl_buffer 2" in out,
           "the truncating client gets wl_shm.invalid_fd on its buffer", out)
    tap.ok(s.composited("efault") > 0,
           "the kernel's EFAULT was counted as the reason", str(s))


def test_vt_switch():
    t = DrmTack().start()
    p = pattern(t, 200, 100)
    settle()
    away = chvt(2)
    went = wait_log(t, "session: inactive")
    back = chvt(1)
    came = wait_log(t, "session: active", count=2)
    settle(1.5)
    alive = t.alive() and p is not None and p.poll() is None
    if alive:
        check_pattern_on_screen(t, 200, 100,
                                "after switching VTs away and back, the window shows")
    t.stop()
    tap.ok(away.returncode == 0 and back.returncode == 0 and alive,
           "tack and its client survive a VT switch", away.stdout +
           back.stdout + t.log()[-1500:])
    tap.ok(went and came,
           "the session was disabled and enabled again", t.log()[-1500:])


def test_session_command():
    """As a session compositor: tack runs the session's command and ends
    with it, cleanly."""
    t = DrmTack(command=["sh", "-c", "weston-simple-shm & sleep 6; kill $!; exit 7"])
    t.start(wait=False)
    try:
        status = t.proc.wait(timeout=60)
    except Exception:
        status = None
    t.stop()
    log = t.log()
    tap.ok(status == 7, "tack exits with its command's status", log[-1500:])
    tap.ok(t.summary.found and t.summary.zero_copy > 0,
           "the client ran zero-copy and tack shut down cleanly",
           str(t.summary))


def test_input():
    """uinput devices reach libinput through udev, and a client gets the
    keys and the pointer; the device's removal is seen too."""
    t = DrmTack().start()
    probe = Probe(t, "--size", "1000x740")
    mapped = probe.wait("seat capabilities", timeout=20)
    # the device stays until the client has its events: events still
    # queued in evdev when the device goes are lost
    dev = uinput(t, "rel", "40", "30", "wait", "200",
                 "button", "272", "1", "button", "272", "0",
                 "key", "30", "1", "key", "30", "0", "line")
    motion = probe.wait(lambda l: l.startswith(("pointer enter",
                                                "pointer motion")), timeout=30)
    button = probe.wait("pointer button 272 1", timeout=30)
    key_down = probe.wait("keyboard key 30 1", timeout=30)
    key_up = probe.wait("keyboard key 30 0", timeout=30)
    status, out = finish(dev)
    wait_log(t, "input: tack-uinput removed")
    t.stop()
    log = t.log()
    tap.ok(mapped and status == 0 and UINPUT_SEEN in log,
           "libinput found the uinput keyboard and mouse",
           out + log[-1500:])
    tap.ok(motion and button, "the client got the pointer's motion and click",
           probe.history()[-1500:])
    tap.ok(key_down and key_up, "the client got the key press and release",
           probe.history()[-1500:])
    tap.ok("input: tack-uinput removed" in log,
           "the device's removal was seen", log[-800:])


def plane_states():
    """What the kernel's debugfs says each plane shows: (plane id, fb,
    crtc-pos) for those with a framebuffer."""
    with open("/sys/kernel/debug/dri/0/state") as f:
        text = f.read()
    planes = []
    for block in text.split("plane[")[1:]:
        pid = int(block.split("]", 1)[0])
        fb = re.search(r"\bfb=(\d+)", block)
        pos = re.search(r"crtc-pos=(\S+)", block)
        if fb and int(fb.group(1)):
            planes.append((pid, int(fb.group(1)), pos.group(1) if pos else ""))
    return planes


def top_plane():
    with open("/sys/kernel/debug/dri/0/state") as f:
        return max(int(b.split("]", 1)[0]) for b in f.read().split("plane[")[1:])


def planes_until(good, timeout=30):
    """plane_states() once good(planes) holds, or at the deadline."""
    return until(plane_states, good, timeout, 0.2)


def test_cursor_plane():
    """A client's cursor goes on the cursor plane, the topmost."""
    t = DrmTack().start()
    p = pattern(t, 1000, 740, "--cursor", "24")
    dev = uinput(t, "rel", "60", "40", "line")
    planes = planes_until(lambda pl: any(plane[2].startswith("24x24+")
                                         for plane in pl))
    image = shot(t)
    status, out = finish(dev)
    t.stop()
    top = top_plane()
    cursor = [pl for pl in planes if pl[2].startswith("24x24+")]
    tap.ok(p is not None and status == 0 and cursor and
           cursor[0][0] == top,
           "the 24x24 cursor is on the cursor plane", "%s (top plane %d)\n%s"
           % (planes, top, t.log()[-1000:]))
    cyan = sum(1 for i in range(0, len(image[2]), 3)
               if image[2][i:i + 3] == bytes((0, 0xff, 0xff)))
    tap.ok(cyan == 24 * 24, "the display shows it, all 576 pixels of it",
           "%d cyan pixels" % cyan)


def test_default_cursor():
    """Over no client's surface, tack's own arrow shows on the cursor plane
    and follows the pointer."""
    t = DrmTack().start()
    # the device stays while we look: without a pointer, no cursor
    dev = uinput(t, "rel", "200", "150", "line")
    top = top_plane()
    planes = planes_until(lambda pl: any(
        plane[0] == top and re.match(r"\d+x\d+\+[1-9]", plane[2])
        for plane in pl))
    image = shot(t)
    status, out = finish(dev)
    t.stop()
    cursor = [pl for pl in planes if pl[0] == top]
    m = re.match(r"(\d+)x(\d+)\+(\d+)\+(\d+)", cursor[0][2]) if cursor else None
    # the buffer has the size the driver asks cursors to have
    tap.ok(status == 0 and m and m.group(1) == m.group(2) and
           int(m.group(3)) > 0, "tack's cursor is on the cursor plane where "
           "the pointer went", "%s\n%s\n%s" % (planes, out, t.log()[-800:]))
    if m:
        x, y = int(m.group(3)), int(m.group(4))
        arrow = [px.pixel(image, x + dx, y + dy) for dx in range(12)
                 for dy in range(19)]
        tap.ok(arrow.count((0xff, 0xff, 0xff)) > 40 and
               arrow.count((0, 0, 0)) > 20,
               "the display shows the arrow there, white inside black",
               "%d white, %d black" % (arrow.count((0xff, 0xff, 0xff)),
                                       arrow.count((0, 0, 0))))


def test_budget():
    """A client whose buffers would pin more than --pin-budget: what fits
    is scanned out, the rest composited, counted as budget."""
    t = DrmTack(extra_args=("--pin-budget", "1")).start()
    small = pattern(t, 320, 200)
    settle()
    big = pattern(t, 800, 600)
    settle()
    check_pattern_on_screen(t, 800, 600, "over budget, the pattern still shows")
    t.stop()
    s = t.summary
    tap.ok(small and big and s.zero_copy > 0 and s.composited("budget") > 0,
           "a 1.9 MB buffer over a 1 MB budget is composited, counted",
           str(s))


def test_trace():
    """A trace on the DRM backend names imports (a miss, then hits),
    planes, fallbacks with their reason and atomic commits, presents say
    zero-copy, and trace-cmd puts tack's marks beside the kernel's vblank
    events."""
    path = "/tmp/drm-trace.json"
    t = DrmTack(extra_args=("--trace", path, "--trace-marker")).start()
    rec = subprocess.Popen(["trace-cmd", "record", "-e",
                            "drm:drm_vblank_event", "-o", "/tmp/tc.dat",
                            "sleep", "4"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    settle(1)
    # the flood opens last, on top: the turned pattern under it composites
    turned = pattern(t, 150, 100, "--transform", "90")
    flood = spawn_ready(t, [client("tack-flood"), "--size", "200x200"])
    rec_out, _ = rec.communicate(timeout=120)
    t.stop()
    with open(path) as f:
        ev = json.load(f)["traceEvents"]
    imports = [e["args"]["cache"] for e in ev if e["name"] == "import"]
    tap.ok(flood and imports.count("miss") >= 2 and imports.count("hit") > 10,
           "imports: a miss per buffer, then cache hits", imports[:20])
    tap.ok(any(e["name"] == "plane" for e in ev) and
           any(e["name"] == "fallback" and e["args"]["reason"] == "transform"
               for e in ev), "plane and fallback records, with the reason",
           sorted({e["name"] for e in ev}))
    atomics = [e for e in ev if e["name"] == "atomic commit"]
    tap.ok(atomics and all(e["args"]["result"] == 0 for e in atomics),
           "every atomic commit is there, and succeeded", atomics[:3])
    res = subprocess.run([os.environ.get("TACK_TRACE_TOOL", "tack-trace"),
                          path, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=120)
    fig = json.loads(res.stdout) if res.returncode == 0 else {}
    shares = [s["zero_copy_share"] for s in fig.get("surfaces", [])
              if s["presented"] > 20]
    tap.ok(shares and max(shares) == 1.0,
           "tack-trace: the flood's presents were all zero-copy",
           res.stdout[-1500:])
    report = subprocess.run(["trace-cmd", "report", "/tmp/tc.dat"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=120).stdout
    tap.ok("drm_vblank_event" in report and "tack: flip" in report and
           "tack: present" in report,
           "trace-cmd shows tack's marks beside the kernel's vblank events",
           rec_out[-500:] + report[-1500:])


def test_strict():
    s = one_pattern("aligned pitch under strict alignment", 320, 200)
    if s:
        tap.ok(s.zero_copy > 0 and s.composited("unaligned") == 0,
               "a 1280-byte pitch is scanned out", str(s))
    s = one_pattern("unaligned pitch under strict alignment", 300, 200)
    if s:
        tap.ok(s.zero_copy == 0 and s.composited("unaligned") > 0,
               "a 1200-byte pitch the kernel refused is composited, counted",
               str(s))


def test_nonotifier():
    s = one_pattern("pattern without MMU notifiers", 320, 200)
    if s:
        tap.ok(s.zero_copy == 0 and s.composited("no-notifier") > 0,
               "without notifiers tack composites, counted", str(s))
    s = one_pattern("pattern with --userptr-unsynchronized", 320, 200,
                    tack_args=("--userptr-unsynchronized",))
    if s:
        tap.ok(s.zero_copy > 0, "by option, UNSYNCHRONIZED objects scan out",
               str(s))


def test_route_preference():
    """Where the kernel has both userptr objects and udmabuf (the debug
    kernel), a sealed pool still goes through userptr objects: they need
    no seal, so one route serves every client, and udmabuf's 64 MiB object
    limit does not apply. Debian's kernel has no udmabuf."""
    have_udmabuf = os.path.exists("/dev/udmabuf")
    t = DrmTack().start()
    p = pattern(t, 320, 200, "--seal")
    settle()
    t.stop()
    s = t.summary
    log = t.final_log
    tap.diag("/dev/udmabuf %s" % ("present" if have_udmabuf else "absent"))
    tap.ok(("udmabuf: sealed memfds import through /dev/udmabuf" in log)
           == have_udmabuf,
           "the udmabuf importer is there exactly when the kernel has it",
           log[-1500:])
    tap.ok(p and s.zero_copy > 0 and s.by_importer.get("userptr", 0) > 0 and
           s.by_importer.get("udmabuf", 0) == 0,
           "a sealed pool is imported as a userptr object, not a udmabuf",
           str(s))


# udmabuf's ioctl, for asking the kernel directly (linux/udmabuf.h)
UDMABUF_CREATE = (1 << 30) | (24 << 16) | (ord("u") << 8) | 0x42
UDMABUF_SIZE_LIMIT = "/sys/module/udmabuf/parameters/size_limit_mb"


def udmabuf_create(offset, size, seals):
    """UDMABUF_CREATE on a fresh memfd: 0, or the errno the kernel gave."""
    fd = os.memfd_create("probe", os.MFD_ALLOW_SEALING)
    dev = os.open("/dev/udmabuf", os.O_RDWR)
    try:
        os.ftruncate(fd, 4 * 4096 + offset + size)
        if seals:
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
        args = bytearray(struct.pack("IIQQ", fd, 0, offset, size))
        try:
            # with a mutable buffer, ioctl() returns what the call returned
            os.close(fcntl.ioctl(dev, UDMABUF_CREATE, args, True))
        except OSError as e:
            return e.errno
        return 0
    finally:
        os.close(dev)
        os.close(fd)


def scene_sealed(t):
    """An unsealed pattern and a turned one, composited, under sealed ones
    scanned out from udmabufs (a plane under a composited surface would
    be composited too: stacking)."""
    return patterns(t, (("--size", "160x100"),
                        ("--size", "150x100", "--transform", "90", "--seal"),
                        ("--size", "200x150", "--seal"),
                        ("--size", "180x120", "--seal")))


def test_udmabuf_route():
    """Stock vkms has no userptr objects; sealed pools reach the planes as
    udmabufs, PRIME-imported."""
    s = against_headless(scene_sealed, 4, "four patterns map on stock vkms",
                         "the display shows exactly what headless pixman "
                         "draws")
    log = s.log
    tap.ok("userptr: none" in log and
           "udmabuf: sealed memfds import through /dev/udmabuf" in log,
           "tack finds no userptr objects but finds udmabuf", log[-1500:])
    tap.ok(s.zero_copy > 0 and s.by_importer.get("udmabuf", 0) >= 2 and
           s.composited("unsealed") > 0 and s.composited("transform") > 0,
           "sealed pools were scanned out as udmabufs; the unsealed one and "
           "the turned one composited, with reasons",
           str(s))
    # weston-presentation-shm packs its buffers into one sealed pool at
    # offsets of 250x250x4 bytes: only the first starts a page
    kinds, t = presentation_kinds(())
    s = t.summary
    tap.ok(any(k[3] == "z" for k in kinds) and
           s.by_importer.get("udmabuf", 0) > 0 and s.composited("unaligned"),
           "weston-presentation-shm: ZERO_COPY feedback for its buffer at a "
           "page start, a udmabuf; the others composited as unaligned",
           "%s\n%s" % (kinds[:20], s))
    t = DrmTack().start()
    p = t.spawn([client("tack-shm-bench"), "--size", "320x200", "--frames",
                 "90", "--seal"])
    try:
        out = p.communicate(timeout=120)[0]
    except subprocess.TimeoutExpired:
        p.kill()
        out = p.communicate()[0]
    t.stop()
    m = re.search(r"zero_copy=([0-9.]+)", out)
    # it redraws into whichever buffer is free: two may serve it all along
    tap.ok(m and float(m.group(1)) >= 0.9 and
           t.summary.by_importer.get("udmabuf", 0) >= 2 and
           t.summary.composited() == 0,
           "a client redrawing sealed buffers: ZERO_COPY feedback for %s of "
           "its frames, each buffer a udmabuf" % (m.group(1) if m else "none"),
           out + str(t.summary))
    t = DrmTack().start()
    t.spawn(px.foot_argv(60))
    image = shot_until(t, lambda i: px.foot_drew(i)[0])
    t.stop()
    tap.ok(px.foot_drew(image)[0] and
           t.summary.by_importer.get("udmabuf", 0) > 0 and
           t.summary.zero_copy > 0,
           "foot draws, scanned out from udmabufs of its sealed pools",
           str(t.summary))


def scene_refusals(t):
    """One pattern per udmabuf refusal, and one it takes: 30x30 windows,
    which the policy cascades 32 pixels apart, so that none is under
    another (that would be counted as stacking), and on top the one over
    size_limit_mb."""
    return patterns(t, (("--size", "30x30"),
                        ("--size", "30x30", "--seal", "--offset", "100"),
                        ("--size", "30x30", "--seal", "--offset", "8192"),
                        ("--size", "640x480", "--seal")))


def test_udmabuf_refusals():
    """Each refusal from the kernel, counted under its reason."""
    tap.ok(udmabuf_create(0, 4096, 0) == 22,
           "the kernel refuses an unsealed memfd (EINVAL)")
    tap.ok(udmabuf_create(100, 4096, fcntl.F_SEAL_SHRINK) == 22 and
           udmabuf_create(0, 4096, fcntl.F_SEAL_SHRINK) == 0,
           "and an offset that is not page aligned (EINVAL)")
    with open(UDMABUF_SIZE_LIMIT) as f:
        limit = f.read().strip()
    with open(UDMABUF_SIZE_LIMIT, "w") as f:
        f.write("1")
    try:
        tap.ok(udmabuf_create(0, 2 << 20, fcntl.F_SEAL_SHRINK) == 22,
               "and 2 MiB over size_limit_mb=1 (EINVAL)")
        s = against_headless(scene_refusals, 4, "four patterns map",
                             "the display shows exactly what headless "
                             "pixman draws")
    finally:
        with open(UDMABUF_SIZE_LIMIT, "w") as f:
            f.write(limit)
    tap.ok(s.composited("unsealed") > 0,
           "a pool without F_SEAL_SHRINK is composited, counted as unsealed",
           str(s))
    tap.ok(s.composited("unaligned") > 0,
           "a buffer at offset 100 of a sealed pool is composited, counted "
           "as unaligned", str(s))
    tap.ok(s.composited("size-limit") > 0,
           "a 1.2 MB buffer over size_limit_mb=1 is composited, counted as "
           "size-limit", str(s))
    tap.ok(s.zero_copy > 0 and s.by_importer.get("udmabuf", 0) >= 1,
           "the one at offset 8192, a page start, is scanned out", str(s))


def test_udmabuf_sealed_truncate():
    """The seal keeps a scanned-out udmabuf's pages: the client cannot
    truncate its pool; a hole punched in it leaves the dma-buf the pages
    it holds (the display shows the old frame, nothing is freed)."""
    t = DrmTack().start()
    good = pattern(t, 200, 100, "--seal")
    settle()
    bad = t.spawn([client("tack-hostile"),
                   "shm-sealed-truncate-under-compositor"])
    try:
        out = bad.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        bad.kill()
        out = bad.communicate()[0]
    alive = t.alive()
    if good:
        check_pattern_on_screen(t, 200, 100,
                                "a sealed neighbour still shows as drawn")
    t.stop()
    s = t.summary
    tap.ok("ftruncate: Operation not permitted" in out,
           "the seal refuses the client's ftruncate", out)
    tap.ok("punch-hole: done" in out and alive and "error none" in out,
           "a punched hole neither kills tack nor errs the client",
           out + t.log()[-1500:])
    tap.ok(s.by_importer.get("udmabuf", 0) >= 2 and
           s.composited("efault") == 0,
           "both were udmabuf imports, none faulted",
           str(s))


TESTS = {
    "default": [test_starts, test_pattern_zero_copy, test_forced_copy,
                test_matches_headless, test_plane_shortage,
                test_weston_clients, test_vulkan_renderer,
                test_presentation_zero_copy, test_foot,
                test_no_tearing, test_growing_pool, test_truncated_pool,
                test_input, test_cursor_plane, test_default_cursor, test_budget, test_trace,
                test_vt_switch, test_session_command, test_route_preference],
    "strict": [test_strict],
    "nonotifier": [test_nonotifier],
    # the debug kernel's own vkms: no userptr objects, udmabuf
    "stock": [test_udmabuf_route, test_udmabuf_refusals,
              test_udmabuf_sealed_truncate],
}
# more arguments name the tests to run, for debugging one
ONLY = sys.argv[2:]
for test in TESTS.get(MODE, []):
    if ONLY and test.__name__ not in ONLY:
        continue
    # one test that breaks down fails by itself; the ones after it still run
    started = time.monotonic()
    try:
        test()
    except Exception:
        tap.ok(False, "%s ran to its end" % test.__name__,
               traceback.format_exc())
    # against the mode's limit in suite.sh, when a slow machine nears it
    tap.diag("%s took %.1f s" % (test.__name__, time.monotonic() - started))
tap.done()
