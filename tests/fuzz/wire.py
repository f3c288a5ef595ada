"""The Wayland wire protocol, spoken from Python for tests that must say
what no well-behaved client library would: any request, any argument, any
bytes. Interfaces come from the protocol XML files themselves.
"""

import array
import os
import socket
import struct
import xml.etree.ElementTree as ET

WAYLAND_XML = "/usr/share/wayland/wayland.xml"
PROTOCOLS_DIR = "/usr/share/wayland-protocols"
# libwayland takes at most this many fds in one message's worth of data
MAX_FDS_PER_SEND = 28


class Message:
    """One request or event: its opcode, arguments and version."""

    def __init__(self, opcode, elem):
        self.opcode = opcode
        self.name = elem.get("name")
        self.since = int(elem.get("since", "1"))
        self.destructor = elem.get("type") == "destructor"
        self.args = [(a.get("name"), a.get("type"), a.get("interface"),
                      a.get("allow-null") == "true", a.get("enum"))
                     for a in elem.findall("arg")]


class Interface:
    def __init__(self, elem):
        self.name = elem.get("name")
        self.version = int(elem.get("version", "1"))
        self.requests = [Message(i, e) for i, e in
                         enumerate(elem.findall("request"))]
        self.events = [Message(i, e) for i, e in
                       enumerate(elem.findall("event"))]
        self.enums = {}
        for e in elem.findall("enum"):
            self.enums[e.get("name")] = [int(v.get("value"), 0)
                                         for v in e.findall("entry")]

    def request(self, name):
        return next(m for m in self.requests if m.name == name)


def protocol_files(extra_dirs=()):
    """wayland.xml, the files of extra_dirs, then wayland-protocols' stable,
    staging and unstable ones: where two define an interface (unstable
    xdg-shell has its own xdg_surface), the first in this order wins."""
    files = [WAYLAND_XML]
    tops = list(extra_dirs) + [os.path.join(PROTOCOLS_DIR, d)
                               for d in ("stable", "staging", "unstable")]
    for top in tops:
        for root, dirs, names in os.walk(top):
            dirs.sort()
            files += [os.path.join(root, n) for n in sorted(names)
                      if n.endswith(".xml")]
    return files


def load_interfaces(files):
    """name -> Interface over the files; the first definition wins."""
    interfaces = {}
    for path in files:
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        for elem in tree.getroot().findall("interface"):
            interfaces.setdefault(elem.get("name"), Interface(elem))
    return interfaces


def pad4(n):
    return (n + 3) & ~3


def encode_string(s):
    if s is None:
        return struct.pack("<I", 0)
    data = s.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (pad4(len(data)) - len(data))


def encode_array(data):
    return struct.pack("<I", len(data)) + data + b"\0" * (pad4(len(data)) - len(data))


class ProtocolError(Exception):
    pass


