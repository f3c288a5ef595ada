"""Each xdg-shell rule broken by tack-xdg-hostile gets the error the spec
names; tack survives every one, and another client still renders after."""

import time

from tacktest import Tack, Tap, client, pixel, screenshot

# case -> (interface, error code) as xdg-shell.xml numbers them.
EXPECTED = {
    "role-taken": ("xdg_wm_base", 0),                    # role
    "second-xdg-surface": ("xdg_wm_base", 0),
    "wm-base-destroyed-first": ("xdg_wm_base", 1),       # defunct_surfaces
    "destroy-below-topmost": ("xdg_wm_base", 2),         # not_the_topmost_popup
    "popup-without-parent": ("xdg_wm_base", 3),          # invalid_popup_parent
    "buffer-before-xdg-surface": ("xdg_wm_base", 4),     # invalid_surface_state
    "incomplete-positioner": ("xdg_wm_base", 5),         # invalid_positioner
    "commit-without-role": ("xdg_surface", 1),           # not_constructed
    "toplevel-twice": ("xdg_surface", 2),                # already_constructed
    "buffer-before-configure": ("xdg_surface", 3),       # unconfigured_buffer
    "configure-never-acked": ("xdg_surface", 3),
    "ack-unknown-serial": ("xdg_surface", 4),            # invalid_serial
    "ack-twice": ("xdg_surface", 4),
    "empty-window-geometry": ("xdg_surface", 5),         # invalid_size
    "xdg-surface-destroyed-first": ("xdg_surface", 6),   # defunct_role_object
    "bad-resize-edge": ("xdg_toplevel", 0),              # invalid_resize_edge
    "parent-is-self": ("xdg_toplevel", 1),               # invalid_parent
    "parent-loop": ("xdg_toplevel", 1),
    "min-above-max": ("xdg_toplevel", 2),                # invalid_size
    "negative-max-size": ("xdg_toplevel", 2),
    "positioner-zero-size": ("xdg_positioner", 0),       # invalid_input
    "positioner-negative-anchor-rect": ("xdg_positioner", 0),
    "grab-after-commit": ("xdg_popup", 0),               # invalid_grab
    "buffer-after-unmap": ("xdg_surface", 3),            # unconfigured_buffer
}

tap = Tap()
with Tack() as t:
    for case, (iface, code) in EXPECTED.items():
        res = t.run([client("tack-xdg-hostile"), case], timeout=20)
        want = "error %s %d" % (iface, code)
        got = [l for l in res.stdout.splitlines() if l.startswith("error ")]
        tap.ok(got == [want], "%s gets %s" % (case, want), res.stdout.strip())
        tap.ok(t.alive(), "tack survives %s" % case, t.log()[-2000:])
    before = screenshot(t)
    p = t.spawn(["weston-simple-shm"])
    time.sleep(1.5)
    after = screenshot(t)
    tap.ok(p.poll() is None and pixel(before, 512, 384) != pixel(after, 512, 384),
           "another client still renders after all of them",
           "%s %s -> %s" % (p.poll(), pixel(before, 512, 384), pixel(after, 512, 384)))
    tap.ok("tack error" not in t.log(), "tack logged no error of its own",
           t.log()[-2000:])
tap.done()
