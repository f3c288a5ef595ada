"""The clients of a desktop session, from Debian, against tack headless:
swaybg (a wallpaper in the background layer), yambar (a panel whose
exclusive zone maximized windows leave free), mako (a notification in the
top layer), fuzzel (a launcher with the keyboard to itself), wl-copy -p and
wl-paste -p (the primary selection), and wayvnc (the screen and the input
of a VNC viewer, through the privileged protocols), swayidle (idleness, and
a window's inhibitor holding it off)."""

import os
import shutil
import subprocess
import tempfile
import time

from tacktest import Tack, Tap, client, read_line, screenshot, pixel
from test_seat_lib import Probe, inject
from rfb import Rfb

tap = Tap()
KEY_B, KEY_E, KEY_T, KEY_ENTER, KEY_A = 48, 18, 20, 28, 30
RUST = (0xc0, 0x40, 0x20)
BAR_BLUE = (0x20, 0x40, 0xc0)
MAKO_BLUE = (0x28, 0x55, 0x77)          # mako's default background


def wait_pixel(t, x, y, want, timeout=10):
    """Screenshots until the pixel is want; the last pixel seen."""
    deadline = time.monotonic() + timeout
    while True:
        got = pixel(screenshot(t), x, y)
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def yambar_config(directory):
    path = os.path.join(directory, "yambar.yml")
    with open(path, "w") as f:
        f.write("bar:\n  height: 30\n  location: top\n"
                "  background: 2040c0ff\n  font: DejaVu Sans:size=10\n"
                "  right:\n    - label:\n        content: {string: {text: tack}}\n")
    return path


def wallpaper_and_panel(t):
    t.spawn(["swaybg", "-c", "#c04020"])
    tap.ok(wait_pixel(t, 500, 700, RUST) == RUST,
           "swaybg: the wallpaper fills the output")
    config = yambar_config(t.runtime_dir)
    bar = t.spawn(["yambar", "-c", config])
    tap.ok(wait_pixel(t, 5, 10, BAR_BLUE) == BAR_BLUE,
           "yambar: the panel is drawn along the top", bar.poll())
    tap.ok(pixel(screenshot(t), 500, 700) == RUST,
           "the wallpaper stays below the panel")
    p = t.spawn([client("tack-xdg-probe"), "maximize"], stdin=subprocess.PIPE)
    line = read_line(p, "maximized")
    tap.ok(line == "maximized 1024x738 activated",
           "a maximized window leaves the panel's 30 rows free", line)
    img = screenshot(t)
    tap.ok(pixel(img, 5, 10) == BAR_BLUE and pixel(img, 500, 700) != RUST,
           "the panel is above the window, the window above the wallpaper",
           (pixel(img, 5, 10), pixel(img, 500, 700)))
    p.stdin.close()
    p.wait(timeout=10)
    bar.terminate()
    bar.wait(timeout=10)
    p = t.spawn([client("tack-xdg-probe"), "maximize"], stdin=subprocess.PIPE)
    line = read_line(p, "maximized")
    tap.ok(line == "maximized 1024x768 activated",
           "without the panel a maximized window has the whole output", line)
    p.stdin.close()
    p.wait(timeout=10)


def notification(t):
    bus = subprocess.run(["dbus-daemon", "--session", "--fork",
                          "--print-address=1", "--print-pid=1"],
                         stdout=subprocess.PIPE, text=True, timeout=10)
    address, pid = bus.stdout.split()[:2]
    env = dict(t.env, DBUS_SESSION_BUS_ADDRESS=address)
    try:
        mako = t.spawn(["mako"], env=env)
        sent = None
        for _ in range(50):
            sent = t.run(["gdbus", "call", "--session", "--dest",
                          "org.freedesktop.Notifications", "--object-path",
                          "/org/freedesktop/Notifications", "--method",
                          "org.freedesktop.Notifications.Notify", "tack", "0",
                          "", "Hello", "from a test", "[]", "{}", "5000"],
                         env=env)
            if sent.returncode == 0:
                break
            time.sleep(0.1)
        tap.ok(sent.returncode == 0, "mako takes a notification over D-Bus",
               sent.stdout)
        # mako's default: 300 pixels wide, 10 from the top-right corner
        got = wait_pixel(t, 1024 - 10 - 150, 10 + 5, MAKO_BLUE)
        tap.ok(got == MAKO_BLUE, "mako shows it at the top right", got)
        mako.terminate()
        mako.wait(timeout=10)
    finally:
        subprocess.run(["kill", pid])


def launcher(t):
    inject(t, "add", "keyboard,pointer")
    probe = Probe(t)
    tap.ok(probe.wait("keyboard enter") is not None,
           "a window has the keyboard", probe.history())
    fuzzel = t.spawn(["fuzzel", "--dmenu"], stdin=subprocess.PIPE)
    fuzzel.stdin.write("alpha\nbeta\ngamma\n")
    fuzzel.stdin.close()
    fuzzel.stdin = None
    tap.ok(probe.wait("keyboard leave") is not None,
           "fuzzel takes the keyboard from the window", probe.history())
    inject(t, "key", KEY_B, 1, "key", KEY_B, 0, "key", KEY_E, 1, "key",
           KEY_E, 0, "key", KEY_T, 1, "key", KEY_T, 0)
    time.sleep(0.3)
    inject(t, "key", KEY_ENTER, 1, "key", KEY_ENTER, 0)
    out, _ = fuzzel.communicate(timeout=10)
    tap.ok(out.strip() == "beta", "typing 'bet' and Enter picks beta", out)
    tap.ok(probe.wait("keyboard enter") is not None,
           "the window has the keyboard back", probe.history())
    probe.kill()


