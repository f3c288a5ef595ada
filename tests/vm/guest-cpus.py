"""Where the CPUs of a test guest that stopped answering are: for each, its
instruction pointer and the kernel text addresses found on its stack,
named from the guest's own kallsyms. A guest whose CPUs spin with
interrupts off says nothing on its console, so this asks QEMU's monitor.

usage: guest-cpus.py MONITOR_SOCKET KALLSYMS [KALLSYMS...]
"""

import bisect
import re
import socket
import sys

STACK_WORDS = 160
NAMES_PER_CPU = 18


class Monitor:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(3)
        self.sock.connect(path)
        self.read()

    def read(self):
        out = b""
        while not out.rstrip().endswith(b"(qemu)"):
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
        # the monitor draws its line editor with escape sequences
        return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode(errors="replace"))

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self.read()


class Symbols:
    def __init__(self, paths):
        table = []
        for path in paths:
            try:
                with open(path) as f:
                    for line in f:
                        parts = line.split()
                        if len(parts) >= 3 and parts[1] in ("t", "T"):
                            label = " ".join(parts[2:4])
                            table.append((int(parts[0], 16), label))
            except (OSError, ValueError):
                continue
        table.sort()
        self.addrs = [a for a, _ in table]
        self.labels = [n for _, n in table]

    def name(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        # past the last symbol, or far from any: not text
        if i < 0 or addr - self.addrs[i] > 0x4000:
            return None
        return "%s+0x%x" % (self.labels[i], addr - self.addrs[i])


def cpu_report(mon, syms, cpu):
    mon.command("cpu %d" % cpu)
    regs = mon.command("info registers")
    rip = re.search(r"RIP=([0-9a-f]+)", regs)
    rsp = re.search(r"RSP=([0-9a-f]+)", regs)
    if not rip or not rsp:
        return ["CPU %d: no registers" % cpu]
    addr = int(rip.group(1), 16)
    lines = ["CPU %d at %s (rip %x, rsp %s)" % (
        cpu, syms.name(addr) or "?", addr, rsp.group(1))]
    dump = mon.command("x/%dgx 0x%s" % (STACK_WORDS, rsp.group(1)))
    seen = []
    for word in re.findall(r"0x([0-9a-f]{16})", dump):
        label = syms.name(int(word, 16))
        if label and label not in seen:
            seen.append(label)
    lines += ["  on its stack: " + s for s in seen[:NAMES_PER_CPU]]
    return lines


def main():
    mon = Monitor(sys.argv[1])
    syms = Symbols(sys.argv[2:])
    cpus = len(re.findall(r"CPU #\d+", mon.command("info cpus"))) or 1
    for cpu in range(cpus):
        for line in cpu_report(mon, syms, cpu):
            print(line)


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        print("guest-cpus: no monitor: %s" % e)
