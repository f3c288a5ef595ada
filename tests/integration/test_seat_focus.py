#!/usr/bin/env python3
"""Focus between two probes: click to focus and raise, the implicit grab
across surfaces, focus after the focused client goes, the cursor surface,
and wl_pointer's role error."""

import subprocess
import time

from rawclient import Client
from tacktest import Tack, Tap, parse_ppm
from test_seat_lib import Probe, inject, locate

BTN_LEFT = 272
MAGENTA = (255, 0, 255)

tap = Tap()


def grab_pixels(tack):
    """A screenshot with the cursor drawn (grim -c)."""
    # Let the frame with the latest overlay move be drawn first.
    time.sleep(0.3)
    res = subprocess.run(["grim", "-c", "-t", "ppm", "-"], env=tack.env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=10)
    if res.returncode != 0:
        return None
    return parse_ppm(res.stdout)


def pixel(image, x, y):
    w, h, rgb = image
    i = (int(y) * w + int(x)) * 3
    return tuple(rgb[i:i + 3])


with Tack(test_input=True) as t:
    inject(t, "add", "keyboard,pointer")
    # A wide and a tall window, both centred: a cross where each has parts
    # the other does not cover.
    wide = Probe(t, "--size", "600x100", "--color", "c03030")
    tap.ok(wide.wait("ready"), "the wide probe maps", wide.history())
    tall = Probe(t, "--size", "100x400", "--color", "30c030")
    tap.ok(tall.wait("ready"), "the tall probe maps", tall.history())
    tap.ok("keyboard enter" in tall.history().splitlines() and
           wide.wait("keyboard leave"),
           "the newest toplevel takes keyboard focus",
           wide.history() + "\n--\n" + tall.history())

    wide_origin = locate(t, wide, 230, 384)
    tall_origin = locate(t, tall, 512, 200)
    tap.ok(wide_origin and tall_origin,
           "the pointer finds both probes", "%s %s" % (wide_origin, tall_origin))
    wx, wy = wide_origin or (0, 0)
    tx, ty = tall_origin or (0, 0)

    # The crossing is the tall one's while it is on top.
    inject(t, "motion", tx + 50, wy + 50)
    tap.ok(tall.wait("pointer motion 50.00"),
           "the crossing belongs to the window on top", tall.history())

    inject(t, "motion", wx + 10, wy + 10, "button", BTN_LEFT, 1,
           "button", BTN_LEFT, 0)
    tap.ok(wide.wait("keyboard enter") and tall.wait("keyboard leave"),
           "a click gives the wide probe keyboard focus",
           wide.history() + "\n--\n" + tall.history())
    inject(t, "motion", tx + 50, wy + 50)
    tap.ok(wide.wait("pointer motion %.2f 50.00" % (tx + 50 - wx)),
           "the click raised it: the crossing is now the wide one's",
           wide.history())

    inject(t, "motion", tx + 50, ty + 10, "button", BTN_LEFT, 1)
    tap.ok(tall.wait("keyboard enter") and tall.wait("pointer button 272 1"),
           "a click on the tall probe focuses it and delivers the press",
           tall.history())
    inject(t, "motion", wx + 10, wy + 10)
    tap.ok(tall.wait("pointer motion %.2f %.2f" % (wx + 10 - tx, wy + 10 - ty)),
           "during the implicit grab, motion over the other probe stays with "
           "the pressed one", tall.history())
    early = wide.settle()
    tap.ok(not any(l.startswith("pointer enter") for l in early),
           "the other probe gets no enter during the grab", "\n".join(early))
    inject(t, "button", BTN_LEFT, 0)
    tap.ok(tall.wait("pointer button 272 0") and tall.wait("pointer leave") and
           wide.wait("pointer enter 10.00 10.00"),
           "on release the pointer enters the surface under it",
           tall.history() + "\n--\n" + wide.history())

    tall.kill()
    tap.ok(wide.wait("keyboard enter"),
           "when the focused client goes, the remaining toplevel gets focus",
           wide.history())

    hider = Probe(t, "--size", "150x150", "--unmap-on-key")
    tap.ok("keyboard enter" in hider.history().splitlines() or
           hider.wait("keyboard enter"), "a new toplevel takes focus",
           hider.history())
    wide.settle()
    inject(t, "key", 30, 1, "key", 30, 0)
    tap.ok(hider.wait("unmapped") and wide.wait("keyboard enter"),
           "when the focused toplevel unmaps, the remaining one gets focus",
           hider.history() + "\n--\n" + wide.history())
    hider.kill()

    cursor = Probe(t, "--size", "200x150", "--cursor")
    cursor.wait("ready")
    origin = locate(t, cursor, 512, 384)
    tap.ok(origin is not None, "the pointer enters the cursor probe",
           cursor.history())
    cx, cy = origin or (0, 0)
    inject(t, "motion", cx + 50, cy + 50)
    cursor.wait("pointer motion")
    image = grab_pixels(t)
    if image is None:
        tap.ok(False, "grim -c takes a screenshot")
    else:
        # An 8x8 magenta cursor, hotspot 2,3: its corner is at 48,47.
        tap.ok(pixel(image, cx + 48, cy + 47) == MAGENTA and
               pixel(image, cx + 55, cy + 54) == MAGENTA,
               "the cursor surface is drawn at the pointer minus its hotspot",
               "%s %s" % (pixel(image, cx + 48, cy + 47),
                          pixel(image, cx + 55, cy + 54)))
        tap.ok(pixel(image, cx + 47, cy + 47) != MAGENTA and
               pixel(image, cx + 56, cy + 54) != MAGENTA,
               "and nowhere beyond its 8x8 pixels",
               "%s %s" % (pixel(image, cx + 47, cy + 47),
                          pixel(image, cx + 56, cy + 54)))
    inject(t, "motion", cx + 20, cy + 20, "button", BTN_LEFT, 1,
           "button", BTN_LEFT, 0)
    tap.ok(cursor.wait("pointer button 272 1"),
           "the cursor surface takes no input: clicks reach the window under",
           cursor.history())

    cursor.kill()
    offset = Probe(t, "--size", "200x150", "--cursor-offset")
    offset.wait("ready")
    origin = locate(t, offset, 512, 384)
    cx, cy = origin or (0, 0)
    inject(t, "motion", cx + 50, cy + 50)
    offset.wait("pointer motion")
    image = grab_pixels(t)
    corners = image and [pixel(image, cx + 50, cy + 50) == MAGENTA,
                         pixel(image, cx + 57, cy + 57) == MAGENTA,
                         pixel(image, cx + 49, cy + 50) != MAGENTA,
                         pixel(image, cx + 58, cy + 57) != MAGENTA]
    tap.ok(origin and corners and all(corners),
           "wl_surface.offset on the cursor moves its hotspot", corners)
    offset.kill()

    role = Probe(t, "--size", "200x150", "--provoke", "pointer_role")
    role.wait("ready")
    inject(t, "motion", 1, 1, "motion", 512, 384)
    tap.ok(role.wait("error wl_pointer 0"),
           "a toplevel's surface as the cursor: wl_pointer.role",
           role.history())
    tap.ok(t.alive(), "tack survives", t.log()[-3000:])
    tap.ok(t.stop() == 0, "tack exits cleanly (sanitizers too)")

