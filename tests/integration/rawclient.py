"""A raw client over the wire (tests/fuzz/wire.py) with the usual globals
bound: for tests that need requests no real client sends, or sends at a
moment of their choosing."""

import os
import time

import wire

XRGB8888 = 1
INTERFACES = wire.load_interfaces(wire.protocol_files())


class Client:
    """A raw client with the usual globals bound."""

    def __init__(self, tack, more=()):
        self.c = wire.Connection(INTERFACES, "%s/%s" % (tack.runtime_dir,
                                                      tack.socket))
        reg = self.c.registry()
        self.g = {name: self.c.bind(reg, name) for name in (
            "wl_compositor", "wl_subcompositor", "wl_shm", "xdg_wm_base",
            "wp_viewporter") + tuple(more)}
        self.fds = []

    def new(self, iface):
        return self.c.new_id(iface, INTERFACES[iface].version)

    def req(self, obj, name, *args):
        self.c.request(obj, name, *args)

    def pool(self, size):
        """A pool of a memfd; the fd is closed at the next round trip."""
        fd = os.memfd_create("rawclient")
        os.ftruncate(fd, size)
        self.fds.append(fd)
        pool = self.new("wl_shm_pool")
        self.req(self.g["wl_shm"], "create_pool", pool, fd, size)
        return pool

    def buffer(self, w, h, fmt=XRGB8888, stride=None, pool=None, offset=0):
        """A buffer in pool, or in a pool of its own."""
        stride = stride or w * 4
        pool = pool or self.pool(stride * h)
        buf = self.new("wl_buffer")
        self.req(pool, "create_buffer", buf, offset, w, h, stride, fmt)
        return buf

    def surface(self):
        s = self.new("wl_surface")
        self.req(self.g["wl_compositor"], "create_surface", s)
        return s

    def toplevel(self, w=64, h=48):
        s = self.surface()
        xs = self.new("xdg_surface")
        self.req(self.g["xdg_wm_base"], "get_xdg_surface", xs, s)
        tl = self.new("xdg_toplevel")
        self.req(xs, "get_toplevel", tl)
        self.req(s, "commit")
        self.ack_configure(xs)
        self.req(s, "attach", self.buffer(w, h), 0, 0)
        self.req(s, "commit")
        return s, xs, tl

    def subsurface(self, parent, x, y):
        s = self.surface()
        sub = self.new("wl_subsurface")
        self.req(self.g["wl_subcompositor"], "get_subsurface", sub, s, parent)
        self.req(sub, "set_position", x, y)
        self.req(s, "attach", self.buffer(8, 8), 0, 0)
        self.req(s, "commit")
        return s, sub

    def viewport_to(self, surface, w, h):
        """A viewport on surface with destination w x h, committed."""
        vp = self.new("wp_viewport")
        self.req(self.g["wp_viewporter"], "get_viewport", vp, surface)
        self.req(vp, "set_destination", w, h)
        self.req(surface, "commit")

    def positioner(self, w, h, ax, ay, aw, ah, dx, dy):
        pos = self.new("xdg_positioner")
        self.req(self.g["xdg_wm_base"], "create_positioner", pos)
        self.req(pos, "set_size", w, h)
        self.req(pos, "set_anchor_rect", ax, ay, aw, ah)
        self.req(pos, "set_offset", dx, dy)
        self.req(pos, "set_constraint_adjustment", 63)
        return pos

    def popup(self, parent_xs, pos):
        s = self.surface()
        xs = self.new("xdg_surface")
        self.req(self.g["xdg_wm_base"], "get_xdg_surface", xs, s)
        pop = self.new("xdg_popup")
        self.req(xs, "get_popup", pop, parent_xs, pos)
        self.req(s, "commit")
        self.ack_configure(xs)
        self.req(s, "attach", self.buffer(16, 16), 0, 0)
        self.req(s, "commit")
        return s, xs

    def ack_configure(self, xs):
        """The configure comes from an idle callback: wait for it."""
        for _ in range(50):
            self.roundtrip()
            ev = self.c.last_event.get(xs)
            if ev and ev[0] == "configure":
                self.req(xs, "ack_configure", ev[1][0])
                return
            if self.c.error:
                return
            time.sleep(0.01)

    def roundtrip(self):
        t = self.c.roundtrip(5.0)
        for fd in self.fds:
            os.close(fd)
        self.fds = []
        return t

    def close(self):
        self.c.close()
