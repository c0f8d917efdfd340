#!/usr/bin/env python3
"""Generates the service output shapes that TestState checks a mocked Task result against.

AWS's TestState validates `mock.result` against the output shape of the API the Task calls
(`fieldValidationMode` STRICT/PRESENT). This script reads botocore's service models (a development
dependency only: `pip install botocore`) and writes, for a chosen set of services, the output shapes
of their operations in a compact form, as a Swift source file of string literals:

    Sources/StepFunctionsSimulator/TestState/MockShapes+Data.swift

Run it again when botocore is updated (the file records the botocore version):

    python3 Scripts/generate-mock-shapes.py [--check]

`--check` only compares with the committed file (exit status 1 when it differs).

Format of one service (compact JSON, read lazily by `MockShapes.swift` on first use):

    {"o": {"<Operation>": <ref>, ...}, "s": [<shape>, ...]}

    ref   := "s" string | "x" blob | "t" timestamp | "b" boolean | "i" integer | "l" long
           | "d" double | "f" float | "*" any JSON | <index into "s">
    shape := {"m": {"<PascalMember>": ref, ...}, "r": ["<PascalMember>", ...]}   structure
           | {"e": ref, "min"?, "max"?}                                       list
           | {"v": ref, "min"?, "max"?}                                       map (values)
           | {"p": "<scalar code>", "min"?, "max"?, "enum"?}                  constrained scalar

Members are PascalCase (Step Functions' casing) in model order; `r` lists the required members in
model order (the first missing one is reported). Unconstrained scalars are written inline.
Documentation, patterns, locations and input shapes are left out.
"""
import glob
import gzip
import json
import os
import sys

import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "StepFunctionsSimulator", "TestState",
                   "MockShapes+Data.swift")
SCALAR = {"string": "s", "blob": "x", "timestamp": "t", "boolean": "b",
          "integer": "i", "long": "l", "double": "d", "float": "f"}

# Every operation of these services (AWS SDK integrations, `aws-sdk:<service>:<action>`, and the
# optimized integrations they back).
FULL = [
    "lambda", "dynamodb", "sns", "sqs", "s3", "stepfunctions", "ecs", "batch", "glue", "athena", "events",
    "kms", "secretsmanager", "ssm", "sts", "scheduler", "logs", "cloudwatch", "codebuild", "eks",
    "emr-containers", "emr-serverless", "databrew", "bedrock-runtime", "apigateway",
]
# Large models: only the operations of Step Functions' optimized integrations.
PARTIAL = {
    "sagemaker": ["CreateEndpoint", "CreateEndpointConfig", "CreateHyperParameterTuningJob", "CreateLabelingJob",
                  "CreateModel", "CreateProcessingJob", "CreateTrainingJob", "CreateTransformJob",
                  "UpdateEndpoint"],
    "mediaconvert": ["CreateJob"],
    "bedrock": ["CreateModelCustomizationJob"],
    "emr": ["RunJobFlow", "TerminateJobFlows", "AddJobFlowSteps", "CancelSteps", "SetTerminationProtection",
            "ModifyInstanceFleet", "ModifyInstanceGroups"],
}
# Where AWS's deployed model differed from botocore when TestState was recorded (Dec 2025):
# (service, shape) -> constraints that replace botocore's.
PINS = {("lambda", "MemorySize"): {"max": 10240}}


def load(service):
    path = sorted(glob.glob(f"{DATA}/{service}/*/service-2.json*"))[-1]
    with (gzip.open(path) if path.endswith(".gz") else open(path)) as f:
        return json.load(f)


def pascal(name):
    return name[:1].upper() + name[1:]


