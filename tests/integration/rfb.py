"""Just enough of RFB (the VNC protocol, RFC 6143) to test a VNC server
without authentication: read the screen in raw encoding, send pointer
and key events."""

import socket
import struct
import time


class RfbError(Exception):
    pass


class Rfb:
    def __init__(self, host, port, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection((host, port), timeout=timeout)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        version = self._recv(12)
        if not version.startswith(b"RFB 003."):
            raise RfbError("not an RFB server: %r" % version)
        self.sock.sendall(b"RFB 003.008\n")
        count = self._recv(1)[0]
        if count == 0:
            raise RfbError("refused: " + self._reason())
        types = self._recv(count)
        if 1 not in types:
            raise RfbError("no 'None' security type among %r" % list(types))
        self.sock.sendall(b"\x01")
        if struct.unpack(">I", self._recv(4))[0] != 0:
            raise RfbError("security failed: " + self._reason())
        self.sock.sendall(b"\x01")          # ClientInit: shared
        (self.width, self.height, bpp, _depth, big, _true, rmax, gmax, bmax,
         rshift, gshift, bshift) = struct.unpack(">HHBBBBHHHBBB3x", self._recv(20))
        self.name = self._recv(struct.unpack(">I", self._recv(4))[0])
        if bpp != 32:
            raise RfbError("server pixel format has %d bits" % bpp)
        self.fmt = (big, rmax, gmax, bmax, rshift, gshift, bshift)
        # SetEncodings: raw only
        self.sock.sendall(struct.pack(">BxHi", 2, 1, 0))

    def _recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RfbError("connection closed")
            data += chunk
        return data

    def _reason(self):
        return self._recv(struct.unpack(">I", self._recv(4))[0]).decode(errors="replace")

    def screen(self):
        """The whole framebuffer as {(x, y): (r, g, b)} lookups: a function."""
        self.sock.sendall(struct.pack(">BBHHHH", 3, 0, 0, 0, self.width, self.height))
        pixels = bytearray(self.width * self.height * 4)
        while True:
            kind = self._recv(1)[0]
            if kind == 0:
                break
            if kind == 2:                   # Bell
                continue
            if kind == 3:                   # ServerCutText
                self._recv(3)
                self._recv(struct.unpack(">I", self._recv(4))[0])
                continue
            raise RfbError("unexpected message %d" % kind)
        self._recv(1)
        for _ in range(struct.unpack(">H", self._recv(2))[0]):
            x, y, w, h, enc = struct.unpack(">HHHHi", self._recv(12))
            if enc != 0:
                raise RfbError("encoding %d, asked for raw" % enc)
            data = self._recv(w * h * 4)
            for row in range(h):
                start = ((y + row) * self.width + x) * 4
                pixels[start:start + w * 4] = data[row * w * 4:(row + 1) * w * 4]
        big, rmax, gmax, bmax, rs, gs, bs = self.fmt
        order = ">" if big else "<"

        def pixel(px, py):
            v = struct.unpack_from(order + "I", pixels, (py * self.width + px) * 4)[0]
            return ((v >> rs) & rmax, (v >> gs) & gmax, (v >> bs) & bmax)
        return pixel

    def pointer(self, x, y, buttons=0):
        self.sock.sendall(struct.pack(">BBHH", 5, buttons, x, y))

    def key(self, keysym, down):
        self.sock.sendall(struct.pack(">BBxxI", 4, 1 if down else 0, keysym))

    def close(self):
        self.sock.close()
