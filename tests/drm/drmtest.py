"""tack on the DRM backend in the test guest: start it on vkms through
seatd, read what it says it did (its exit summary), and compare what the
display showed (writeback, through grim) with what clients drew."""

import re
import signal
import subprocess
import time

from tacktest import Tack, client, screenshot, wait_for_line

BACKGROUND = (0x20, 0x24, 0x2c)


class GuestTack(Tack):
    """tack headless in the guest, where a start under TCG and a loaded
    host can take many seconds more than the integration tests allow
    (on DRM, probing the card's planes takes TEST_ONLY commits too)."""

    start_timeout = 60


class DrmTack(GuestTack):
    """tack --backend=drm on the guest's vkms card."""

    def __init__(self, extra_args=(), command=None):
        super().__init__(outputs=(), extra_args=extra_args, command=command)
        self.argv[1] = "--backend=drm"
        self.summary = None
        self.final_log = None

    def start(self, wait=True):
        super().start(wait)
        # the first frame is programmed once the socket is up
        time.sleep(0.5)
        return self

    def stop(self):
        # the log goes with the runtime directory: keep it, with its summary
        for p in self.children:
            if p.poll() is None:
                p.kill()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.final_log = self.log()
        self.summary = Summary(self.final_log)
        return super().stop()

    def log(self):
        return self.final_log if self.final_log is not None else super().log()


class Summary:
    """What tack's exit summary says: zero-copy surface frames, and
    composited ones per fallback reason."""

    def __init__(self, log):
        self.log = log
        m = re.search(r"summary drm: (\d+) surface frames scanned out "
                      r"zero-copy; composited:(.*)", log)
        self.found = m is not None
        self.zero_copy = int(m.group(1)) if m else 0
        self.fallbacks = {}
        if m:
            for name, count in re.findall(r"(\S+)=(\d+)", m.group(2)):
                self.fallbacks[name] = int(count)
        m = re.search(r"summary imports: (\d+) imports \(([^)]*)\), "
                      r"(\d+) dropped", log)
        self.imports = int(m.group(1)) if m else 0
        # objects made by each importer: userptr, udmabuf
        self.by_importer = dict((k, int(v)) for k, v in re.findall(
            r"([a-z]+)=(\d+)", m.group(2))) if m else {}
        self.remap_drops = int(m.group(3)) if m else 0

    def composited(self, reason=None):
        if reason is None:
            return sum(self.fallbacks.values())
        return self.fallbacks.get(reason, 0)

    def __str__(self):
        return "zero-copy %d, composited %s, imports %s" % (
            self.zero_copy, self.fallbacks, self.by_importer)


def spawn_ready(t, argv, timeout=20):
    """Start a client of ours that prints "ready"; None if it did not."""
    p = t.spawn(argv)
    if wait_for_line(p, lambda line: line.strip() == "ready",
                     timeout) is None:
        p.kill()
        return None
    return p


UINPUT_SEEN = "input: tack-uinput ( keyboard pointer)"


def uinput(t, *script, timeout=60):
    """tack-uinput running script once tack has opened its device (a fixed
    wait is too short on a loaded machine); None if tack never did."""
    seen = t.log().count(UINPUT_SEEN)
    dev = t.spawn([client("tack-uinput"), "line"] + list(script),
                  stdin=subprocess.PIPE)
    if not wait_log(t, UINPUT_SEEN, seen + 1, timeout, proc=dev):
        dev.kill()
        return None
    dev.stdin.write("\n")
    dev.stdin.flush()
    return dev


def finish(dev, timeout=60):
    """Waits for a uinput script, giving it the line its last "line" waits
    for: (exit status, what it printed)."""
    if dev is None:
        return None, "tack never opened the uinput device"
    try:
        out, err = dev.communicate(input="\n", timeout=timeout)
    except subprocess.TimeoutExpired:
        dev.kill()
        return None, "tack-uinput did not finish"
    return dev.returncode, out + err


def pattern(t, w, h, *args):
    return spawn_ready(t, [client("tack-pattern"), "--size", "%dx%d" % (w, h)]
                       + list(args))


def settle(seconds=1.0):
    """Let frames flip; the guest runs without hardware acceleration."""
    time.sleep(seconds)


def shot(t):
    return screenshot(t, timeout=60)


def until(read, good, timeout, pause):
    """read() again every pause seconds until good() holds of what it
    returned, or the timeout passes; the last value either way."""
    deadline = time.monotonic() + timeout
    value = read()
    while not good(value) and time.monotonic() < deadline:
        settle(pause)
        value = read()
    return value


def shot_until(t, drawn, timeout=40):
    """Screenshots until drawn(image) holds, for clients whose first frames
    take a while under TCG; the last image either way."""
    return until(lambda: shot(t), drawn, timeout, 1)


def wait_log(t, text, count=1, timeout=30, proc=None):
    """Waits until tack's log says text count times; whether it did. With
    proc, gives up as soon as that process has ended."""
    deadline = time.monotonic() + timeout
    while t.log().count(text) < count:
        if time.monotonic() > deadline or (proc and proc.poll() is not None):
            return False
        time.sleep(0.1)
    return True


def headless_shot(scene, size="1024x768"):
    """The same scene on the headless backend, composited by pixman alone:
    scene(t) starts the clients and returns them."""
    with GuestTack(outputs=(size + "@60",)) as t:
        procs = scene(t)
        settle(0.5)
        image = screenshot(t)
        for p in procs:
            p.kill()
        return image


def differences(a, b, limit=6):
    """Pixels that differ between two images, and a few of them."""
    aw, ah, argb = a
    bw, bh, brgb = b
    if (aw, ah) != (bw, bh):
        return -1, ["sizes %dx%d and %dx%d" % (aw, ah, bw, bh)]
    bad = 0
    notes = []
    for i in range(0, len(argb), 3):
        if argb[i:i + 3] != brgb[i:i + 3]:
            bad += 1
            if len(notes) < limit:
                p = i // 3
                notes.append("%d,%d: %s vs %s" % (p % aw, p // aw,
                             argb[i:i + 3].hex(), brgb[i:i + 3].hex()))
    return bad, notes


def chvt(n):
    return subprocess.run(["busybox", "chvt", str(n)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=10)
