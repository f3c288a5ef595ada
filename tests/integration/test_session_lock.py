"""ext_session_lock_v1 with swaylock and our own locker: while locked the
screen, every screenshot and all input belong to the lock surfaces; a
locker that dies leaves the session locked; only a locker unlocks it."""

import signal
import subprocess
import time

from tacktest import Tack, Tap, client, read_line, screenshot, pixel
from test_seat_lib import Probe, inject

tap = Tap()
RUST = (0xc0, 0x40, 0x20)
NAVY = (0x00, 0x00, 0x80)
GREEN = (0x00, 0xff, 0x00)
KEY_A, KEY_ENTER = 30, 28
SPOTS = ((5, 5), (512, 384), (1000, 700), (300, 600))


def colours(t):
    img = screenshot(t)
    return {pixel(img, x, y) for x, y in SPOTS}


def wait_colours(t, want, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        got = colours(t)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


with Tack(outputs=("1024x768@60",), test_input=True) as t:
    inject(t, "add", "keyboard,pointer")
    t.spawn(["swaybg", "-c", "#c04020"])
    probe = Probe(t)
    tap.ok(probe.wait("keyboard enter") is not None, "a window has the keyboard",
           probe.history())
    inject(t, "motion", 512, 384)
    tap.ok(probe.wait("pointer enter") is not None, "and the pointer",
           probe.history())
    before = colours(t)
    tap.ok(RUST in before and len(before) > 1,
           "the wallpaper and the window are on screen", before)

    lock = t.spawn(["swaylock", "-c", "000080"])
    got = wait_colours(t, {NAVY})
    tap.ok(got == {NAVY}, "swaylock: the lock screen is all a screenshot shows",
           got)
    left = probe.settle()
    tap.ok("keyboard leave" in left and "pointer leave" in left,
           "the window loses the keyboard and the pointer", left)
    inject(t, "motion", 100, 100, "button", 272, 1, "button", 272, 0,
           "key", KEY_A, 1, "key", KEY_A, 0, "key", KEY_ENTER, 1,
           "key", KEY_ENTER, 0)
    time.sleep(0.5)
    tap.ok(probe.settle() == [], "no input reaches the window while locked",
           probe.history()[-500:])
    # the wrong password (root's is not "a") keeps the session locked
    time.sleep(3)
    tap.ok(lock.poll() is None and wait_colours(t, {NAVY}) == {NAVY},
           "a wrong password leaves swaylock locked")

    lock.send_signal(signal.SIGKILL)
    lock.wait(timeout=10)
    time.sleep(0.5)
    got = colours(t)
    tap.ok(len(got) == 1 and RUST not in got and NAVY not in got,
           "swaylock killed: still locked, nothing of the session shown", got)
    tap.ok("the locker is gone; the session stays locked" in t.log(),
           "tack says the session stays locked")
    inject(t, "key", KEY_A, 1, "key", KEY_A, 0, "motion", 512, 384)
    time.sleep(0.5)
    tap.ok(probe.settle() == [], "still no input reaches the window",
           probe.history()[-500:])

    ours = t.spawn([client("tack-lock-probe"), "0xff00ff00"],
                   stdin=subprocess.PIPE)
    tap.ok(read_line(ours, "locked") == "locked",
           "a new locker takes the dead one's lock")
    tap.ok(wait_colours(t, {GREEN}) == {GREEN}, "its lock surface is shown")
    second = t.spawn([client("tack-lock-probe")], stdin=subprocess.PIPE)
    tap.ok(read_line(second, "finished") == "finished",
           "a second locker while one holds the lock is refused")
    second.wait(timeout=10)

    ours.stdin.write("\n")
    ours.stdin.flush()
    tap.ok(read_line(ours, "unlocked") == "unlocked", "the locker unlocks")
    got = wait_colours(t, before)
    tap.ok(got == before, "the session is shown again", got)
    tap.ok(probe.wait("keyboard enter") is not None,
           "the window has the keyboard again", probe.history())
    probe.kill()
    tap.ok(t.alive(), "tack still runs")

tap.done()
