#!/usr/bin/env python3
"""Checks our AWS wording of definition errors against the answers recorded on AWS.

Walks the recorded answers in SHARED (default ../shared next to the checkout, or $SFN_SHARED):

* conformance/api/*.json: CreateStateMachine/UpdateStateMachine steps that AWS answered with
  InvalidDefinition (the error message), ValidateStateMachineDefinition steps (result and
  diagnostics), and TestState steps answered with "Invalid State Machine Definition: '...'" (AWS
  validated the whole definition given with stateName, or else the state alone as state "StateName"
  of a one-state machine, as the location /States/StateName/... shows);
* conformance/localstack/*.json: executions recorded as INVALID_DEFINITION (the cause).

Each definition goes through `sfn validate --aws-json` (build it first: swift build --product sfn)
and the answer is compared exactly. Prints each mismatch and the count reproduced exactly.

usage: Scripts/check-aws-wording.py [SHARED] [--sfn PATH] [--min N] [--verbose]
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def recorded_cases(shared):
    """Yields (source, kind, definition_text, express, expected) for every recorded answer."""
    for path in sorted(glob.glob(os.path.join(shared, "conformance", "api", "*.json"))):
        case = json.load(open(path))
        name = os.path.basename(path)
        types = {}  # state machine name -> type, from the case's CreateStateMachine steps
        for i, step in enumerate(case.get("steps", [])):
            op = step.get("operation")
            request = step.get("request") or {}
            expected = step.get("expected") or {}
            error = expected.get("error") or {}
            if op == "CreateStateMachine":
                types[request.get("name")] = request.get("type", "STANDARD")
            where = f"{name} step {i} ({op})"
            if op in ("CreateStateMachine", "UpdateStateMachine") and error.get("code") == "InvalidDefinition":
                kind = request.get("type") or types.get(request.get("stateMachineArn", "").split(":")[-1], "STANDARD")
                yield where, "create", request["definition"], kind == "EXPRESS", error["message"]
            elif op == "ValidateStateMachineDefinition" and "response" in expected:
                if request.get("severity", "ERROR") != "ERROR":
                    continue
                yield where, "validate", request["definition"], request.get("type") == "EXPRESS", expected["response"]
            elif op == "TestState" and error.get("code") == "InvalidDefinition":
                message = error["message"]
                if not message.startswith("Invalid State Machine Definition: "):
                    yield where, "skip", None, False, "not a definition error: " + message
                    continue
                text = request["definition"]
                if "stateName" not in request:
                    text = '{"StartAt": "StateName", "States": {"StateName": ' + text + "}}"
                yield where, "create", text, False, message
    for path in sorted(glob.glob(os.path.join(shared, "conformance", "localstack", "*.json"))):
        case = json.load(open(path))
        expected = case.get("expected") or {}
        if expected.get("status") != "INVALID_DEFINITION" or not expected.get("cause"):
            continue
        cause = expected["cause"]
        for token, value in (case.get("bindings") or {}).items():
            if isinstance(value, str):
                cause = cause.replace(token, value)
        yield os.path.basename(path), "create", json.dumps(case["definition"]), False, cause


def answer(sfn, text, express, cache={}):
    """`sfn validate --aws-json` for one definition text."""
    key = (text, express)
    if key not in cache:
        with tempfile.NamedTemporaryFile("w", suffix=".asl.json", delete=False, encoding="utf-8") as f:
            f.write(text)
            name = f.name
        try:
            args = [sfn, "validate", "--aws-json"] + (["--express"] if express else []) + [name]
            run = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
            if run.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(args)} failed ({run.returncode}): {run.stderr}")
            cache[key] = json.loads(run.stdout)
        finally:
            os.unlink(name)
    return cache[key]


def normal(diagnostics):
    return [{k: d.get(k) for k in ("severity", "code", "message", "location")} for d in diagnostics]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shared", nargs="?", default=os.environ.get("SFN_SHARED", os.path.join(ROOT, "..", "shared")))
    parser.add_argument("--sfn", default=os.path.join(ROOT, ".build", "debug", "sfn"))
    parser.add_argument("--min", type=int, default=0, help="exit 1 when fewer answers are reproduced exactly")
    parser.add_argument("--verbose", action="store_true", help="list the answers reproduced too")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "conformance")):
        raise SystemExit(f"no conformance/ in {args.shared}")
    if not os.access(args.sfn, os.X_OK):
        raise SystemExit(f"{args.sfn} is missing: swift build --product sfn")

    matched, mismatched, skipped = [], [], []
    for where, kind, text, express, expected in recorded_cases(args.shared):
        if kind == "skip":
            skipped.append((where, expected))
            continue
        got = answer(args.sfn, text, express)
        if kind == "create":
            actual = got["invalidDefinition"]
            ok = actual == expected
        else:
            actual = {"result": got["result"], "diagnostics": normal(got["diagnostics"])}
            want = {"result": expected["result"], "diagnostics": normal(expected["diagnostics"])}
            ok, expected = actual == want, want
        (matched if ok else mismatched).append((where, expected, actual))

    for where, expected, actual in mismatched:
        print(f"MISMATCH {where}\n  AWS:  {json.dumps(expected)}\n  ours: {json.dumps(actual)}")
    if args.verbose:
        for where, expected, _ in matched:
            print(f"ok       {where}")
    for where, why in skipped:
        print(f"skipped  {where}: {why}")
    total = len(matched) + len(mismatched)
    print(f"{len(matched)} of {total} recorded AWS answers reproduced exactly ({len(skipped)} skipped)")
    return 1 if len(matched) < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
