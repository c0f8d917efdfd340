#!/usr/bin/env python3
"""Runs two builds of StepFunctionsBenchmarks alternately, ROUNDS times each, and prints every figure
side by side (the best of the rounds: the highest rate, the lowest time), so that a before/after
comparison is measured in one run on the same machine, whatever else the machine is doing.

Usage: Scripts/compare-benchmarks.py OLD_BINARY NEW_BINARY [SUITE...] [--rounds N]
"""
import re
import subprocess
import sys

args = sys.argv[1:]
rounds = 3
if "--rounds" in args:
    i = args.index("--rounds")
    rounds = int(args[i + 1])
    del args[i:i + 2]
if len(args) < 2:
    sys.exit(__doc__)
old, new, suites = args[0], args[1], args[2:]

NUMBER = re.compile(r"([\d,]+(?:\.\d+)?)\s*(state transitions/s|executions/s|/s|s wall time|s,|s\)| µs| ms| MB/s|M/s| MB)")


def figures(binary):
    out = subprocess.run([binary] + suites, capture_output=True, text=True, timeout=1800).stdout
    result, label = {}, None
    for line in out.splitlines():
        if not line.startswith(" ") and not line.startswith("=="):
            label = line.split(":")[0].strip()
            continue
        for value, unit in NUMBER.findall(line):
            key = f"{label} [{unit.strip(' ,)')}]"
            result.setdefault(key, float(value.replace(",", "")))
    return result


def better(unit, a, b):
    higher = "/s" in unit
    return max(a, b) if higher else min(a, b)


best = {"old": {}, "new": {}}
for r in range(rounds):
    for name, binary in (("old", old), ("new", new)):
        for key, value in figures(binary).items():
            best[name][key] = better(key, best[name].get(key, value), value)

print(f"{'measurement':90} {'old':>16} {'new':>16} {'new/old':>8}")
for key in best["old"]:
    o, n = best["old"].get(key), best["new"].get(key)
    if n is None:
        continue
    ratio = n / o if o else float("nan")
    print(f"{key[:90]:90} {o:16,.3f} {n:16,.3f} {ratio:8.2f}")
