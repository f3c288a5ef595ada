#!/usr/bin/env python3
"""The seat through tack_test_input_v1 and our probe: capabilities, the
keymap file, keys and modifiers, pointer events with exact surface-local
coordinates, the implicit grab, axis events, touch, and the cursor role."""

from tacktest import Tack, Tap
from test_seat_lib import Probe, floats, inject, locate

BTN_LEFT = 272
KEY_A, KEY_LEFTSHIFT = 30, 42

tap = Tap()

t = Tack(test_input=True)
for name in [k for k in t.env if k.startswith("XKB_DEFAULT_")]:
    del t.env[name]
with t:
    probe = Probe(t, "--size", "200x150")
    tap.ok(probe.wait("seat version 8"), "wl_seat is offered at version 8",
           probe.history())
    tap.ok(probe.wait("seat name seat0"), "the seat says its name")
    tap.ok(probe.wait("seat capabilities 0"),
           "headless without virtual devices: no capabilities", probe.history())
    tap.ok(probe.wait("ready"), "the probe maps its toplevel", probe.history())

    inject(t, "add", "keyboard")
    tap.ok(probe.wait("seat capabilities 2"),
           "adding a keyboard advertises the keyboard", probe.history())
    line = probe.wait("keyboard keymap")
    tap.ok(line and "seals=0xf" in line,
           "the keymap fd is sealed against shrink, grow, write and sealing",
           line)
    tap.ok(line and "writable=no" in line,
           "a shared writable mapping of the keymap fails", line)
    tap.ok(line and "xkb=yes" in line, "the keymap is an xkb text keymap",
           line)
    tap.ok(line and line.endswith("ad01=q"),
           "without XKB_DEFAULT_*, xkbcommon's default (us) layout", line)
    tap.ok(probe.wait("keyboard repeat 25 600"),
           "repeat_info: 25 keys/s after 600 ms", probe.history())
    tap.ok(probe.wait("keyboard enter"),
           "the only toplevel has keyboard focus", probe.history())

    inject(t, "key", KEY_LEFTSHIFT, 1, "key", KEY_A, 1, "key", KEY_A, 0,
           "key", KEY_LEFTSHIFT, 0)
    ok = (probe.wait("keyboard key 42 1") and
          probe.wait("keyboard modifiers 1 0 0 0") and
          probe.wait("keyboard key 30 1") and
          probe.wait("keyboard key 30 0") and
          probe.wait("keyboard key 42 0") and
          probe.wait("keyboard modifiers 0 0 0 0"))
    tap.ok(ok, "keys arrive in order, shift sets and clears the modifier",
           probe.history())
    inject(t, "key", KEY_A, 0)
    tap.ok(not any(l.startswith("keyboard key") for l in probe.settle()),
           "releasing a key that is not down sends nothing")

    inject(t, "add", "pointer")
    tap.ok(probe.wait("seat capabilities 3"),
           "adding a pointer advertises keyboard and pointer")
    origin = locate(t, probe, 512, 384)
    tap.ok(origin is not None, "the pointer enters the probe under it",
           probe.history())
    ox, oy = origin or (0, 0)
    inject(t, "motion", ox + 5, oy + 7.5)
    line = probe.wait("pointer motion")
    tap.ok(line and floats(line, 2) == [5.0, 7.5],
           "motion is in surface-local coordinates", line)
    tap.ok(probe.wait("pointer frame"), "motion ends with a frame")
    inject(t, "motion", ox + 199, oy + 149)
    line = probe.wait("pointer motion")
    tap.ok(line and floats(line, 2) == [199.0, 149.0],
           "the last pixel is still the surface", line)
    inject(t, "motion", ox + 200, oy + 149)
    tap.ok(probe.wait("pointer leave"), "one pixel further, the pointer leaves",
           probe.history())

    inject(t, "motion", ox + 10, oy + 10, "button", BTN_LEFT, 1,
           "motion", ox - 30, oy + 400)
    ok = (probe.wait("pointer enter 10.00 10.00") and
          probe.wait("pointer button 272 1"))
    line = probe.wait("pointer motion")
    tap.ok(ok and line and floats(line, 2) == [-30.0, 400.0],
           "while a button is held, motion outside still goes to the surface",
           probe.history())
    inject(t, "button", BTN_LEFT, 0)
    ok = probe.wait("pointer button 272 0") and probe.wait("pointer leave")
    tap.ok(ok, "release ends the implicit grab: button, then leave",
           probe.history())

    inject(t, "motion", ox + 20, oy + 20, "axis", 0, 15, 120)
    probe.wait("pointer enter")
    new = probe.settle()
    tap.ok("pointer axis_source 0" in new and
           "pointer axis_value120 0 120" in new and
           "pointer axis 0 15.00" in new and new[-1] == "pointer frame",
           "a wheel click: source, value120, value, frame", "\n".join(new))
    inject(t, "axis", 1, 0, 0)
    new = probe.settle()
    tap.ok("pointer axis_stop 1" in new, "a zero value is axis_stop",
           "\n".join(new))

    inject(t, "add", "touch")
    tap.ok(probe.wait("seat capabilities 7"), "adding touch advertises it")
    inject(t, "touch-down", 0, ox + 8, oy + 11, "touch-frame",
           "touch-down", 1, ox + 300, oy + 300, "touch-frame",
           "touch-motion", 0, ox + 9, oy + 12, "touch-frame",
           "touch-up", 0, "touch-up", 1, "touch-frame")
    ok = (probe.wait("touch down 0 8.00 11.00") and probe.wait("touch frame") and
          probe.wait("touch down 1 300.00 300.00") and
          probe.wait("touch motion 0 9.00 12.00") and
          probe.wait("touch up 0") and probe.wait("touch up 1") and
          probe.wait("touch frame"))
    tap.ok(ok, "touch points go to the surface the first one touched, "
           "in its coordinates", probe.history())
    inject(t, "touch-down", 0, ox + 8, oy + 11, "touch-frame",
           "remove", "touch")
    ok = probe.wait("touch down 0") and probe.wait("touch cancel")
    tap.ok(ok and probe.wait("seat capabilities 3"),
           "unplugging touch cancels its points and drops the capability",
           probe.history())

    # A key held while focus arrives is in the enter's key array.
    inject(t, "key", KEY_A, 1)
    second = Probe(t, "--size", "100x100")
    tap.ok(second.wait("keyboard enter 30"),
           "a newly mapped toplevel gets focus with the held key listed",
           second.history())
    tap.ok(probe.wait("keyboard leave"), "the first probe loses focus")
    inject(t, "key", KEY_A, 0)
    tap.ok(second.wait("keyboard key 30 0"), "the release goes to the focus")

    # Devices are counted: a second pointer going leaves the first.
    second.settle()
    inject(t, "add", "pointer", "remove", "pointer")
    tap.ok(not any(l.startswith("seat capabilities") for l in second.settle()),
           "with two pointers, removing one keeps the capability")
    inject(t, "remove", "pointer")
    tap.ok(second.wait("seat capabilities 2"),
           "removing the last pointer drops the capability", second.history())

    tap.ok(t.alive(), "tack survives", t.log())
    tap.ok(t.stop() == 0, "tack exits cleanly (sanitizers too)")

