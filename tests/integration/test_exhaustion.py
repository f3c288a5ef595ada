"""One client must not freeze or starve the others. Each attack runs over
the wire beside weston-simple-shm drawing every frame: a deep chain of
synchronized subsurfaces, thousands of subsurfaces under one window,
thousands of windows, a giant buffer with a stride pixman cannot read in
place, a client hoarding pools and their fds, and connections arriving
with no fd left to take them. Each asserts its bound: the well-behaved
client's longest gap between frames, how long wl_display.sync takes, the
client's own error where a cap stops it, and tack's memory once the
attacker has gone. Figures are printed as TAP comments.

Under a sanitizer every step is many times slower, and ASan's allocator
keeps what tack frees (in its quarantine and caches): there the errors,
survival and a clean exit are checked (LeakSanitizer fails the exit of a
tack that leaked), not the times or the resident memory.

usage: test_exhaustion.py [CASE]...   (all of them by default)
"""

import os
import signal
import subprocess
import sys
import time

from rawclient import INTERFACES, Client
from tacktest import Tack, Tap
import watch
import wire

SANITIZED = bool(os.environ.get("TACK_SANITIZED"))
GAP_LIMIT = 0.100           # seconds between the well-behaved client's frames
SYNC_LIMIT = 0.100          # seconds for wl_display.sync
RSS_SLACK_KIB = 64 * 1024   # what tack may keep once the attacker is gone
RGB888 = 0x34324752

tap = Tap()


class Attacker(Client):
    """A raw client that floods: what it queues is sent as it grows, and a
    tack that stops reading blocks it, as it would any client."""

    def __init__(self, tack):
        super().__init__(tack)
        self.path = os.path.join(tack.runtime_dir, tack.socket)

    def req(self, obj, name, *args):
        self.c.request(obj, name, *args)
        if len(self.c.out) > 1 << 16:
            self.flush()

    def flush(self):
        ok = self.c.flush(600.0)
        for fd in self.fds:
            os.close(fd)
        self.fds = []
        self.c.read(0)
        return ok

    def window(self):
        """A toplevel committed once, before its first configure."""
        s = self.surface()
        xs = self.new("xdg_surface")
        self.req(self.g["xdg_wm_base"], "get_xdg_surface", xs, s)
        self.req(xs, "get_toplevel", self.new("xdg_toplevel"))
        self.req(s, "commit")
        return s, xs

    def map(self, s, xs, buf, w, h):
        """Ack the first configure, then show the buffer."""
        self.ack_configure(xs)
        self.req(s, "attach", buf, 0, 0)
        self.req(s, "damage_buffer", 0, 0, w, h)
        self.req(s, "commit")

    def roundtrip(self, timeout=60.0):
        self.flush()
        return self.c.roundtrip(timeout)


class Scene:
    """tack, weston-simple-shm beside it, and the watches."""

    def __init__(self, tack):
        self.t = tack
        self.client, self.frames = watch.well_behaved_client(tack.env)
        deadline = time.monotonic() + 10
        while self.frames and self.frames.count < 5 and \
                time.monotonic() < deadline:
            time.sleep(0.02)
        self.sync = watch.SyncLatency(INTERFACES, os.path.join(
            tack.runtime_dir, tack.socket))
        time.sleep(0.2)
        self.rss_before = watch.rss_kib(tack.proc.pid)
        self.frames and self.frames.reset()
        self.sync.reset()
        self.rss_peak = self.rss_before

    def sample(self):
        self.rss_peak = max(self.rss_peak, watch.rss_kib(self.t.proc.pid))

    def finish(self):
        """Figures once the attacker has gone and a second has passed."""
        gap = self.frames.gap_now() if self.frames else float("nan")
        sync = self.sync.worst
        time.sleep(1.0)
        self.sample()
        rss_after = watch.rss_kib(self.t.proc.pid)
        self.sync.stop()
        if self.client:
            self.client.kill()
            self.client.wait()
        return {"gap": gap, "sync": sync, "sync_failed": self.sync.failed,
                "rss_before": self.rss_before, "rss_peak": self.rss_peak,
                "rss_after": rss_after}


