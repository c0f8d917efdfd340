#!/usr/bin/env python3
"""Replay driver for the API conformance corpus (Step Functions API calls recorded on AWS).

For every case file (``*.json`` in the corpus, see the corpus README) the driver starts a
fresh server process from the ``--server`` command line, sends the case's requests in order
with real boto3 clients pointed at ``http://127.0.0.1:PORT``, compares every answer with the
recording and stops the server again. See ``README.md`` next to this file.

    python3 Tests/APIConformance/replay.py
        --server '.build/debug/sfn serve --port {port} --account-id 111111111111 --clock virtual'
        [--cases GLOB] [--group G] [--min-pass N] [--json OUT] [--verbose] [--timeout S] [--jobs N]

Placeholders in the server command: ``{port}`` (a free TCP port, required) and ``{case}``
(absolute path of the case file; only the self-test's fake server uses it).

Python 3.11, standard library + boto3/botocore.
"""

from __future__ import annotations

import argparse
import atexit
import concurrent.futures
import copy
import datetime as _dt
import fnmatch
import glob
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# Keep the clients hermetic: no profile, config file or credential file of the machine running
# the driver may change endpoints, retries or credentials.
for _var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_MAX_ATTEMPTS",
             "AWS_RETRY_MODE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(_var, None)
for _var in list(os.environ):
    if _var.startswith("AWS_ENDPOINT_URL_"):
        os.environ.pop(_var, None)
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

try:
    import boto3
    import botocore
    import botocore.config
    import botocore.exceptions
    from botocore import xform_name
except ImportError:  # pragma: no cover - CI installs boto3 with pip when missing
    sys.stderr.write("replay.py needs boto3 (pip install boto3)\n")
    raise

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

REGION = "us-east-1"
RECORDED_ACCOUNT = "111111111111"
# Any credentials will do: the server is told the account with --account-id. The access key is
# the recorded account id so that a server that derives the account from the key (as LocalStack
# does) also lands on 111111111111.
ACCESS_KEY = RECORDED_ACCOUNT
SECRET_KEY = "replay-driver-secret"

# Services whose steps are sent to the endpoint under test by default (the server is meant to
# stand in for them minimally). Others can be enabled with --stand-ins.
DEFAULT_STAND_INS = ("logs", "s3")
ALLOWED_STAND_INS = ("logs", "s3", "sqs", "cloudformation")

LOG_STREAM_PLACEHOLDER = "<the execution's log stream>"
LOG_VALIDATION_STREAM = "log_stream_created_by_aws_to_validate_log_delivery_subscriptions"

TERMINAL_EVENT_TYPES = {"ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut", "ExecutionSucceeded"}

# Fields AWS added between recordings (corpus README, "What a server builder should know"):
# an actual response may carry them with exactly these values when the recording predates them.
ENCRYPTION_CONFIG_SINCE = _dt.date(2024, 11, 20)
REDRIVE_SINCE = _dt.date(2023, 11, 15)  # execution redrive (and redriveCount) launched on AWS

POLL_INTERVAL = 0.05
MAX_DIFFS = 25


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def parse_path(path: str) -> list:
    """'events[0].executionStartedEventDetails.input' -> ['events', 0, 'executionStartedEventDetails', 'input']"""
    parts: list = []
    for piece in path.split("."):
        if piece == "":
            continue
        m = re.fullmatch(r"([^\[\]]*)((?:\[\d+\])*)", piece)
        if not m:
            parts.append(piece)
            continue
        if m.group(1):
            parts.append(m.group(1))
        for idx in re.findall(r"\[(\d+)\]", m.group(2)):
            parts.append(int(idx))
    return parts


def get_path(obj, parts):
    cur = obj
    for p in parts:
        if isinstance(p, int):
            if not isinstance(cur, list) or p >= len(cur):
                raise KeyError(p)
            cur = cur[p]
        else:
            if not isinstance(cur, dict) or p not in cur:
                raise KeyError(p)
            cur = cur[p]
    return cur


def set_path(obj, parts, value):
    cur = obj
    for i, p in enumerate(parts[:-1]):
        nxt_is_index = isinstance(parts[i + 1], int)
        if isinstance(p, int):
            while len(cur) <= p:
                cur.append([] if nxt_is_index else {})
            cur = cur[p]
        else:
            if p not in cur:
                cur[p] = [] if nxt_is_index else {}
            cur = cur[p]
    last = parts[-1]
    if isinstance(last, int):
        while len(cur) <= last:
            cur.append(None)
    cur[last] = value


def fmt_path(parts) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def short(value, limit=160) -> str:
    try:
        if isinstance(value, (_dt.datetime, _dt.date)):
            text = f"datetime({value.isoformat()})"
        else:
            text = json.dumps(value, default=_json_default, sort_keys=True)
    except Exception:
        text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _json_default(v):
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    if hasattr(v, "read"):
        return "<stream>"
    return str(v)


def canonical(value) -> str:
    return json.dumps(value, default=_json_default, sort_keys=True, separators=(",", ":"))


def parse_recorded_date(text: str | None):
    """provenance.recordedDate is 'dd-mm-yyyy, HH:MM:SS'."""
    if not text:
        return None
    m = re.match(r"(\d{2})-(\d{2})-(\d{4})", text)
    if not m:
        return None
    return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


ISO_DATE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
HTTP_DATE_RE = re.compile(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})")


def looks_like_datetime(v) -> bool:
    if isinstance(v, (_dt.datetime, _dt.date)):
        return True
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    if isinstance(v, str):
        s = v.strip()
        return bool(ISO_DATE_RE.fullmatch(s) or HTTP_DATE_RE.fullmatch(s) or re.fullmatch(r"\d{9,16}(?:\.\d+)?", s))
    return False


def literal_token_kind(token: str) -> str:
    low = token.lower()
    if "timestamp" in low:
        return "scalar"
    if "date" in low or ("time" in low and "trace" not in low):
        return "datetime"
    if "requestid" in low or "trace-id" in low or "request-id" in low:
        return "string"
    return "any"


def kind_ok(kind: str, value) -> bool:
    if value is None:
        return False
    if kind == "datetime":
        return looks_like_datetime(value)
    if kind == "scalar":
        return not isinstance(value, (dict, list))
    if kind == "string":
        return isinstance(value, str) and value != ""
    return True


KIND_TEXT = {
    "datetime": "a date/time (datetime, ISO-8601/HTTP date string or epoch number)",
    "scalar": "a non-null scalar",
    "string": "a non-empty string",
    "any": "any non-null value",
}


# --------------------------------------------------------------------------------------------
# placeholders and comparison
# --------------------------------------------------------------------------------------------

