#!/usr/bin/env python3
"""Check that compositor/ keeps its layers: no call or include runs up.

Each folder of compositor/ is a layer; a file may use its own folder and
the layers below it, never one above it or a sibling of the same rank:

    util < buffer, output < surface < import < render < scene < seat
         < shell < backend < backend/drm < the top (main.c, server.c)

Calls are read from the build's object files (nm: a symbol one file
leaves undefined and another defines), includes from the sources. A
circle of calls that spans two folders needs a call that runs up, so it
is counted too. Prints one line per offence and a summary as TAP.

usage: check_layers.py BUILD_DIR [--map FILE]
  --map FILE  lines "path/of/file.c folder": place files by hand, to
              count an older, flat tree by the layers its files went to
"""
import collections
import json
import os
import re
import subprocess
import sys

LAYERS = ["util", "buffer output", "surface", "import", "render", "scene",
          "seat", "shell", "backend", "backend/drm", "."]
RANK = {f: i for i, fs in enumerate(LAYERS) for f in fs.split()}


def folder_of(path, placed):
    """The layer folder of a path under compositor/, or None."""
    if path in placed:
        return placed[path]
    if not path.startswith("compositor/"):
        return None
    folder = os.path.dirname(path[len("compositor/"):]) or "."
    return folder if folder in RANK else None


def objects(build):
    """compositor source path -> its object file, from compile_commands."""
    with open(os.path.join(build, "meson-info", "meson-info.json")) as f:
        top = json.load(f)["directories"]["source"]
    with open(os.path.join(build, "compile_commands.json")) as f:
        commands = json.load(f)
    found = {}
    for c in commands:
        src = os.path.relpath(os.path.normpath(
            os.path.join(c["directory"], c["file"])), top)
        out = c["output"]
        # the program and the libraries, not tests built from the same files
        if src.startswith("compositor/") and (
                "libtack" in out or out.startswith("compositor/tack.p")):
            found[src] = os.path.join(c["directory"], out)
    return top, found


def symbol_edges(objs):
    """(caller file, callee file) -> names, from nm."""
    defined, undefined = {}, collections.defaultdict(set)
    for src, obj in objs.items():
        out = subprocess.run(["nm", obj], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBRCG":
                defined[p[2]] = src
            elif len(p) == 2 and p[0] == "U":
                undefined[src].add(p[1])
    edges = collections.defaultdict(set)
    for src, names in undefined.items():
        for name in names:
            dst = defined.get(name)
            if dst and dst != src:
                edges[(src, dst)].add(name)
    return edges


def include_edges(top, sources):
    """(file, header) -> line numbers, for quoted includes of compositor/."""
    edges = collections.defaultdict(list)
    headers = set()
    for src in sources:
        d = os.path.dirname(src)
        headers.update(os.path.join(d, h) for h in os.listdir(
            os.path.join(top, d)) if h.endswith(".h"))
    for path in sorted(headers | set(sources)):
        with open(os.path.join(top, path)) as f:
            for n, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                target = os.path.join("compositor", m.group(1))
                if target in headers:
                    edges[(path, target)].append(n)
    return edges


def runs_up(a, b, placed):
    fa, fb = folder_of(a, placed), folder_of(b, placed)
    if fa is None or fb is None or fa == fb:
        return False
    return RANK[fa] <= RANK[fb]


def circles(edges):
    """Strongly connected sets of files (Tarjan), two files or more."""
    graph = collections.defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def main():
    args = sys.argv[1:]
    placed = {}
    if "--map" in args:
        i = args.index("--map")
        with open(args[i + 1]) as f:
            for line in f:
                p = line.split("#")[0].split()
                if len(p) == 2:
                    placed[p[0]] = p[1]
        del args[i:i + 2]
    top, objs = objects(args[0])
    calls = symbol_edges(objs)
    includes = include_edges(top, objs)

    up_calls = {e: n for e, n in calls.items() if runs_up(*e, placed)}
    up_includes = {e: n for e, n in includes.items() if runs_up(*e, placed)}
    folder = lambda p: folder_of(p, placed)
    spanning = [c for c in circles(calls)
                if len({folder(p) for p in c}) > 1]

    print("TAP version 13")
    print("1..3")
    for (a, b), names in sorted(up_calls.items()):
        print("# call up: %s (%s) -> %s (%s): %s" % (
            a, folder(a), b, folder(b), " ".join(sorted(names))))
    n_calls = sum(len(n) for n in up_calls.values())
    print("%s 1 - no call runs up a layer (%d names in %d file pairs)" % (
        "not ok" if up_calls else "ok", n_calls, len(up_calls)))
    for (a, b), lines in sorted(up_includes.items()):
        print("# include up: %s:%s (%s) -> %s (%s)" % (
            a, ",".join(map(str, lines)), folder(a), b, folder(b)))
    print("%s 2 - no include runs up a layer (%d)" % (
        "not ok" if up_includes else "ok", len(up_includes)))
    for c in spanning:
        print("# circle over %d folders: %s" % (
            len({folder(p) for p in c}), " ".join(c)))
    print("%s 3 - no circle of calls spans two folders (%d, the largest "
          "%d files)" % ("not ok" if spanning else "ok", len(spanning),
                         max([len(c) for c in spanning] or [0])))
    return 1 if up_calls or up_includes or spanning else 0


if __name__ == "__main__":
    sys.exit(main())