def report(name, figures, error, want_error, seconds):
    tap.diag("%s: attack %.1f s; longest frame gap %.0f ms; slowest sync "
             "%.0f ms; tack RSS %d MiB before, %d MiB at most, %d MiB after; "
             "the attacker's error: %s" % (
                 name, seconds, figures["gap"] * 1000, figures["sync"] * 1000,
                 figures["rss_before"] // 1024, figures["rss_peak"] // 1024,
                 figures["rss_after"] // 1024, error))
    if want_error is not None:
        tap.ok(error is not None and error[:2] == want_error,
               "%s: the attacker gets %s" % (name, want_error), str(error))
    if not SANITIZED:
        tap.ok(figures["gap"] < GAP_LIMIT,
               "%s: weston-simple-shm never waits %d ms for a frame" % (
                   name, GAP_LIMIT * 1000), "%.0f ms" % (figures["gap"] * 1000))
        tap.ok(figures["sync"] < SYNC_LIMIT and not figures["sync_failed"],
               "%s: wl_display.sync comes back within %d ms" % (
                   name, SYNC_LIMIT * 1000),
               "%.0f ms" % (figures["sync"] * 1000))
        tap.ok(figures["rss_after"] < figures["rss_before"] + RSS_SLACK_KIB,
               "%s: tack's memory goes back once the attacker is gone" % name,
               "%d KiB before, %d after" % (figures["rss_before"],
                                            figures["rss_after"]))


def attack(name, run, want_error, tack_args=(), prlimit=None):
    """Start tack, let run(attacker, scene) attack, and check the bounds."""
    t = Tack(outputs=("1024x768@60",), extra_args=tack_args)
    if prlimit:
        t.argv = ["prlimit", "--nofile=%s" % prlimit, "--"] + t.argv
    with t:
        scene = Scene(t)
        a = Attacker(t)
        start = time.monotonic()
        run(a, scene)
        a.roundtrip()
        error = a.c.error
        a.close()
        seconds = time.monotonic() - start
        figures = scene.finish()
        report(name, figures, error, want_error, seconds)
        tap.ok(t.alive(), "%s: tack survives" % name, t.log()[-2000:])
        # its log, sanitizer reports at exit included, goes with the stop
        t.proc.send_signal(signal.SIGTERM)
        try:
            status = t.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            status = None
        tap.ok(status == 0, "%s: tack exits cleanly at SIGTERM" % name,
               "status %s\n%s" % (status, t.log()[-3000:]))


def deep_sync_nesting(a, scene):
    """A chain of synchronized subsurfaces, as deep as the client can make
    it, each level with a buffer; then a commit at every level, the root
    last, over and over."""
    root, xs = a.window()
    a.map(root, xs, a.buffer(4, 4), 4, 4)
    chain = [root]
    pool = a.pool(4096)
    for _ in range(3000):
        s = a.surface()
        sub = a.new("wl_subsurface")
        a.req(a.g["wl_subcompositor"], "get_subsurface", sub, s, chain[-1])
        # a staircase: every level's box is new to the union of those below
        a.req(sub, "set_position", 1, 1)
        a.req(s, "attach", a.buffer(1, 1, pool=pool), 0, 0)
        chain.append(s)
    for _ in range(20):
        for s in reversed(chain):
            a.req(s, "commit")
        a.flush()
        scene.sample()


def many_subsurfaces(a, scene, count=4000):
    """A staircase of 1x1 subsurfaces under one window, the window then
    committed again and again; then more than a client may have."""
    root, xs = a.window()
    a.map(root, xs, a.buffer(64, 64), 64, 64)
    pool = a.pool(4096)
    buf = a.buffer(1, 1, pool=pool)
    for i in range(count):
        s = a.surface()
        sub = a.new("wl_subsurface")
        a.req(a.g["wl_subcompositor"], "get_subsurface", sub, s, root)
        a.req(sub, "set_position", i % 1000, i // 4)
        a.req(sub, "set_desync")
        a.req(s, "attach", buf, 0, 0)
        a.req(s, "commit")
    a.req(root, "commit")
    a.roundtrip()
    for i in range(100):
        a.req(root, "damage_buffer", 0, 0, 64, 64)
        a.req(root, "commit")
        if i % 10 == 0:
            a.roundtrip()
            scene.sample()
    for _ in range(20000):
        a.surface()
    a.flush()


def many_toplevels(a, scene, count=20000):
    """1x1 windows, mapped one after another, more than a client may have."""
    pool = a.pool(4096)
    buf = a.buffer(1, 1, pool=pool)
    pending = []
    for i in range(count):
        s, xs = a.window()
        pending.append((s, xs))
        if len(pending) == 64 or i == count - 1:
            # configures go out from an idle callback, after the sync
            for _ in range(50):
                a.roundtrip()
                if a.c.error or all(
                        (a.c.last_event.get(xs) or ("",))[0] == "configure"
                        for _, xs in pending):
                    break
            for s, xs in pending:
                ev = a.c.last_event.get(xs)
                if ev and ev[0] == "configure":
                    a.req(xs, "ack_configure", ev[1][0])
                a.req(s, "attach", buf, 0, 0)
                a.req(s, "commit")
            pending = []
            scene.sample()
            if a.c.error:
                return


def windows_of_many_clients(a, scene, clients=5, each=4000):
    """20,000 windows in all, none of the clients over its own quota:
    what every window costs, not the cap, decides the others' frames."""
    others = [Attacker(scene.t) for _ in range(clients - 1)]
    for attacker in [a] + others:
        many_toplevels(attacker, scene, each)
    for attacker in others:
        attacker.roundtrip()
        attacker.close()


def giant_buffer(a, scene):
    """A 16383x21845 RGB888 buffer in a 1 GiB pool, rows 49149 bytes long:
    not a multiple of four, so pixman cannot read it in place."""
    w, h, stride = 16383, 21845, 16383 * 3
    s, xs = a.window()
    a.map(s, xs, a.buffer(w, h, RGB888, stride=stride), w, h)
    for _ in range(20):
        a.req(s, "damage_buffer", 0, 0, w, h)
        a.req(s, "commit")
        a.roundtrip()
        scene.sample()
        time.sleep(0.05)


def fd_hoarding(a, scene):
    """Pools kept open, each an fd in tack, as many as tack's usual soft
    limit of 1024 fds leaves room for; then a new client must still get
    its pool."""
    # leave tack two: one for the late connection, one for its pool
    room = 1024 - len(os.listdir("/proc/%d/fd" % scene.t.proc.pid)) - 2
    for _ in range(room):
        a.pool(4096)
        if len(a.fds) >= 64:
            a.flush()
            if a.c.error:
                break
    a.roundtrip()
    late = Attacker(scene.t)
    late.pool(4096)
    took = late.roundtrip()
    tap.ok(took is not None and late.c.error is None,
           "fd-hoarding: a client that comes later still gets its pool",
           str(late.c.error))
    late.close()


def out_of_fds(a, scene):
    """With no fd left for tack to take a connection with, connections
    keep arriving: tack must wait for fds, not spin, and take them once
    fds are free again."""
    pid = scene.t.proc.pid
    held = len(os.listdir("/proc/%d/fd" % pid))
    # one fd free: the first connection takes it and libwayland needs a
    # second for it, which tack must have kept (or that client is lost)
    limit = held + 1
    # the soft limit only: tack may raise it again without privilege
    subprocess.run(["prlimit", "--pid", str(pid), "--nofile=%d:" % limit],
                   check=True)
    waiting = [wire.Connection(INTERFACES, a.path) for _ in range(8)]
    time.sleep(0.5)
    before = watch.cpu_seconds(pid)
    time.sleep(2.0)
    used = watch.cpu_seconds(pid) - before
    tap.diag("out-of-fds: tack held %d fds, limited to %d; it used %.2f s "
             "of CPU in 2 s while %d connections waited" % (
                 held, limit, used, len(waiting)))
    tap.ok(used < 0.5, "out-of-fds: tack does not spin while no fd is left",
           "%.2f s of CPU in 2 s" % used)
    subprocess.run(["prlimit", "--pid", str(pid), "--nofile=%d:" % (
        limit + 64)], check=True)
    served = sum(conn.roundtrip(timeout=5.0) is not None for conn in waiting)
    tap.ok(served == len(waiting),
           "out-of-fds: the connections that waited are served once fds "
           "are free", "%d of %d" % (served, len(waiting)))
    for conn in waiting:
        conn.close()


# name -> (attack, the attacker's error, tack's args, its fd limit)
CASES = {
    "deep-sync-nesting": (deep_sync_nesting, ("wl_subcompositor", 0)),
    "many-subsurfaces": (many_subsurfaces, ("wl_display", 3)),
    "many-toplevels": (many_toplevels, ("wl_display", 3)),
    "windows-of-many-clients": (windows_of_many_clients, None),
    "giant-buffer": (giant_buffer, None),
    "fd-hoarding": (fd_hoarding, ("wl_display", 3), (), "1024:20000"),
    "out-of-fds": (out_of_fds, None),
}

for name in sys.argv[1:] or CASES:
    fn, want, *rest = CASES[name]
    attack(name, fn, want, *rest)
tap.done()