class Matcher:
    """Compares actual values with expected values that contain the case's placeholders.

    * bindings: substituted into the expected value (the server must return exactly them);
    * serverGenerated / wildcards / numbered masks (<token:N>): any value, but the same value
      wherever the same token occurs in the case (self.assigned keeps them across steps);
    * unbound literal tokens (datetime, date, timestamp, creation-date, RequestId, ...): replace a
      whole value and match anything of the right kind;
    * patterns: regex replacements applied to actual strings before comparing them;
    * literalValuesNotPlaceholders: compared exactly.
    """

    def __init__(self, placeholders: dict, strict_tokens: bool = False):
        ph = placeholders or {}
        self.bindings: dict = dict(ph.get("bindings") or {})
        self.literal_values = set(ph.get("literalValuesNotPlaceholders") or [])
        self.literal_tokens = set(ph.get("literalTokens") or []) - set(self.bindings)
        self.wild = (set(ph.get("serverGenerated") or {}) | set(ph.get("wildcards") or [])) - set(self.bindings)
        self.numbered = [m["token"] for m in (ph.get("masks") or []) if m.get("numbered") and m.get("token")]
        self.patterns = []
        for p in ph.get("patterns") or []:
            try:
                self.patterns.append((re.compile(p["regex"]), p["replacement"]))
            except re.error:
                pass
        self.strict_tokens = strict_tokens
        self.assigned: dict = {}      # token -> actual value
        self.assigned_at: dict = {}   # token -> "step N $.path"
        alts = []
        literal_alts = set(self.bindings) | self.wild | {t for t in self.literal_tokens if t.startswith("<")}
        literal_alts -= self.literal_values
        for t in sorted(literal_alts, key=lambda s: (-len(s), s)):
            alts.append(re.escape(t))
        for tok in self.numbered:
            alts.append("<" + re.escape(tok) + r":\d+>")
        self.token_re = re.compile("|".join(alts)) if alts else None
        self.where = ""

    # -- tokens ---------------------------------------------------------------------------

    def token_class(self, tok: str) -> str:
        if tok in self.bindings:
            return "bind"
        if tok in self.literal_tokens:
            return "literal"
        return "wild"

    def tokenize(self, s: str):
        if self.token_re is None:
            return [("lit", s)]
        out = []
        pos = 0
        for m in self.token_re.finditer(s):
            if m.start() > pos:
                out.append(("lit", s[pos:m.start()]))
            tok = m.group(0)
            out.append((self.token_class(tok), tok))
            pos = m.end()
        if pos < len(s):
            out.append(("lit", s[pos:]))
        return out or [("lit", "")]

    def render(self, s: str) -> str:
        """The expected string with bindings and already-known wildcards substituted."""
        if not isinstance(s, str):
            return s
        out = []
        for kind, text in self.tokenize(s):
            if kind == "bind":
                v = self.bindings[text]
                out.append(v if isinstance(v, str) else "|".join(map(str, v)))
            elif kind == "wild" and text in self.assigned:
                out.append(str(self.assigned[text]))
            else:
                out.append(text)
        return "".join(out)

    def render_value(self, v):
        if isinstance(v, str):
            return self.render(v)
        if isinstance(v, dict):
            return {k: self.render_value(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.render_value(x) for x in v]
        return v

    def apply_patterns(self, s: str) -> str:
        for rx, rep in self.patterns:
            s = rx.sub(lambda _m, rep=rep: rep, s)
        return s

    def _family(self, tok: str):
        m = re.fullmatch(r"<([^:<>]+):\d+>", tok)
        return m.group(1) if m else None

    def _assign(self, tok, value, path, diffs):
        if tok in self.assigned:
            if canonical(self.assigned[tok]) != canonical(value):
                diffs.append(f"{fmt_path(path)}: token {tok} must be the same value everywhere: it was "
                             f"{short(self.assigned[tok])} at {self.assigned_at[tok]}, here {short(value)}")
                return False
            return True
        if self.strict_tokens:
            fam = self._family(tok)
            if fam:
                for other, v in self.assigned.items():
                    if other != tok and self._family(other) == fam and canonical(v) == canonical(value):
                        diffs.append(f"{fmt_path(path)}: tokens {other} and {tok} are distinct in the recording "
                                     f"but both are {short(value)} (--strict-tokens)")
                        return False
        self.assigned[tok] = value
        self.assigned_at[tok] = f"{self.where} {fmt_path(path)}".strip()
        return True

    # -- comparison -----------------------------------------------------------------------

    def compare(self, expected, actual, path=None, tolerate=None, diffs=None):
        """Returns a list of difference strings (empty when equal)."""
        if diffs is None:
            diffs = []
        self._cmp(expected, actual, list(path or []), tolerate, diffs)
        return diffs

    def _cmp(self, exp, act, path, tolerate, diffs):
        if len(diffs) >= MAX_DIFFS:
            return
        if isinstance(exp, dict):
            if not isinstance(act, dict):
                diffs.append(f"{fmt_path(path)}: expected an object {short(self.render_value(exp))}, got {short(act)}")
                return
            for k in sorted(exp, key=str):
                if k not in act:
                    diffs.append(f"{fmt_path(path + [k])}: missing key (expected {short(self.render_value(exp[k]))})")
                else:
                    self._cmp(exp[k], act[k], path + [k], tolerate, diffs)
            for k in sorted(set(act) - set(exp), key=str):
                if tolerate and tolerate(path, k, act[k]):
                    continue
                diffs.append(f"{fmt_path(path + [k])}: unexpected key (value {short(act[k])})")
            return
        if isinstance(exp, list):
            if not isinstance(act, list):
                diffs.append(f"{fmt_path(path)}: expected a list of {len(exp)}, got {short(act)}")
                return
            if len(exp) != len(act):
                diffs.append(f"{fmt_path(path)}: expected {len(exp)} items, got {len(act)}")
            for i, (e, a) in enumerate(zip(exp, act)):
                self._cmp(e, a, path + [i], tolerate, diffs)
            return
        if isinstance(exp, str):
            self._cmp_string(exp, act, path, diffs)
            return
        if isinstance(exp, bool) or exp is None:
            if act is not exp:
                diffs.append(f"{fmt_path(path)}: expected {short(exp)}, got {short(act)}")
            return
        if isinstance(exp, (int, float)):
            if isinstance(act, bool) or not isinstance(act, (int, float)) or act != exp:
                diffs.append(f"{fmt_path(path)}: expected {short(exp)}, got {short(act)}")
            return
        if exp != act:
            diffs.append(f"{fmt_path(path)}: expected {short(exp)}, got {short(act)}")

    def _cmp_string(self, exp: str, act, path, diffs):
        if exp in self.literal_values:
            if act != exp:
                diffs.append(f"{fmt_path(path)}: expected {short(exp)}, got {short(act)}")
            return
        if exp in self.literal_tokens:
            kind = literal_token_kind(exp)
            if not kind_ok(kind, act):
                diffs.append(f"{fmt_path(path)}: expected {KIND_TEXT[kind]} (placeholder '{exp}'), got {short(act)}")
            return
        parts = self.tokenize(exp)
        if len(parts) == 1 and parts[0][0] == "wild":
            if act is None:
                diffs.append(f"{fmt_path(path)}: expected a value for {parts[0][1]}, got null")
                return
            self._assign(parts[0][1], act if not isinstance(act, str) else self.apply_patterns(act), path, diffs)
            return
        if not isinstance(act, str):
            diffs.append(f"{fmt_path(path)}: expected string {short(self.render(exp))}, got {short(act)}")
            return
        act_p = self.apply_patterns(act)
        if all(k == "lit" for k, _ in parts):
            if act_p != exp:
                diffs.append(f"{fmt_path(path)}: expected {short(exp, 400)}, got {short(act_p, 400)}")
            return
        rx = []
        groups = {}
        for kind, text in parts:
            if kind == "lit":
                rx.append(re.escape(text))
            elif kind == "bind":
                v = self.bindings[text]
                vals = v if isinstance(v, list) else [v]
                rx.append("(?:" + "|".join(re.escape(str(x)) for x in sorted(vals, key=lambda s: -len(str(s)))) + ")")
            elif kind == "literal":
                k = literal_token_kind(text)
                rx.append(r"(?:.+?)" if k != "datetime" else r"(?:" + ISO_DATE_RE.pattern + "|" + HTTP_DATE_RE.pattern + r"|\d{9,16})")
            else:  # wildcard
                if text in self.assigned:
                    rx.append(re.escape(str(self.assigned[text])))
                elif text in groups:
                    rx.append(f"(?P={groups[text]})")
                else:
                    g = f"g{len(groups)}"
                    groups[text] = g
                    rx.append(f"(?P<{g}>.+?)")
        m = re.fullmatch("".join(rx), act_p, re.DOTALL)
        if not m:
            diffs.append(f"{fmt_path(path)}: expected {short(self.render(exp), 400)}, got {short(act_p, 400)}")
            return
        for tok, g in groups.items():
            self._assign(tok, m.group(g), path, diffs)


# --------------------------------------------------------------------------------------------
# case classification (independent of the server)
# --------------------------------------------------------------------------------------------

def _strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from _strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from _strings(x)


def classify(case: dict, stand_ins) -> tuple[str | None, dict]:
    """Returns (skip reason or None, {step index: why the step is not sent})."""
    steps = case.get("steps", [])
    reasons = []
    skipped_steps = {}
    for i, s in enumerate(steps):
        svc = s.get("service")
        aw = s.get("await", "")
        if isinstance(aw, str) and aw.startswith("cloudformation:") and "cloudformation" not in stand_ins:
            continue  # reported with the CreateStack step
        if not svc or svc == "stepfunctions" or svc in stand_ins:
            continue
        req = s.get("request") or {}
        if svc == "lambda":
            users = [j for j, t in enumerate(steps) if t.get("operation") == "TestState"
                     and req.get("FunctionName", "\0") in json.dumps(t.get("request"))]
            mocked = [j for j in users if "mock" in (steps[j].get("request") or {})]
            reasons.append(
                f"step {i} lambda {s.get('operation')} {req.get('FunctionName')} ({req.get('Runtime')}, handler "
                f"{req.get('HandlerFile')} from LocalStack's repository, not available): TestState step(s) "
                f"{[j for j in users if j not in mocked]} invoke that Lambda function for real (no mock) and the "
                f"recorded output is the function's answer with its SdkHttpMetadata")
        elif svc == "sqs":
            name = req.get("QueueName", "")
            later = [j for j in range(i + 1, len(steps))
                     if name and any(name in x for x in _strings(steps[j].get("request")))]
            if later:
                reasons.append(
                    f"step {i} sqs {s.get('operation')} {name}: the queue is used by later step(s) {later} "
                    f"(state machines that send to it with sqs:sendMessage.waitForTaskToken and a worker that "
                    f"reads it with aws-sdk:sqs:receiveMessage); needs SQS inside the server "
                    f"(try --stand-ins logs,s3,sqs)")
            else:
                skipped_steps[i] = f"sqs {s.get('operation')} {name}: fixture queue not used by any later request, not sent"
        elif svc == "cloudformation":
            if s.get("operation") == "CreateStack":
                reasons.append(
                    f"step {i} cloudformation CreateStack {req.get('StackName')}: the state machine under test is "
                    f"created by a CloudFormation stack (AWS::StepFunctions::StateMachine), then DeleteStack; "
                    f"needs CloudFormation (try --stand-ins logs,s3,cloudformation)")
        else:
            reasons.append(f"step {i} needs service {svc!r}, which the driver cannot provide")
    return ("; ".join(reasons) if reasons else None), skipped_steps


# --------------------------------------------------------------------------------------------
# server processes
# --------------------------------------------------------------------------------------------

_live_servers: set = set()
_live_lock = threading.Lock()
_port_lock = threading.Lock()
_recent_ports: list = []


def free_port() -> int:
    with _port_lock:
        for _ in range(50):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            if port not in _recent_ports:
                _recent_ports.append(port)
                del _recent_ports[:-200]
                return port
        return port


class ServerProcess:
    def __init__(self, template: str, case_path: str, log_path: str):
        self.port = free_port()
        cmd = template.replace("{port}", str(self.port)).replace("{case}", shlex.quote(case_path))
        self.argv = shlex.split(cmd)
        self.log_path = log_path
        self.proc = None
        self.stopped = False
        self.lock = threading.Lock()

    def start(self):
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        with _live_lock:
            _live_servers.add(self)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return f"server exited with status {self.proc.returncode} before accepting connections"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return None
            except OSError:
                time.sleep(0.05)
        return f"server did not accept connections on port {self.port} within {timeout:g}s"

    def stop(self):
        with self.lock:
            p = self.proc
            if p is None or self.stopped:
                return
            self.stopped = True
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    p.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    pass
            # the whole process group, in case the command was a wrapper that left children
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            try:
                self.log.close()
            except Exception:
                pass
            with _live_lock:
                _live_servers.discard(self)

    def log_tail(self, lines=20) -> str:
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()[-8000:]
            return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stop_all_servers():
    with _live_lock:
        servers = list(_live_servers)
    for s in servers:
        s.stop()


atexit.register(_stop_all_servers)


# --------------------------------------------------------------------------------------------
# running one case
# --------------------------------------------------------------------------------------------

class StepFailure(Exception):
    def __init__(self, step, reason, diffs=None):
        super().__init__(reason)
        self.step = step
        self.reason = reason
        self.diffs = diffs or []


_tls = threading.local()


def _session():
    s = getattr(_tls, "session", None)
    if s is None:
        s = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                  region_name=REGION)
        _tls.session = s
    return s


