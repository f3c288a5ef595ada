"""New windows open on the output under the pointer, centred on it."""

from tacktest import Tack, Tap, client, screenshot, wait_for_line
from test_pixels_lib import find_pattern

tap = Tap()
W, H = 120, 90

with Tack(outputs=("640x480@60", "800x600@60"), test_input=True) as t:
    for where, x, output, (ow, oh) in (("first", 100, "HEADLESS-1", (640, 480)),
                                      ("second", 900, "HEADLESS-2", (800, 600))):
        res = t.run([client("tack-inject"), "add", "pointer", "motion", str(x), "100",
                     "sync"])
        tap.ok(res.returncode == 0, "pointer moved over the %s output" % where, res.stdout)
        p = t.spawn([client("tack-pattern"), "--size", "%dx%d" % (W, H)])
        ready = wait_for_line(p, lambda line: line.strip() == "ready")
        tap.ok(ready is not None, "a window maps with the pointer on the %s output" % where)
        shot = screenshot(t, output=output)
        pos = find_pattern(shot, W, H)
        tap.ok(pos == ((ow - W) // 2, (oh - H) // 2),
               "it opens centred on the %s output" % where,
               "found at %r on %s" % (pos, output))
        p.kill()
        p.wait()
        t.run([client("tack-inject"), "remove", "pointer", "sync"])
tap.done()
