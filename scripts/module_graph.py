#!/usr/bin/env python3
"""The core's module graph, computed from the code: fails on any cycle between modules.

A module is a file or folder of src/, or of one of the step folders (year/, evidence/,
documents/, storage/), which only group modules: lib.rs re-exports each of their modules at the
crate root, so `crate::plan` is documents/plan. Every `crate::a::…` path (and `super::x` that
leaves a file's own module) in src/ is an edge from the module whose file it is in to the module
it names; `#[cfg(test)]` blocks are left out (tests may look anywhere). Prints the layers from the
bottom up, or the cycles, and exits 1 on a cycle. Usage: scripts/module_graph.py [--dot]
"""
import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
PATH = re.compile(r"\bcrate::(\w+)")
GROUP = re.compile(r"\bcrate::\{([^}]*)\}")
SUPER = re.compile(r"\bsuper::(\w+)")


def groups():
    """The step folders: a folder of src/ with a mod.rs that only declares modules."""
    out = set()
    for d in SRC.iterdir():
        mod = d / "mod.rs"
        if d.is_dir() and d.name != "bin" and mod.is_file():
            code = [l for l in mod.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("//")]
            if code and all(re.fullmatch(r"pub mod \w+;", l) for l in code):
                out.add(d.name)
    return out


GROUPS = groups()


def top_module(path):
    rel = path.relative_to(SRC)
    if rel.parts[0] == "bin" or rel.name in ("lib.rs",):
        return None
    if rel.parts[0] in GROUPS:
        if len(rel.parts) == 2 and rel.name == "mod.rs":
            return None
        return rel.parts[1].removesuffix(".rs")
    return rel.parts[0].removesuffix(".rs")


def without_tests(text):
    """The file up to its `#[cfg(test)]` module (the convention here: tests come last)."""
    cut = text.find("#[cfg(test)]")
    return text if cut < 0 else text[:cut]


def reexports():
    """Names lib.rs re-exports (`pub use error::{Error, Result};`): `crate::Error` is `error`; a
    step folder's modules (`pub use year::{school, …}`) stand for themselves."""
    names = {}
    for module, items in re.findall(r"pub use (\w+)::\{?([^};]*)\}?;", (SRC / "lib.rs").read_text(encoding="utf-8")):
        if module in GROUPS:
            continue
        for item in items.split(","):
            if item.strip():
                names[item.strip().split(" as ")[-1]] = module
    return names


def graph():
    modules = set()
    for p in SRC.iterdir():
        if p.name in ("bin", "lib.rs"):
            continue
        if p.name in GROUPS:
            modules |= {q.name.removesuffix(".rs") for q in p.iterdir() if q.name != "mod.rs"}
        else:
            modules.add(p.name.removesuffix(".rs"))
    edges = {m: set() for m in modules}
    aliases = reexports()
    for path in SRC.rglob("*.rs"):
        me = top_module(path)
        if me is None:
            continue
        text = without_tests(path.read_text(encoding="utf-8"))
        names = set(PATH.findall(text))
        for group in GROUP.findall(text):
            names |= {n.strip().split("::")[0] for n in group.split(",") if n.strip()}
        # `super::x` names a sibling of the file's module when the file is the module itself
        # (a file directly in src/ or a group, or that folder's mod.rs); inside a module's folder
        # it stays within that module.
        rel = path.relative_to(SRC).parts
        inner = rel[1:] if rel[0] in GROUPS else rel
        if len(inner) == 1 or (len(inner) == 2 and inner[-1] == "mod.rs"):
            names |= set(SUPER.findall(text))
        for name in names:
            name = aliases.get(name, name)
            if name in modules and name != me:
                edges[me].add(name)
    return edges


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def layers(edges):
    level = {}

    def depth(v):
        if v not in level:
            level[v] = 0
            level[v] = 1 + max((depth(w) for w in edges[v]), default=-1)
        return level[v]

    for v in edges:
        depth(v)
    by = {}
    for v, d in level.items():
        by.setdefault(d, []).append(v)
    return [sorted(by[d]) for d in sorted(by)]


def main():
    edges = graph()
    if "--dot" in sys.argv:
        print("digraph core {")
        for v in sorted(edges):
            for w in sorted(edges[v]):
                print(f"  {v} -> {w};")
        print("}")
        return 0
    found = cycles(edges)
    if found:
        for comp in found:
            inner = [f"{v} -> {w}" for v in comp for w in sorted(edges[v]) if w in comp]
            print(f"Cycle between {len(comp)} modules: {', '.join(comp)}\n  " + "\n  ".join(inner))
        print("The core's modules must form layers with no cycle (ARCHITECTURE.md, Invariants).", file=sys.stderr)
        return 1
    for i, layer in enumerate(layers(edges)):
        print(f"layer {i}: {' '.join(layer)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