def primary_selection(t):
    # wl-copy serves the selection from a child that keeps running
    copy = t.run(["wl-copy", "--primary", "middle-click text"], timeout=10,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    paste = t.run(["wl-paste", "--primary", "--no-newline"], timeout=10)
    tap.ok(copy.returncode == 0 and paste.stdout == "middle-click text",
           "wl-paste -p reads what wl-copy -p set", paste.stdout)
    clip = t.run(["wl-paste", "--no-newline"], timeout=10)
    tap.ok(clip.stdout != "middle-click text",
           "the clipboard is not the primary selection", clip.stdout)


def idle(t):
    idle = t.spawn(["swayidle", "-w", "timeout", "1", "echo idle",
                    "resume", "echo resumed"])
    tap.ok(read_line(idle, "idle", timeout=10) == "idle",
           "swayidle hears the seat go idle after its 1 s")
    inject(t, "motion", 20, 20)
    tap.ok(read_line(idle, "resumed", timeout=10) == "resumed",
           "input resumes it")
    p = t.spawn([client("tack-xdg-probe"), "inhibit-idle"], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "inhibiting") == "inhibiting",
           "a shown window holds an idle inhibitor")
    inject(t, "motion", 30, 30)
    tap.ok(read_line(idle, "idle", timeout=3) is None,
           "no idle while it is shown (3 s, timeout 1 s)")
    p.stdin.write("\n")
    p.stdin.flush()
    tap.ok(read_line(p, "released") == "released" and
           read_line(idle, "idle", timeout=10) == "idle",
           "released, the seat goes idle")
    p.stdin.close()
    p.wait(timeout=10)
    idle.terminate()
    idle.wait(timeout=10)


def activation(t):
    # the first window centred (412,334 to 612,434), the second 32 lower right
    for no_serial in (False, True):
        env = dict(t.env)
        if no_serial:
            env["TACK_PROBE_NO_SERIAL"] = "1"
        p = t.spawn([client("tack-xdg-probe"), "activate"],
                    stdin=subprocess.PIPE, env=env)
        tap.ok(read_line(p, "first deactivated") is not None,
               "the second window takes the focus from the first")
        inject(t, "motion", 630, 450, "button", 272, 1, "button", 272, 0)
        tap.ok(read_line(p, "activation requested") is not None,
               "a click on it asks to activate the first with a token")
        line = read_line(p, "first activated", timeout=2)
        if no_serial:
            tap.ok(line is None,
                   "a token with no input's serial moves no focus")
        else:
            tap.ok(line is not None,
                   "a token from the click activates the first window")
        p.stdin.close()
        p.wait(timeout=10)


def single_pixel(t):
    p = t.spawn([client("tack-xdg-probe"), "single-pixel"], stdin=subprocess.PIPE)
    tap.ok(read_line(p, "mapped") == "mapped single-pixel",
           "a window of a single-pixel buffer maps")
    img = screenshot(t)
    # 200x100 centred on the 1024x768 output
    inside = {pixel(img, x, y) for x, y in ((413, 335), (512, 384), (611, 433))}
    tap.ok(inside == {(255, 0, 0)},
           "its one red pixel fills the 200x100 its viewport asks for", inside)
    p.stdin.close()
    p.wait(timeout=10)


def vnc(t):
    server = t.spawn(["wayvnc", "127.0.0.1", "5931"])
    probe = Probe(t)
    probe.wait("keyboard enter")
    viewer = Rfb("127.0.0.1", 5931)
    tap.ok((viewer.width, viewer.height) == (1024, 768),
           "a VNC viewer gets the output's size", (viewer.width, viewer.height))
    seen = viewer.screen()
    tap.ok(seen(500, 760) == RUST, "the viewer sees the wallpaper", seen(500, 760))
    viewer.pointer(512, 384)
    line = probe.wait("pointer enter")
    tap.ok(line is not None, "the viewer's pointer enters the window",
           probe.history())
    viewer.key(ord("a"), True)
    viewer.key(ord("a"), False)
    tap.ok(probe.wait("keyboard key %d 1" % KEY_A) is not None and
           probe.wait("keyboard key %d 0" % KEY_A) is not None,
           "the viewer's key reaches the window", probe.history())
    viewer.close()
    probe.kill()
    server.terminate()
    server.wait(timeout=10)


with Tack(outputs=("1024x768@60",), test_input=True,
          extra_args=("--privileged-protocols",)) as t:
    wallpaper_and_panel(t)
    notification(t)
    launcher(t)
    primary_selection(t)
    single_pixel(t)
    activation(t)
    idle(t)
    vnc(t)
    tap.ok(t.alive(), "tack still runs")

with Tack(outputs=("1024x768@60",)) as t:
    out = t.run(["wayland-info"], timeout=20).stdout
    hidden = [name for name in ("zwlr_virtual_pointer_manager_v1",
                                "zwp_virtual_keyboard_manager_v1",
                                "zwlr_foreign_toplevel_manager_v1")
              if "'%s'" % name in out]
    tap.ok(not hidden and "'zwlr_layer_shell_v1'" in out,
           "without --privileged-protocols no client may drive or list others",
           hidden)

tap.done()
