"""Interactive window operations through the seat: xdg_toplevel.move and
resize follow the pointer while the button is held, and a grabbing popup
is dismissed with popup_done by a click elsewhere."""

import subprocess

from tacktest import Tack, Tap, client, screenshot, pixel, read_line
from test_seat_lib import inject

BTN_LEFT = 272
BLUE, RED = (0x30, 0x60, 0xc0), (0xc0, 0x40, 0x20)
# A new 200x100 window is centred on the 1024x768 output.
X, Y = 412, 334

tap = Tap()


def start(t, case):
    # Asking a seat that never had a pointer for one is a protocol error.
    inject(t, "add", "pointer", "sync")
    p = t.spawn([client("tack-xdg-probe"), case], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "mapped") is not None, "%s: the window maps" % case)
    inject(t, "motion", X + 100, Y + 50, "sync")
    return p


def finish(p):
    p.stdin.close()
    p.wait(timeout=10)


with Tack(outputs=("1024x768@60",), test_input=True) as t:
    p = start(t, "move")
    inject(t, "button", BTN_LEFT, 1, "sync")
    tap.ok(read_line(p, "move requested") is not None, "the client asks to move")
    inject(t, "motion", X + 150, Y + 90, "motion", X + 200, Y + 130,
           "button", BTN_LEFT, 0, "sync")
    img = screenshot(t)
    moved, old = pixel(img, X + 110, Y + 140), pixel(img, X + 10, Y + 10)
    tap.ok(moved == BLUE and old != BLUE,
           "the window followed the pointer by 100,80", (moved, old))
    inject(t, "motion", X + 300, Y + 300, "sync")
    img = screenshot(t)
    tap.ok(pixel(img, X + 110, Y + 140) == BLUE,
           "after the release the window stays", pixel(img, X + 110, Y + 140))
    finish(p)

with Tack(outputs=("1024x768@60",), test_input=True) as t:
    p = start(t, "resize")
    inject(t, "button", BTN_LEFT, 1, "sync")
    tap.ok(read_line(p, "resize requested") is not None, "the client asks to resize")
    inject(t, "motion", X + 150, Y + 70, "motion", X + 200, Y + 100,
           "button", BTN_LEFT, 0, "sync")
    line = read_line(p, "resized")
    tap.ok(line == "resized 300x150",
           "the configures follow the pointer, then resizing ends", line)
    img = screenshot(t)
    corner, origin = pixel(img, X + 295, Y + 145), pixel(img, X + 2, Y + 2)
    tap.ok(corner == BLUE and origin == BLUE,
           "the window grew from its top left corner", (corner, origin))
    finish(p)

with Tack(outputs=("1024x768@60",), test_input=True) as t:
    p = start(t, "resize-top-left")
    inject(t, "button", BTN_LEFT, 1, "sync")
    tap.ok(read_line(p, "resize requested") is not None,
           "the client asks to resize from the top left")
    inject(t, "motion", X + 50, Y + 30, "motion", X, Y,
           "button", BTN_LEFT, 0, "sync")
    line = read_line(p, "resized")
    tap.ok(line == "resized 300x150", "dragging the top left corner grows it", line)
    img = screenshot(t)
    # The bottom right corner stays at X + 200, Y + 100.
    corners = [pixel(img, X - 98, Y - 48), pixel(img, X + 198, Y + 98)]
    far = pixel(img, X + 202, Y + 102)
    tap.ok(corners == [BLUE, BLUE] and far != BLUE,
           "the opposite corner stays put", (corners, far))
    finish(p)

with Tack(outputs=("1024x768@60",), test_input=True) as t:
    # The dialog is centred over its parent, then cascaded by 32, 32.
    inject(t, "add", "pointer", "sync")
    p = t.spawn([client("tack-xdg-probe"), "dialog"], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "mapped two") is not None, "a window and its dialog map")
    inject(t, "motion", X + 10, Y + 10, "button", BTN_LEFT, 1,
           "button", BTN_LEFT, 0, "sync")
    img = screenshot(t)
    tap.ok(pixel(img, X + 100, Y + 60) == RED and pixel(img, X + 10, Y + 10) == BLUE,
           "a click raises the parent, and its dialog stays above it",
           (pixel(img, X + 100, Y + 60), pixel(img, X + 10, Y + 10)))
    finish(p)

with Tack(outputs=("1024x768@60",), test_input=True) as t:
    p = start(t, "popup-grab")
    inject(t, "button", BTN_LEFT, 1, "button", BTN_LEFT, 0, "sync")
    tap.ok(read_line(p, "popup shown") is not None, "the grabbing popup is shown")
    img = screenshot(t)
    tap.ok(pixel(img, X + 250, Y + 150) == RED,
           "the popup sits at the window's bottom right",
           pixel(img, X + 250, Y + 150))
    inject(t, "motion", 10, 10, "button", BTN_LEFT, 1, "button", BTN_LEFT, 0,
           "sync")
    tap.ok(read_line(p, "popup done") is not None,
           "a click elsewhere dismisses it with popup_done")
    img = screenshot(t)
    tap.ok(pixel(img, X + 250, Y + 150) != RED, "the dismissed popup is gone",
           pixel(img, X + 250, Y + 150))
    finish(p)
    tap.ok(t.alive(), "tack still runs")
    tap.ok("tack error" not in t.log(), "tack logged no error", t.log()[-2000:])
tap.done()
