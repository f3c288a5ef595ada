#!/usr/bin/env python3
"""grim's screenshots against what tack-pattern drew, pixel for pixel:
plain, with alpha over the background, buffer scale 2 on a scale-1 output,
every buffer transform, a viewport crop, and two outputs."""

import re

from tacktest import Tack, Tap, client, screenshot, wait_for_line
import test_pixels_lib as px

tap = Tap()


def show_pattern(t, args):
    """Start tack-pattern; the process once it printed ready, else None."""
    p = t.spawn([client("tack-pattern")] + args)
    if wait_for_line(p, lambda line: line.strip() == "ready") is None:
        p.kill()
        out, err = p.communicate(timeout=5)
        tap.diag("tack-pattern %s did not get ready:\n%s%s"
                 % (" ".join(args), out, err))
        return None
    return p


def check_pattern(t, name, w, h, args, alpha=False, output=None):
    p = show_pattern(t, ["--size", "%dx%d" % (w, h)] + args)
    if p is None:
        tap.ok(False, name, "no window")
        return
    try:
        image = screenshot(t, output=output)
        bg = px.pixel(image, 0, 0)
        where = px.find_pattern(image, w, h)
        if where is None:
            tap.ok(False, name, "no %dx%d pattern border on screen" % (w, h))
            return
        bad, notes = px.compare_pattern(image, where[0], where[1], w, h,
                                        alpha=alpha, bg=bg)
        tap.ok(bad == 0, name, "%d of %d pixels differ at %d,%d\n%s"
               % (bad, w * h, where[0], where[1], "\n".join(notes)))
    finally:
        p.kill()
        p.wait()


def check_grim_region(t):
    """grim -g crops what it captured; the crop must be the same pixels."""
    p = show_pattern(t, ["--size", "200x150"])
    if p is None:
        tap.ok(False, "grim -g region", "no window")
        return
    try:
        whole = screenshot(t)
        where = px.find_pattern(whole, 200, 150)
        if not tap.ok(where, "the window for grim -g"):
            return
        x, y = where[0] + 70, where[1] + 50
        region = screenshot(t, geometry="%d,%d 90x60" % (x, y))
        tap.ok(region == px.crop(whole, x, y, 90, 60),
               "grim -g gives that part of the screen",
               "size %s" % (region[:2],))
        bad = sum(px.pixel(region, i, j) !=
                  px.expected_pixel(70 + i, 50 + j, 200, 150, False, None)
                  for j in range(60) for i in range(90))
        tap.ok(bad == 0, "and it is the pattern's middle, exactly",
               "%d pixels differ" % bad)
    finally:
        p.kill()
        p.wait()


def output_names(t):
    return re.findall(r"output (\S+): \d+x\d+", t.log())


TRANSFORMS = ["90", "180", "270", "flipped", "flipped-90", "flipped-180",
              "flipped-270"]

with Tack(outputs=("1024x768@60",)) as t:
    check_pattern(t, "xrgb8888 window exactly as drawn", 200, 150, [])
    check_pattern(t, "odd-sized window exactly as drawn", 201, 151, [])
    check_pattern(t, "argb8888 window blended over the background", 200, 150,
                  ["--format", "argb8888"], alpha=True)
    check_pattern(t, "buffer scale 2 on a scale-1 output", 200, 150,
                  ["--scale", "2"])
    for name in TRANSFORMS:
        check_pattern(t, "buffer transform %s" % name, 160, 120,
                      ["--transform", name])
    check_pattern(t, "argb8888, scale 2 and transform 90 together", 160, 120,
                  ["--format", "argb8888", "--scale", "2", "--transform",
                   "90"], alpha=True)
    check_pattern(t, "viewport crop hides the margin", 180, 140,
                  ["--viewport", "7"])
    # rows of 3 x 201 bytes: copied for pixman, only the part it samples
    check_pattern(t, "rgb888 with an unaligned stride exactly as drawn",
                  201, 151, ["--format", "rgb888"])
    check_pattern(t, "rgb888 unaligned, scale 2 and transform 270", 161, 121,
                  ["--format", "rgb888", "--scale", "2", "--transform",
                   "270"])
    check_pattern(t, "rgb888 unaligned under a viewport crop", 181, 141,
                  ["--format", "rgb888", "--viewport", "7"])
    check_grim_region(t)
    tap.ok(t.alive(), "tack survived the pixel tests", t.log()[-2000:])

with Tack(outputs=("640x480@60", "800x600@60")) as t:
    names = output_names(t)
    if not tap.ok(len(names) == 2, "two outputs named in the log", t.log()):
        tap.done()
    first = screenshot(t, output=names[0])
    second = screenshot(t, output=names[1])
    tap.ok(first[:2] == (640, 480) and second[:2] == (800, 600),
           "grim -o gives each output's size",
           "%s and %s" % (first[:2], second[:2]))
    p = show_pattern(t, ["--size", "200x150"])
    try:
        whole = screenshot(t)
        first = screenshot(t, output=names[0])
        second = screenshot(t, output=names[1])
        on_first = px.find_pattern(first, 200, 150)
        on_second = px.find_pattern(second, 200, 150)
        window = on_first or on_second
        shot = first if on_first else second
        if tap.ok(p is not None and window is not None,
                  "the window is on one output"):
            bad, notes = px.compare_pattern(shot, window[0], window[1],
                                            200, 150)
            tap.ok(bad == 0, "its pixels through grim -o are exact",
                   "\n".join(notes))
        other = second if on_first else first
        tap.ok(px.uniform(other) == px.pixel(shot, 0, 0),
               "the other output shows only the background",
               "not uniform" if px.uniform(other) is None else
               px.rgb_hex(px.uniform(other)))
        tap.ok(whole[:2] == (1440, 600), "the whole layout is 1440x600",
               str(whole[:2]))
        tap.ok(px.crop(whole, 0, 0, 640, 480) == first,
               "the layout shot's left part is the first output's shot")
        tap.ok(px.crop(whole, 640, 0, 800, 600) == second,
               "the layout shot's right part is the second output's shot")
    finally:
        if p is not None:
            p.kill()
            p.wait()
    tap.ok(t.alive(), "tack survived two outputs", t.log()[-2000:])

tap.done()
