#!/usr/bin/env python3
"""Converts the TestState calls recorded on AWS into the fixture `TestStateRecordedTests` replays.

Reads the API conformance corpus (`test_state__*.json`, format in its README) and writes

    Tests/StepFunctionsSimulatorTests/Fixtures/teststate-recorded.json

so that `swift test` needs no copy of the corpus. Each call keeps its request exactly as sent, what
AWS answered (response or error), the response fields AWS returns as JSON text that the recorder
decoded (`jsonTextPaths`), and the case's placeholders (bindings, wildcards, literal tokens), which
the test applies as the corpus README describes.

Calls that ran a real AWS service (`flags.testStateInvokesRealService`, answered without a mock) are
left out and listed with the reason: their answer is a real Lambda function's.

    python3 Scripts/generate-teststate-fixture.py [CORPUS_DIR] [--check]
"""
import glob
import json
import os
import sys

DEFAULT_CORPUS = "/work/shared/conformance/api"
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "StepFunctionsSimulatorTests", "Fixtures",
                   "teststate-recorded.json")


def short(path):
    return os.path.basename(path)[: -len(".json")].split("__")[-1]


def build(corpus):
    calls = []
    excluded = []
    files = sorted(glob.glob(os.path.join(corpus, "test_state__*.json")))
    if not files:
        raise SystemExit(f"no test_state__*.json in {corpus}")
    for path in files:
        case = json.load(open(path))
        real = set(case.get("flags", {}).get("testStateInvokesRealService", []))
        placeholders = case.get("placeholders", {})
        for index, step in enumerate(case["steps"]):
            if step.get("operation") != "TestState" or step.get("service"):
                continue
            expected = step.get("expected") or {}
            name = short(path)
            if index in real and "response" in expected:
                resource = json.loads(step["request"]["definition"]).get("Resource", "")
                excluded.append({
                    "case": name, "step": index,
                    "reason": f"invoked the real Lambda function behind {resource} without a mock; "
                              "its answer is the function's, not TestState's",
                })
                continue
            exp = {}
            for key in ("response", "jsonTextPaths", "error", "clientError"):
                if key in expected:
                    exp[key] = expected[key]
            calls.append({
                "case": name, "step": index, "request": step["request"], "expected": exp,
                "placeholders": {k: placeholders.get(k, {} if k == "bindings" else [])
                                 for k in ("bindings", "wildcards", "literalTokens")},
            })
    return {
        "source": "AWS Step Functions TestState calls recorded by LocalStack's AWS-validated tests "
                  "(localstack/localstack, Apache-2.0), from the API conformance corpus",
        "generatedBy": "Scripts/generate-teststate-fixture.py",
        "excluded": excluded,
        "calls": calls,
    }


def render(data):
    head = {k: v for k, v in data.items() if k != "calls"}
    text = json.dumps(head, indent=1)[:-2] + ',\n "calls": [\n'
    text += ",\n".join(json.dumps(c, separators=(",", ":"), sort_keys=True) for c in data["calls"])
    return text + "\n ]\n}\n"


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    corpus = args[0] if args else DEFAULT_CORPUS
    data = build(corpus)
    text = render(data)
    json.loads(text)
    if "--check" in argv:
        current = open(OUT).read() if os.path.exists(OUT) else ""
        if current != text:
            print("the fixture is out of date: run Scripts/generate-teststate-fixture.py")
            return 1
        print("the fixture is up to date")
        return 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT)}: {len(data['calls'])} calls, {len(data['excluded'])} left out, "
          f"{len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
