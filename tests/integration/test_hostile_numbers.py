"""Client numbers at the ends of int32: positions, offsets and sizes near
INT32_MAX and INT32_MIN reach subsurface trees, popups, window geometry,
viewports, buffers and the placement policy. tack gives the error its
protocol names where one exists, otherwise holds the value within the
layout, and survives every case (the sanitized build stops at the first
overflow, so this test fails there on any)."""

import time

from rawclient import Client
from tacktest import Tack, Tap

IMAX = (1 << 31) - 1
IMIN = -(1 << 31)
HUGE = (1 << 24) + 1        # one past the largest size tack takes
BIG = 1 << 24
RGB332 = 0x38424752


def subsurfaces_far_away(cl):
    s, _, _ = cl.toplevel()
    child, sub = cl.subsurface(s, IMAX, IMIN)
    grandchild, _ = cl.subsurface(child, IMAX, IMAX)
    cl.subsurface(grandchild, IMIN, IMIN)
    cl.req(child, "commit")
    cl.req(s, "commit")
    cl.req(sub, "set_position", IMIN, IMAX)
    cl.req(s, "commit")


def subsurface_too_deep(cl):
    s, _, _ = cl.toplevel()
    for _ in range(40):
        s, _ = cl.subsurface(s, 1, 1)


def offsets_at_the_ends(cl):
    s, _, _ = cl.toplevel()
    child, sub = cl.subsurface(s, 10, 10)
    # a synchronized child caches, adding up the offsets of its commits
    for _ in range(4):
        cl.req(child, "offset", IMAX, IMIN)
        cl.req(child, "commit")
    cl.req(s, "commit")
    cl.req(s, "offset", IMIN, IMAX)
    cl.req(s, "commit")


def window_geometry_at_the_ends(cl):
    s, xs, tl = cl.toplevel()
    cl.req(xs, "set_window_geometry", IMIN, IMAX, BIG, BIG)
    cl.req(s, "commit")
    cl.roundtrip()
    cl.req(tl, "set_maximized")
    cl.req(s, "commit")
    cl.roundtrip()
    cl.req(tl, "unset_maximized")
    cl.req(s, "commit")


def window_geometry_too_big(cl):
    s, xs, _ = cl.toplevel()
    cl.req(xs, "set_window_geometry", IMAX, IMAX, IMAX, 10)
    cl.req(s, "commit")


def popups_at_the_ends(cl):
    _, xs, _ = cl.toplevel()
    parent = xs
    for i in range(6):
        pos = cl.positioner(BIG, BIG, IMAX, IMIN, BIG, BIG,
                            IMAX if i % 2 else IMIN, IMIN)
        _, parent = cl.popup(parent, pos)


def positioner_size_too_big(cl):
    _, xs, _ = cl.toplevel()
    cl.popup(xs, cl.positioner(IMAX, 10, IMAX, 0, 1, 1, 0, 0))


def positioner_anchor_too_big(cl):
    pos = cl.new("xdg_positioner")
    cl.req(cl.g["xdg_wm_base"], "create_positioner", pos)
    cl.req(pos, "set_anchor_rect", 0, 0, 10, HUGE)


def viewport_destination_at_the_ends(cl):
    s, _, _ = cl.toplevel()
    cl.viewport_to(s, BIG, BIG)


def viewport_destination_too_big(cl):
    s, _, _ = cl.toplevel()
    cl.viewport_to(s, IMAX, HUGE)


def buffer_too_wide(cl):
    s, _, _ = cl.toplevel()
    # 2^29 pixels of one byte, a row not a multiple of four bytes long
    wide = (1 << 29) + 1
    cl.req(s, "attach", cl.buffer(wide, 1, RGB332, stride=wide), 0, 0)
    cl.req(s, "commit")


def widest_buffer(cl):
    s, _, _ = cl.toplevel()
    child, _ = cl.subsurface(s, 0, 0)
    # 2^24 pixels of one byte in a row not a multiple of four bytes long
    cl.req(child, "attach", cl.buffer(BIG - 1, 1, RGB332, stride=BIG - 1),
           0, 0)
    cl.req(child, "damage_buffer", 0, 0, IMAX, IMAX)
    cl.req(child, "commit")
    cl.req(s, "commit")


# case -> (interface, error) as the protocols number them, or None
CASES = [
    (subsurfaces_far_away, None),
    (subsurface_too_deep, ("wl_subcompositor", 0)),      # bad_surface
    (offsets_at_the_ends, None),
    (window_geometry_at_the_ends, None),
    (window_geometry_too_big, ("xdg_surface", 5)),       # invalid_size
    (popups_at_the_ends, None),
    (positioner_size_too_big, ("xdg_positioner", 0)),    # invalid_input
    (positioner_anchor_too_big, ("xdg_positioner", 0)),
    (viewport_destination_at_the_ends, None),
    (viewport_destination_too_big, ("wp_viewport", 0)),  # bad_value
    (buffer_too_wide, ("wl_shm_pool", 1)),               # invalid_stride
    (widest_buffer, None),
]

tap = Tap()
with Tack(outputs=("640x480@60", "320x240@60")) as t:
    for case, want in CASES:
        cl = Client(t)
        case(cl)
        cl.roundtrip()
        # a frame later, what the scene holds has been drawn
        time.sleep(0.05)
        cl.roundtrip()
        got = cl.c.error[:2] if cl.c.error else None
        name = case.__name__.replace("_", "-")
        tap.ok(got == want, "%s: %s" % (name, "error %s %d" % want if want
                                         else "no error"),
               "got %s (%s)" % (got, cl.c.error))
        cl.close()
        tap.ok(t.alive(), "tack survives %s" % name, t.log()[-3000:])
        if not t.alive():
            break
tap.done()