def build(service, operations=None):
    model = load(service)
    shapes = model["shapes"]
    index = {}
    out = []

    def ref(name):
        sh = dict(shapes[name])
        sh.update(PINS.get((service, name), {}))
        if sh.get("document"):
            return "*"
        if sh["type"] in SCALAR and not any(k in sh for k in ("min", "max", "enum")):
            return SCALAR[sh["type"]]
        if name not in index:
            index[name] = len(out)
            out.append(None)  # reserved: shapes may be recursive
            out[index[name]] = make(sh)
        return index[name]

    def make(sh):
        t = sh["type"]
        if t == "structure":
            d = {"m": {pascal(m): ref(mv["shape"]) for m, mv in sh.get("members", {}).items()}}
            if sh.get("required"):
                d["r"] = [pascal(r) for r in sh["required"]]
            return d
        if t == "list":
            d = {"e": ref(sh["member"]["shape"])}
        elif t == "map":
            d = {"v": ref(sh["value"]["shape"])}
        else:
            d = {"p": SCALAR[t]}
            if "enum" in sh:
                d["enum"] = sh["enum"]
        for k in ("min", "max"):
            if k in sh:
                d[k] = sh[k]
        return d

    ops = {}
    for op in sorted(model["operations"]):
        o = model["operations"][op]
        if operations is not None and op not in operations:
            continue
        if "output" in o:
            ops[op] = ref(o["output"]["shape"])
    meta = model["metadata"]
    sdk_name = meta.get("serviceId", service).lower().replace(" ", "").replace("-", "")
    return sdk_name, {"o": ops, "s": out}


def literal(text, width=120, indent=16):
    """A Swift multi-line raw string literal holding `text` (JSON), broken after commas (between
    tokens, so the JSON stays valid) into lines of at most `width` columns."""
    hashes = "#"
    while ('"' + hashes) in text:
        hashes += "#"
    chunks = []
    chunk = ""
    in_string = escaped = False
    for ch in text:
        chunk += ch
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == ",":
            chunks.append(chunk)
            chunk = ""
    if chunk:
        chunks.append(chunk)
    lines = []
    line = ""
    for c in chunks:
        if line and indent + len(line) + len(c) > width:
            lines.append(line)
            line = ""
        line += c
    if line:
        lines.append(line)
    if any('"""' in ln for ln in lines):
        raise SystemExit("a line holds three quotes; adjust the literal writer")
    pad = " " * indent
    body = "\n".join(pad + ln for ln in lines)
    return f'{hashes}"""\n{body}\n{pad}"""{hashes}'


def render():
    services = [(s, None) for s in FULL] + sorted(PARTIAL.items())
    services.sort(key=lambda p: p[0])
    entries = []
    sdk_names = {}
    total = 0
    for service, ops in services:
        sdk_name, data = build(service, set(ops) if ops else None)
        sdk_names[sdk_name] = service
        text = json.dumps(data, separators=(",", ":"))
        total += len(text)
        entries.append(f'        case "{service}":\n            return {literal(text)}')
    names = ",\n".join(f'        "{k}": "{v}"' for k, v in sorted(sdk_names.items()))
    header = f"""// Generated by Scripts/generate-mock-shapes.py from botocore {botocore.__version__}; do not edit.
// {len(services)} services, {total} bytes of compact JSON (the format is described in the script).

extension MockShapes {{
    /// The services whose output shapes are known: the `aws-sdk:<name>` service name -> the model's name.
    static let sdkServices: [String: String] = [
{names},
    ]

    /// The output shapes of a service's operations, as compact JSON (nil: not known).
    static func data(service: String) -> String? {{
        switch service {{
"""
    footer = """
        default:
            return nil
        }
    }
}
"""
    return header + "\n".join(entries) + footer, total, len(services)


def main(argv):
    text, total, count = render()
    if "--check" in argv:
        with open(OUT) as f:
            if f.read() != text:
                print("MockShapes+Data.swift is out of date: run Scripts/generate-mock-shapes.py")
                return 1
        print("MockShapes+Data.swift is up to date")
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT)}: {count} services, {total} bytes of JSON, {len(text)} bytes of Swift")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
