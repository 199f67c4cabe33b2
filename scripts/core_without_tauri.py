#!/usr/bin/env python3
"""The core (tuanle) must not depend on Tauri, directly or through another crate.

Reads `cargo metadata --format-version 1` on stdin, walks the resolved graph from the tuanle
package along normal dependencies, and fails when any `tauri*` package is reached, or when the
metadata cannot be read (so a broken cargo never passes the check).
"""
import json
import sys

meta = json.load(sys.stdin)
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
names = {p["id"]: p["name"] for p in meta["packages"]}
core = [pid for pid, name in names.items() if name == "tuanle" and pid in nodes]
if len(core) != 1:
    sys.exit("cargo metadata does not list the tuanle package once")
seen, todo = set(), list(core)
while todo:
    pid = todo.pop()
    if pid in seen:
        continue
    seen.add(pid)
    for dep in nodes[pid]["deps"]:
        if any(k.get("kind") is None for k in dep["dep_kinds"]):
            todo.append(dep["pkg"])
tauri = sorted({names[p] for p in seen if names[p] == "tauri" or names[p].startswith("tauri-")})
if tauri:
    sys.exit(f"The core (tuanle) must not depend on Tauri; it reaches {', '.join(tauri)}.")
print(f"core free of tauri ({len(seen)} crates in its normal dependency graph)")
