"""Harness for integration tests: start the built tack headless, run clients
against it, take screenshots with grim, and report in TAP."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

TACK = os.environ.get("TACK", "tack")
CLIENTS_DIR = os.environ.get("TACK_CLIENTS_DIR", "")
# the suites that run under both renderers say which here
RENDERER = os.environ.get("TACK_RENDERER")
# validation layers' messages seen in any tack's log: each one fails the run
VALIDATION_MESSAGES = []


def client(name):
    """Path of one of our own clients (clients/)."""
    path = os.path.join(CLIENTS_DIR, name)
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(path)
    return path


class Tap:
    """Minimal TAP producer: the plan goes last, which TAP allows."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, cond, name, diag=""):
        self.count += 1
        if cond:
            print("ok %d - %s" % (self.count, name), flush=True)
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.count, name), flush=True)
            for line in str(diag).splitlines() or [""]:
                print("# " + line, flush=True)
            # meson shows stderr of failed tests: say there what failed.
            print("not ok %d - %s" % (self.count, name), file=sys.stderr)
            for line in str(diag).splitlines()[:40]:
                print("# " + line, file=sys.stderr)
            sys.stderr.flush()
        return bool(cond)

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def done(self):
        if RENDERER == "vulkan":
            self.ok(not VALIDATION_MESSAGES,
                    "no Vulkan validation message in any tack's log",
                    "\n".join(VALIDATION_MESSAGES[:20]))
        print("1..%d" % self.count, flush=True)
        sys.exit(1 if self.failed or self.count == 0 else 0)


class Tack:
    """A tack server on its own socket and XDG_RUNTIME_DIR."""

    _serial = 0
    start_timeout = 10

    def __init__(self, outputs=("1024x768@60",), test_input=False,
                 extra_args=(), command=None):
        Tack._serial += 1
        self.runtime_dir = tempfile.mkdtemp(prefix="tack-test-")
        os.chmod(self.runtime_dir, 0o700)
        self.socket = "tack-%d-%d" % (os.getpid(), Tack._serial)
        self.argv = [TACK, "--backend=headless", "--socket", self.socket]
        if RENDERER:
            self.argv.append("--renderer=" + RENDERER)
        for spec in outputs:
            self.argv += ["--output", spec]
        if test_input:
            self.argv.append("--test-input")
        self.argv += list(extra_args)
        if command:
            self.argv += ["--"] + list(command)
        self.env = dict(os.environ)
        self.env["XDG_RUNTIME_DIR"] = self.runtime_dir
        self.env["WAYLAND_DISPLAY"] = self.socket
        self.env.pop("DISPLAY", None)
        self.logpath = os.path.join(self.runtime_dir, "tack.log")
        self.proc = None
        self.children = []

    def start(self, wait=True):
        self.logfile = open(self.logpath, "w")
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.PIPE,
                                     stderr=self.logfile, text=True)
        if wait:
            sock = os.path.join(self.runtime_dir, self.socket)
            deadline = time.monotonic() + self.start_timeout
            while not os.path.exists(sock):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("tack did not start:\n" + self.log())
                time.sleep(0.02)
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def log(self):
        try:
            with open(self.logpath) as f:
                return f.read()
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def run(self, argv, timeout=10, **kw):
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.STDOUT)
        return subprocess.run(argv, env=kw.pop("env", self.env), timeout=timeout,
                              text=True, **kw)

    def spawn(self, argv, **kw):
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        p = subprocess.Popen(argv, env=kw.pop("env", self.env), text=True, **kw)
        self.children.append(p)
        return p

    def stop(self):
        for p in self.children:
            if p.poll() is None:
                p.kill()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        status = None
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            try:
                status = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                status = self.proc.wait()
            self.logfile.close()
            VALIDATION_MESSAGES.extend(
                line for line in self.log().splitlines()
                if "vulkan: validation:" in line)
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
        return status


def _line_queue(proc):
    """A queue that a reader thread fills with proc's stdout lines. Lines
    already in the pipe's buffer are seen, which select() cannot promise."""
    q = getattr(proc, "_tack_lines", None)
    if q is None:
        q = queue.Queue()

        def pump():
            for line in proc.stdout:
                q.put(line)
            q.put(None)

        threading.Thread(target=pump, daemon=True).start()
        proc._tack_lines = q
    return q


def wait_for_line(proc, predicate, timeout=10):
    """Read proc's stdout until a line satisfies predicate; return it or None
    (at the end of the output, or after timeout seconds)."""
    q = _line_queue(proc)
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            line = q.get(timeout=left)
        except queue.Empty:
            return None
        if line is None:
            q.put(None)
            return None
        if predicate(line):
            return line


def read_line(proc, prefix, timeout=20):
    """The next line of proc that starts with prefix, stripped; None if none."""
    line = wait_for_line(proc, lambda l: l.startswith(prefix), timeout)
    return line.strip() if line is not None else None


def parse_ppm(data):
    """(width, height, rgb bytes) of a binary P6 image."""
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError("not an 8-bit P6 image")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h * 3]


def screenshot(tack, output=None, geometry=None, timeout=10):
    """Take a screenshot through grim; returns (width, height, rgb bytes)."""
    argv = ["grim", "-t", "ppm"]
    if output:
        argv += ["-o", output]
    if geometry:
        argv += ["-g", geometry]
    argv.append("-")
    res = subprocess.run(argv, env=tack.env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError("grim failed: " + res.stderr.decode(errors="replace"))
    return parse_ppm(res.stdout)


def pixel(image, x, y):
    w, h, rgb = image
    i = (y * w + x) * 3
    return tuple(rgb[i:i + 3])
