#!/usr/bin/env python3
"""Counts the lines and words of each seed sample in four spellings, for Docs/DSLComparison.md:
the DSL before issue 14's authoring changes (git revision BEFORE, default f6f3064), the DSL now
(Samples/NAME/Sources), raw ASL (the goldens, Samples/NAME/Goldens/*.asl.json) and CDK TypeScript
(Docs/DSLComparison/cdk/NAME.ts, reference files that are not compiled).

Code lines are the non-blank lines that are not only a comment (`//`, `///`); words are the
whitespace-separated tokens on those lines. Every non-blank line of the JSON counts.

Usage: Scripts/dsl-comparison.py [BEFORE]   (prints the Markdown table)
"""
import glob
import os
import subprocess
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BEFORE = sys.argv[1] if len(sys.argv) > 1 else "f6f3064"
SAMPLES = [
    ("Payment", "payment"), ("ECommerce", "ecommerce"), ("DurableOrder", "durable"),
    ("OrderProcessing", "orderprocessing"), ("Microservices", "microservices"),
]


def count(text, comments=True):
    lines = words = 0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or (comments and stripped.startswith("//")):
            continue
        lines += 1
        words += len(stripped.split())
    return lines, words


def swift_now(sample):
    return "\n".join(open(p).read() for p in sorted(glob.glob(f"Samples/{sample}/Sources/*.swift")))


def swift_before(sample):
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", BEFORE, f"Samples/{sample}/Sources/"], capture_output=True, text=True,
        check=True).stdout.split()
    return "\n".join(
        subprocess.run(["git", "show", f"{BEFORE}:{n}"], capture_output=True, text=True, check=True).stdout
        for n in sorted(names) if n.endswith(".swift"))


def asl(sample):
    return "\n".join(open(p).read() for p in sorted(glob.glob(f"Samples/{sample}/Goldens/*.asl.json")))


def cdk(name):
    return open(f"Docs/DSLComparison/cdk/{name}.ts").read()


rows = []
totals = [0] * 8
for sample, name in SAMPLES:
    cells = [*count(swift_before(sample)), *count(swift_now(sample)), *count(asl(sample), comments=False),
             *count(cdk(name))]
    totals = [a + b for a, b in zip(totals, cells)]
    rows.append((sample, cells))
rows.append(("**All five**", totals))

print("| Sample | DSL before (lines / words) | DSL now (lines / words) | Change | Raw ASL | CDK TypeScript |")
print("| --- | --- | --- | --- | --- | --- |")
for sample, c in rows:
    change = f"{round((c[2] - c[0]) * 100 / c[0]):+d}% / {round((c[3] - c[1]) * 100 / c[1]):+d}%"
    print(f"| {sample} | {c[0]} / {c[1]} | {c[2]} / {c[3]} | {change} | {c[4]} / {c[5]} | {c[6]} / {c[7]} |")
