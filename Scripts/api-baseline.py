#!/usr/bin/env python3
"""Lists the public API of each product module from SwiftPM's symbol graphs, one declaration a line,
and compares it with Tests/API/MODULE.txt (or records it with --record). Also fails when a public
declaration written in this package has no doc comment.

Usage: Scripts/api-baseline.py SYMBOLGRAPH_DIR [--record]
"""
import glob
import json
import os
import sys

MODULES = [
    "JSONCore", "JSONata", "StepFunctionsModel", "StepFunctionsCompiler", "StepFunctions",
    "StepFunctionsSimulator", "StepFunctionsTesting", "StepFunctionsWorkflowTool", "WorkflowPictures",
]
directory = sys.argv[1]
record = "--record" in sys.argv
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = 0

for module in MODULES:
    lines, undocumented = set(), []
    for path in glob.glob(os.path.join(directory, f"{module}.symbols.json")) + glob.glob(
        os.path.join(directory, f"{module}@*.symbols.json")
    ):
        graph = json.load(open(path))
        for s in graph["symbols"]:
            if s.get("accessLevel") != "public":
                continue
            uri = s.get("location", {}).get("uri", "")
            if "/Sources/" not in uri:  # synthesized or inherited from the standard library
                continue
            declaration = "".join(f["spelling"] for f in s.get("declarationFragments", []))
            owner = ".".join(s["pathComponents"][:-1])
            line = (owner + ": " if owner else "") + " ".join(declaration.split())
            lines.add(line)
            if not s.get("docComment"):
                undocumented.append(f"{uri.split('/Sources/')[-1]}:{s['location']['position']['line'] + 1}: {line}")
    text = "".join(sorted(l + "\n" for l in lines))
    baseline = os.path.join(root, "Tests", "API", f"{module}.txt")
    if record:
        open(baseline, "w").write(text)
        print(f"recorded {baseline} ({len(lines)} declarations)")
    else:
        old = open(baseline).read() if os.path.exists(baseline) else ""
        if old != text:
            failures += 1
            a, b = set(old.splitlines()), set(text.splitlines())
            print(f"error: the public API of {module} differs from Tests/API/{module}.txt:")
            for l in sorted(a - b)[:40]:
                print(f"  - {l}")
            for l in sorted(b - a)[:40]:
                print(f"  + {l}")
        else:
            print(f"ok   {module}: {len(lines)} public declarations")
    for u in undocumented:
        failures += 1
        print(f"error: public declaration without a doc comment: {u}")

sys.exit(1 if failures else 0)
