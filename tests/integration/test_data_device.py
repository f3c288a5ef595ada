#!/usr/bin/env python3
"""wl_data_device_manager: the clipboard with wl-copy/wl-paste and between
two probes, drag-and-drop between two probes, and every protocol error the
data device spec names."""

import shutil
import subprocess
import time

from tacktest import Tack, Tap, parse_ppm
from test_seat_lib import Probe, inject, locate

BTN_LEFT = 272
CYAN = (0, 255, 255)
TEXT = "text/plain;charset=utf-8"

tap = Tap()


def grab_pixels(tack):
    """A screenshot with the overlay layer drawn (grim -c)."""
    # Let the frame with the latest overlay move be drawn first.
    time.sleep(0.3)
    res = subprocess.run(["grim", "-c", "-t", "ppm", "-"], env=tack.env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=10)
    return parse_ppm(res.stdout) if res.returncode == 0 else None


def pixel(image, x, y):
    w, h, rgb = image
    i = (int(y) * w + int(x)) * 3
    return tuple(rgb[i:i + 3])

with Tack(test_input=True) as t:
    inject(t, "add", "keyboard,pointer")

    if shutil.which("wl-copy") and shutil.which("wl-paste"):
        # wl-copy serves from a forked child, which ends with tack.
        res = t.run(["wl-copy", "tack clipboard"], timeout=10,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tap.ok(res.returncode == 0, "wl-copy sets the selection")
        res = t.run(["wl-paste", "--no-newline"], timeout=10)
        tap.ok(res.returncode == 0 and res.stdout == "tack clipboard",
               "wl-paste reads it back from another client", res.stdout)
        res = t.run(["wl-paste", "--list-types"], timeout=10)
        tap.ok(TEXT in res.stdout.split("\n"),
               "the offer lists wl-copy's mime types", res.stdout)
    else:
        tap.ok(False, "wl-copy and wl-paste are installed (wl-clipboard)")

    # Our own pair: the copier sets the selection on keyboard enter; the
    # reader gets an offer when it takes focus and reads the text.
    copier = Probe(t, "--copy", "from the probe", "--size", "100x100")
    tap.ok(copier.wait("copied"), "a probe sets the selection with its "
           "keyboard enter serial", copier.history())
    reader = Probe(t, "--size", "120x120")
    tap.ok(reader.wait("selection data from the probe"),
           "the next client to get keyboard focus gets the selection first "
           "and reads it from the source", reader.history())
    tap.ok(copier.wait("source send " + TEXT),
           "receive reached the source's send with the fd", copier.history())
    copier.kill()
    tap.ok(reader.wait("selection none"),
           "when the source goes, the focused client hears the selection "
           "is gone", reader.history())
    reader.kill()

    # A new selection cancels the one it replaces.
    first = Probe(t, "--copy", "first", "--size", "90x90")
    tap.ok(first.wait("copied"), "a probe owns the selection", first.history())
    res = t.run(["wl-copy", "second"], timeout=10,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tap.ok(res.returncode == 0 and first.wait("source cancelled"),
           "another client's selection cancels the old source",
           first.history())
    res = t.run(["wl-paste", "--no-newline"], timeout=10)
    tap.ok(res.stdout == "second", "and pasting gives the new one", res.stdout)
    first.kill()

    # Drag-and-drop from one probe to another, with action negotiation.
    target = Probe(t, "--size", "600x100", "--drop-target")
    target.wait("ready")
    source = Probe(t, "--size", "100x400", "--drag-source", "dragged text")
    source.wait("ready")
    t_origin = locate(t, target, 230, 384)
    s_origin = locate(t, source, 512, 200)
    tap.ok(t_origin and s_origin, "the pointer finds both probes",
           "%s %s" % (t_origin, s_origin))
    tx, ty = t_origin or (0, 0)
    sx, sy = s_origin or (0, 0)
    inject(t, "motion", sx + 10, sy + 10, "button", BTN_LEFT, 1)
    tap.ok(source.wait("drag started") and source.wait("pointer leave"),
           "start_drag takes the pointer from the origin", source.history())
    time.sleep(0.3)
    inject(t, "motion", tx + 30, ty + 40)
    ok = (target.wait("dnd enter 30.00 40.00 offer") and
          target.wait("offer source_actions 3"))
    tap.ok(ok, "the target gets enter with surface-local coordinates, an "
           "offer and the source's actions", target.history())
    tap.ok(source.wait("source target " + TEXT),
           "the target's accept reaches the source", source.history())
    tap.ok(target.wait("offer action 2") and source.wait("source action 2"),
           "the preferred action both sides allow (move) is chosen",
           target.history() + "\n--\n" + source.history())
    inject(t, "motion", tx + 31, ty + 42)
    tap.ok(target.wait("dnd motion 31.00 42.00"), "motion follows the drag",
           target.history())
    inject(t, "button", BTN_LEFT, 0)
    tap.ok(target.wait("dnd drop") and source.wait("source dnd_drop_performed"),
           "release drops on the target", target.history())
    tap.ok(target.wait("dnd data dragged text"),
           "the target reads the data from the source", target.history())
    tap.ok(source.wait("source dnd_finished"),
           "finish reaches the source as dnd_finished", source.history())
    tap.ok(not any("cancelled" in l for l in source.settle()),
           "a finished drag is not cancelled", source.history())

    # A drop nowhere is cancelled.
    inject(t, "motion", sx + 10, sy + 300, "button", BTN_LEFT, 1)
    source.wait("drag started")
    time.sleep(0.3)
    inject(t, "motion", 2, 2, "button", BTN_LEFT, 0)
    tap.ok(source.wait("source cancelled"),
           "a drop over no surface cancels the source", source.history())
    source.kill()
    target.kill()

    # The drag icon rides in the overlay layer with its corner at the pointer.
    dragger = Probe(t, "--size", "200x150", "--drag-source", "x", "--drag-icon")
    dragger.wait("ready")
    origin = locate(t, dragger, 512, 384)
    ox, oy = origin or (0, 0)
    inject(t, "motion", ox + 10, oy + 10, "button", BTN_LEFT, 1)
    dragger.wait("drag started")
    time.sleep(0.3)
    inject(t, "motion", 40, 30)
    # A loaded machine (sanitizer builds in parallel) may draw late.
    deadline = time.monotonic() + 5
    while True:
        image = grab_pixels(t)
        seen = image and [pixel(image, 40, 30) == CYAN,
                          pixel(image, 49, 39) == CYAN,
                          pixel(image, 39, 30) != CYAN,
                          pixel(image, 50, 39) != CYAN]
        if (seen and all(seen)) or time.monotonic() > deadline:
            break
    tap.ok(seen and all(seen), "the drag icon is drawn at the pointer", seen)
    inject(t, "button", BTN_LEFT, 0)
    dragger.wait("source cancelled")
    deadline = time.monotonic() + 5
    while True:
        image = grab_pixels(t)
        gone = image and pixel(image, 40, 30) != CYAN
        if gone or time.monotonic() > deadline:
            break
    tap.ok(gone, "the icon goes with the drag")
    dragger.kill()

    def provoke(name, *args, pointer_at=None):
        probe = Probe(t, "--size", "200x150", "--provoke", name, *args)
        probe.wait("ready")
        if pointer_at:
            inject(t, "motion", 1, 1, "motion", *pointer_at,
                   "button", BTN_LEFT, 1)
            # start_drag must reach tack while the button is down.
            if probe.wait(lambda l: l == "drag started" or
                          l.startswith("error")) == "drag started":
                time.sleep(0.3)
                inject(t, "motion", pointer_at[0] + 1, pointer_at[1])
            inject(t, "button", BTN_LEFT, 0)
        line = probe.wait("error", timeout=5)
        probe.kill()
        return line, probe.history()

    errors = [
        ("source_invalid_action_mask", (), None,
         "wl_data_source 0", "set_actions with an unknown bit: "
         "wl_data_source.invalid_action_mask"),
        ("source_invalid_source", (), None, "wl_data_source 1",
         "a drag-and-drop source as the selection: "
         "wl_data_source.invalid_source"),
        ("selection_invalid_finish", (), None, "wl_data_offer 0",
         "finish on a selection offer: wl_data_offer.invalid_finish"),
        ("selection_invalid_offer", (), None, "wl_data_offer 3",
         "set_actions on a selection offer: wl_data_offer.invalid_offer"),
        ("data_device_role", ("--drag-source", "x"), (512, 384),
         "wl_data_device 0", "a toplevel's surface as the drag icon: "
         "wl_data_device.role"),
        ("offer_invalid_action_mask", ("--drag-source", "x"), (512, 384),
         "wl_data_offer 1", "a drag offer's set_actions with an unknown bit: "
         "wl_data_offer.invalid_action_mask"),
        ("offer_invalid_action", ("--drag-source", "x"), (512, 384),
         "wl_data_offer 2", "a preferred action outside the mask: "
         "wl_data_offer.invalid_action"),
        ("offer_invalid_finish", ("--drag-source", "x"), (512, 384),
         "wl_data_offer 0", "finish before the drop: "
         "wl_data_offer.invalid_finish"),
    ]
    for name, args, at, want, what in errors:
        line, history = provoke(name, *args, pointer_at=at)
        tap.ok(line == "error " + want, what, history)

    tap.ok(t.alive(), "tack survives", t.log()[-3000:])
    tap.ok(t.stop() == 0, "tack exits cleanly (sanitizers too)")

tap.done()
