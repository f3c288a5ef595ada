"""Each invalid core request gets the error its spec names; tack survives
and another client still renders."""

from tacktest import Tack, Tap, client

# case -> (interface, error code) as the protocol XML numbers them.
EXPECTED = {
    "shm-negative-offset": ("wl_shm_pool", 1),          # wl_shm.error.invalid_stride
    "shm-stride-too-small": ("wl_shm_pool", 1),
    "shm-beyond-pool": ("wl_shm_pool", 1),
    "shm-bad-format": ("wl_shm_pool", 0),               # invalid_format
    "shm-zero-size-buffer": ("wl_shm_pool", 1),
    "shm-pool-bad-size": ("wl_shm", 1),
    "shm-pool-shrink": ("wl_shm_pool", 2),              # invalid_fd, as libwayland
    "shm-unmappable-fd": ("wl_shm", 2),                 # invalid_fd
    "shm-truncate-under-compositor": ("wl_buffer", 2),  # as libwayland posts it
    "surface-bad-scale": ("wl_surface", 0),             # invalid_scale
    "surface-bad-transform": ("wl_surface", 1),         # invalid_transform
    "surface-attach-offset": ("wl_surface", 3),         # invalid_offset
    "surface-size-not-scale-multiple": ("wl_surface", 2),  # invalid_size
    "subsurface-of-itself": ("wl_subcompositor", 0),    # bad_surface
    "subsurface-loop": ("wl_subcompositor", 0),
    "subsurface-twice": ("wl_subcompositor", 0),
    "subsurface-bad-sibling": ("wl_subsurface", 0),     # bad_surface
    "viewport-twice": ("wp_viewporter", 0),             # viewport_exists
    "viewport-bad-value": ("wp_viewport", 0),           # bad_value
    "viewport-out-of-buffer": ("wp_viewport", 2),       # out_of_buffer
    "viewport-fractional-without-destination": ("wp_viewport", 1),  # bad_size
    "viewport-no-surface": ("wp_viewport", 3),          # no_surface
}

tap = Tap()
with Tack() as t:
    for case, (iface, code) in EXPECTED.items():
        res = t.run([client("tack-hostile"), case], timeout=20)
        want = "error %s %d" % (iface, code)
        tap.ok(want in res.stdout, "%s gets %s" % (case, want), res.stdout.strip())
        tap.ok(t.alive(), "tack survives %s" % case, t.log()[-2000:])
    res = t.run([client("tack-demo"), "--seconds", "1"], timeout=30)
    tap.ok(res.returncode == 0 and "presented" in res.stdout,
           "another client still renders after all of them", res.stdout)
    tap.ok("SIGBUS" in t.log(), "the truncating client was named in the log", t.log()[-2000:])
tap.done()