class CaseRunner:
    def __init__(self, case: dict, args, server: ServerProcess | None, skipped_steps: dict, deadline: float):
        self.case = case
        self.args = args
        self.server = server
        self.skipped_steps = skipped_steps
        self.deadline = deadline
        self.cancelled = threading.Event()
        self.m = Matcher(case.get("placeholders") or {}, strict_tokens=args.strict_tokens)
        self.responses: dict = {}          # step index -> actual response (no ResponseMetadata)
        self.clients: dict = {}
        self.notes: list = []
        self.log_stream = None
        self.recorded = parse_recorded_date((case.get("provenance") or {}).get("recordedDate"))
        self.endpoint = f"http://127.0.0.1:{server.port}" if server else None

    # -- clients --------------------------------------------------------------------------

    def client(self, service: str, overrides: dict | None):
        overrides = overrides or {}
        pv = overrides.get("parameterValidation", True)
        inject = overrides.get("injectHostPrefix", False)
        retries = overrides.get("retries", 0) or 0
        key = (service, pv, inject, retries)
        c = self.clients.get(key)
        if c is not None:
            return c
        cfg = dict(
            retries={"max_attempts": int(retries)},
            # With inject_host_prefix=False botocore sends every operation to the endpoint as
            # given. StartSyncExecution is modelled with the host prefix "sync-" (on AWS it goes
            # to sync-states.<region>.amazonaws.com); with injection on, botocore would send it to
            # "sync-127.0.0.1", which does not resolve. A local endpoint serves every operation
            # on one host:port, so injection stays off unless a step's client override asks for it.
            inject_host_prefix=bool(inject),
            parameter_validation=bool(pv),
            connect_timeout=5,
            read_timeout=self.args.request_timeout,
            tcp_keepalive=False,
        )
        if service == "s3":
            cfg["s3"] = {"addressing_style": "path"}
            # no flexible checksums (CRC32 trailers, aws-chunked bodies): PutObject doesn't require
            # them and the server's S3 stand-in is minimal.
            cfg["request_checksum_calculation"] = "when_required"
            cfg["response_checksum_validation"] = "when_required"
        c = _session().client(service, endpoint_url=self.endpoint, region_name=REGION,
                              aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                              config=botocore.config.Config(**cfg))
        self.clients[key] = c
        return c

    # -- plumbing ---------------------------------------------------------------------------

    def check_time(self, step):
        if self.cancelled.is_set() or time.monotonic() > self.deadline:
            raise StepFailure(step, f"case wall-clock limit ({self.args.case_timeout:g}s) reached")

    def server_gone(self) -> str | None:
        if self.server and not self.server.alive():
            return f"server process exited with status {self.server.proc.returncode}"
        return None

    def resolve_refs(self, i: int, step: dict, target: dict):
        for ref in step.get("requestRefs") or []:
            src = ref.get("fromStep")
            if src not in self.responses or self.responses[src] is None:
                raise StepFailure(i, f"requestRef {ref.get('param')}: step {src} has no response to take "
                                     f"'{ref.get('responsePath')}' from")
            try:
                value = get_path(self.responses[src], parse_path(ref["responsePath"]))
            except (KeyError, TypeError):
                raise StepFailure(i, f"requestRef {ref.get('param')}: step {src}'s response has no "
                                     f"'{ref.get('responsePath')}' (response {short(self.responses[src])})")
            if isinstance(value, (_dt.datetime, _dt.date)):
                value = value.isoformat()
            pparts = parse_path(ref["param"])
            if ref.get("embedded"):
                old = ref.get("sandboxValue")
                try:
                    cur = get_path(target, pparts)
                except KeyError:
                    cur = None
                if not isinstance(cur, str) or not old:
                    raise StepFailure(i, f"requestRef {ref.get('param')} is embedded but the driver cannot tell "
                                         f"which part of the parameter to replace")
                set_path(target, pparts, cur.replace(old, str(value)))
            else:
                set_path(target, pparts, value)

    def replace_log_stream(self, i, service, req: dict):
        if LOG_STREAM_PLACEHOLDER not in json.dumps(req):
            return req
        if self.log_stream is None:
            group = req.get("logGroupName")
            self.log_stream = self._find_log_stream(i, group)
            if self.log_stream is None:
                raise StepFailure(i, f"needs logs stand-in: no log stream for the execution in {group}")

        def sub(v):
            if isinstance(v, str):
                return v.replace(LOG_STREAM_PLACEHOLDER, self.log_stream)
            if isinstance(v, dict):
                return {k: sub(x) for k, x in v.items()}
            if isinstance(v, list):
                return [sub(x) for x in v]
            return v
        return sub(req)

    def _find_log_stream(self, i, group):
        try:
            streams = self.client("logs", None).describe_log_streams(logGroupName=group).get("logStreams", [])
        except Exception as e:  # noqa: BLE001
            raise StepFailure(i, f"needs logs stand-in: DescribeLogStreams {group}: {exc_text(e)}")
        names = [s.get("logStreamName") for s in streams if s.get("logStreamName") != LOG_VALIDATION_STREAM]
        return names[-1] if names else None

    # -- the run ----------------------------------------------------------------------------

    def run(self):
        steps = self.case.get("steps", [])
        for i, step in enumerate(steps):
            self.check_time(i)
            self.m.where = f"step {i}"
            if i in self.skipped_steps:
                self.notes.append(f"step {i}: {self.skipped_steps[i]}")
                continue
            if "sleep" in step:
                self.notes.append(f"step {i}: sleep {step['sleep']}s skipped (the test slept on AWS only)")
                continue
            if "await" in step:
                self.do_await(i, step)
                continue
            if "operation" in step:
                self.do_call(i, step)
                continue
            self.notes.append(f"step {i}: unknown step kind {sorted(step)} ignored")

    # -- API calls --------------------------------------------------------------------------

    def do_call(self, i, step):
        service = step.get("service") or "stepfunctions"
        op = step["operation"]
        label = f"step {i} {op}" if service == "stepfunctions" else f"step {i} {service} {op}"
        exp = step.get("expected")
        req = copy.deepcopy(step.get("request") or {})
        self.resolve_refs(i, step, req)
        req = self.replace_log_stream(i, service, req)
        client = self.client(service, step.get("client"))
        method_name = xform_name(op)
        method = getattr(client, method_name, None)
        if method is None:
            raise StepFailure(i, f"{label}: botocore {botocore.__version__} has no operation {op} for {service}")

        outcome = {"kind": None}
        t0 = time.monotonic()
        try:
            resp = method(**req)
            resp = dict(resp)
            meta = resp.pop("ResponseMetadata", {}) or {}
            outcome = {"kind": "ok", "response": resp, "status": meta.get("HTTPStatusCode")}
            self.responses[i] = resp
        except botocore.exceptions.ParamValidationError as e:
            outcome = {"kind": "param", "exc": e}
            self.responses[i] = None
        except botocore.exceptions.ClientError as e:
            outcome = {"kind": "error", "exc": e, "status": (e.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")}
            self.responses[i] = None
        except Exception as e:  # noqa: BLE001 - connection errors, timeouts, parse errors
            outcome = {"kind": "exception", "exc": e}
            self.responses[i] = None
        elapsed = time.monotonic() - t0

        if outcome["kind"] == "exception":
            gone = self.server_gone()
            why = exc_text(outcome["exc"])
            if self.cancelled.is_set():
                raise StepFailure(i, f"case wall-clock limit ({self.args.case_timeout:g}s) reached during {label}")
            if service != "stepfunctions":
                raise StepFailure(i, f"needs {service} stand-in: {label} failed: {why}" + (f" ({gone})" if gone else ""))
            raise StepFailure(i, f"{label}: request failed after {elapsed:.1f}s: {why}" + (f" ({gone})" if gone else ""))

        if service != "stepfunctions" and not step.get("awsRaised") and outcome["kind"] != "ok" \
                and "error" not in (exp or {}) and "clientError" not in (exp or {}):
            raise StepFailure(i, f"needs {service} stand-in: {label}: {outcome_text(outcome)}")

        self.check_expectation(i, step, label, exp, outcome, req)
        for extra in (exp or {}).get("alsoMatched") or []:
            self.check_expectation(i, step, label + " (alsoMatched)", extra, outcome, req)

        if op in ("DescribeStateMachine", "DescribeStateMachineForExecution") and outcome["kind"] == "ok":
            self.check_definition_text(i, outcome["response"])

    def check_expectation(self, i, step, label, exp, outcome, req):
        kind = outcome["kind"]
        if exp is None and step.get("clientSideError"):
            if kind != "param":
                raise StepFailure(i, f"{label}: botocore should refuse this request client-side with "
                                     f"{step['clientSideError']}, but it was sent: {outcome_text(outcome)}")
            return
        if exp is None:
            if step.get("awsRaised"):
                if kind != "error":
                    raise StepFailure(i, f"{label}: AWS raised an error here (not recorded), got {outcome_text(outcome)}")
            elif kind != "ok":
                raise StepFailure(i, f"{label}: succeeded on AWS (answer not recorded), got {outcome_text(outcome)}")
            return

        if "clientError" in exp:
            ce = exp["clientError"]
            if kind != "param":
                raise StepFailure(i, f"{label}: botocore should refuse this request client-side with "
                                     f"{ce.get('type')} ({short(ce.get('message'))}), but it was sent: "
                                     f"{outcome_text(outcome)}")
            msg = str(outcome["exc"])
            if ce.get("type") and type(outcome["exc"]).__name__ != ce["type"]:
                raise StepFailure(i, f"{label}: expected client-side {ce['type']}, got {type(outcome['exc']).__name__}")
            if ce.get("message") is not None and msg != ce["message"]:
                self.notes.append(f"step {i}: botocore {botocore.__version__}'s ParamValidationError text differs from "
                                  f"the recording (SDK version, not the server): {short(msg)} vs {short(ce['message'])}")
            return

        if kind == "param":
            raise StepFailure(i, f"{label}: botocore {botocore.__version__} refused the request client-side: "
                                 f"{short(str(outcome['exc']), 300)}")

        if "error" in exp:
            err = exp["error"] or {}
            if kind != "error":
                raise StepFailure(i, f"{label}: expected error {err.get('code')}: {short(self.m.render(err.get('message')), 300)}; "
                                     f"got success {short(outcome.get('response'), 300)}")
            e = outcome["exc"]
            code = e.response.get("Error", {}).get("Code")
            message = e.response.get("Error", {}).get("Message")
            diffs = []
            if code != err.get("code"):
                diffs.append(f"error code: expected {err.get('code')}, got {code}")
            if "message" in err:
                md = self.m.compare(err.get("message"), message, ["message"])
                diffs += [f"error {d}" for d in md]
            if exp.get("httpStatusCode") is not None and outcome.get("status") != exp["httpStatusCode"]:
                diffs.append(f"HTTP status: expected {exp['httpStatusCode']}, got {outcome.get('status')}")
            if exp.get("errorFields") is not None:
                fields = {k: v for k, v in e.response.items() if k not in ("Error", "ResponseMetadata")}
                fd = self.m.compare(exp["errorFields"], fields, ["<error body>"])
                diffs += fd
            if exp.get("exceptionType") and type(e).__name__ != exp["exceptionType"] and code == err.get("code"):
                diffs.append(f"exception class: expected {exp['exceptionType']}, got {type(e).__name__}")
            if diffs:
                raise StepFailure(i, f"{label}: {diffs[0]}" + ("" if diffs[0].startswith("error ") else
                                                               f" (answer {code}: {short(message, 200)})"), diffs)
            return

        if kind == "error":
            raise StepFailure(i, f"{label}: expected success, got error {outcome_text(outcome)}")

        resp = outcome["response"]
        diffs = []
        if exp.get("httpStatusCode") is not None and outcome.get("status") != exp["httpStatusCode"]:
            diffs.append(f"HTTP status: expected {exp['httpStatusCode']}, got {outcome.get('status')}")

        if "response" in exp:
            actual = copy.deepcopy(resp)
            diffs += self.parse_json_texts(actual, exp.get("jsonTextPaths") or [])
            diffs += self.m.compare(exp["response"], actual, [], tolerate=self.tolerance(step.get("operation")))
        elif "derivedValue" in exp:
            try:
                derived = self.derive(i, step, exp)
            except StepFailure:
                raise
            except Exception as ex:  # noqa: BLE001
                raise StepFailure(i, f"{label}: cannot build the derived value ({exp.get('how')}): {exc_text(ex)}")
            diffs += self.m.compare(exp["derivedValue"], derived, ["<derived>"], tolerate=self.tolerance(step.get("operation")))
        if diffs:
            raise StepFailure(i, f"{label}: {diffs[0]}", diffs)

    def parse_json_texts(self, actual, paths):
        diffs = []
        for p in paths:
            parts = parse_path(p)
            try:
                v = get_path(actual, parts)
            except (KeyError, TypeError):
                continue  # missing: reported by the comparison
            if isinstance(v, str):
                try:
                    set_path(actual, parts, json.loads(v))
                except ValueError as e:
                    diffs.append(f"{fmt_path(parts)}: expected JSON text, got unparseable {short(v)} ({e})")
        return diffs

    def tolerance(self, op):
        rec = self.recorded
        if rec is None:
            return None
        allow_enc = op in ("DescribeStateMachine", "DescribeStateMachineForExecution") and rec < ENCRYPTION_CONFIG_SINCE
        allow_redrive = op == "ListExecutions" and rec < REDRIVE_SINCE
        if not (allow_enc or allow_redrive):
            return None

        def tolerate(path, key, value):
            if allow_enc and path == [] and key == "encryptionConfiguration" and value == {"type": "AWS_OWNED_KEY"}:
                self.notes.append(f"{self.m.where}: encryptionConfiguration {{type: AWS_OWNED_KEY}} accepted "
                                  f"(recorded {rec}, before AWS returned it)")
                return True
            if (allow_redrive and len(path) == 2 and path[0] == "executions" and isinstance(path[1], int)
                    and key == "redriveCount" and value == 0 and not isinstance(value, bool)):
                self.notes.append(f"{self.m.where}: executions[].redriveCount 0 accepted (recorded {rec}, before redrive)")
                return True
            return False
        return tolerate

    def derive(self, i, step, exp):
        src = exp.get("derivedFrom") or [i]
        op = step.get("operation")
        if op == "GetLogEvents":
            # launch_and_record_express_async_execution: the log events' messages parsed as JSON, the last one
            events = (self.responses.get(i) or {}).get("events") or []
            if not events:
                raise StepFailure(i, f"step {i} logs GetLogEvents: no log events")
            return json.loads(events[-1]["message"])
        items = []
        for s in src:
            r = self.responses.get(s)
            if r is None:
                raise StepFailure(i, f"derived value: step {s} has no response")
            lists = [k for k, v in r.items() if isinstance(v, list)]
            if len(lists) != 1:
                raise StepFailure(i, f"derived value: step {s}'s response has list members {lists}, expected one")
            items.extend(r[lists[0]])
        return items

    def check_definition_text(self, i, resp):
        text = resp.get("definition")
        if not isinstance(text, str):
            return
        try:
            parsed = json.loads(text)
        except ValueError:
            return
        sent = None
        for j in range(i - 1, -1, -1):
            s = self.case["steps"][j]
            if s.get("operation") in ("CreateStateMachine", "UpdateStateMachine") and isinstance((s.get("request") or {}).get("definition"), str):
                try:
                    if json.loads(s["request"]["definition"]) == parsed:
                        sent = (j, s["request"]["definition"])
                        break
                except ValueError:
                    continue
        if sent and sent[1] != text:
            self.notes.append(f"step {i}: definition text differs from the text sent in step {sent[0]} "
                              f"(same JSON; AWS returns the text verbatim)")

    # -- awaits -----------------------------------------------------------------------------

    def do_await(self, i, step):
        st = copy.deepcopy(step)
        self.resolve_refs(i, step, st)
        kind = st["await"]
        sfn = self.client("stepfunctions", None)
        deadline = min(time.monotonic() + self.args.timeout, self.deadline)
        check = self._await_check(i, kind, st, sfn)
        if check is None:
            raise StepFailure(i, f"step {i} await {kind}: unknown condition")
        last = "not checked yet"
        while True:
            if self.cancelled.is_set():
                raise StepFailure(i, f"case wall-clock limit ({self.args.case_timeout:g}s) reached during await {kind}")
            try:
                ok, last = check()
            except StepFailure:
                raise
            except botocore.exceptions.ClientError as e:
                ok, last = False, f"last poll answered {outcome_text({'kind': 'error', 'exc': e})}"
            except Exception as e:  # noqa: BLE001
                ok, last = False, f"last poll failed: {exc_text(e)}"
            if ok:
                return
            gone = self.server_gone()
            if gone:
                raise StepFailure(i, f"step {i} await {kind}: {gone} ({last})")
            if time.monotonic() >= deadline:
                prefix = "needs logs stand-in: " if kind == "executionLogsComplete" else ""
                raise StepFailure(i, f"{prefix}step {i} await {kind} did not hold within {self.args.timeout:g}s: {last}")
            time.sleep(POLL_INTERVAL)

    def _pages(self, call, key, **kw):
        out = []
        token = None
        for _ in range(100):
            if token:
                kw["nextToken"] = token
            r = call(**kw)
            out.extend(r.get(key) or [])
            token = r.get("nextToken")
            if not token:
                break
        return out

    def _history(self, sfn, arn):
        return self._pages(sfn.get_execution_history, "events", executionArn=arn, maxResults=1000)

    def _await_check(self, i, kind, st, sfn):
        arn = st.get("executionArn")
        sm = st.get("stateMachineArn")

        def last_event(events):
            return events[-1] if events else None

        if kind == "executionSucceeded":
            def check():
                ev = last_event(self._history(sfn, arn))
                if ev is None:
                    return False, "no history events"
                t = ev.get("type")
                if t == "ExecutionSucceeded" or "executionSucceededEventDetails" in ev:
                    return True, ""
                if t in TERMINAL_EVENT_TYPES:
                    det = ev.get(f"{t[0].lower()}{t[1:]}EventDetails") or {}
                    raise StepFailure(i, f"step {i} await executionSucceeded: the execution ended with {t} "
                                         f"{short(det, 300)}")
                return False, f"last history event is {t}"
            return check
        if kind == "executionTerminated":
            def check():
                ev = last_event(self._history(sfn, arn))
                if ev is None:
                    return False, "no history events"
                return (ev.get("type") in TERMINAL_EVENT_TYPES), f"last history event is {ev.get('type')}"
            return check
        if kind == "executionStarted":
            def check():
                evs = self._history(sfn, arn)
                if not evs:
                    return False, "no history events"
                return ("executionStartedEventDetails" in evs[0] or evs[0].get("type") == "ExecutionStarted"), \
                    f"first history event is {evs[0].get('type')}"
            return check
        if kind == "executionAborted":
            def check():
                status = sfn.describe_execution(executionArn=arn).get("status")
                return status == "ABORTED", f"status is {status}"
            return check
        if kind == "executionHistoryCondition":
            name = st.get("stateName") or "State_1"

            def check():
                evs = self._history(sfn, arn)
                ok = any((e.get("stateEnteredEventDetails") or {}).get("name") == name for e in evs)
                return ok, f"no StateEntered event for {name} among {len(evs)} events (check {st.get('check')})"
            return check
        if kind == "executionListedTerminated":
            def check():
                for e in self._pages(sfn.list_executions, "executions", stateMachineArn=sm):
                    if e.get("executionArn") == arn:
                        return e.get("status") != "RUNNING", f"listed with status {e.get('status')}"
                return False, f"{arn} not listed by ListExecutions({sm})"
            return check
        if kind == "executionListedWithStatus":
            status = st.get("status")

            def check():
                for e in self._pages(sfn.list_executions, "executions", stateMachineArn=sm, statusFilter=status):
                    if e.get("executionArn") == arn and e.get("status") == status:
                        return True, ""
                return False, f"{arn} not listed by ListExecutions({sm}, statusFilter={status})"
            return check
        if kind == "stateMachineListed":
            def check():
                ok = any(x.get("stateMachineArn") == sm for x in self._pages(sfn.list_state_machines, "stateMachines"))
                return ok, f"{sm} not listed by ListStateMachines"
            return check
        if kind in ("stateMachineVersionListed", "stateMachineVersionNotListed"):
            want = kind == "stateMachineVersionListed"
            varn = st.get("stateMachineVersionArn")

            def check():
                listed = any(x.get("stateMachineVersionArn") == varn for x in
                             self._pages(sfn.list_state_machine_versions, "stateMachineVersions", stateMachineArn=sm))
                return listed == want, f"{varn} {'not ' if want else 'still '}listed by ListStateMachineVersions"
            return check
        if kind in ("stateMachineAliasListed", "stateMachineAliasNotListed"):
            want = kind == "stateMachineAliasListed"
            aarn = st.get("stateMachineAliasArn")

            def check():
                listed = any(x.get("stateMachineAliasArn") == aarn for x in
                             self._pages(sfn.list_state_machine_aliases, "stateMachineAliases", stateMachineArn=sm))
                return listed == want, f"{aarn} {'not ' if want else 'still '}listed by ListStateMachineAliases"
            return check
        if kind == "executionLogsComplete":
            group = st.get("logGroupName")
            logs = self.client("logs", None)

            def check():
                stream = self._find_log_stream(i, group)
                if stream is None:
                    return False, f"no execution log stream in {group} yet"
                evs = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True).get("events") or []
                parsed = []
                for e in evs:
                    try:
                        parsed.append(json.loads(e.get("message", "")))
                    except ValueError:
                        return False, f"log event message is not JSON: {short(e.get('message'))}"
                self.log_stream = stream
                if parsed and isinstance(parsed[-1], dict) and parsed[-1].get("type") in TERMINAL_EVENT_TYPES:
                    return True, ""
                return False, f"{len(parsed)} log events in {stream}, last type {(parsed[-1] or {}).get('type') if parsed else None}"
            return check
        if kind in ("cloudformation:stack_create_complete", "cloudformation:stack_delete_complete"):
            cfn = self.client("cloudformation", None)
            name = st.get("StackName")
            want = "CREATE_COMPLETE" if kind.endswith("create_complete") else "DELETE_COMPLETE"

            def check():
                try:
                    stacks = cfn.describe_stacks(StackName=name).get("Stacks") or []
                except botocore.exceptions.ClientError as e:
                    if want == "DELETE_COMPLETE" and "does not exist" in str(e):
                        return True, ""
                    raise
                status = stacks[0].get("StackStatus") if stacks else None
                if status and status.endswith("_FAILED") or status == "ROLLBACK_COMPLETE":
                    raise StepFailure(i, f"needs cloudformation stand-in: stack {name} is {status}")
                return status == want, f"stack {name} is {status}"
            return check
        return None


def exc_text(e: BaseException) -> str:
    text = str(e).strip().replace("\n", " ")
    return f"{type(e).__name__}: {text[:300]}"


def outcome_text(outcome) -> str:
    k = outcome.get("kind")
    if k == "ok":
        return f"success {short(outcome.get('response'), 200)}"
    if k == "error":
        e = outcome["exc"]
        err = e.response.get("Error", {})
        status = outcome.get("status") or (e.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        return f"{err.get('Code')}: {short(err.get('Message'), 300)} (HTTP {status})"
    if k == "param":
        return f"client-side {exc_text(outcome['exc'])}"
    if k == "exception":
        return exc_text(outcome["exc"])
    return "nothing"


def run_case(path: str, args) -> dict:
    t0 = time.monotonic()
    result = {"file": os.path.basename(path), "name": None, "group": None, "status": "FAIL",
              "reason": None, "step": None, "diffs": [], "notes": [], "seconds": 0.0}
    server = None
    runner = None
    timer = None
    try:
        with open(path, encoding="utf-8") as f:
            case = json.load(f)
        result["name"] = case.get("name")
        result["group"] = case.get("group") or os.path.basename(path).split("__", 1)[0]
        skip, skipped_steps = classify(case, args.stand_ins)
        if skip:
            result["status"] = "SKIP"
            result["reason"] = skip
            return result
        log_path = os.path.join(args.log_dir, os.path.basename(path)[:-5] + ".log")
        for attempt in range(3):
            server = ServerProcess(args.server, os.path.abspath(path), log_path)
            server.start()
            problem = server.wait_ready(args.start_timeout)
            if not problem or "exited" not in problem or attempt == 2:
                break
            # maybe the free port was taken between our probe and the server's bind: another port
            tail = server.log_tail()
            server.stop()
            if "already in use" not in tail.lower() and "eaddrinuse" not in tail.lower():
                break
        if problem:
            result["reason"] = problem
            result["serverLog"] = server.log_tail()
            return result
        deadline = time.monotonic() + args.case_timeout
        runner = CaseRunner(case, args, server, skipped_steps, deadline)

        def on_timeout():
            runner.cancelled.set()
            server.stop()  # unblocks any request in flight
        timer = threading.Timer(args.case_timeout, on_timeout)
        timer.daemon = True
        timer.start()
        runner.run()
        result["status"] = "PASS"
    except StepFailure as f:
        result["reason"] = f.reason
        result["step"] = f.step
        result["diffs"] = f.diffs
    except Exception as e:  # noqa: BLE001 - a driver bug must not take the other cases down
        tb = traceback.extract_tb(e.__traceback__)
        where = f"{os.path.basename(tb[-1].filename)}:{tb[-1].lineno} in {tb[-1].name}" if tb else "?"
        result["reason"] = f"driver exception {exc_text(e)} at {where}"
        result["traceback"] = traceback.format_exc().splitlines()[-12:]
    finally:
        if timer:
            timer.cancel()
        if server:
            if result["status"] == "FAIL" and not server.alive() and server.proc is not None \
                    and not (runner and runner.cancelled.is_set()):
                result["notes"].append(f"server process had exited (status {server.proc.returncode})")
            server.stop()
            if result["status"] == "FAIL":
                result["serverLog"] = server.log_tail()
            if not args.keep_logs:
                try:
                    os.unlink(server.log_path)
                except OSError:
                    pass
        if runner:
            result["notes"] = runner.notes + result["notes"]
        result["seconds"] = round(time.monotonic() - t0, 3)
    return result


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def default_corpus() -> str:
    env = os.environ.get("SFN_API_CORPUS")
    candidates = [env] if env else []
    candidates += [os.path.join(HERE, "cases"), os.path.join(REPO, "..", "shared", "conformance", "api"),
                   "/work/shared/conformance/api"]
    for c in candidates:
        if c and os.path.isdir(c) and glob.glob(os.path.join(c, "*.json")):
            return os.path.abspath(c)
    return os.path.abspath(candidates[0] if candidates else ".")


def select_cases(args) -> list:
    files = sorted(glob.glob(os.path.join(args.corpus, "*.json")))
    if args.cases:
        pats = args.cases
        sel = []
        for f in files:
            base = os.path.basename(f)
            if any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(f, p) for p in pats):
                sel.append(f)
        files = sel
    if args.group:
        groups = {g for spec in args.group for g in spec.split(",") if g}
        files = [f for f in files if os.path.basename(f).split("__", 1)[0] in groups]
    return files


def print_result(r, verbose, out=sys.stdout):
    head = f"{r['status']:4}  {r.get('group') or '?':20} {r.get('name') or r['file']}  ({r['seconds']:.1f}s)"
    lines = [head]
    if r["status"] != "PASS" and r.get("reason"):
        lines.append(f"      {r['reason']}")
    if verbose:
        for d in r.get("diffs", [])[1:]:
            lines.append(f"        · {d}")
        for n in r.get("notes", []):
            lines.append(f"      note: {n}")
        if r.get("traceback"):
            lines += ["      " + t for t in r["traceback"]]
        if r["status"] == "FAIL" and r.get("serverLog"):
            lines.append("      server output (tail):")
            lines += ["        | " + t for t in r["serverLog"].splitlines()]
    out.write("\n".join(lines) + "\n")
    out.flush()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", help="server command line; {port} is replaced by a free port, {case} by the case file")
    ap.add_argument("--corpus", default=None, help="directory of case files (default: $SFN_API_CORPUS, "
                    "Tests/APIConformance/cases, ../shared/conformance/api)")
    ap.add_argument("--cases", action="append", help="glob on case file names (repeatable)")
    ap.add_argument("--group", action="append", help="only these groups (repeatable or comma-separated)")
    ap.add_argument("--min-pass", type=int, default=0, help="exit 1 when fewer cases pass")
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--timeout", type=float, default=60.0, help="limit for each await step (s, default 60)")
    ap.add_argument("--case-timeout", type=float, default=None,
                    help="wall-clock limit for one case (s, default max(120, 2*timeout))")
    ap.add_argument("--request-timeout", type=float, default=30.0, help="socket read timeout per request (s)")
    ap.add_argument("--start-timeout", type=float, default=30.0, help="limit for the server to accept connections (s)")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="cases run in parallel, each with its own server")
    ap.add_argument("--stand-ins", default=",".join(DEFAULT_STAND_INS),
                    help=f"other services sent to the endpoint (default {','.join(DEFAULT_STAND_INS)}; "
                         f"allowed {','.join(ALLOWED_STAND_INS)})")
    ap.add_argument("--strict-tokens", action="store_true",
                    help="also require distinct numbered tokens (<uuid:1>, <uuid:2>) to have distinct values")
    ap.add_argument("--log-dir", help="keep each server's output here (default: a temporary directory, removed)")
    ap.add_argument("--list", action="store_true", help="only classify the cases (runnable / skipped), no server")
    args = ap.parse_args(argv)

    args.stand_ins = tuple(s.strip() for s in args.stand_ins.split(",") if s.strip())
    bad = [s for s in args.stand_ins if s not in ALLOWED_STAND_INS]
    if bad:
        ap.error(f"--stand-ins: {bad} not supported (allowed: {', '.join(ALLOWED_STAND_INS)}; Lambda needs "
                 f"LocalStack's handler files, which the corpus does not carry)")
    if args.case_timeout is None:
        args.case_timeout = max(120.0, 2 * args.timeout)
    args.corpus = os.path.abspath(args.corpus) if args.corpus else default_corpus()
    files = select_cases(args)
    if not files:
        ap.error(f"no case files selected in {args.corpus}")

    if args.list:
        counts = {"RUN": 0, "SKIP": 0}
        for f in files:
            with open(f, encoding="utf-8") as fh:
                case = json.load(fh)
            skip, skipped_steps = classify(case, args.stand_ins)
            counts["SKIP" if skip else "RUN"] += 1
            if skip or args.verbose:
                print(f"{'SKIP' if skip else 'RUN '}  {case.get('group'):20} {case.get('name')}")
                if skip:
                    print(f"      {skip}")
                for k, v in skipped_steps.items():
                    print(f"      step {k} not sent: {v}")
        print(f"{len(files)} cases: {counts['RUN']} runnable, {counts['SKIP']} skipped")
        return 0

    if not args.server or "{port}" not in args.server:
        ap.error("--server is required and must contain {port}")

    tmp = None
    args.keep_logs = bool(args.log_dir)
    if args.log_dir:
        os.makedirs(args.log_dir, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="sfn-replay-")
        args.log_dir = tmp.name

    def on_signal(signum, _frame):
        _stop_all_servers()
        sys.stderr.write(f"\ninterrupted (signal {signum}); servers stopped\n")
        os._exit(130)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    t0 = time.monotonic()
    results = []
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = {pool.submit(run_case, f, args): f for f in files}
        for fut in concurrent.futures.as_completed(futs):
            try:
                r = fut.result()
            except Exception as e:  # noqa: BLE001 - belt and braces
                r = {"file": os.path.basename(futs[fut]), "name": None, "group": None, "status": "FAIL",
                     "reason": f"driver exception {exc_text(e)}", "step": None, "diffs": [], "notes": [], "seconds": 0}
            with lock:
                results.append(r)
                print_result(r, args.verbose)
    _stop_all_servers()
    results.sort(key=lambda r: r["file"])

    groups = {}
    for r in results:
        g = groups.setdefault(r.get("group") or "?", {"PASS": 0, "FAIL": 0, "SKIP": 0})
        g[r["status"]] += 1
    totals = {k: sum(g[k] for g in groups.values()) for k in ("PASS", "FAIL", "SKIP")}
    print()
    print(f"{'group':22} {'pass':>5} {'fail':>5} {'skip':>5} {'total':>6}")
    for g in sorted(groups):
        c = groups[g]
        print(f"{g:22} {c['PASS']:5} {c['FAIL']:5} {c['SKIP']:5} {sum(c.values()):6}")
    print(f"{'total':22} {totals['PASS']:5} {totals['FAIL']:5} {totals['SKIP']:5} {len(results):6}")
    elapsed = time.monotonic() - t0
    print(f"{elapsed:.1f}s, botocore {botocore.__version__}, min-pass {args.min_pass}")

    if args.json:
        doc = {
            "server": args.server, "corpus": args.corpus, "botocore": botocore.__version__,
            "boto3": boto3.__version__, "standIns": list(args.stand_ins), "seconds": round(elapsed, 1),
            "totals": totals, "groups": groups, "cases": results,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, default=_json_default)
            f.write("\n")
    if tmp:
        tmp.cleanup()
    return 1 if totals["PASS"] < args.min_pass else 0


if __name__ == "__main__":
    sys.exit(main())
