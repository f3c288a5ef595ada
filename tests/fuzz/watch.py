"""What a hostile client costs the others: a well-behaved client's frames
(weston-simple-shm, from its own debug log), how long wl_display.sync takes
to come back, and the compositor's memory and CPU time."""

import os
import shutil
import subprocess
import threading
import time

import wire


class Frames:
    """Frames a client got: its frame callbacks' done events, as
    WAYLAND_DEBUG=client prints them, timed as they are read."""

    def __init__(self, proc):
        self.count = 0
        self.last = None
        self.worst_gap = 0.0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stderr:
            if "wl_callback" in line and ".done(" in line:
                now = time.monotonic()
                with self.lock:
                    if self.last is not None:
                        self.worst_gap = max(self.worst_gap, now - self.last)
                    self.count += 1
                    self.last = now

    def reset(self):
        """From now on: the worst gap of what follows."""
        with self.lock:
            self.worst_gap = 0.0
            self.last = time.monotonic() if self.count else None

    def gap_now(self):
        """The worst gap so far, the current one (since the last frame)
        included."""
        with self.lock:
            current = time.monotonic() - self.last if self.last else 0.0
            return max(self.worst_gap, current)


def well_behaved_client(env):
    """weston-simple-shm drawing every frame, and its Frames; (None, None)
    where it is not installed."""
    if not shutil.which("weston-simple-shm"):
        return None, None
    proc = subprocess.Popen(["weston-simple-shm"],
                            env=dict(env, WAYLAND_DEBUG="client"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, errors="replace")
    return proc, Frames(proc)


class SyncLatency:
    """wl_display.sync round trips on a connection of its own, every
    interval; the slowest since reset()."""

    def __init__(self, interfaces, path, interval=0.02):
        self.conn = wire.Connection(interfaces, path)
        self.interval = interval
        self.worst = 0.0
        self.failed = False
        self.stop_flag = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop_flag:
            took = self.conn.roundtrip(timeout=10.0)
            with self.lock:
                if took is None:
                    self.failed = True
                    return
                self.worst = max(self.worst, took)
            time.sleep(self.interval)

    def reset(self):
        with self.lock:
            self.worst = 0.0

    def stop(self):
        self.stop_flag = True
        self.thread.join(timeout=15)
        self.conn.close()


def rss_kib(pid):
    """Resident memory of a process, KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User and system CPU time of a process so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
