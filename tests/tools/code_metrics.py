#!/usr/bin/env python3
"""Reports the size figures HACKING.md keeps an eye on: source files over 900 lines, functions over
120 lines, and circles in the "#include" graph of the C sources.

Usage: code_metrics.py [DIR ...]   (default: kiosk sync)

A function is counted from its opening line at column 0 to its closing "}" at column 0, which is
how .clang-format lays every function out. Prints a report and always exits 0: the figures are
for people (the closing note of a change), not a gate.
"""
import os
import re
import sys

FILE_MAX = 900
FUNC_MAX = 120


def sources(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(root, f)


def functions(path):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    start = name = None
    for i, line in enumerate(lines):
        if start is None:
            m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", line)
            if m and not line.rstrip().endswith(";") and not line.startswith(("typedef", "#")):
                # The body opens on this line or a following one (long parameter lists).
                j = i
                while j < len(lines) and "{" not in lines[j] and not lines[j].rstrip().endswith(";"):
                    j += 1
                if j < len(lines) and "{" in lines[j] and lines[j].startswith("{"):
                    start, name = i, m.group(1)
        elif line.startswith("}"):
            yield name, start + 1, i - start + 1, lines[start].startswith("static")
            start = None


def include_graph(paths):
    by_name = {os.path.basename(p): p for p in paths}
    graph = {}
    for p in paths:
        deps = set()
        for line in open(p, encoding="utf-8", errors="replace"):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m and os.path.basename(m.group(1)) in by_name:
                deps.add(os.path.basename(m.group(1)))
        graph[os.path.basename(p)] = deps
    return graph


def module_cycles(graph):
    """Circles between modules (x.c, x.h and x_internal.h are one module "x")."""
    def module(f):
        m = os.path.splitext(f)[0]
        return m[: -len("_internal")] if m.endswith("_internal") else m

    mods = {}
    for f, deps in graph.items():
        mods.setdefault(module(f), set()).update(module(d) for d in deps)
    for m in mods:
        mods[m].discard(m)
    cycles, seen = [], set()

    def walk(node, stack):
        for nxt in sorted(mods.get(node, ())):
            if nxt in stack:
                cyc = stack[stack.index(nxt):]
                key = frozenset(cyc)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cyc + [nxt])
            elif len(stack) < 12:
                walk(nxt, stack + [nxt])

    for m in sorted(mods):
        walk(m, [m])
    return cycles


def call_graph(paths):
    """Which .c file calls a public function defined in which other .c file."""
    cfiles = [p for p in paths if p.endswith(".c")]
    defined = {}
    for p in cfiles:
        for name, _, _, is_static in functions(p):
            if not is_static:
                defined.setdefault(name, p)
    text = {p: open(p, encoding="utf-8", errors="replace").read() for p in cfiles}
    graph = {}
    for p in cfiles:
        body = re.sub(r"//.*|/\*.*?\*/", "", text[p], flags=re.S)
        calls = set(re.findall(r"\b(\w+)\s*\(", body))
        graph[os.path.basename(p)] = {os.path.basename(defined[c]) for c in calls
                                      if c in defined and defined[c] != p}
    return graph


def main():
    dirs = sys.argv[1:] or ["kiosk", "sync"]
    paths = list(sources(dirs))
    big = [(sum(1 for _ in open(p, encoding="utf-8", errors="replace")), p) for p in paths]
    print(f"files over {FILE_MAX} lines:")
    for n, p in sorted(big, reverse=True):
        if n > FILE_MAX:
            print(f"  {n:5d} {p}")
    print(f"functions over {FUNC_MAX} lines:")
    for p in paths:
        if p.endswith(".c"):
            for name, line, n, _ in functions(p):
                if n > FUNC_MAX:
                    print(f"  {n:5d} {p}:{line} {name}")
    print("include circles between modules:")
    for c in module_cycles(include_graph(paths)):
        print("  " + " -> ".join(c))
    print("call circles between source files:")
    for c in module_cycles(call_graph(paths)):
        print("  " + " -> ".join(c))


if __name__ == "__main__":
    main()