# A grabbing popup (xdg_popup.grab): keyboard and pointer stay with its
# client, and a press anywhere else dismisses it.
with Tack(test_input=True) as t:
    inject(t, "add", "keyboard,pointer")
    wide = Probe(t, "--size", "600x100", "--popup")
    wide.wait("ready")
    tall = Probe(t, "--size", "100x400")
    tall.wait("ready")
    wide_origin = locate(t, wide, 230, 384)
    tall_origin = locate(t, tall, 512, 200)
    wx, wy = wide_origin or (0, 0)
    tx, ty = tall_origin or (0, 0)
    inject(t, "motion", wx + 10, wy + 10, "button", BTN_LEFT, 1,
           "button", BTN_LEFT, 0)
    tap.ok(wide.wait("popup opened") and wide.wait("popup mapped"),
           "a press opens a grabbing popup", wide.history())
    tap.ok(wide.wait("keyboard enter popup"),
           "the grabbing popup takes keyboard focus", wide.history())
    inject(t, "motion", wx + 12, wy + 12)
    tap.ok(wide.wait("pointer enter popup") and
           wide.wait("pointer motion 2.00 2.00"),
           "the pointer is over the popup, in its coordinates", wide.history())
    inject(t, "motion", tx + 50, ty + 10)
    tap.ok(wide.wait("pointer leave popup"),
           "the pointer leaves the popup", wide.history())
    tap.ok(not any(l.startswith("pointer enter") for l in tall.settle()),
           "another client's surface gets no pointer during the grab",
           tall.history())
    inject(t, "button", BTN_LEFT, 1, "button", BTN_LEFT, 0)
    tap.ok(wide.wait("popup done"),
           "a press on another client dismisses the popup", wide.history())
    new = tall.settle()
    tap.ok(any(l.startswith("keyboard enter") for l in new) and
           any(l.startswith("pointer enter") for l in new) and
           "pointer button 272 1" in new,
           "and the press focuses what it hit and reaches it", "\n".join(new))
    tap.ok(t.alive(), "tack survives a popup grab", t.log()[-3000:])
    tap.ok(t.stop() == 0, "tack exits cleanly after a popup grab")

# The pointer over a subsurface whose wl_subsurface goes: the surface has
# left the scene, and the pointer leaves it at once for what is there now.
def pointer_events(cl, pointer):
    return [(name, values) for _, oid, name, values in cl.c.event_log
            if oid == pointer and name in ("enter", "leave")]


with Tack(test_input=True) as t:
    inject(t, "add", "pointer")
    cl = Client(t, more=("wl_seat",))
    cl.c.event_log = []
    pointer = cl.new("wl_pointer")
    cl.req(cl.g["wl_seat"], "get_pointer", pointer)
    window, _, _ = cl.toplevel(200, 200)
    child, sub = cl.subsurface(window, 10, 10)
    cl.req(window, "commit")
    cl.roundtrip()
    inject(t, "motion", 0, 0, "motion", 412 + 12, 284 + 12)
    cl.roundtrip()
    entered = pointer_events(cl, pointer)
    tap.ok(entered and entered[-1][0] == "enter" and
           entered[-1][1][1] == child,
           "the pointer enters the subsurface (the window centred at "
           "412,284)", str(entered))
    del cl.c.event_log[:]
    cl.req(sub, "destroy")
    cl.roundtrip()
    after = pointer_events(cl, pointer)
    tap.ok([(n, v[1]) for n, v in after] == [("leave", child),
                                             ("enter", window)],
           "once its wl_subsurface is destroyed, the pointer leaves it for "
           "the window under it", str(after))
    cl.close()
    tap.ok(t.alive(), "tack survives", t.log()[-3000:])
    tap.ok(t.stop() == 0, "tack exits cleanly")

tap.done()
