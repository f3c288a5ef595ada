#!/usr/bin/env python3
"""tack's wire-level fuzzer.

It starts tack headless (with the test input protocol), a well-behaved
client beside it (weston-simple-shm), and then many short client sessions.
Each session binds every global tack offers, as the protocol XML files
describe them (wayland.xml, wayland-protocols, protocol/: a new protocol is
fuzzed the day it lands), builds deep state with valid requests (pools and
buffers, mapped toplevels, popups, subsurface trees, viewports,
screencopy, drags through test input), and then sends requests of the
XML's own shapes with mutated arguments, real fds of every kind, bogus and
destroyed ids, corrupted and truncated messages, and hangs up anyhow.

After each batch it checks that tack is alive, answers wl_display.sync
within a second, and that the well-behaved client still gets frames. A
seed makes every run the same; a finding prints the command that replays
its session alone.

usage: wlfuzz.py TACK [--sessions N] [--seed S] [--requests N]
                 [--batch N] [--only SESSION] [--tack-arg ARG]...
exit status: 0 with nothing found, 1 with a finding, 2 when it cannot run
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import watch  # noqa: E402
import wire  # noqa: E402

PROTOCOL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "..", "protocol")

INTS = [0, 1, -1, 2, -2, 3, 8, 31, 32, 64, 255, 256, 4095, 4096, 65535,
        65536, 1 << 20, 1 << 24, 1 << 29, 1 << 30, (1 << 31) - 1,
        (1 << 31) - 2, -(1 << 31), -(1 << 31) + 1, -(1 << 30), -4096,
        -65536]
UINTS = [0, 1, 2, 3, 4, 5, 8, 15, 16, 255, 0x7fffffff, 0x80000000,
         0xfffffffe, 0xffffffff, 0x34325258, 0x34325241]
XRGB8888 = 1
ARGB8888 = 0

# requests between reads of what came back
READ_EVERY = 16
# the longest the well-behaved client may go without a frame (a sanitized
# tack is slow, but not that slow); its first frame may take longer
CLIENT_GAP_LIMIT = 1.0
CLIENT_START_LIMIT = 10.0
# objects the compositor destroys when it likes: a session that named them
# would not replay the same
TRANSIENT = ("wl_callback", "wp_presentation_feedback")
# Globals a fuzzing session leaves alone, and why. A session lock outlives
# its client by design (a dead locker leaves the session locked), so it
# would hide the well-behaved client whose frames show that tack is alive;
# integration-session-lock tests it instead.
UNFUZZED = ("ext_session_lock_manager_v1",)


class Fds:
    """Real fds of every kind a client can pass; closed after sending."""

    def __init__(self, rng):
        self.rng = rng
        self.open = []

    def memfd(self, size, seal=False):
        flags = os.MFD_CLOEXEC | (os.MFD_ALLOW_SEALING if seal else 0)
        fd = os.memfd_create("wlfuzz", flags)
        os.ftruncate(fd, size)
        if seal:
            import fcntl
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK)
        self.open.append(fd)
        return fd

    def any(self):
        r = self.rng.random()
        if r < 0.55:
            return self.memfd(self.rng.choice([0, 1, 4096, 65536, 1 << 20,
                                               1 << 31]),
                              seal=self.rng.random() < 0.3)
        if r < 0.7:
            fd = os.open("/dev/null", os.O_RDWR | os.O_CLOEXEC)
        elif r < 0.85:
            rd, wr = os.pipe()
            self.open.append(wr)
            fd = self.rng.choice([rd, wr])
            if fd == wr:
                self.open.remove(wr)
                self.open.append(rd)
        else:
            a, b = socket.socketpair()
            fd = a.detach()
            self.open.append(b.detach())
        self.open.append(fd)
        return fd

    def close(self):
        for fd in self.open:
            try:
                os.close(fd)
            except OSError:
                pass
        self.open = []


class Session:
    """One client: builds state, then mutates; stops at its first error."""

    def __init__(self, conn, rng, n_requests):
        self.c = conn
        self.rng = rng
        self.n = n_requests
        self.fds = Fds(rng)
        self.g = {}
        self.surfaces = []
        self.xdg = []
        self.buffers = []
        self.output = None

    # --- helpers ---

    def req(self, obj, name, *args):
        if obj is None or obj not in self.c.created:
            return None
        self.c.request(obj, name, *args)
        if self.c.sent_requests % READ_EVERY == 0:
            self.pump()
        return True

    def pump(self, timeout=0.0):
        # a tack that stops reading for seconds is a finding of its own
        if not self.c.flush(5.0):
            return False
        self.fds.close()
        return self.c.read(timeout) and not self.c.error

    def ack_configure(self, xs):
        """The configure comes from an idle callback: wait for it."""
        for _ in range(50):
            if not self.roundtrip():
                return
            ev = self.c.last_event.get(xs)
            if ev and ev[0] == "configure":
                self.req(xs, "ack_configure", ev[1][0])
                return
            time.sleep(0.002)

    def roundtrip(self):
        ok = self.c.flush(5.0)
        self.fds.close()
        return ok and self.c.roundtrip(1.0) is not None

    def alive(self):
        return not self.c.error and not self.c.closed

    def new(self, iface, version=None):
        if version is None:
            version = self.c.interfaces[iface].version
        return self.c.new_id(iface, version)

    def bind_all(self, reg):
        for name, (iface, version) in sorted(self.c.globals.items()):
            if iface in self.c.interfaces and iface not in UNFUZZED:
                self.g.setdefault(iface, self.c.bind(reg, iface))
        self.output = self.g.get("wl_output")

    # --- deep state ---

    def coord(self):
        """Mostly a place on or near the output, at times an extreme."""
        if self.rng.random() < 0.2:
            return self.rng.choice(INTS)
        return self.rng.randrange(-100, 800)

    def size(self):
        if self.rng.random() < 0.2:
            return self.rng.choice(INTS)
        return self.rng.randrange(1, 400)

    def pool_and_buffer(self, w, h, fmt=XRGB8888):
        size = w * h * 4
        fd = self.fds.memfd(size, seal=self.rng.random() < 0.5)
        pool = self.new("wl_shm_pool", 1)
        self.req(self.g.get("wl_shm"), "create_pool", pool, fd, size)
        buf = self.new("wl_buffer", 1)
        self.req(pool, "create_buffer", buf, 0, w, h, w * 4, fmt)
        self.buffers.append(buf)
        return pool, buf

    def surface(self):
        s = self.new("wl_surface")
        self.req(self.g.get("wl_compositor"), "create_surface", s)
        self.surfaces.append(s)
        return s

    def toplevel(self, w=64, h=48):
        s = self.surface()
        xs = self.new("xdg_surface")
        self.req(self.g.get("xdg_wm_base"), "get_xdg_surface", xs, s)
        tl = self.new("xdg_toplevel")
        self.req(xs, "get_toplevel", tl)
        self.req(s, "commit")
        self.ack_configure(xs)
        _, buf = self.pool_and_buffer(w, h, self.rng.choice([XRGB8888,
                                                             ARGB8888]))
        self.req(s, "attach", buf, 0, 0)
        self.req(s, "damage_buffer", 0, 0, w, h)
        self.req(s, "commit")
        self.xdg.append(xs)
        return s, xs, tl

    def subsurfaces(self, parent, count):
        for _ in range(count):
            s = self.surface()
            sub = self.new("wl_subsurface")
            self.req(self.g.get("wl_subcompositor"), "get_subsurface", sub,
                     s, parent)
            self.req(sub, "set_position", self.coord(), self.coord())
            if self.rng.random() < 0.5:
                self.req(sub, "set_desync")
            _, buf = self.pool_and_buffer(8, 8)
            self.req(s, "attach", buf, 0, 0)
            self.req(s, "commit")
            parent = s if self.rng.random() < 0.5 else parent
        self.req(parent, "commit")

    def popup(self, parent_xs):
        pos = self.new("xdg_positioner")
        self.req(self.g.get("xdg_wm_base"), "create_positioner", pos)
        self.req(pos, "set_size", self.size(), self.size())
        self.req(pos, "set_anchor_rect", self.coord(), self.coord(),
                 self.size(), self.size())
        self.req(pos, "set_offset", self.coord(), self.coord())
        self.req(pos, "set_constraint_adjustment", self.rng.randrange(64))
        s = self.surface()
        xs = self.new("xdg_surface")
        self.req(self.g.get("xdg_wm_base"), "get_xdg_surface", xs, s)
        pop = self.new("xdg_popup")
        self.req(xs, "get_popup", pop, parent_xs, pos)
        self.req(s, "commit")
        self.xdg.append(xs)

    def viewport(self, s):
        vp = self.new("wp_viewport")
        self.req(self.g.get("wp_viewporter"), "get_viewport", vp, s)
        self.req(vp, "set_destination", self.size(), self.size())
        self.req(vp, "set_source", 0, 0, 256 * self.rng.choice([1, 8, 64]),
                 256 * self.rng.choice([1, 8, 64]))
        self.req(s, "commit")

    def screencopy(self):
        if not self.output:
            return
        frame = self.new("zwlr_screencopy_frame_v1")
        self.req(self.g.get("zwlr_screencopy_manager_v1"),
                 "capture_output_region", frame, 1, self.output,
                 self.coord(), self.coord(), self.size(), self.size())
        self.roundtrip()
        _, buf = self.pool_and_buffer(16, 16)
        self.req(frame, self.rng.choice(["copy", "copy_with_damage"]), buf)

    def input_and_drag(self, origin):
        ti = self.g.get("tack_test_input_v1")
        seat = self.g.get("wl_seat")
        if not ti or not seat:
            return
        self.req(ti, "add_devices", 7)
        ptr = self.new("wl_pointer")
        self.req(seat, "get_pointer", ptr)
        self.req(ti, "pointer_motion_absolute", self.rng.randrange(-50, 700),
                 self.rng.randrange(-50, 500))
        self.req(ti, "pointer_button", 272, 1)
        self.roundtrip()
        ddm = self.g.get("wl_data_device_manager")
        if ddm:
            src = self.new("wl_data_source")
            self.req(ddm, "create_data_source", src)
            self.req(src, "offer", "text/plain")
            dd = self.new("wl_data_device")
            self.req(ddm, "get_data_device", dd, seat)
            icon = self.surface() if self.rng.random() < 0.5 else 0
            self.req(dd, "start_drag", src, origin, icon,
                     self.c.last_serial)
        self.req(ti, "pointer_motion_absolute", self.rng.randrange(700),
                 self.rng.randrange(500))
        if self.rng.random() < 0.5:
            self.req(ti, "pointer_button", 272, 0)
        if self.rng.random() < 0.3:
            self.req(ti, "remove_devices", self.rng.randrange(8))

    def build(self):
        """Valid requests that reach deep state, in a random mix."""
        steps = self.rng.sample(["toplevel", "subsurfaces", "popup",
                                 "viewport", "screencopy", "input"],
                                self.rng.randrange(1, 7))
        s, xs, _ = self.toplevel(self.rng.choice([1, 16, 64, 200]),
                                 self.rng.choice([1, 16, 48, 150]))
        for step in steps:
            if not self.alive():
                return
            if step == "toplevel":
                s, xs, _ = self.toplevel()
            elif step == "subsurfaces":
                self.subsurfaces(s, self.rng.randrange(1, 12))
            elif step == "popup":
                self.popup(xs)
            elif step == "viewport":
                self.viewport(s)
            elif step == "screencopy":
                self.screencopy()
            elif step == "input":
                self.input_and_drag(s)

    # --- mutation ---

    def value(self, typ, iface, allow_null, enum, owner_version):
        rng = self.rng
        if typ == "int":
            return rng.choice(INTS) if rng.random() < 0.7 else \
                rng.randrange(-(1 << 31), 1 << 31)
        if typ == "uint":
            if enum and rng.random() < 0.6:
                values = self.enum_values(enum)
                if values:
                    v = rng.choice(values)
                    return v | (rng.choice(values) if rng.random() < 0.3
                                else 0)
            return rng.choice(UINTS) if rng.random() < 0.7 else \
                rng.randrange(1 << 32)
        if typ == "fixed":
            return rng.choice(INTS) if rng.random() < 0.5 else \
                rng.choice(INTS[:20]) * 256
        if typ == "string":
            if allow_null and rng.random() < 0.2:
                return None
            return rng.choice(["", "text/plain", "x" * rng.randrange(300),
                               "\u00e9\u00e8", "wl_compositor"])
        if typ == "array":
            return bytes(rng.randrange(256)
                         for _ in range(rng.choice([0, 1, 4, 16, 64])))
        if typ == "fd":
            return self.fds.any()
        if typ == "object":
            return self.object_arg(iface, allow_null)
        if typ == "new_id":
            if iface is None:
                if not self.c.globals:
                    return ("wl_compositor", 1, self.new("wl_compositor", 1))
                name, (gi, gv) = rng.choice(list(self.c.globals.items()))
                if gi not in self.c.interfaces or gi in UNFUZZED:
                    gi = "wl_compositor"
                v = rng.choice([1, gv, gv + 1])
                return (gi, v, self.new(gi, v))
            if iface not in self.c.interfaces:
                return self.c.next_id
            return self.new(iface, owner_version)
        return 0

    def enum_values(self, enum):
        if "." in enum:
            iname, ename = enum.split(".", 1)
        else:
            iname, ename = None, enum
        for name, i in self.c.interfaces.items():
            if (iname is None or name == iname) and ename in i.enums:
                return i.enums[ename]
        return []

    def object_arg(self, iface, allow_null):
        rng = self.rng
        r = rng.random()
        if r < 0.1 and allow_null:
            return 0
        if r < 0.15:
            return rng.choice([0, 1, 0xffffff, 0xff000000,
                               self.c.next_id + 5])
        mine = [(o, i) for o, (i, _) in sorted(self.c.created.items())
                if i not in TRANSIENT]
        candidates = [o for o, i in mine if iface is None or i == iface]
        if r < 0.2 or not candidates:
            candidates = [o for o, _ in mine]
        return rng.choice(candidates)

    def mutate_one(self):
        rng = self.rng
        live = [(o, i, v) for o, (i, v) in sorted(self.c.created.items())
                if i in self.c.interfaces and
                self.c.interfaces[i].requests]
        if not live:
            return False
        obj, iname, version = rng.choice(live)
        iface = self.c.interfaces[iname]
        msgs = [m for m in iface.requests if m.since <= version]
        if not msgs:
            return False
        msg = rng.choice(msgs)
        # destroying what the session builds on ends it early: rarely
        if msg.destructor and rng.random() < 0.7:
            return True
        values = [self.value(t, i, n, e, version)
                  for (_, t, i, n, e) in msg.args]
        data, fds = self.c.encode(obj, msg, values)
        self.c.send_raw(data, fds)
        self.c.sent_requests += 1
        if msg.destructor:
            self.c.objects.pop(obj, None)
            self.c.created.pop(obj, None)
        return True

    def corrupt(self):
        """Bytes no library would send: a bad size, a truncated body."""
        rng = self.rng
        obj = rng.choice(sorted(self.c.created))
        kind = rng.randrange(4)
        if kind == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        elif kind == 1:
            size = rng.choice([0, 4, 7, 9, 0xfffc])
            data = (obj).to_bytes(4, "little") + \
                ((size << 16) | rng.randrange(16)).to_bytes(4, "little")
        elif kind == 2:
            data = (obj).to_bytes(4, "little") + \
                ((64 << 16) | rng.randrange(16)).to_bytes(4, "little") + \
                b"\xff" * rng.randrange(0, 56)
        else:
            data = (rng.randrange(1 << 32)).to_bytes(4, "little") + \
                ((8 << 16) | rng.randrange(1 << 16)).to_bytes(4, "little")
        self.c.send_raw(data)

    def run(self):
        reg = self.c.registry()
        self.bind_all(reg)
        if self.rng.random() < 0.9:
            self.build()
        for i in range(self.n):
            if not self.alive():
                break
            if self.rng.random() < 0.01:
                self.corrupt()
            else:
                self.mutate_one()
            if i % READ_EVERY == 0 and not self.pump():
                break
        # a hostile disconnect: mid-message at times
        if self.alive() and self.rng.random() < 0.2:
            self.c.send_raw(b"\x01\x00\x00\x00\x40\x00")
        self.c.flush(5.0)
        self.pump(0.01)
        self.fds.close()
        self.c.close()
        self.ended = self.c.error
        return self.c.sent_requests


class Target:
    """tack, headless, with a well-behaved client beside it."""

    def __init__(self, tack, extra_args):
        self.dir = tempfile.mkdtemp(prefix="wlfuzz-")
        os.chmod(self.dir, 0o700)
        self.env = dict(os.environ, XDG_RUNTIME_DIR=self.dir,
                        WAYLAND_DISPLAY="wlfuzz-0")
        # a sanitizer's first report ends tack, so that it is found
        self.env.setdefault("UBSAN_OPTIONS",
                            "halt_on_error=1:print_stacktrace=1")
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        self.env.pop("DISPLAY", None)
        self.log_path = os.path.join(self.dir, "tack.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [tack, "--backend=headless", "--test-input", "--socket",
             "wlfuzz-0", "--output", "640x480@60"] + list(extra_args),
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log)
        sock = os.path.join(self.dir, "wlfuzz-0")
        deadline = time.monotonic() + 30
        while not os.path.exists(sock):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("tack did not start:\n" + self.tail())
            time.sleep(0.05)
        self.interfaces = wire.load_interfaces(
            wire.protocol_files([PROTOCOL_DIR]))
        self.monitor = wire.Connection(self.interfaces,
                                       os.path.join(self.dir, "wlfuzz-0"))
        self.client, self.frames = watch.well_behaved_client(self.env)
        self.client_started = time.monotonic()

    def tail(self, n=4000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-n:]

    def check(self):
        """None when all is well, else what is wrong."""
        if self.proc.poll() is not None:
            return "tack exited with status %s" % self.proc.returncode
        latency = self.monitor.roundtrip(timeout=1.0)
        if latency is None:
            return "wl_display.sync unanswered for a second"
        return None

    def check_client(self):
        """None while the well-behaved client is drawing, else what is
        wrong: it died, or no frame came for a second."""
        if not self.client:
            return None
        if self.client.poll() is not None:
            return "weston-simple-shm exited with status %s" % (
                self.client.returncode)
        if self.frames.count == 0:
            waited = time.monotonic() - self.client_started
            if waited > CLIENT_START_LIMIT:
                return "weston-simple-shm got no frame in %.0f s" % waited
            return None
        gap = self.frames.gap_now()
        if gap > CLIENT_GAP_LIMIT:
            return "weston-simple-shm got no frame for %.1f s" % gap
        return None

    def stop(self):
        if self.client and self.client.poll() is None:
            self.client.kill()
            self.client.wait()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.monitor.close()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode


def session_seed(seed, index):
    return seed * 1000003 + index


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tack")
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=60,
                    help="mutated requests per session")
    ap.add_argument("--batch", type=int, default=25,
                    help="sessions between checks")
    ap.add_argument("--only", type=int, default=None,
                    help="replay one session of the seed")
    ap.add_argument("--tack-arg", action="append", default=[])
    args = ap.parse_args()

    try:
        target = Target(args.tack, args.tack_arg)
    except (OSError, RuntimeError) as e:
        print("wlfuzz: cannot start: %s" % e, file=sys.stderr)
        return 2
    indices = [args.only] if args.only is not None else range(args.sessions)
    sent = done = 0
    endings = {}
    finding = None
    start = time.monotonic()
    for k, index in enumerate(indices):
        rng = random.Random(session_seed(args.seed, index))
        try:
            conn = wire.Connection(target.interfaces,
                                   os.path.join(target.dir, "wlfuzz-0"))
            session = Session(conn, rng, args.requests)
            sent += session.run()
            # the next session starts once tack has seen this one go
            target.monitor.roundtrip(timeout=5.0)
            target.monitor.roundtrip(timeout=5.0)
            why = session.ended[:2] if session.ended else ("none", "")
            if os.environ.get("WLFUZZ_DEBUG") and session.ended:
                print("session %d: %s" % (index, session.ended))
            endings[why] = endings.get(why, 0) + 1
        except (OSError, wire.ProtocolError) as e:
            if target.proc.poll() is None:
                finding = "session %d: the connection failed: %s" % (index, e)
        done += 1
        if not finding and ((k + 1) % args.batch == 0 or
                            k + 1 == len(indices)):
            finding = target.check()
            if not finding:
                finding = target.check_client()
        if finding:
            finding = "%s (after session %d)" % (finding, index)
            break
    worst = target.frames.worst_gap if target.frames else float("nan")
    frames = target.frames.count if target.frames else 0
    if finding:
        time.sleep(0.5)
        log = target.tail()
    status = target.stop()
    if not finding and status not in (0, None):
        finding = "tack's exit status %s at SIGTERM" % status
    elapsed = time.monotonic() - start
    # TAP, for the test run: one line says it all
    print("1..1")
    print("# seed %d: %d sessions, %d requests in %.1f s; weston-simple-shm: "
          "%d frames, longest gap %.0f ms; tack's exit status %s" % (
              args.seed, done, sent, elapsed, frames, worst * 1000, status))
    common = sorted(endings.items(), key=lambda e: -e[1])[:8]
    print("# sessions ended by: " + ", ".join(
        "%s %s: %d" % (k[0], k[1], n) for k, n in common))
    if not finding:
        print("ok 1 - %d sessions fuzzed: tack alive, answering, drawing the "
              "others" % done)
        return 0
    print("not ok 1 - FOUND: %s" % finding)
    command = "%s %s %s --seed %d --requests %d" % (
        sys.executable, os.path.abspath(__file__), args.tack, args.seed,
        args.requests)
    print("# replay: %s --sessions %d" % (command, index + 1))
    print("# that session alone (tack's state may differ): %s --only %d" % (
        command, index))
    for line in log.splitlines()[-60:]:
        print("# | " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
