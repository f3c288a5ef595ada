"""What the seat and data device tests share: a probe whose event lines can
be awaited in order, and input injection through tack-inject."""

import threading
import time

from tacktest import client


class Probe:
    """A running tack-input-probe; its stdout lines are collected as they come."""

    def __init__(self, tack, *args):
        self.proc = tack.spawn([client("tack-input-probe")] + list(args))
        self.lines = []
        self.pos = 0
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.lines.append(None)
            self.cond.notify_all()

    def wait(self, want, timeout=5):
        """The first line from the current position that starts with want
        (or satisfies it, if callable); the position moves past it."""
        test = want if callable(want) else (lambda l: l.startswith(want))
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                while self.pos < len(self.lines):
                    line = self.lines[self.pos]
                    self.pos += 1
                    if line is None:
                        self.pos -= 1
                        return None
                    if test(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def settle(self, quiet=0.3):
        """Wait until no line came for quiet seconds; return the new lines."""
        with self.cond:
            while self.cond.wait(quiet):
                pass
            new = [l for l in self.lines[self.pos:] if l is not None]
            self.pos = len(self.lines) - (1 if self.lines and
                                          self.lines[-1] is None else 0)
            return new

    def history(self):
        with self.cond:
            return "\n".join(l for l in self.lines if l is not None)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=5)


def inject(tack, *args):
    """Run tack-inject with the words given; True when tack handled them."""
    res = tack.run([client("tack-inject")] + [str(a) for a in args])
    if res.returncode != 0:
        print("# tack-inject %s: %s" % (" ".join(map(str, args)),
                                       res.stdout.strip()), flush=True)
    return res.returncode == 0


def floats(line, count):
    """The last count words of an event line as floats."""
    return [float(w) for w in line.split()[-count:]]


def locate(tack, probe, x, y):
    """Move the pointer to x, y, which must be over the probe; the layout
    position of the probe's surface origin, or None. The layout's corner
    must be bare: the pointer goes there first so the probe sees an enter."""
    if not inject(tack, "motion", 0, 0):
        return None
    probe.settle(0.2)
    if not inject(tack, "motion", x, y):
        return None
    line = probe.wait("pointer enter")
    if not line:
        return None
    sx, sy = floats(line, 2)
    return x - sx, y - sy
