#!/usr/bin/env python3
"""No layer uses a symbol of a layer it does not link.

Reads BUILD/layers.txt ("layer:dep,dep" per line, written by CMakeLists.txt) and, with nm, each
BUILD/libbptrace_LAYER.a: every symbol a layer's objects leave undefined that some layer defines
must be defined by the layer itself or a layer below it. The final program links every layer, so
such a use would link there and go unnoticed; here it fails, naming the symbol.
"""
import subprocess
import sys


def symbols(library, defined):
    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-C", flag, library], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        if defined:
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[1] in "TtWwVvBbDdRr":
                names.add(parts[2])
        else:
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] == "U":
                names.add(parts[1])
    return names


def main(build):
    deps = {}
    for line in open(f"{build}/layers.txt"):
        if line.strip():
            layer, _, below = line.strip().partition(":")
            deps[layer] = [d for d in below.split(",") if d]

    def reach(layer):
        out = {layer}
        for d in deps[layer]:
            out |= reach(d)
        return out

    defined = {l: symbols(f"{build}/libbptrace_{l}.a", True) for l in deps}
    everywhere = set().union(*defined.values())
    violations = 0
    for layer in deps:
        allowed = set().union(*(defined[d] for d in reach(layer)))
        for name in sorted(symbols(f"{build}/libbptrace_{layer}.a", False)):
            if name in everywhere and name not in allowed:
                owners = [l for l in deps if name in defined[l]]
                print(f"{layer} uses {name} of {', '.join(owners)}, which it does not link")
                violations += 1
    print(f"{len(deps)} layers, {violations} uses of a layer not linked")
    return 1 if violations or len(deps) < 10 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