class Connection:
    """One client connection. Objects are tracked by id with their
    interface, as created by the requests sent and the events read."""

    def __init__(self, interfaces, path=None):
        if path is None:
            path = os.path.join(os.environ["XDG_RUNTIME_DIR"],
                                os.environ["WAYLAND_DISPLAY"])
        self.interfaces = interfaces
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.objects = {1: ("wl_display", 1)}
        # what this client made and did not destroy itself: its own view,
        # the same however its events were timed
        self.created = {1: ("wl_display", 1)}
        self.next_id = 2
        self.out = bytearray()
        self.out_fds = []
        self.inbuf = b""
        self.in_fds = []
        self.error = None
        self.globals = {}
        self.closed = False
        self.sent_requests = 0
        self.done_callbacks = set()
        # the newest serial any event carried, and each object's last event
        self.last_serial = 0
        self.last_event = {}
        # a list to get every event in: (interface, id, name, values)
        self.event_log = None

    def close(self):
        if not self.closed:
            self.closed = True
            self.sock.close()
        for fd in self.in_fds:
            os.close(fd)
        self.in_fds = []

    def new_id(self, interface, version):
        oid = self.next_id
        self.next_id += 1
        self.objects[oid] = (interface, version)
        self.created[oid] = (interface, version)
        return oid

    # --- requests ---

    def encode(self, obj_id, msg, values):
        """The bytes and fds of one request; values in msg.args order, the
        untyped new_id as (interface, version, id)."""
        body = b""
        fds = []
        for (name, typ, iface, _, _), v in zip(msg.args, values):
            if typ in ("int", "uint", "object", "fixed"):
                body += struct.pack("<I", v & 0xffffffff)
            elif typ == "string":
                body += encode_string(v)
            elif typ == "array":
                body += encode_array(v)
            elif typ == "fd":
                fds.append(v)
            elif typ == "new_id":
                if iface is None:
                    i_name, i_version, oid = v
                    body += encode_string(i_name) + struct.pack(
                        "<II", i_version, oid)
                else:
                    body += struct.pack("<I", v)
        header = struct.pack("<II", obj_id, ((8 + len(body)) << 16) | msg.opcode)
        return header + body, fds

    def send_raw(self, data, fds=()):
        self.out += data
        self.out_fds += list(fds)

    def request(self, obj_id, name, *values):
        """A request by name on a live object; returns what it sent."""
        iface = self.interfaces[self.objects[obj_id][0]]
        msg = iface.request(name)
        data, fds = self.encode(obj_id, msg, values)
        self.send_raw(data, fds)
        self.sent_requests += 1
        if msg.destructor:
            self.objects.pop(obj_id, None)
            self.created.pop(obj_id, None)
        return data

    def flush(self, timeout=None):
        """Send what is queued, waiting while the compositor's buffer is
        full (at most timeout seconds); False when it hung up."""
        self.sock.settimeout(timeout)
        try:
            while self.out or self.out_fds:
                fds = self.out_fds[:MAX_FDS_PER_SEND]
                # fds go with the first byte of a message that carries them
                n = len(self.out) if len(self.out_fds) <= MAX_FDS_PER_SEND else 4
                anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                        array.array("i", fds))] if fds else []
                sent = self.sock.sendmsg([bytes(self.out[:n])], anc)
                del self.out[:sent]
                self.out_fds = self.out_fds[len(fds):]
                if not self.out and self.out_fds:
                    # fds without bytes cannot be sent: drop them
                    self.out_fds = []
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            # a timeout too: what was not sent is given up
            self.out.clear()
            self.out_fds = []
            return False

    # --- events ---

    def read(self, timeout=0.0):
        """Read what arrived within timeout; False once the socket closed."""
        self.sock.settimeout(timeout)
        try:
            data, anc, _, _ = self.sock.recvmsg(
                65536, socket.CMSG_SPACE(253 * 4))
        except (socket.timeout, BlockingIOError):
            return True
        except OSError:
            return False
        for level, typ, payload in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds = array.array("i")
                fds.frombytes(payload[:len(payload) - len(payload) % 4])
                self.in_fds += list(fds)
        if not data:
            return False
        self.inbuf += data
        self.parse()
        return True

    def take_fd(self):
        return self.in_fds.pop(0) if self.in_fds else -1

    def parse(self):
        while len(self.inbuf) >= 8:
            obj_id, word = struct.unpack_from("<II", self.inbuf)
            size = word >> 16
            if size < 8 or len(self.inbuf) < size:
                if size < 8:
                    raise ProtocolError("event of %d bytes" % size)
                return
            body = self.inbuf[8:size]
            self.inbuf = self.inbuf[size:]
            self.event(obj_id, word & 0xffff, body)

    def event(self, obj_id, opcode, body):
        known = self.objects.get(obj_id)
        if not known:
            return
        iface = self.interfaces.get(known[0])
        if not iface or opcode >= len(iface.events):
            return
        msg = iface.events[opcode]
        values = self.decode(msg, body)
        self.last_event[obj_id] = (msg.name, values)
        if self.event_log is not None:
            self.event_log.append((known[0], obj_id, msg.name, values))
        for (name, typ, _, _, _), v in zip(msg.args, values):
            if name == "serial" and typ == "uint":
                self.last_serial = v
        if known[0] == "wl_display" and msg.name == "error":
            self.error = (self.objects.get(values[0], ("?",))[0], values[1],
                          values[2])
        elif known[0] == "wl_display" and msg.name == "delete_id":
            self.objects.pop(values[0], None)
            self.done_callbacks.add(values[0])
        elif known[0] == "wl_registry" and msg.name == "global":
            self.globals[values[0]] = (values[1], values[2])
        elif known[0] == "wl_registry" and msg.name == "global_remove":
            self.globals.pop(values[0], None)

    def decode(self, msg, body):
        values, pos = [], 0
        for name, typ, iface, _, _ in msg.args:
            if typ in ("int", "fixed"):
                values.append(struct.unpack_from("<i", body, pos)[0])
                pos += 4
            elif typ in ("uint", "object"):
                values.append(struct.unpack_from("<I", body, pos)[0])
                pos += 4
            elif typ == "new_id":
                oid = struct.unpack_from("<I", body, pos)[0]
                pos += 4
                if iface:
                    self.objects[oid] = (iface, 1)
                values.append(oid)
            elif typ in ("string", "array"):
                n = struct.unpack_from("<I", body, pos)[0]
                raw = body[pos + 4:pos + 4 + n]
                pos += 4 + pad4(n)
                values.append(raw[:-1].decode(errors="replace")
                              if typ == "string" and n else raw)
            elif typ == "fd":
                fd = self.take_fd()
                if fd >= 0:
                    os.close(fd)
                values.append(fd)
        return values

    # --- conveniences ---

    def registry(self):
        """Bind the registry and read the globals it lists."""
        reg = self.new_id("wl_registry", 1)
        self.request(1, "get_registry", reg)
        self.roundtrip()
        return reg

    def sync(self):
        cb = self.new_id("wl_callback", 1)
        self.request(1, "sync", cb)
        return cb

    def roundtrip(self, timeout=5.0):
        """Flush, and read until a sync comes back; the seconds it took, or
        None on a timeout or a hang-up."""
        import time
        cb = self.sync()
        start = time.monotonic()
        if not self.flush(timeout):
            return None
        while cb not in self.done_callbacks:
            left = timeout - (time.monotonic() - start)
            if left <= 0 or self.error or not self.read(min(left, 0.1)):
                return None if cb not in self.done_callbacks else \
                    time.monotonic() - start
        return time.monotonic() - start

    def bind(self, reg, interface, version=None):
        """Bind a global by interface name; its object id, or None."""
        for name, (iface, v) in self.globals.items():
            if iface == interface:
                v = min(v, version or v, self.interfaces[iface].version)
                oid = self.new_id(iface, v)
                self.request(reg, "bind", name, (iface, v, oid))
                return oid
        return None
