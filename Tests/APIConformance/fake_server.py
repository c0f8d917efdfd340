#!/usr/bin/env python3
"""A fake endpoint that answers ONE case of the API corpus with its recorded answers.

Used by selftest.py to prove replay.py right before the real server exists:

    python3 fake_server.py --case CASE.json --port N [--perturb KIND:STEP]

* Each request must be the next one the case implies (its recorded request, with the values of
  `requestRefs` taken from this server's own earlier answers); anything else is answered with a
  400 `FakeServerMismatch` error, so a driver that sends the wrong thing fails the case.
* Answers are the recorded expectations with every placeholder replaced by a plausible concrete
  value, the same value for the same token: bindings by their value, server-generated values and
  wildcards by fresh values (not the sandbox's, so requestRefs must really be substituted),
  timestamps as epoch seconds (AWS JSON 1.0), JSON-text members (the model says string, the
  recording holds an object) re-serialised. Errors are `{"__type": "ns#Code", "message": ...}`.
* Calls the test did not snapshot get a minimal success answer carrying whatever later steps
  take from them (execution ARNs, next tokens); `await` steps get one poll answer that satisfies
  the condition; CloudWatch Logs (JSON 1.1) and S3 (REST, path-style) steps are answered too.
* --perturb KIND:STEP changes the answer of one step so that a correct driver must fail there:
  value, value-json, missing, extra, code, message, status, token (see plan_perturbation).

Standard library + botocore (for the service models).
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import re
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

import botocore.session

_MODELS = {}
_models_lock = threading.Lock()


def model(service):
    with _models_lock:
        if service not in _MODELS:
            _MODELS[service] = botocore.session.get_session().get_service_model(service)
        return _MODELS[service]


def output_shape(service, op):
    try:
        return model(service).operation_model(op).output_shape
    except Exception:  # noqa: BLE001
        return None


def parse_path(path):
    parts = []
    for piece in path.split("."):
        m = re.fullmatch(r"([^\[\]]*)((?:\[\d+\])*)", piece)
        if m and m.group(1):
            parts.append(m.group(1))
        for idx in re.findall(r"\[(\d+)\]", m.group(2) if m else ""):
            parts.append(int(idx))
    return parts


def get_path(obj, parts):
    for p in parts:
        obj = obj[p]
    return obj


def set_path(obj, parts, value):
    cur = obj
    for i, p in enumerate(parts[:-1]):
        nxt = [] if isinstance(parts[i + 1], int) else {}
        if isinstance(p, int):
            while len(cur) <= p:
                cur.append(copy.deepcopy(nxt))
        elif p not in cur:
            cur[p] = nxt
        cur = cur[p]
    last = parts[-1]
    if isinstance(last, int):
        while len(cur) <= last:
            cur.append(None)
    cur[last] = value


UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIPPED_SERVICES = {"sqs", "lambda", "cloudformation"}
LOG_STREAM_PLACEHOLDER = "<the execution's log stream>"
FAKE_STREAM = "states/fake-stream/2025-01-02"
TERMINAL = {"ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut", "ExecutionSucceeded"}


class Tokens:
    """Placeholder → concrete value, consistent per token."""

    def __init__(self, case, seed=0):
        ph = case.get("placeholders") or {}
        self.bindings = ph.get("bindings") or {}
        self.server_generated = ph.get("serverGenerated") or {}
        self.wild = set(self.server_generated) | set(ph.get("wildcards") or [])
        self.wild -= set(self.bindings)
        self.literal = set(ph.get("literalTokens") or []) - set(self.bindings)
        self.literal_values = set(ph.get("literalValuesNotPlaceholders") or [])
        self.numbered = [m["token"] for m in ph.get("masks") or [] if m.get("numbered")]
        alts = sorted((set(self.bindings) | self.wild | {t for t in self.literal if t.startswith("<")})
                      - self.literal_values, key=lambda s: (-len(s), s))
        pats = [re.escape(a) for a in alts] + ["<" + re.escape(t) + r":\d+>" for t in self.numbered]
        self.rx = re.compile("|".join(pats)) if pats else None
        self.values = {}
        self.sandbox_map = {}
        self.counter = itertools.count(1)
        self.ts = itertools.count(0)
        self.override = {}   # token -> alternative value (token perturbation), active when set
        for tok, sandbox in self.server_generated.items():
            if tok not in self.bindings:
                self.values[tok] = self.fake_for_sandbox(sandbox)

    def fake_for_sandbox(self, v):
        if v not in self.sandbox_map:
            if UUID_RE.fullmatch(v):
                self.sandbox_map[v] = str(uuid.uuid4())
            else:
                self.sandbox_map[v] = f"{v}-f4ke{next(self.counter)}"
        return self.sandbox_map[v]

    def map_sandbox_text(self, text):
        """A value the sandbox made up (as it appears in a later request) → this server's value."""
        if not isinstance(text, str):
            return text
        out = text
        for sandbox in sorted(self.server_generated.values(), key=len, reverse=True):
            if sandbox and sandbox in out:
                out = out.replace(sandbox, self.fake_for_sandbox(sandbox))
        if out == text:
            out = UUID_RE.sub(lambda m: self.fake_for_sandbox(m.group(0)), text)
        if out == text:
            out = self.fake_for_sandbox(text)
        return out

    def value_of(self, tok):
        if tok in self.override:
            return self.override[tok]
        if tok in self.bindings:
            v = self.bindings[tok]
            return v[0] if isinstance(v, list) else v
        if tok not in self.values:
            m = re.fullmatch(r"<([^:<>]+):(\d+)>", tok)
            if m and m.group(1) == "uuid":
                self.values[tok] = str(uuid.uuid4())
            elif m:
                self.values[tok] = f"fake-{m.group(1)}-{m.group(2)}-{uuid.uuid4().hex[:6]}"
            else:
                self.values[tok] = f"fake-{tok.strip('<>')}-{uuid.uuid4().hex[:6]}"
        return self.values[tok]

    def epoch(self):
        return 1735787045.25 + next(self.ts)

    def literal_value(self, tok, timestamp_shape):
        low = tok.lower()
        if timestamp_shape:
            return self.epoch()
        if "timestamp" in low:
            return str(int(self.epoch() * 1000))
        if "date" in low or "time" in low:
            n = next(self.ts)
            return f"2025-01-02T03:04:{n % 60:02d}.{n % 1000:03d}Z"
        if "requestid" in low or "trace" in low:
            return str(uuid.uuid4())
        return f"fake-{tok}"

    def tokens_in(self, s):
        if not isinstance(s, str):
            return []
        if s in self.literal_values:
            return []
        if s in self.literal:
            return [s]
        return [m.group(0) for m in self.rx.finditer(s)] if self.rx else []

    def string(self, s, timestamp_shape=False):
        if s in self.literal_values:
            return s
        if s in self.literal:
            return self.literal_value(s, timestamp_shape)
        if self.rx is None:
            return s
        return self.rx.sub(lambda m: str(self.value_of(m.group(0))) if m.group(0) not in self.literal
                           else self.literal_value(m.group(0), False), s)


