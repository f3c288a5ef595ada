"""The window policy: maximize and fullscreen fill the output and restore,
wm_capabilities and configure bounds, new windows centred and cascaded,
popups kept on the output by their positioner."""

import subprocess
import time

from tacktest import Tack, Tap, client, screenshot, pixel, read_line

BLUE, GREEN, RED = (0x30, 0x60, 0xc0), (0x20, 0xc0, 0x40), (0xc0, 0x40, 0x20)

tap = Tap()


def check_state(t, case, state, box, bounds=(1024, 768), restored="200x100"):
    """box: the output's x, y, width, height the window must cover."""
    ox, oy, w, h = box
    p = t.spawn([client("tack-xdg-probe"), case], stdin=subprocess.PIPE)
    line = read_line(p, "bounds")
    tap.ok(line == "bounds %dx%d caps maximize fullscreen" % bounds,
           "%s: bounds are the output, capabilities maximize and fullscreen only"
           % case, line)
    line = read_line(p, state)
    tap.ok(line == "%s %dx%d activated" % (state, w, h),
           "%s: the configure asks for the output's size, activated" % case, line)
    img = screenshot(t)
    corners = [pixel(img, ox, oy), pixel(img, ox + w - 1, oy + h - 1)]
    tap.ok(corners == [GREEN, GREEN],
           "%s: the window geometry covers the output from its origin" % case,
           corners)
    p.stdin.write("\n")
    p.stdin.flush()
    line = read_line(p, "restored")
    tap.ok(line == "restored " + restored, "%s: unset restores the size" % case, line)
    img = screenshot(t)
    tap.ok(pixel(img, 512, 384) == BLUE and pixel(img, ox, oy) != GREEN,
           "%s: unset restores the position" % case,
           "%s %s" % (pixel(img, 512, 384), pixel(img, ox, oy)))
    p.stdin.close()
    p.wait(timeout=10)


with Tack(outputs=("1024x768@60", "800x600@60")) as t:
    check_state(t, "maximize", "maximized", (0, 0, 1024, 768))
    check_state(t, "fullscreen", "fullscreen", (0, 0, 1024, 768))
    # The frame outside the window geometry hangs off the output.
    check_state(t, "maximize-framed", "maximized", (0, 0, 1024, 768))
    # Maximized from the start, the window has no floating size to go back
    # to: the client chooses one and the window is centred.
    check_state(t, "maximize-first", "maximized", (0, 0, 1024, 768),
                restored="0x0")
    # The second output is right of the first.
    check_state(t, "fullscreen-last-output", "fullscreen", (1024, 0, 800, 600))

    res = t.run([client("tack-xdg-probe"), "popup-slide"], timeout=20)
    lines = res.stdout.splitlines()
    # The window is centred at 412,334; a 700 wide popup at its bottom right
    # does not fit, cannot flip, and slides back 288 pixels.
    tap.ok("popup -88,100 700x50" in lines,
           "a popup slides back onto the output", res.stdout)
    tap.ok("repositioned 42 popup -100,50 100x350" in lines,
           "a repositioned popup flips below its anchor", res.stdout)

    p = t.spawn([client("tack-xdg-probe"), "cascade"], stdin=subprocess.PIPE)
    line = read_line(p, "mapped two")
    tap.ok(line == "mapped two, first inactive, second active",
           "the new window takes the activated state from the first", line)
    img = screenshot(t)
    first, second = pixel(img, 420, 340), pixel(img, 630, 450)
    tap.ok(first == BLUE and second == RED,
           "the second window cascades 32 pixels down and right", (first, second))
    p.stdin.close()
    p.wait(timeout=10)

    # A NULL buffer unmaps; the client then starts over with a configure.
    p = t.spawn([client("tack-xdg-probe"), "remap"], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "mapped") is not None, "a window maps")
    shown = pixel(screenshot(t), 512, 384)
    p.stdin.write("\n")
    p.stdin.flush()
    tap.ok(read_line(p, "unmapped") is not None, "the window commits a NULL buffer")
    hidden = pixel(screenshot(t), 512, 384)
    p.stdin.write("\n")
    p.stdin.flush()
    tap.ok(read_line(p, "remapped") is not None,
           "a new initial commit gets a configure, and the window maps again")
    again = pixel(screenshot(t), 512, 384)
    tap.ok((shown, hidden, again) == (BLUE, pixel(screenshot(t), 0, 0), BLUE),
           "shown, hidden, shown again", (shown, hidden, again))
    p.stdin.close()
    p.wait(timeout=10)

    # A client that does not answer pings is noted, not disconnected.
    p = t.spawn([client("tack-xdg-probe"), "no-pong"], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "pinged") is not None, "mapping a window pings its client")
    deadline = time.monotonic() + 10
    while "does not answer pings" not in t.log() and time.monotonic() < deadline:
        time.sleep(0.2)
    tap.ok("does not answer pings" in t.log(), "tack notes the silent client",
           t.log()[-1000:])
    tap.ok(p.poll() is None, "the silent client keeps its connection")
    p.stdin.write("\n")
    p.stdin.flush()
    tap.ok(read_line(p, "ponged") is not None, "the late pong goes through")
    deadline = time.monotonic() + 5
    while "answers pings again" not in t.log() and time.monotonic() < deadline:
        time.sleep(0.2)
    tap.ok("answers pings again" in t.log(), "tack notes the pong", t.log()[-1000:])
    p.stdin.close()
    p.wait(timeout=10)

    tap.ok(t.alive(), "tack still runs")
    tap.ok("tack error" not in t.log(), "tack logged no error", t.log()[-2000:])
tap.done()