# The keymap comes from XKB_DEFAULT_* when they are set.
t = Tack(test_input=True)
t.env["XKB_DEFAULT_LAYOUT"] = "fr"
with t:
    inject(t, "add", "keyboard")
    probe = Probe(t)
    line = probe.wait("keyboard keymap")
    tap.ok(line and line.endswith("ad01=a"),
           "XKB_DEFAULT_LAYOUT=fr gives a French keymap (a where us has q)",
           line)
    missing = Probe(t, "--provoke", "seat_missing_capability")
    tap.ok(missing.wait("error") == "error wl_seat 0",
           "get_touch on a seat that never had touch: "
           "wl_seat.missing_capability", missing.history())
    tap.ok(t.alive(), "tack survives", t.log())

# --keymap-layout wins over XKB_DEFAULT_LAYOUT; a layout xkb lacks is refused.
t = Tack(test_input=True, extra_args=("--keymap-layout", "de:nodeadkeys"))
t.env["XKB_DEFAULT_LAYOUT"] = "fr"
with t:
    inject(t, "add", "keyboard")
    probe = Probe(t)
    line = probe.wait("keyboard keymap")
    tap.ok(line and line.endswith("ad01=q"),
           "--keymap-layout de:nodeadkeys gives a German keymap over the "
           "environment's French one", line)
bad = Tack(extra_args=("--keymap-layout", "no-such-layout"))
bad.start(wait=False)
status = bad.proc.wait(timeout=20)
tap.ok(status == 1 and "no keymap for layout" in bad.log(),
       "an unknown layout stops tack with a reason", bad.log())
bad.stop()

# A pointer lock destroyed while it holds: the seat forgets it (a lock
# chosen again while it went would be used after it is freed).
import subprocess
from tacktest import client, read_line
with Tack(test_input=True) as t:
    inject(t, "add", "keyboard,pointer")
    p = t.spawn([client("tack-constraint-probe")], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "mapped") == "mapped", "a window asks for a pointer lock")
    inject(t, "motion", 0, 0, "motion", 512, 384)
    tap.ok(read_line(p, "locked") == "locked",
           "the lock holds with the pointer over the window")
    p.stdin.write("\n")
    p.stdin.flush()
    tap.ok(read_line(p, "destroyed") == "destroyed",
           "the client destroys the lock while it holds")
    inject(t, "motion", 500, 380, "motion", 520, 390, "button", BTN_LEFT, 1,
           "button", BTN_LEFT, 0)
    tap.ok(t.alive(), "tack goes on moving the pointer", t.log()[-2000:])
    p.stdin.close()
    p.wait(timeout=10)

tap.done()
