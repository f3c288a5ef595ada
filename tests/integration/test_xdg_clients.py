"""Real xdg-shell clients from weston map, keep running and show up on
screen, and tack logs no error while they run."""

import time

from tacktest import Tack, Tap, screenshot, pixel

CLIENTS = (
    ["weston-simple-shm"],
    ["weston-simple-damage"],
    ["weston-subsurfaces"],
)

tap = Tap()
for argv in CLIENTS:
    name = argv[0]
    with Tack(outputs=("1024x768@60",)) as t:
        before = screenshot(t)
        p = t.spawn(argv)
        time.sleep(2)
        tap.ok(p.poll() is None, "%s keeps running" % name,
               "exit %s\n%s" % (p.returncode, p.stderr.read() if p.poll() is not None else ""))
        after = screenshot(t)
        # New windows open centred on the output.
        centre = (512, 384)
        tap.ok(pixel(before, *centre) != pixel(after, *centre),
               "%s is shown in the middle of the output" % name,
               "%s -> %s" % (pixel(before, *centre), pixel(after, *centre)))
        time.sleep(1)
        tap.ok(p.poll() is None, "%s still runs a second later" % name)
        tap.ok(t.alive(), "tack still runs with %s" % name)
        tap.ok("tack error" not in t.log(), "tack logged no error with %s" % name,
               t.log()[-2000:])
tap.done()
