#!/usr/bin/env python3
"""Runs case files (the `sfn test` format) through moto's Step Functions interpreter, in one process.

The oracle side of the `sfn-test` benchmark (Docs/Benchmarks.md): moto's ASL interpreter (derived
from LocalStack's) runs each case's definition on its input with the case's mocked responses (moto's
mock test cases), in-process through boto3 and `mock_aws`. Each execution is awaited, its history
read, and its status and event count checked against the case. Per-case CPU is the slope between two
directories of different sizes, so start-up cancels:

    python3 Scripts/moto-sfn-test.py SMALL_DIR LARGE_DIR

(`StepFunctionsBenchmarks sfn-test` with SFN_TEST_KEEP=DIR keeps its generated cases in DIR.)
Also prints CPython's `json` parse and write MB/s on the same files.
"""
import glob
import json
import os
import sys
import time

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.stepfunctions.parser.backend.execution import Execution  # noqa: E402
from moto.stepfunctions.parser.models import stepfunctions_parser_backends  # noqa: E402
from moto.stepfunctions.parser.mocking.mock_config import (  # noqa: E402
    MockedResponseReturn,
    MockedResponseThrow,
    MockTestCase,
    StateMockedResponses,
)

# moto's interpreter runs mock test cases, but its backend gives it none: each case's mocks are
# handed to its execution's worker here, by execution name. The worker runs the execution in the
# calling thread (as moto's StartSyncExecution does), so that no polling thread skews the CPU time.
MOCKS = {}
_start_worker = Execution._get_start_execution_worker


def _start_worker_with_mocks(self):
    worker = _start_worker(self)
    worker._mock_test_case = MOCKS.get(self.name)
    worker.start = worker._execution_logic
    return worker


Execution._get_start_execution_worker = _start_worker_with_mocks


def lambda_states(graph, out):
    """The names of the states that call a Lambda function by its ARN, in every nested graph."""
    for name, state in (graph.get("States") or {}).items():
        resource = state.get("Resource", "")
        if ":lambda:" in resource and ":function:" in resource:
            out.add(name)
        for branch in state.get("Branches") or []:
            lambda_states(branch, out)
        for key in ("ItemProcessor", "Iterator"):
            if key in state:
                lambda_states(state[key], out)
    return out


def mock_test_case(machine, name, mocks, definition):
    """moto's mock test case from a case's `{"State": {"0": {"Return": ...}}}`; a Lambda function's
    answer is its payload in `sfn test`'s cases and the whole Invoke response in moto's."""
    invoked = lambda_states(definition, set())
    states = []
    for state, calls in mocks.items():
        responses = []
        for numbers, answer in calls.items():
            first, _, last = numbers.partition("-")
            start, end = int(first), int(last or first)
            if "Return" in answer:
                value = answer["Return"]
                if state in invoked:
                    value = {"StatusCode": 200, "Payload": value}
                responses.append(MockedResponseReturn(start, end, value))
            else:
                throw = answer.get("Throw", {})
                responses.append(MockedResponseThrow(start, end, throw.get("Error"), throw.get("Cause")))
        states.append(StateMockedResponses(state, state + "-" + name, responses))
    return MockTestCase(machine, name, states)


def run_directory(client, directory):
    """Runs every case in `directory`; returns (CPU seconds, cases, passed)."""
    files = sorted(glob.glob(os.path.join(directory, "*.json")))
    machines = {}
    passed = 0
    cpu0 = time.process_time()
    for index, path in enumerate(files):
        with open(path) as f:
            case = json.load(f)
        definition = json.dumps(case["definition"])
        arn = machines.get(definition)
        if arn is None:
            name = "machine-%d" % len(machines)
            arn = client.create_state_machine(
                name=name, definition=definition, roleArn="arn:aws:iam::123456789012:role/r"
            )["stateMachineArn"]
            machines[definition] = arn
        test_case = "case-%d" % index
        MOCKS[test_case] = mock_test_case(
            arn.rsplit(":", 1)[1], test_case, case.get("mocks") or {}, case["definition"]
        )
        execution = client.start_execution(
            stateMachineArn=arn, name=test_case, input=json.dumps(case.get("input", {}))
        )["executionArn"]
        status = client.describe_execution(executionArn=execution)["status"]
        events = client.get_execution_history(executionArn=execution, maxResults=1000)["events"]
        expected = case.get("expected", {})
        if status == expected.get("status") and len(events) == len(expected.get("events", events)):
            passed += 1
        del MOCKS[test_case]
        # moto 5.2.1 deep-copies the state machine at every start and cannot copy one holding an
        # execution (its lock): the finished execution is dropped, as `sfn test` drops its runs.
        backend = stepfunctions_parser_backends[arn.split(":")[4]]["us-east-1"]
        backend.describe_state_machine(arn).executions.clear()
    return time.process_time() - cpu0, len(files), passed


def json_throughput(directories):
    texts = []
    for directory in directories:
        for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
            with open(path) as f:
                texts.append(f.read())
    size = sum(len(t.encode()) for t in texts)
    cpu0 = time.process_time()
    values = [json.loads(t) for t in texts]
    parse = time.process_time() - cpu0
    cpu0 = time.process_time()
    written = sum(len(json.dumps(v, separators=(",", ":")).encode()) for v in values)
    write = time.process_time() - cpu0
    return size, parse, written, write


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 64
    small, large = sys.argv[1], sys.argv[2]
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        client = boto3.client("stepfunctions", region_name="us-east-1")
        run_directory(client, small)  # warm-up
        a = run_directory(client, small)
        b = run_directory(client, large)
    per_case = (b[0] - a[0]) / (b[1] - a[1])
    print(
        "moto %s: %.0f µs CPU per case (N=%d: %.2f s CPU, %d matched status and event count; N=%d: %.2f s CPU, %d matched)"
        % (__import__("moto").__version__, per_case * 1e6, a[1], a[0], a[2], b[1], b[0], b[2])
    )
    directories = sys.argv[3:] or [large]
    size, parse, written, write = json_throughput(directories)
    print(
        "CPython %s json over %s (%.1f MB): parse %.0f MB/s, compact write %.0f MB/s (of output)"
        % (sys.version.split()[0], ", ".join(directories), size / 1e6, size / parse / 1e6, written / write / 1e6)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
