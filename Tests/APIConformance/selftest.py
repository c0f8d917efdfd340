#!/usr/bin/env python3
"""Self-test of replay.py (no pytest): exits non-zero on any surprise.

    python3 Tests/APIConformance/selftest.py [--jobs N] [--quick | --exhaustive] [--corpus DIR]

1. unit checks of the comparison (placeholders, kinds, patterns, JSON text, tolerances);
2. every case against fake_server.py answering its recorded answers: every runnable case must
   PASS, and exactly the cases classified as skipped must SKIP;
3. perturbed answers (a changed value, a value inside JSON text, a missing key, an extra modelled
   key, a wrong error code, a wrong error message, a wrong HTTP status, a token that changes
   value between steps): the driver must FAIL the case at the perturbed step;
4. robustness: a server that never listens, one that exits at once, one that accepts but never
   answers, awaits that never hold, a driver exception inside one case; all bounded in time and
   no server process left behind.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import glob
import json
import os
import random
import sys
import tempfile
import threading
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import replay  # noqa: E402
import fake_server  # noqa: E402

FAKE = f"{sys.executable} {os.path.join(HERE, 'fake_server.py')}"
TAG = f"replay-selftest-{os.getpid()}"

surprises: list[str] = []
checks = 0


def expect(cond, what):
    global checks
    checks += 1
    if not cond:
        surprises.append(what)
        print(f"  SURPRISE: {what}")


def make_args(server, **kw):
    d = dict(server=server, timeout=20.0, case_timeout=90.0, request_timeout=20.0, start_timeout=30.0,
             stand_ins=replay.DEFAULT_STAND_INS, strict_tokens=False, log_dir=LOG_DIR, keep_logs=False)
    d.update(kw)
    return types.SimpleNamespace(**d)


# --------------------------------------------------------------------------------------------
# 1. unit checks
# --------------------------------------------------------------------------------------------

def unit_checks():
    print("1. unit checks of the comparison")
    ph = {
        "bindings": {"<partition>": "aws", "<region>": "us-east-1", "111111111111": "111111111111",
                     "snf_role_arn": "arn:aws:iam::111111111111:role/r1", "snf_role_arn_t1": "arn:aws:iam::111111111111:role/r2",
                     "<ArnPart_0idx>": "sm_1", "log_group_name": ["/g/1", "/g/2"]},
        "serverGenerated": {"<ExecArnPart_0idx>": "00000000-0000-4000-8000-000000000001", "<uuid:1>": "x"},
        "wildcards": ["<resource:1>"],
        "literalTokens": ["datetime", "date", "timestamp", "snf_role_arn", "RequestId"],
        "masks": [{"matches": "arn end", "token": "resource", "numbered": True}],
        "patterns": [{"regex": "Request ID: [a-zA-Z0-9-]+", "replacement": "Request ID: <request_id>"}],
        "literalValuesNotPlaceholders": ["<omitted>"],
    }

    def diffs(exp, act, m=None):
        return (m or replay.Matcher(ph)).compare(exp, act)

    arn = "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>"
    expect(diffs(arn, "arn:aws:states:us-east-1:111111111111:stateMachine:sm_1") == [], "bindings substituted")
    expect(diffs(arn, "arn:aws:states:us-east-1:111111111111:stateMachine:sm_2") != [], "binding value enforced")
    expect(diffs("snf_role_arn", "arn:aws:iam::111111111111:role/r1") == [], "bound bare token is its value")
    expect(diffs("snf_role_arn", "arn:aws:iam::111111111111:role/zz") != [], "bound bare token is not a wildcard")
    expect(diffs("snf_role_arn_t1", "arn:aws:iam::111111111111:role/r2") == [], "longest token first")
    expect(diffs({"a": "log_group_name", "b": "log_group_name"}, {"a": "/g/2", "b": "/g/1"}) == [], "list binding: any of its values")
    expect(diffs("log_group_name", "/g/3") != [], "list binding: only its values")

    m = replay.Matcher(ph)
    ex = "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>"
    expect(m.compare(ex, "arn:aws:states:us-east-1:111111111111:execution:sm_1:abc") == [], "server-generated part matches")
    expect(m.compare({"x": ex}, {"x": "arn:aws:states:us-east-1:111111111111:execution:sm_1:abc"}) == [], "same token same value")
    expect(m.compare(ex, "arn:aws:states:us-east-1:111111111111:execution:sm_1:abd") != [], "same token different value")
    expect(m.compare("<uuid:1>", 5) == [] and m.compare("<uuid:1>", 6) != [], "whole-value wildcard of any type, consistent")
    expect(m.compare("<resource:2>", "r2") == [], "numbered mask token is a wildcard even if not listed")
    ms = replay.Matcher(ph, strict_tokens=True)
    ms.compare("<resource:1>", "same")
    expect(ms.compare("<resource:2>", "same") != [], "--strict-tokens: distinct tokens need distinct values")
    expect(replay.Matcher(ph).compare("<resource:2>", "same") == [], "default: distinct tokens may share a value")

    now = dt.datetime.now(dt.timezone.utc)
    expect(diffs({"creationDate": "datetime"}, {"creationDate": now}) == [], "datetime literal accepts a datetime")
    expect(diffs({"creationDate": "datetime"}, {"creationDate": "yesterday"}) != [], "datetime literal rejects a non-date")
    expect(diffs({"creationDate": "datetime"}, {"creationDate": None}) != [], "datetime literal rejects null")
    expect(diffs({"creationDate": "datetime"}, {}) != [], "missing timestamp key is a difference")
    expect(diffs({"StartTime": "date"}, {"StartTime": "2024-05-01T10:00:00.123Z"}) == [], "date literal accepts ISO text")
    expect(diffs({"Date": "date"}, {"Date": "Tue, 04 Jun 2024 10:00:00 GMT"}) == [], "date literal accepts an HTTP date")
    expect(diffs({"timestamp": "timestamp"}, {"timestamp": 17}) == [], "timestamp literal accepts a number")
    expect(diffs({"r": "RequestId"}, {"r": ""}) != [], "RequestId literal needs a non-empty string")
    expect(diffs("<omitted>", "<omitted>") == [] and diffs("<omitted>", "x") != [], "literalValuesNotPlaceholders exact")
    expect(diffs("failed. Request ID: <request_id>)", "failed. Request ID: 7a-bc-9)") == [], "patterns applied to actual text")

    expect(diffs({"a": 1}, {"a": 1, "b": 2}) == ["$.b: unexpected key (value 2)"], "extra key reported with its path")
    expect(diffs({"a": 1, "b": 2}, {"a": 1}) and diffs({"a": 1, "b": 2}, {"a": 1})[0].startswith("$.b: missing key"), "missing key reported")
    expect(diffs({"a": [1, 2]}, {"a": [1]}) != [], "list length")
    expect(diffs({"a": True}, {"a": 1}) != [] and diffs({"a": 1}, {"a": True}) != [], "bool is not a number")
    expect(diffs({"a": 1}, {"a": 1.0}) == [], "JSON numbers compare by value")
    expect(diffs({"a": None}, {"a": None}) == [] and diffs({"a": None}, {"a": "x"}) != [], "null")
    expect(replay.parse_path("events[0].executionStartedEventDetails.input") == ["events", 0, "executionStartedEventDetails", "input"], "parse_path")

    # JSON text and tolerance through CaseRunner
    def runner(recorded, op="DescribeStateMachine"):
        case = {"placeholders": ph, "provenance": {"recordedDate": recorded}, "steps": []}
        return replay.CaseRunner(case, make_args("x {port}"), None, {}, time.monotonic() + 60)
    r = runner("21-08-2023, 21:19:46")
    act = {"definition": json.dumps({"a": 1}), "encryptionConfiguration": {"type": "AWS_OWNED_KEY"}}
    step = {"operation": "DescribeStateMachine"}
    exp = {"httpStatusCode": 200, "response": {"definition": {"a": 1}}, "jsonTextPaths": ["definition"]}
    outcome = {"kind": "ok", "response": act, "status": 200}

    def check(rr, exp_, outcome_, st=step):
        try:
            rr.check_expectation(0, st, "step 0 X", exp_, outcome_, {})
            return None
        except replay.StepFailure as f:
            return f.reason
    expect(check(r, exp, outcome) is None, "JSON text parsed; encryptionConfiguration tolerated for a 2023 recording")
    r2 = runner("21-12-2024, 21:19:46")
    expect(check(r2, exp, outcome) is not None, "encryptionConfiguration not tolerated for a 2024-12 recording")
    bad = {"kind": "ok", "response": {"definition": json.dumps({"a": 1}), "encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY"}}, "status": 200}
    expect(check(r, exp, bad) is not None, "only encryptionConfiguration AWS_OWNED_KEY is tolerated")
    expect(check(r, exp, {"kind": "ok", "response": {"definition": "{not json"}, "status": 200}) is not None, "unparseable JSON text")
    expect(check(r, exp, {"kind": "ok", "response": {"definition": json.dumps({"a": 2})}, "status": 200}) is not None, "JSON text content compared")
    expect(check(r, exp, {"kind": "ok", "response": {"definition": json.dumps({"a": 1})}, "status": 201}) is not None, "HTTP status compared")
    le = {"operation": "ListExecutions"}
    lexp = {"response": {"executions": [{"name": "n"}]}}
    expect(check(runner("17-08-2023, 09:53:53"), lexp, {"kind": "ok", "response": {"executions": [{"name": "n", "redriveCount": 0}]}}, le) is None,
           "redriveCount 0 tolerated in a 2023 ListExecutions recording")
    expect(check(runner("17-08-2023, 09:53:53"), lexp, {"kind": "ok", "response": {"executions": [{"name": "n", "redriveCount": 1}]}}, le) is not None,
           "redriveCount other than 0 not tolerated")
    expect(check(runner("01-07-2024, 12:33:00"), lexp, {"kind": "ok", "response": {"executions": [{"name": "n", "redriveCount": 0}]}}, le) is not None,
           "redriveCount not tolerated in a 2024 recording")

    # classification of the corpus (server-independent)
    print(f"   {checks} checks")


# --------------------------------------------------------------------------------------------
# helpers to run cases in-process
# --------------------------------------------------------------------------------------------

def run_many(jobs, items):
    """items: [(path, args)] -> [result]"""
    out = [None] * len(items)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(replay.run_case, p, a): n for n, (p, a) in enumerate(items)}
        for fut in concurrent.futures.as_completed(futs):
            out[futs[fut]] = fut.result()
    return out


def leaked_processes():
    found = []
    for d in glob.glob("/proc/[0-9]*"):
        try:
            with open(os.path.join(d, "cmdline"), "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if TAG in cmd and int(os.path.basename(d)) != os.getpid():
            found.append(f"{os.path.basename(d)}: {cmd[:120]}")
    return found


# --------------------------------------------------------------------------------------------
# 2. all cases against the fake
# --------------------------------------------------------------------------------------------

EXPECTED_SKIPS = {
    "api__test_sfn_api.py__TestSnfApi__test_cloudformation_definition_create_describe_dump.json": "cloudformation",
    "api__test_sfn_api.py__TestSnfApi__test_cloudformation_definition_string_create_describe_dump.json": "cloudformation",
    "api__test_sfn_api.py__TestSnfApi__test_cloudformation_definition_string_create_describe_dumps.json": "cloudformation",
    "api__test_sfn_api.py__TestSnfApi__test_start_execution_idempotent.json": "sqs",
    "test_state__test_state_test_test_state_scenarios.py__TestStateCaseScenarios__test_base_lambda_service_task_state_DEBUG.json": "lambda",
    "test_state__test_state_test_test_state_scenarios.py__TestStateCaseScenarios__test_base_lambda_service_task_state_INFO.json": "lambda",
    "test_state__test_state_test_test_state_scenarios.py__TestStateCaseScenarios__test_base_lambda_task_state_DEBUG.json": "lambda",
    "test_state__test_state_test_test_state_scenarios.py__TestStateCaseScenarios__test_base_lambda_task_state_INFO.json": "lambda",
    "test_state__test_state_test_test_state_scenarios.py__TestStateCaseScenarios__test_base_lambda_task_state_TRACE.json": "lambda",
}


def all_cases(files, jobs):
    print(f"2. {len(files)} cases against the fake server (recorded answers)")
    t0 = time.monotonic()
    args = make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG}")
    results = run_many(jobs, [(f, args) for f in files])
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for r in results:
        counts[r["status"]] += 1
        base = r["file"]
        if base in EXPECTED_SKIPS:
            expect(r["status"] == "SKIP" and EXPECTED_SKIPS[base] in (r["reason"] or ""),
                   f"{base}: expected SKIP ({EXPECTED_SKIPS[base]}), got {r['status']} {r['reason']}")
        else:
            expect(r["status"] == "PASS", f"{base}: expected PASS, got {r['status']}: {r['reason']}")
    print(f"   PASS {counts['PASS']}, FAIL {counts['FAIL']}, SKIP {counts['SKIP']} in {time.monotonic() - t0:.0f}s")
    return results


# --------------------------------------------------------------------------------------------
# 3. perturbations
# --------------------------------------------------------------------------------------------

def perturbations(files, jobs, per_kind, seed=7):
    rng = random.Random(seed)
    plans = {k: [] for k in fake_server.PERTURB_KINDS}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            case = json.load(fh)
        if replay.classify(case, replay.DEFAULT_STAND_INS)[0]:
            continue
        for k in fake_server.PERTURB_KINDS:
            steps = [i for i in range(len(case["steps"])) if fake_server.plan_perturbation(case, k, i)]
            if steps:
                plans[k].append((f, steps))
    items = []
    for k, lst in plans.items():
        if per_kind is None:
            chosen = [(f, i) for f, steps in lst for i in steps]
        else:
            # spread over groups: shuffle deterministically, prefer one case per group first
            rng.shuffle(lst)
            by_group = {}
            for f, steps in lst:
                by_group.setdefault(os.path.basename(f).split("__")[0], []).append((f, steps))
            order = []
            while any(by_group.values()):
                for g in sorted(by_group):
                    if by_group[g]:
                        order.append(by_group[g].pop())
            chosen = [(f, rng.choice(steps)) for f, steps in order[:per_kind]]
        items += [(k, f, i) for f, i in chosen]
    print(f"3. {len(items)} perturbed answers ({', '.join(f'{k} {sum(1 for x in items if x[0] == k)}' for k in plans)})")
    t0 = time.monotonic()
    runs = [(f, make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG} --perturb {k}:{i}")) for k, f, i in items]
    results = run_many(jobs, runs)
    caught = 0
    for (k, f, i), r in zip(items, results):
        base = os.path.basename(f)
        ok = r["status"] == "FAIL" and r["step"] == i and "FakeServer" not in (r["reason"] or "") \
            and "driver exception" not in (r["reason"] or "")
        expect(ok, f"perturb {k}:{i} {base}: expected FAIL at step {i}, got {r['status']} step {r['step']}: {r['reason']}")
        caught += ok
    print(f"   {caught}/{len(items)} perturbations caught at the right step in {time.monotonic() - t0:.0f}s")
    # show one reason per kind, to eyeball the messages
    shown = set()
    for (k, f, i), r in zip(items, results):
        if k not in shown and r["status"] == "FAIL":
            shown.add(k)
            print(f"   e.g. {k:10} {r['reason'][:170]}")


# --------------------------------------------------------------------------------------------
# 4. robustness
# --------------------------------------------------------------------------------------------

HANG_SERVER = (f"{sys.executable} -c \"import socket,sys,time; s=socket.socket(); "
               f"s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1]))); "
               f"s.listen(50); conns=[]\n"
               f"while True: conns.append(s.accept())\" {{port}} {TAG}")


def robustness(files):
    print("4. robustness")
    by_name = {os.path.basename(f): f for f in files}
    simple = by_name.get("versioning__test_sfn_api_versioning.py__TestSnfApiVersioning__test_describe_state_machine_for_execution_of_version_with_revision.json") or files[0]

    t0 = time.monotonic()
    r = replay.run_case(simple, make_args(f"sh -c 'sleep 30' {TAG}", start_timeout=1.5))
    expect(r["status"] == "FAIL" and "did not accept connections" in r["reason"] and time.monotonic() - t0 < 10,
           f"server that never listens: {r['status']} {r['reason']}")
    print(f"   never listens  -> {r['reason']} ({time.monotonic() - t0:.1f}s)")

    t0 = time.monotonic()
    r = replay.run_case(simple, make_args(f"sh -c 'echo boom >&2; exit 3' {TAG}"))
    expect(r["status"] == "FAIL" and "exited with status 3" in r["reason"] and "boom" in r.get("serverLog", ""),
           f"server that exits: {r['status']} {r['reason']} {r.get('serverLog')!r}")
    print(f"   exits at once  -> {r['reason']} ({time.monotonic() - t0:.1f}s)")

    t0 = time.monotonic()
    r = replay.run_case(simple, make_args(HANG_SERVER, request_timeout=1.5))
    el = time.monotonic() - t0
    expect(r["status"] == "FAIL" and r["step"] == 0 and "Timeout" in r["reason"] and el < 15,
           f"server that never answers: {r['status']} {r['reason']} ({el:.1f}s)")
    print(f"   never answers  -> {r['reason'][:150]} ({el:.1f}s)")

    t0 = time.monotonic()
    r = replay.run_case(simple, make_args(HANG_SERVER, request_timeout=60, case_timeout=3))
    el = time.monotonic() - t0
    expect(r["status"] == "FAIL" and "wall-clock limit" in r["reason"] and el < 15,
           f"case wall-clock limit: {r['status']} {r['reason']} ({el:.1f}s)")
    print(f"   case limit 3s  -> {r['reason'][:150]} ({el:.1f}s)")

    t0 = time.monotonic()
    r = replay.run_case(simple, make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG} --await-unsatisfied", timeout=1.0))
    el = time.monotonic() - t0
    expect(r["status"] == "FAIL" and r["step"] == 2 and "did not hold within 1s" in r["reason"] and el < 15,
           f"await that never holds: {r['status']} {r['reason']}")
    print(f"   await never    -> {r['reason'][:150]} ({el:.1f}s)")

    # an await of every kind, unsatisfied
    kinds = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            case = json.load(fh)
        if replay.classify(case, replay.DEFAULT_STAND_INS)[0]:
            continue
        for i, s in enumerate(case["steps"]):
            if "await" in s and s["await"] not in kinds:
                kinds[s["await"]] = (f, i)
    res = run_many(4, [(f, make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG} --await-unsatisfied", timeout=1.0))
                       for f, _ in kinds.values()])
    for (k, (f, i)), r in zip(kinds.items(), res):
        # a failure at an earlier step is fine only if it is not the fake complaining
        expect(r["status"] == "FAIL" and "FakeServer" not in r["reason"] and
               (r["step"] == i and "did not hold" in r["reason"] or r["step"] is not None and r["step"] < i),
               f"unsatisfied await {k} ({os.path.basename(f)} step {i}): {r['status']} step {r['step']}: {r['reason']}")
    print(f"   {len(kinds)} await kinds time out cleanly: {', '.join(sorted(kinds))}")

    # a Python exception inside the driver for one case
    orig = replay.CaseRunner.do_call

    def broken(self, i, step):
        raise ZeroDivisionError("injected")
    replay.CaseRunner.do_call = broken
    try:
        r = replay.run_case(simple, make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG}"))
    finally:
        replay.CaseRunner.do_call = orig
    expect(r["status"] == "FAIL" and "driver exception ZeroDivisionError" in r["reason"] and r.get("traceback"),
           f"driver exception: {r['status']} {r['reason']}")
    print(f"   driver bug     -> {r['reason']}")

    # unreadable case file
    bad = os.path.join(LOG_DIR, "broken__case.json")
    with open(bad, "w") as fh:
        fh.write("{ not json")
    r = replay.run_case(bad, make_args(f"{FAKE} --case {{case}} --port {{port}} --tag {TAG}"))
    expect(r["status"] == "FAIL" and "driver exception" in r["reason"], f"broken case file: {r}")

    # the command line: exit status with --min-pass, JSON output
    import subprocess
    out_json = os.path.join(LOG_DIR, "out.json")
    base = [sys.executable, os.path.join(HERE, "replay.py"), "--corpus", os.path.dirname(simple), "--cases", os.path.basename(simple),
            "--server", f"{FAKE} --case {{case}} --port {{port}} --tag {TAG}", "--json", out_json]
    p = subprocess.run(base + ["--min-pass", "1"], capture_output=True, text=True, timeout=120)
    expect(p.returncode == 0, f"CLI --min-pass 1 with 1 pass: exit {p.returncode} {p.stdout[-500:]} {p.stderr[-500:]}")
    with open(out_json) as fh:
        doc = json.load(fh)
    expect(doc["totals"] == {"PASS": 1, "FAIL": 0, "SKIP": 0} and doc["cases"][0]["status"] == "PASS", f"--json totals {doc.get('totals')}")
    p = subprocess.run(base + ["--min-pass", "2"], capture_output=True, text=True, timeout=120)
    expect(p.returncode == 1, f"CLI --min-pass 2 with 1 pass: exit {p.returncode}")
    print("   CLI exit status and --json ok" if p.returncode == 1 else "   CLI problem")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--jobs", "-j", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_true", help="a sample of cases and 6 perturbations per kind")
    g.add_argument("--exhaustive", action="store_true", help="every applicable perturbation of every step")
    ap.add_argument("--per-kind", type=int, default=25, help="perturbed cases per kind (default 25)")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus) if args.corpus else replay.default_corpus()
    files = sorted(glob.glob(os.path.join(corpus, "*.json")))
    if not files:
        print(f"no cases in {corpus}")
        return 2
    global LOG_DIR
    tmp = tempfile.TemporaryDirectory(prefix="replay-selftest-")
    LOG_DIR = tmp.name
    t0 = time.monotonic()
    unit_checks()
    if args.quick:
        rng = random.Random(3)
        sample = sorted(set(rng.sample(files, 40)) | {os.path.join(corpus, n) for n in EXPECTED_SKIPS if os.path.exists(os.path.join(corpus, n))})
        all_cases(sample, args.jobs)
    else:
        all_cases(files, args.jobs)
    perturbations(files, args.jobs, None if args.exhaustive else (6 if args.quick else args.per_kind))
    robustness(files)
    replay._stop_all_servers()
    time.sleep(0.5)
    leaks = leaked_processes()
    expect(not leaks, f"leaked server processes: {leaks}")
    print(f"   leaked processes: {len(leaks)}")
    tmp.cleanup()
    print(f"\n{checks} checks, {len(surprises)} surprises, {time.monotonic() - t0:.0f}s")
    for s in surprises:
        print(f"SURPRISE: {s}")
    return 1 if surprises else 0


LOG_DIR = tempfile.gettempdir()

if __name__ == "__main__":
    sys.exit(main())