def concretize(tokens, value, shape):
    """Recorded value (placeholders kept, JSON text as objects) → the wire value for `shape`."""
    t = shape.type_name if shape is not None else None
    if t == "structure" and isinstance(value, dict):
        return {k: concretize(tokens, v, shape.members.get(k)) for k, v in value.items()}
    if t == "list" and isinstance(value, list):
        return [concretize(tokens, v, shape.member) for v in value]
    if t == "map" and isinstance(value, dict):
        return {k: concretize(tokens, v, shape.value) for k, v in value.items()}
    if t == "string" and isinstance(value, (dict, list)):
        return json.dumps(concretize(tokens, value, None), separators=(",", ":"))
    if t == "timestamp" and isinstance(value, str):
        return tokens.string(value, timestamp_shape=True) if value in tokens.literal else tokens.epoch()
    if isinstance(value, str):
        return tokens.string(value)
    if isinstance(value, dict):
        return {k: concretize(tokens, v, None) for k, v in value.items()}
    if isinstance(value, list):
        return [concretize(tokens, v, None) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# perturbations
# --------------------------------------------------------------------------------------------

PERTURB_KINDS = ("value", "value-json", "missing", "extra", "code", "message", "status", "token")
TOLERATED = {"encryptionConfiguration", "redriveCount"}


def _leaves(v, path):
    if isinstance(v, dict):
        for k in sorted(v, key=str):
            yield from _leaves(v[k], path + [k])
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _leaves(x, path + [i])
    else:
        yield path, v


def _reaches_server(step):
    if "operation" not in step:
        return False
    if step.get("service") in SKIPPED_SERVICES:
        return False
    exp = step.get("expected") or {}
    return "clientError" not in exp and not step.get("clientSideError")


def plan_perturbation(case, kind, step_index):
    """Describes how KIND changes step STEP's answer, or None when it does not apply there."""
    steps = case.get("steps", [])
    if step_index >= len(steps):
        return None
    step = steps[step_index]
    if not _reaches_server(step):
        return None
    exp = step.get("expected") or {}
    tokens = Tokens(case)
    service = step.get("service") or "stepfunctions"
    if kind in ("code", "message"):
        if "error" not in exp:
            return None
        return {"kind": kind}
    if kind == "status":
        if exp.get("httpStatusCode") is not None and ("error" in exp or "response" in exp):
            return {"kind": kind}
        return None  # not recorded (exception text only): nothing to compare
    body_key = "response" if "response" in exp else "derivedValue" if "derivedValue" in exp else None
    if body_key is None:
        return None
    body = exp[body_key]
    offset = 0  # a derived list is answered in chunks by its derivedFrom steps: perturb this step's chunk
    if body_key == "derivedValue" and isinstance(body, list):
        src = exp.get("derivedFrom") or [step_index]
        for j in src[:-1]:
            offset += (steps[j].get("request") or {}).get("maxResults") or 0
    if kind in ("value", "value-json"):
        jpaths = [parse_path(p) for p in exp.get("jsonTextPaths") or []]
        for path, leaf in _leaves(body, []):
            if offset and (not path or path[0] < offset):
                continue
            inside = any(path[:len(j)] == j and len(path) > len(j) for j in jpaths)
            if kind == "value-json" and not inside:
                continue
            if isinstance(leaf, bool) or leaf is None:
                continue
            if isinstance(leaf, str):
                toks = tokens.tokens_in(leaf)
                if any(t not in tokens.bindings for t in toks):
                    continue  # a placeholder that matches anything: changing it proves nothing
            elif not isinstance(leaf, (int, float)):
                continue
            return {"kind": kind, "where": body_key, "path": path}
        return None
    if kind == "missing":
        if isinstance(body, dict) and body:
            return {"kind": kind, "where": body_key, "path": [sorted(body)[0]]}
        if isinstance(body, list) and len(body) > offset and isinstance(body[offset], dict) and body[offset]:
            return {"kind": kind, "where": body_key, "path": [offset, sorted(body[offset])[0]]}
        return None
    if kind == "extra":
        if body_key != "response":
            return None
        shape = output_shape(service, step["operation"])

        def find(value, shape, path):
            if shape is None or shape.type_name != "structure" or not isinstance(value, dict):
                return None
            for name, mshape in sorted(shape.members.items()):
                if name in value or name in TOLERATED:
                    continue
                if mshape.type_name in ("string", "integer", "long", "boolean"):
                    if mshape.type_name == "string" and getattr(mshape, "enum", None):
                        return {"kind": kind, "where": body_key, "path": path + [name], "value": mshape.enum[0]}
                    val = {"string": "extra-member-value", "integer": 7, "long": 7, "boolean": True}[mshape.type_name]
                    return {"kind": kind, "where": body_key, "path": path + [name], "value": val}
            for name, mshape in sorted(shape.members.items()):
                if name in value:
                    sub = value[name]
                    if mshape.type_name == "structure":
                        r = find(sub, mshape, path + [name])
                        if r:
                            return r
                    elif mshape.type_name == "list" and isinstance(sub, list) and sub:
                        r = find(sub[0], mshape.member, path + [name, 0])
                        if r:
                            return r
            return None
        return find(body, shape, [])
    if kind == "token":
        # a token that occurs in an earlier step's answer and here: answer something else here
        def toks_of(e):
            out = set()
            for key in ("response", "derivedValue"):
                if key in e:
                    for _p, leaf in _leaves(e[key], []):
                        out |= {t for t in tokens.tokens_in(leaf) if t in tokens.wild or re.fullmatch(r"<[^:<>]+:\d+>", t) and t not in tokens.bindings}
            if "error" in e:
                out |= {t for t in tokens.tokens_in((e["error"] or {}).get("message")) if t in tokens.wild or re.fullmatch(r"<[^:<>]+:\d+>", t) and t not in tokens.bindings}
            return out
        here = toks_of(exp)
        earlier = set()
        for j in range(step_index):
            if _reaches_server(steps[j]):
                earlier |= toks_of(steps[j].get("expected") or {})
        common = sorted(here & earlier)
        if not common:
            return None
        return {"kind": kind, "token": common[0]}
    return None


def apply_value_perturbation(body, plan):
    path = plan["path"]
    if plan["kind"] in ("value", "value-json"):
        old = get_path(body, path) if path else body
        if isinstance(old, str):
            new = old + "-perturbed"
        elif isinstance(old, (int, float)):
            new = old + 1
        else:
            new = "perturbed"
        set_path(body, path, new)
    elif plan["kind"] == "missing":
        parent = get_path(body, path[:-1]) if path[:-1] else body
        del parent[path[-1]]
    elif plan["kind"] == "extra":
        set_path(body, path, plan["value"])


# --------------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------------

class Mismatch(Exception):
    pass


class FakeCase:
    def __init__(self, case, perturb=None, await_unsatisfied=False):
        self.await_unsatisfied = await_unsatisfied
        self.case = case
        self.steps = case.get("steps", [])
        self.tokens = Tokens(case)
        self.answers = {}       # step index -> wire answer (dict) for requestRefs
        self.items = []         # (step index, await?) in the order the driver talks to us
        for i, s in enumerate(self.steps):
            if "await" in s:
                if str(s["await"]).startswith("cloudformation:"):
                    continue
                self.items.append(i)
            elif _reaches_server(s):
                self.items.append(i)
        self.cursor = 0
        self.await_phase = 0
        self.lock = threading.Lock()
        self.perturb = None
        self.derived_cache = {}
        if perturb:
            kind, _, idx = perturb.partition(":")
            plan = plan_perturbation(case, kind, int(idx))
            if plan is None:
                raise SystemExit(f"perturbation {perturb} does not apply to this case")
            plan["step"] = int(idx)
            self.perturb = plan

    # -- expected requests -------------------------------------------------------------------

    def expected_request(self, i, step):
        req = copy.deepcopy(step.get("request") or {})
        for ref in step.get("requestRefs") or []:
            src = self.answers.get(ref["fromStep"])
            if src is None:
                raise Mismatch(f"step {i}: requestRef from step {ref['fromStep']}, which this server did not answer")
            set_path(req, parse_path(ref["param"]), get_path(src, parse_path(ref["responsePath"])))
        text = json.dumps(req)
        if LOG_STREAM_PLACEHOLDER in text:
            req = json.loads(text.replace(json.dumps(LOG_STREAM_PLACEHOLDER)[1:-1], FAKE_STREAM))
        return req

    def await_fields(self, i, step):
        st = copy.deepcopy(step)
        for ref in step.get("requestRefs") or []:
            st[ref["param"]] = get_path(self.answers[ref["fromStep"]], parse_path(ref["responsePath"]))
        return st

    # -- answers for steps ---------------------------------------------------------------------

    def refs_into(self, i):
        """[(responsePath, value)] later steps take from step i's answer (sandbox values mapped)."""
        out = []
        for j in range(i + 1, len(self.steps)):
            s = self.steps[j]
            for ref in s.get("requestRefs") or []:
                if ref.get("fromStep") == i:
                    holder = s.get("request") if "operation" in s else s
                    try:
                        sandbox = get_path(holder, parse_path(ref["param"]))
                    except (KeyError, IndexError, TypeError):
                        continue
                    out.append((ref["responsePath"], self.tokens.map_sandbox_text(sandbox)))
        return out

    def derived_answers(self, d):
        """Answers for the steps a derived value (step d) was built from."""
        if d in self.derived_cache:
            return self.derived_cache[d]
        s = self.steps[d]
        exp = s["expected"]
        service = s.get("service") or "stepfunctions"
        shape = output_shape(service, s["operation"])
        result = {}
        if s["operation"] == "GetLogEvents":
            end = concretize(self.tokens, exp["derivedValue"], None)
            result[d] = {"events": self.log_events(end), "nextForwardToken": "f/1", "nextBackwardToken": "b/1"}
        else:
            lists = [n for n, m in shape.members.items() if m.type_name == "list"]
            key = lists[0]
            items = concretize(self.tokens, exp["derivedValue"], shape.members[key])
            src = exp.get("derivedFrom") or [d]
            pos = 0
            for n, j in enumerate(src):
                size = (self.steps[j].get("request") or {}).get("maxResults") or len(items)
                chunk = items[pos:] if n == len(src) - 1 else items[pos:pos + size]
                pos += len(chunk)
                result[j] = {key: chunk}
        self.derived_cache[d] = result
        return result

    def log_events(self, end_event):
        start = {"type": "ExecutionStarted", "id": "1", "previous_event_id": "0",
                 "event_timestamp": str(int(self.tokens.epoch() * 1000))}
        return [{"timestamp": int(self.tokens.epoch() * 1000), "message": json.dumps(e), "ingestionTime": 1}
                for e in (start, end_event)]

    def derived_source_answer(self, i):
        for d in range(i, len(self.steps)):
            e = self.steps[d].get("expected") or {}
            if "derivedValue" in e and i in (e.get("derivedFrom") or [d]):
                return copy.deepcopy(self.derived_answers(d).get(i))
        return None

    def answer_step(self, i, step):
        """(status, body dict, error?)"""
        exp = step.get("expected")
        service = step.get("service") or "stepfunctions"
        op = step["operation"]
        plan = self.perturb if self.perturb and self.perturb["step"] == i else None
        if plan and plan["kind"] == "token":
            self.tokens.override[plan["token"]] = "perturbed-" + uuid.uuid4().hex[:8]
        try:
            if exp and "error" in exp:
                err = exp["error"] or {}
                code = err.get("code")
                body = {k: concretize(self.tokens, v, None) for k, v in (exp.get("errorFields") or {}).items()}
                body["message"] = concretize(self.tokens, err.get("message", ""), None)
                status = exp.get("httpStatusCode") or 400
                if plan and plan["kind"] == "code":
                    code = code + "Perturbed"
                if plan and plan["kind"] == "message":
                    body["message"] = body["message"] + " (perturbed)"
                if plan and plan["kind"] == "status":
                    status = 409 if status != 409 else 400
                body["__type"] = f"com.amazonaws.fake.states#{code}"
                return status, body
            if exp is None and step.get("awsRaised"):
                return 400, {"__type": "com.amazonaws.fake.states#ValidationException",
                             "message": "fake error for a step the test expected to fail"}
            status = (exp or {}).get("httpStatusCode") or 200
            body = None
            if exp and "response" in exp:
                recorded = copy.deepcopy(exp["response"])
                if plan and plan["kind"] in ("value", "value-json", "missing", "extra"):
                    apply_value_perturbation(recorded, plan)
                body = concretize(self.tokens, recorded, output_shape(service, op))
            else:
                derived = self.derived_source_answer(i)
                if derived is not None:
                    body = derived
                    if plan and plan["kind"] in ("value", "value-json", "missing"):
                        # perturb the derived value itself, then rebuild the source answers
                        d_exp = copy.deepcopy(exp)
                        apply_value_perturbation(d_exp["derivedValue"], plan)
                        saved = self.steps[i]["expected"]
                        self.steps[i]["expected"] = d_exp
                        self.derived_cache.pop(i, None)
                        body = copy.deepcopy(self.derived_answers(i).get(i))
                        self.steps[i]["expected"] = saved
                else:
                    body = {}
            # what later steps take from an answer the test did not record (a recorded response
            # already holds it: filling it in there would undo a 'missing' perturbation)
            for path, value in ([] if exp and "response" in exp else self.refs_into(i)):
                parts = parse_path(path)
                try:
                    get_path(body, parts)
                except (KeyError, IndexError, TypeError):
                    set_path(body, parts, value)
            if plan and plan["kind"] == "status":
                status = 201
            return status, body
        finally:
            self.tokens.override.clear()

    # -- awaits ----------------------------------------------------------------------------------

    AWAIT_OPS = {
        "executionSucceeded": ["GetExecutionHistory"],
        "executionTerminated": ["GetExecutionHistory"],
        "executionStarted": ["GetExecutionHistory"],
        "executionHistoryCondition": ["GetExecutionHistory"],
        "executionAborted": ["DescribeExecution"],
        "executionListedTerminated": ["ListExecutions"],
        "executionListedWithStatus": ["ListExecutions"],
        "stateMachineListed": ["ListStateMachines"],
        "stateMachineVersionListed": ["ListStateMachineVersions"],
        "stateMachineVersionNotListed": ["ListStateMachineVersions"],
        "stateMachineAliasListed": ["ListStateMachineAliases"],
        "stateMachineAliasNotListed": ["ListStateMachineAliases"],
        "executionLogsComplete": ["DescribeLogStreams", "GetLogEvents"],
    }

    def answer_await(self, i, step, op, params):
        st = self.await_fields(i, step)
        kind = st["await"]
        ops = self.AWAIT_OPS.get(kind)
        if not ops:
            raise Mismatch(f"step {i}: await {kind} unknown to the fake")
        want_op = ops[self.await_phase]
        if op != want_op:
            raise Mismatch(f"step {i}: await {kind} expected a {want_op} poll, got {op}")
        if self.await_unsatisfied:
            # never let the condition hold: the driver must give up after its --timeout
            unsatisfied = {
                "GetExecutionHistory": {"events": []},
                "DescribeExecution": {"executionArn": st.get("executionArn"), "stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:x",
                                      "status": "RUNNING", "startDate": self.tokens.epoch()},
                "ListExecutions": {"executions": []},
                "ListStateMachines": {"stateMachines": []},
                "ListStateMachineVersions": {"stateMachineVersions": [] if kind.endswith("VersionListed") else
                                             [{"stateMachineVersionArn": st.get("stateMachineVersionArn"), "creationDate": 1.0}]},
                "ListStateMachineAliases": {"stateMachineAliases": [] if kind.endswith("AliasListed") else
                                            [{"stateMachineAliasArn": st.get("stateMachineAliasArn"), "creationDate": 1.0}]},
                "DescribeLogStreams": {"logStreams": []},
            }
            self.await_phase = 0
            return 200, unsatisfied.get(op, {})

        def need(key, actual_key=None):
            if params.get(actual_key or key) != st.get(key):
                raise Mismatch(f"step {i}: await {kind}: {actual_key or key} {params.get(actual_key or key)!r}, "
                               f"expected {st.get(key)!r}")
        ts = self.tokens.epoch
        if op == "GetExecutionHistory":
            need("executionArn")
            events = [
                {"id": 1, "previousEventId": 0, "timestamp": ts(), "type": "ExecutionStarted",
                 "executionStartedEventDetails": {"input": "{}", "roleArn": "arn:aws:iam::111111111111:role/r"}},
                {"id": 2, "previousEventId": 1, "timestamp": ts(), "type": "PassStateEntered",
                 "stateEnteredEventDetails": {"name": "State_1", "input": "{}"}},
                {"id": 3, "previousEventId": 2, "timestamp": ts(), "type": "ExecutionSucceeded",
                 "executionSucceededEventDetails": {"output": "{}"}},
            ]
            body = {"events": events}
        elif op == "DescribeExecution":
            need("executionArn")
            body = {"executionArn": st["executionArn"], "stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:x",
                    "status": "ABORTED", "startDate": ts()}
        elif op == "ListExecutions":
            need("stateMachineArn")
            status = "SUCCEEDED"
            if kind == "executionListedWithStatus":
                need("status", "statusFilter")
                status = st["status"]
            body = {"executions": [{"executionArn": st["executionArn"], "stateMachineArn": st["stateMachineArn"],
                                    "name": st["executionArn"].rsplit(":", 1)[-1], "status": status,
                                    "startDate": ts()}]}
        elif op == "ListStateMachines":
            body = {"stateMachines": [{"stateMachineArn": st["stateMachineArn"], "name": st["stateMachineArn"].rsplit(":", 1)[-1],
                                       "type": "STANDARD", "creationDate": ts()}]}
        elif op == "ListStateMachineVersions":
            need("stateMachineArn")
            listed = kind == "stateMachineVersionListed"
            body = {"stateMachineVersions": [{"stateMachineVersionArn": st["stateMachineVersionArn"], "creationDate": ts()}] if listed else []}
        elif op == "ListStateMachineAliases":
            need("stateMachineArn")
            listed = kind == "stateMachineAliasListed"
            body = {"stateMachineAliases": [{"stateMachineAliasArn": st["stateMachineAliasArn"], "creationDate": ts()}] if listed else []}
        elif op == "DescribeLogStreams":
            need("logGroupName")
            body = {"logStreams": [{"logStreamName": FAKE_STREAM, "creationTime": 1}]}
        elif op == "GetLogEvents":
            need("logGroupName")
            if params.get("logStreamName") != FAKE_STREAM:
                raise Mismatch(f"step {i}: GetLogEvents for stream {params.get('logStreamName')!r}, expected {FAKE_STREAM!r}")
            body = None
            for d in range(i + 1, len(self.steps)):
                e = self.steps[d].get("expected") or {}
                if self.steps[d].get("operation") == "GetLogEvents" and "derivedValue" in e:
                    body = copy.deepcopy(self.derived_answers(d)[d])
                    break
            if body is None:
                body = {"events": self.log_events({"type": "ExecutionSucceeded", "id": "2"})}
        else:
            raise Mismatch(f"step {i}: no answer for {op}")
        self.await_phase += 1
        if self.await_phase >= len(ops):
            self.await_phase = 0
            self.cursor += 1
        return 200, body

    # -- dispatch ------------------------------------------------------------------------------

    def handle(self, service, op, params, raw=None):
        with self.lock:
            if self.cursor >= len(self.items):
                raise Mismatch(f"unexpected {service} {op}: the case has no more requests")
            i = self.items[self.cursor]
            step = self.steps[i]
            if "await" in step:
                return self.answer_await(i, step, op, params)
            want_service = step.get("service") or "stepfunctions"
            if (want_service, step["operation"]) != (service, op):
                raise Mismatch(f"step {i}: expected {want_service} {step['operation']}, got {service} {op}")
            want = self.expected_request(i, step)
            if service == "s3":
                got = dict(params)
                if "Body" in want:
                    want = dict(want)
                    want["Body"] = want["Body"].encode() if isinstance(want["Body"], str) else want["Body"]
                    got["Body"] = raw or b""
                if got != want:
                    raise Mismatch(f"step {i}: s3 {op} request {got!r}, expected {want!r}")
            elif params != want:
                raise Mismatch(f"step {i}: {op} request differs from the recording: got {json.dumps(params, sort_keys=True)[:600]}, "
                               f"expected {json.dumps(want, sort_keys=True)[:600]}")
            status, body = self.answer_step(i, step)
            if status < 300:
                self.answers[i] = body
            self.cursor += 1
            return status, body


def make_handler(fake: FakeCase):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet
            sys.stderr.write("fake: " + (fmt % args) + "\n")

        def _send(self, status, body, content_type="application/x-amz-json-1.0", headers=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _read(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def do_POST(self):
            raw = self._read()
            target = self.headers.get("X-Amz-Target", "")
            prefix, _, op = target.partition(".")
            service = {"AWSStepFunctions": "stepfunctions", "Logs_20140328": "logs"}.get(prefix)
            ctype = "application/x-amz-json-1.1" if service == "logs" else "application/x-amz-json-1.0"
            if service is None:
                return self._send(400, {"__type": "UnknownOperationException", "message": f"target {target!r}"}, ctype)
            try:
                params = json.loads(raw or b"{}")
                status, body = fake.handle(service, op, params)
            except Mismatch as m:
                sys.stderr.write(f"fake: MISMATCH {m}\n")
                return self._send(400, {"__type": "FakeServerMismatch", "message": str(m)}, ctype)
            except Exception as e:  # noqa: BLE001
                sys.stderr.write(f"fake: ERROR {type(e).__name__}: {e}\n")
                return self._send(500, {"__type": "FakeServerError", "message": f"{type(e).__name__}: {e}"}, ctype)
            self._send(status, body, ctype)

        def do_PUT(self):  # S3, path-style
            raw = self._read()
            path = unquote(urlparse(self.path).path).lstrip("/")
            bucket, _, key = path.partition("/")
            op, params = ("PutObject", {"Bucket": bucket, "Key": key}) if key else ("CreateBucket", {"Bucket": bucket})
            try:
                status, _body = fake.handle("s3", op, params, raw=raw)
            except Mismatch as m:
                sys.stderr.write(f"fake: MISMATCH {m}\n")
                data = f"<Error><Code>FakeServerMismatch</Code><Message>{m}</Message></Error>".encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send_response(200)
            self.send_header("Content-Length", "0")
            if key:
                self.send_header("ETag", '"0123456789abcdef0123456789abcdef"')
            else:
                self.send_header("Location", "/" + bucket)
            self.end_headers()

    return Handler


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--perturb", help="KIND:STEP, KIND one of " + ", ".join(PERTURB_KINDS))
    ap.add_argument("--await-unsatisfied", action="store_true", help="answer await polls so the condition never holds")
    ap.add_argument("--tag", help="ignored; lets the self-test find its processes")
    args = ap.parse_args(argv)
    with open(args.case, encoding="utf-8") as f:
        case = json.load(f)
    fake = FakeCase(case, args.perturb, args.await_unsatisfied)
    # load the models before accepting connections
    for svc in ("stepfunctions", "logs"):
        model(svc)
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(fake))
    httpd.daemon_threads = True
    try:
        httpd.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
