"""Real clients nobody here wrote, against tack headless: wayland-info lists
every global, weston-presentation-shm gets sane feedback, foot draws."""

import re
import time

from tacktest import Tack, Tap, screenshot, pixel
import test_pixels_lib as px

tap = Tap()

GLOBALS = {
    "wl_compositor": 5, "wl_subcompositor": 1, "wl_shm": 1, "wl_output": 4,
    "zxdg_output_manager_v1": 3, "xdg_wm_base": 5, "wp_presentation": 1,
    "wp_viewporter": 1, "wl_seat": 8, "wl_data_device_manager": 3,
    "zwlr_screencopy_manager_v1": 3, "zwlr_layer_shell_v1": 4,
    "zxdg_decoration_manager_v1": 1, "wp_fractional_scale_manager_v1": 1,
    "zwp_pointer_constraints_v1": 1, "zwp_relative_pointer_manager_v1": 1,
    "zwp_primary_selection_device_manager_v1": 1,
    "gtk_primary_selection_device_manager": 1, "ext_session_lock_manager_v1": 1,
    "wp_single_pixel_buffer_manager_v1": 1, "ext_idle_notifier_v1": 1,
    "zwp_idle_inhibit_manager_v1": 1, "xdg_activation_v1": 1,
}

with Tack(outputs=("1024x768@60",)) as t:
    res = t.run(["wayland-info"], timeout=20)
    out = res.stdout
    tap.ok(res.returncode == 0, "wayland-info runs", out[-1000:])
    for name, version in GLOBALS.items():
        m = re.search(r"interface: '%s',\s+version:\s+(\d+)" % name, out)
        tap.ok(m and int(m.group(1)) == version,
               "wayland-info lists %s version %d" % (name, version),
               m.group(0) if m else "missing")
    tap.ok("'AR24'" in out and "'XR24'" in out and "'RG16'" in out,
           "wl_shm formats are listed")
    tap.ok(re.search(r"name: HEADLESS-1", out) is not None,
           "the output's name is listed", out[-1500:])
    tap.ok(re.search(r"width:\s+1024 px, height:\s+768 px, refresh:\s+60.000 Hz", out)
           is not None, "the output's mode is listed")

# weston 10's presentation-shm binds xdg_wm_base at whatever version is
# advertised but has no handlers for the version 4 and 5 toplevel events, so it
# aborts on any compliant v5 compositor; --xdg-shell-version 3 serves it.
with Tack(outputs=("800x600@60",), extra_args=("--xdg-shell-version", "3")) as t:
    p = t.spawn(["weston-presentation-shm"])
    time.sleep(3)
    p.terminate()
    out, err = p.communicate(timeout=10)
    # Lines look like "  8: f2c  2 ms, c2p 15 ms, f2p 17 ms, p2p 16666 us,
    # t2p  15045, [s___], seq 9".
    c2p = [int(v) for v in re.findall(r"c2p\s+(-?\d+) ms", out)]
    p2p = [int(v) for v in re.findall(r"p2p\s+(-?\d+) us", out)]
    kinds = re.findall(r"\[(....)\]", out)
    seqs = [int(v) for v in re.findall(r"seq\s+(\d+)", out)]
    tap.ok(len(c2p) >= 60, "weston-presentation-shm got feedback for its frames",
           "%d lines\n%s" % (len(c2p), (out + err)[-1500:]))
    tap.ok(c2p and all(0 <= v <= 40 for v in c2p[5:]),
           "commit to present within two refreshes", c2p[:20])
    steady = p2p[5:]
    tap.ok(steady and sum(1 for v in steady if 16000 <= v <= 17400) >= 0.8 * len(steady),
           "presentations 16.7 ms apart at 60 Hz", steady[:30])
    tap.ok(kinds and all(k[0] == "s" for k in kinds),
           "feedback says vsync", kinds[:10])
    tap.ok(seqs == sorted(seqs) and len(set(seqs)) == len(seqs),
           "sequence numbers strictly increase", seqs[:20])
    tap.ok(t.alive(), "tack still runs")

with Tack(outputs=("1024x768@60",)) as t:
    base = screenshot(t)
    p = t.spawn(px.foot_argv(30))
    found = False
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not found:
        time.sleep(0.5)
        found, blue, yellow = px.foot_drew(screenshot(t))
    tap.ok(found, "foot maps a window with its background and draws text in it",
           "blue %d yellow %d" % (blue, yellow))
    tap.ok(p.poll() is None and t.alive(), "foot and tack keep running")

tap.done()
