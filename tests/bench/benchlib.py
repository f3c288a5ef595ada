"""What both benchmarks share: a compositor under measure, started on a
private socket and runtime directory, its log kept."""

import os
import signal
import subprocess
import tempfile
import time


class Compositor:
    """Subclasses say what to run (argv()) and whether its stderr is the
    log (stderr_is_log: weston writes its own with --log)."""

    stderr_is_log = True

    def __init__(self, kind, mode):
        self.kind, self.mode = kind, mode
        self.runtime = tempfile.mkdtemp(prefix="bench-")
        os.chmod(self.runtime, 0o700)
        self.socket = "bench-" + kind
        self.env = dict(os.environ, XDG_RUNTIME_DIR=self.runtime,
                        WAYLAND_DISPLAY=self.socket)
        self.env.pop("DISPLAY", None)
        self.log = os.path.join(self.runtime, "log")
        self.proc = None

    def argv(self):
        raise NotImplementedError

    def __enter__(self):
        argv = self.argv()
        out = open(self.log, "a") if self.stderr_is_log \
            else subprocess.DEVNULL
        self.proc = subprocess.Popen(argv, env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=out)
        sock = os.path.join(self.runtime, self.socket)
        deadline = time.monotonic() + 60
        while not os.path.exists(sock):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("%s did not start" % self.kind)
            time.sleep(0.1)
        time.sleep(2)
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return False

    def text_log(self):
        try:
            with open(self.log) as f:
                return f.read()
        except OSError:
            return ""
