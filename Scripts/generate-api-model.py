#!/usr/bin/env python3
"""Generate APIModel.swift, a compact Swift description of the Step Functions API, from botocore's model.

Usage:
    python3 generate_api_model.py [--model PATH] [--output PATH] [--member-order hashmap|model] [--check]

* ``--model`` defaults to the installed botocore's ``data/stepfunctions/2016-11-23/service-2.json``
  (plain or ``.gz``). botocore is located with ``importlib.util.find_spec`` and never imported, so this
  script needs only the Python standard library.
* ``--output`` defaults to ``Sources/StepFunctionsServer/API/APIModel.swift``.
* ``--member-order`` picks the order in which the validator reports violations of a structure's members:
  ``hashmap`` (default) is the iteration order of a ``java.util.HashMap`` keyed by member name, which fits
  9 of the 10 multi-error AWS messages we could find (see NOTES.md); ``model`` is botocore's member order.
* ``--check`` writes nothing and exits 1 when the output file is not what this script would write.

The output is deterministic: operations, shapes and errors are sorted by name, and the header records the
botocore version and the SHA-256 of the model file it was made from.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import importlib.util
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "..", "Sources", "StepFunctionsServer", "API", "APIModel.swift")
MODEL_RELATIVE = os.path.join("data", "stepfunctions", "2016-11-23", "service-2.json")
LINE_LIMIT = 120
INDENT = "    "

# Shapes whose `pattern` AWS is recorded enforcing (the "Member must satisfy regular expression pattern"
# messages in shared/conformance/api). Every other pattern is enforced by the validator on the model's word.
PATTERNS_SEEN_IN_RECORDINGS = {"CharacterRestrictedName"}

SCALAR_TYPES = {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob"}


# --------------------------------------------------------------------------------------------------
# Locating and reading the model


def botocore_directory() -> str:
    spec = importlib.util.find_spec("botocore")
    if spec is None or spec.origin is None:
        sys.exit("botocore is not installed; pass --model PATH")
    return os.path.dirname(spec.origin)


def botocore_version(directory: str) -> str:
    try:
        with open(os.path.join(directory, "__init__.py"), encoding="utf-8") as handle:
            match = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", handle.read(), re.M)
    except OSError:
        return "unknown"
    return match.group(1) if match else "unknown"


def read_model(path: str) -> tuple[dict, bytes]:
    candidates = [path] if os.path.exists(path) else [path + ".gz"] if os.path.exists(path + ".gz") else []
    if not candidates:
        sys.exit(f"no model at {path} (nor {path}.gz)")
    with open(candidates[0], "rb") as handle:
        raw = handle.read()
    text = gzip.decompress(raw) if candidates[0].endswith(".gz") else raw
    return json.loads(text), text


# --------------------------------------------------------------------------------------------------
# Java's hashing, to reproduce the orders AWS's Java service prints things in


def java_string_hash(value: str) -> int:
    """`String.hashCode()` over UTF-16 code units, as an unsigned 32-bit number."""
    result = 0
    data = value.encode("utf-16-be")
    for index in range(0, len(data), 2):
        result = (31 * result + (data[index] << 8 | data[index + 1])) & 0xFFFFFFFF
    return result


def hashmap_order(keys: list[str]) -> list[str]:
    """Iteration order of a `java.util.HashMap<String, _>` (Java 8+) filled with `put` in `keys` order.

    Default capacity 16, doubled while the size exceeds 3/4 of it; bucket = (h ^ h >>> 16) & (capacity - 1);
    a bucket keeps insertion order (resizing preserves it). Buckets never reach the treeify threshold here.
    """
    capacity = 16
    while len(keys) > capacity * 3 // 4:
        capacity *= 2
    buckets: dict[int, list[str]] = {}
    for key in keys:
        h = java_string_hash(key)
        buckets.setdefault((h ^ (h >> 16)) & (capacity - 1), []).append(key)
    return [key for index in sorted(buckets) for key in buckets[index]]


def enum_message_order(values: list[str]) -> list[str]:
    """The order of `Member must satisfy enum value set: [...]`.

    Fitted to every such message we have from AWS (ExecutionStatus in the recordings; DynamoDB,
    CloudFormation, Cognito and Route 53 Resolver enums in package reports): 32 buckets indexed by
    `String.hashCode() & 31`, ascending; within a bucket the value declared last comes first.
    """
    buckets: dict[int, list[str]] = {}
    for value in values:
        buckets.setdefault(java_string_hash(value) & 31, []).insert(0, value)
    return [value for index in sorted(buckets) for value in buckets[index]]


# --------------------------------------------------------------------------------------------------
# Documentation


def first_sentence(documentation: str | None) -> str | None:
    if not documentation:
        return None
    text = re.sub(r"<[^>]+>", " ", documentation)
    text = html.unescape(text)
    text = " ".join(text.split())
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    if not text:
        return None
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence.strip()


def doc_lines(documentation: str | None, indent: str) -> list[str]:
    sentence = first_sentence(documentation)
    if not sentence:
        return []
    width = LINE_LIMIT - len(indent) - 4
    return [f"{indent}/// {line}" for line in textwrap.wrap(sentence, width=width, break_long_words=False,
                                                           break_on_hyphens=False)]


# --------------------------------------------------------------------------------------------------
# Swift literals


def swift_string(value: str) -> str:
    """A Swift string literal; raw (`#"..."#`) when the text has backslashes or quotes."""
    if "\\" in value or '"' in value:
        hashes = "#"
        while f'"{hashes}' in value:
            hashes += "#"
        return f'{hashes}"{value}"{hashes}'
    return f'"{value}"'


def swift_int(value: int) -> str:
    text = str(abs(value))
    if len(text) > 4:
        groups = []
        while text:
            groups.insert(0, text[-3:])
            text = text[:-3]
        text = "_".join(groups)
    return ("-" if value < 0 else "") + text


def swift_string_array(values: list[str]) -> str:
    return "[" + ", ".join(swift_string(v) for v in values) + "]"


def wrap_call(prefix: str, arguments: list[str], suffix: str, indent: str) -> list[str]:
    """`prefix(arg, arg, ...)suffix` on one line, or one argument group per line when too long."""
    one_line = f"{indent}{prefix}{', '.join(arguments)}{suffix}"
    if len(one_line) <= LINE_LIMIT:
        return [one_line]
    lines = [f"{indent}{prefix}"]
    inner = indent + INDENT
    current = ""
    for argument in arguments:
        piece = argument + ","
        if current and len(inner) + len(current) + 1 + len(piece) > LINE_LIMIT:
            lines.append(inner + current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(inner + current.rstrip(","))
    lines.append(f"{indent}{suffix.lstrip()}" if suffix.strip() else indent)
    return lines


def wrap_array(label: str, values: list[str], indent: str, trailing: str = ",") -> list[str]:
    """`label: [a, b, c]` on one line, or wrapped with one element group per line."""
    one_line = f"{indent}{label}[{', '.join(values)}]{trailing}"
    if len(one_line) <= LINE_LIMIT:
        return [one_line]
    lines = [f"{indent}{label}["]
    inner = indent + INDENT
    current = ""
    for value in values:
        piece = value + ","
        if current and len(inner) + len(current) + 1 + len(piece) > LINE_LIMIT:
            lines.append(inner + current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(inner + current)
    lines.append(f"{indent}]{trailing}")
    return lines


# --------------------------------------------------------------------------------------------------
# Model walking


def input_shapes(model: dict) -> list[str]:
    shapes = model["shapes"]
    seen: set[str] = set()

    def walk(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        shape = shapes[name]
        for key in ("member", "key", "value"):
            if key in shape:
                walk(shape[key]["shape"])
        for member in shape.get("members", {}).values():
            walk(member["shape"])

    for operation in model["operations"].values():
        if "input" in operation:
            walk(operation["input"]["shape"])
    return sorted(seen)


def shape_type(shape: dict) -> str:
    kind = shape["type"]
    if kind == "string" and "enum" in shape:
        return "enum"
    if kind not in SCALAR_TYPES | {"list", "map", "structure"}:
        sys.exit(f"unsupported shape type {kind}")
    return kind


def bound(shape: dict, key: str) -> int | None:
    if key not in shape:
        return None
    value = shape[key]
    if value != int(value):
        sys.exit(f"non-integral {key} {value} is not supported")
    return int(value)


def shape_entry(name: str, shape: dict, member_order: str, indent: str) -> list[str]:
    kind = shape_type(shape)
    lines = doc_lines(shape.get("documentation"), indent)
    sensitive = bool(shape.get("sensitive"))
    limits = [f"{key}: {swift_int(value)}" for key in ("min", "max") if (value := bound(shape, key)) is not None]
    key = f"{indent}{swift_string(name)}: "
    if kind == "enum":
        values = shape["enum"]
        lines += [f"{key}.enum("]
        lines += wrap_array("", [swift_string(v) for v in values], indent + INDENT)
        lines += wrap_array("messageOrder: ", [swift_string(v) for v in enum_message_order(values)],
                            indent + INDENT, trailing="")
        lines += [f"{indent}),"]
        return lines
    if kind in SCALAR_TYPES:
        arguments = list(limits)
        if "pattern" in shape:
            arguments.append(f"pattern: {swift_string(shape['pattern'])}")
        if sensitive:
            arguments.append("sensitive: true")
        note = ""
        if "pattern" in shape:
            seen = name in PATTERNS_SEEN_IN_RECORDINGS
            note = "  // pattern enforced in AWS recordings" if seen else "  // pattern not seen in recordings"
        call = f".{kind}({', '.join(arguments)})"
        line = f"{key}{call},"
        if len(line) <= LINE_LIMIT:
            if note and len(line + note) <= LINE_LIMIT:
                line += note
            elif note:
                lines.append(f"{indent}//{note.strip()[2:]}")
            lines.append(line)
        else:
            if note:
                lines.append(f"{indent}//{note.strip()[2:]}")
            lines += wrap_call(f"{key}.{kind}(", arguments, "),", indent)
        return lines
    if kind in ("list", "map"):
        arguments = [swift_string(shape["member" if kind == "list" else "value"]["shape"])]
        if kind == "map":
            arguments.insert(0, f"key: {swift_string(shape['key']['shape'])}")
            arguments[1] = "value: " + arguments[1]
        else:
            arguments[0] = "of: " + arguments[0]
        arguments += limits
        if sensitive:
            arguments.append("sensitive: true")
        lines += wrap_call(f"{key}.{kind}(", arguments, "),", indent)
        return lines
    # structure
    required = set(shape.get("required", []))
    member_names = list(shape["members"])
    lines.append(f"{key}.structure(")
    inner = indent + INDENT
    lines.append(f"{inner}members: [")
    for member_name, member in shape["members"].items():
        lines += doc_lines(member.get("documentation"), inner + INDENT)
        arguments = [swift_string(member_name), swift_string(member["shape"])]
        if member_name in required:
            arguments.append("required: true")
        if member.get("sensitive"):
            arguments.append("sensitive: true")
        lines += wrap_call("APIMember(", arguments, "),", inner + INDENT)
    lines.append(f"{inner}],")
    order = hashmap_order(member_names) if member_order == "hashmap" else member_names
    lines += wrap_array("checkOrder: ", [swift_string(v) for v in order], inner, trailing="")
    lines.append(f"{indent}),")
    return lines


def operation_entry(name: str, operation: dict, model: dict, indent: str) -> list[str]:
    shapes = model["shapes"]
    lines = doc_lines(operation.get("documentation"), indent)
    http = operation.get("http", {})
    output_shape = operation.get("output", {}).get("shape")
    output_members = list(shapes[output_shape]["members"]) if output_shape else []
    inner = indent + INDENT
    lines.append(f"{indent}{swift_string(name)}: APIOperation(")
    head = [f"name: {swift_string(name)}"]
    if http.get("method", "POST") != "POST":
        head.append(f"httpMethod: {swift_string(http['method'])}")
    if http.get("requestUri", "/") != "/":
        head.append(f"requestURI: {swift_string(http['requestUri'])}")
    head.append(f"input: {swift_string(operation['input']['shape'])}" if "input" in operation else "input: nil")
    head.append(f"output: {swift_string(output_shape)}" if output_shape else "output: nil")
    if len(inner + ", ".join(head) + ",") <= LINE_LIMIT:
        lines.append(inner + ", ".join(head) + ",")
    else:
        lines += [inner + ", ".join(head[:-1]) + ",", inner + head[-1] + ","]
    lines += wrap_array("outputMembers: ", [swift_string(v) for v in output_members], inner)
    errors = [error["shape"] for error in operation.get("errors", [])]
    tail = []
    if operation.get("idempotent"):
        tail.append("idempotent: true")
    if "endpoint" in operation and "hostPrefix" in operation["endpoint"]:
        tail.append(f"hostPrefix: {swift_string(operation['endpoint']['hostPrefix'])}")
    lines += wrap_array("errors: ", [swift_string(v) for v in errors], inner, trailing="," if tail else "")
    if tail:
        lines.append(inner + ", ".join(tail))
    lines.append(f"{indent}),")
    return lines


def error_entry(name: str, shape: dict, indent: str) -> list[str]:
    lines = doc_lines(shape.get("documentation"), indent)
    error = shape.get("error", {})
    arguments = [f"members: {swift_string_array(list(shape.get('members', {})))}"]
    if error.get("httpStatusCode", 400) != 400:
        arguments.append(f"httpStatusCode: {error['httpStatusCode']}")
    if "code" in error and error["code"] != name:
        arguments.append(f"code: {swift_string(error['code'])}")
    lines += wrap_call(f"{swift_string(name)}: APIErrorShape(", arguments, "),", indent)
    return lines


# --------------------------------------------------------------------------------------------------
# The fixed part of the file: the types the tables are made of

TYPES = '''
/// What kind of value a shape holds: botocore's `type`, with `enum` for strings that list their values.
package enum APIShapeType: String, Sendable, Hashable, CaseIterable {
    /// A JSON string.
    case string
    /// A JSON string that must be one of the shape's `enumValues`.
    case `enum`
    /// A 32-bit integer (Java `Integer`).
    case integer
    /// A 64-bit integer (Java `Long`).
    case long
    /// A 32-bit float (Java `Float`).
    case float
    /// A 64-bit float (Java `Double`).
    case double
    /// `true` or `false`.
    case boolean
    /// A point in time (epoch seconds on the wire in AWS JSON 1.0).
    case timestamp
    /// Base64-encoded bytes.
    case blob
    /// A JSON array of `element` values.
    case list
    /// A JSON object from `key` strings to `element` values.
    case map
    /// A JSON object with the shape's `members`.
    case structure
}

/// A member of a structure shape.
package struct APIMember: Sendable, Hashable {
    /// The member's JSON key.
    package let name: String
    /// The name of the member's shape in ``APIModel/shapes``.
    package let shape: String
    /// Whether the structure requires the member (`Member must not be null` when absent or null).
    package let isRequired: Bool
    /// Whether the member itself is marked sensitive (its shape may be too: see ``APIShape/isSensitive``).
    package let isSensitive: Bool

    /// Creates a member.
    package init(_ name: String, _ shape: String, required: Bool = false, sensitive: Bool = false) {
        self.name = name
        self.shape = shape
        self.isRequired = required
        self.isSensitive = sensitive
    }
}

/// A shape of the service model: a type and the constraints AWS checks before the service sees a request.
package struct APIShape: Sendable, Hashable {
    /// The kind of value.
    package let type: APIShapeType
    /// The least length (strings, lists, maps, blobs) or value (numbers).
    package let min: Int64?
    /// The greatest length (strings, lists, maps, blobs) or value (numbers).
    package let max: Int64?
    /// The regular expression a string must match as a whole (Java syntax, as the model writes it).
    package let pattern: String?
    /// The allowed values of an `enum`, in model order.
    package let enumValues: [String]
    /// `enumValues` in the order AWS lists them in `Member must satisfy enum value set: [...]`.
    package let enumMessageOrder: [String]
    /// A structure's members, in model order (the order of a structure's `Name(member=value, ...)` text).
    package let members: [APIMember]
    /// A structure's member names in the order AWS reports their violations.
    package let checkOrder: [String]
    /// The shape of a list's elements or a map's values.
    package let element: String?
    /// The shape of a map's keys.
    package let key: String?
    /// Whether AWS leaves values of this shape out of messages (`Value at 'x'` instead of `Value 'v' at 'x'`).
    package let isSensitive: Bool

    /// Creates a shape; the static factories below are shorter.
    package init(
        type: APIShapeType, min: Int64? = nil, max: Int64? = nil, pattern: String? = nil, enumValues: [String] = [],
        enumMessageOrder: [String] = [], members: [APIMember] = [], checkOrder: [String] = [], element: String? = nil,
        key: String? = nil, isSensitive: Bool = false
    ) {
        self.type = type
        self.min = min
        self.max = max
        self.pattern = pattern
        self.enumValues = enumValues
        self.enumMessageOrder = enumMessageOrder
        self.members = members
        self.checkOrder = checkOrder
        self.element = element
        self.key = key
        self.isSensitive = isSensitive
    }

    /// A string shape.
    package static func string(min: Int64? = nil, max: Int64? = nil, pattern: String? = nil, sensitive: Bool = false)
        -> APIShape
    { APIShape(type: .string, min: min, max: max, pattern: pattern, isSensitive: sensitive) }
    /// A string shape with a fixed set of values.
    package static func `enum`(_ values: [String], messageOrder: [String]) -> APIShape {
        APIShape(type: .enum, enumValues: values, enumMessageOrder: messageOrder)
    }
    /// A 32-bit integer shape.
    package static func integer(min: Int64? = nil, max: Int64? = nil) -> APIShape {
        APIShape(type: .integer, min: min, max: max)
    }
    /// A 64-bit integer shape.
    package static func long(min: Int64? = nil, max: Int64? = nil) -> APIShape {
        APIShape(type: .long, min: min, max: max)
    }
    /// A 32-bit float shape.
    package static func float(min: Int64? = nil, max: Int64? = nil) -> APIShape {
        APIShape(type: .float, min: min, max: max)
    }
    /// A 64-bit float shape.
    package static func double(min: Int64? = nil, max: Int64? = nil) -> APIShape {
        APIShape(type: .double, min: min, max: max)
    }
    /// A boolean shape.
    package static func boolean() -> APIShape { APIShape(type: .boolean) }
    /// A timestamp shape.
    package static func timestamp() -> APIShape { APIShape(type: .timestamp) }
    /// A blob shape.
    package static func blob(min: Int64? = nil, max: Int64? = nil, sensitive: Bool = false) -> APIShape {
        APIShape(type: .blob, min: min, max: max, isSensitive: sensitive)
    }
    /// A list shape.
    package static func list(of element: String, min: Int64? = nil, max: Int64? = nil, sensitive: Bool = false)
        -> APIShape
    { APIShape(type: .list, min: min, max: max, element: element, isSensitive: sensitive) }
    /// A map shape.
    package static func map(
        key: String, value: String, min: Int64? = nil, max: Int64? = nil, sensitive: Bool = false
    ) -> APIShape {
        APIShape(type: .map, min: min, max: max, element: value, key: key, isSensitive: sensitive)
    }
    /// A structure shape.
    package static func structure(members: [APIMember], checkOrder: [String]) -> APIShape {
        APIShape(type: .structure, members: members, checkOrder: checkOrder)
    }
}

/// An operation of the API: every one is `POST /` with `X-Amz-Target: AWSStepFunctions.<name>` (AWS JSON 1.0).
package struct APIOperation: Sendable, Hashable {
    /// The operation's name, the part of `X-Amz-Target` after the dot.
    package let name: String
    /// The HTTP method.
    package let httpMethod: String
    /// The request path.
    package let requestURI: String
    /// The input shape's name in ``APIModel/shapes``.
    package let input: String?
    /// The output shape's name.
    package let output: String?
    /// The output shape's member names, in model order.
    package let outputMembers: [String]
    /// The errors the operation is modeled to return (keys of ``APIModel/errors``).
    package let errors: [String]
    /// Whether the model marks the operation idempotent.
    package let isIdempotent: Bool
    /// The host prefix SDKs put before the endpoint (`sync-` for `StartSyncExecution` and `TestState`).
    package let hostPrefix: String?

    /// Creates an operation.
    package init(
        name: String, httpMethod: String = "POST", requestURI: String = "/", input: String?, output: String?,
        outputMembers: [String], errors: [String], idempotent: Bool = false, hostPrefix: String? = nil
    ) {
        self.name = name
        self.httpMethod = httpMethod
        self.requestURI = requestURI
        self.input = input
        self.output = output
        self.outputMembers = outputMembers
        self.errors = errors
        self.isIdempotent = idempotent
        self.hostPrefix = hostPrefix
    }
}

/// An error shape: the `__type` an error answer carries and the members of its JSON body.
package struct APIErrorShape: Sendable, Hashable {
    /// The members of the error's body (`message`, and `reason`, `resourceName` or `kmsKeyState` for some).
    package let members: [String]
    /// The HTTP status (every Step Functions error is 400).
    package let httpStatusCode: Int
    /// The wire code when it differs from the shape name.
    package let code: String?

    /// Creates an error shape.
    package init(members: [String], httpStatusCode: Int = 400, code: String? = nil) {
        self.members = members
        self.httpStatusCode = httpStatusCode
        self.code = code
    }
}
'''


def render(model: dict, model_bytes: bytes, version: str, member_order: str) -> str:
    shapes = model["shapes"]
    metadata = model["metadata"]
    digest = hashlib.sha256(model_bytes).hexdigest()
    out: list[str] = []
    out.append("// Generated by generate_api_model.py from botocore " + version + "'s")
    out.append(f"// stepfunctions/{metadata['apiVersion']}/service-2.json (sha256 {digest[:16]}).")
    out.append(f"// Member order: {member_order}. Do not edit: change the generator and run it again.")
    out.append("// swift-format-ignore-file")
    out.append(TYPES.rstrip("\n"))
    out.append("")
    out.append("/// The Step Functions API as botocore's service model describes it: operations, input shapes, errors.")
    out.append("package enum APIModel {")
    i1 = INDENT
    i2 = INDENT * 2
    out.append(f"{i1}/// The model's API version.")
    out.append(f"{i1}package static let apiVersion = {swift_string(metadata['apiVersion'])}")
    out.append(f"{i1}/// The botocore release the tables were generated from.")
    out.append(f"{i1}package static let botocoreVersion = {swift_string(version)}")
    out.append(f"{i1}/// The `X-Amz-Target` prefix: requests name `AWSStepFunctions.<Operation>`.")
    out.append(f"{i1}package static let targetPrefix = {swift_string(metadata['targetPrefix'])}")
    out.append(f"{i1}/// The AWS JSON protocol version: `Content-Type: application/x-amz-json-1.0`.")
    out.append(f"{i1}package static let jsonVersion = {swift_string(metadata['jsonVersion'])}")
    out.append(f"{i1}/// The SigV4 signing name and endpoint prefix.")
    out.append(f"{i1}package static let endpointPrefix = {swift_string(metadata['endpointPrefix'])}")
    out.append("")
    out.append(f"{i1}/// Every operation, by name.")
    out.append(f"{i1}package static let operations: [String: APIOperation] = [")
    for name in sorted(model["operations"]):
        out += operation_entry(name, model["operations"][name], model, i2)
    out.append(f"{i1}]")
    out.append("")
    out.append(f"{i1}/// Every shape an operation's input uses, by name.")
    out.append(f"{i1}package static let shapes: [String: APIShape] = [")
    for name in input_shapes(model):
        out += shape_entry(name, shapes[name], member_order, i2)
    out.append(f"{i1}]")
    out.append("")
    out.append(f"{i1}/// Every modeled error, by `__type` (without a namespace).")
    out.append(f"{i1}package static let errors: [String: APIErrorShape] = [")
    for name in sorted(n for n, s in shapes.items() if s.get("exception")):
        out += error_entry(name, shapes[name], i2)
    out.append(f"{i1}]")
    out.append("}")
    text = "\n".join(out) + "\n"
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > LINE_LIMIT:
            sys.exit(f"generated line {number} is {len(line)} columns: {line}")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="path to service-2.json (or .json.gz)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--member-order", choices=["hashmap", "model"], default="hashmap")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    arguments = parser.parse_args()

    if arguments.model:
        model_path, version = arguments.model, "(model given with --model)"
    else:
        directory = botocore_directory()
        model_path, version = os.path.join(directory, MODEL_RELATIVE), botocore_version(directory)
    model, model_bytes = read_model(model_path)
    text = render(model, model_bytes, version, arguments.member_order)
    if arguments.check:
        try:
            with open(arguments.output, encoding="utf-8") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current != text:
            print(f"{arguments.output} is out of date; run {os.path.basename(__file__)}", file=sys.stderr)
            return 1
        return 0
    os.makedirs(os.path.dirname(os.path.abspath(arguments.output)), exist_ok=True)
    with open(arguments.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {arguments.output}: {len(model['operations'])} operations, "
          f"{len(input_shapes(model))} input shapes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
