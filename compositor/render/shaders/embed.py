#!/usr/bin/env python3
"""Write SPIR-V (a .spv file) as a C array, so tack needs no shader
compiler when it runs: embed.py NAME IN.spv OUT.h"""

import struct
import sys

name, spv, out = sys.argv[1:4]
with open(spv, "rb") as f:
    data = f.read()
if len(data) % 4 or struct.unpack("<I", data[:4])[0] != 0x07230203:
    sys.exit("embed.py: %s is not SPIR-V" % spv)
words = struct.unpack("<%dI" % (len(data) // 4), data)
with open(out, "w") as f:
    f.write("/* made by embed.py from %s */\n" % spv.split("/")[-1])
    f.write("#include <stdint.h>\n")
    f.write("static const uint32_t %s[] = {\n" % name)
    for i in range(0, len(words), 6):
        f.write("\t" + " ".join("0x%08x," % w for w in words[i:i + 6]) + "\n")
    f.write("};\n")
