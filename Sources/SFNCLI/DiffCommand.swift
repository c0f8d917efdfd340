import StepFunctionsCompiler

/// `sfn diff A.json B.json`: a structural comparison (key order ignored, numbers by value).
let diffCommand = Command(
    name: "diff",
    summary: "Compare two JSON files structurally and print the paths that differ",
    help: """
        OVERVIEW: Compare two JSON documents structurally.

        Object key order is ignored and numbers compare by value (2 equals 2.0). Each difference is
        printed on one line with its path:
          - PATH: VALUE        only in the first document
          + PATH: VALUE        only in the second document
          ~ PATH: OLD -> NEW   different values (or types)
        Exits 0 when the documents are equal, 1 when they differ, 64 for a usage error, 65 when a
        file is not JSON (or has no value at --first-at/--second-at), 66 when a file cannot be read.

        USAGE: sfn diff [--first-at PATH] [--second-at PATH] [--quiet] FIRST SECOND

        ARGUMENTS:
          FIRST, SECOND           JSON files ('-' reads standard input for one of them).

        OPTIONS:
          --first-at PATH         Compare the value at PATH of FIRST (e.g. States.ProcessPayment).
          --second-at PATH        Compare the value at PATH of SECOND (e.g. States["Check stock"].Branches[0]).
          --quiet                 Print nothing; only the exit status tells.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn diff [--first-at PATH] [--second-at PATH] [--quiet] FIRST SECOND"
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--quiet"], options: ["--first-at", "--second-at"])
            guard args.positionals.count == 2 else { throw UsageError(message: "give exactly two files") }
            var values: [JSONValue] = []
            for (file, option) in zip(args.positionals, ["--first-at", "--second-at"]) {
                // A file that cannot be read is `FILE: error: ...`, exit 66, as in every command.
                let text = try readTextFile(file, io: io)
                var value: JSONValue
                do throws(JSONParseError) {
                    value = try JSONParser.parse(text)
                } catch {
                    io.err("Error: \(file):\(error)")
                    return ExitStatus.invalidDefinition
                }
                if let at = args.value(option) {
                    let path = try parseFieldPath(at)
                    guard let selected = value.value(at: path) else {
                        io.err("Error: \(file) has no value at \(path)")
                        return ExitStatus.invalidDefinition
                    }
                    value = selected
                }
                values.append(value)
            }
            var differences: [String] = []
            jsonDifferences(values[0], values[1], at: .root, into: &differences)
            if !args.has("--quiet") { for line in differences { io.out(line) } }
            return differences.isEmpty ? ExitStatus.ok : ExitStatus.failure
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// Appends one line per difference between `a` and `b` (see `sfn diff --help` for the format).
func jsonDifferences(_ a: JSONValue, _ b: JSONValue, at path: FieldPath, into out: inout [String]) {
    switch (a, b) {
    case (.object(let x), .object(let y)):
        for (key, value) in x {
            if let other = y[key] {
                jsonDifferences(value, other, at: path.appending(key), into: &out)
            } else {
                out.append("- \(path.appending(key)): \(value)")
            }
        }
        for (key, value) in y where !x.contains(key) {
            out.append("+ \(path.appending(key)): \(value)")
        }
    case (.array(let x), .array(let y)):
        for i in 0..<max(x.count, y.count) {
            if i >= y.count {
                out.append("- \(path.appending(i)): \(x[i])")
            } else if i >= x.count {
                out.append("+ \(path.appending(i)): \(y[i])")
            } else {
                jsonDifferences(x[i], y[i], at: path.appending(i), into: &out)
            }
        }
    default:
        if a != b { out.append("~ \(path): \(a) -> \(b)") }
    }
}

/// Parses a field path as `FieldPath` prints it: `States.A.Catch[0].Next`, `States["Check stock"]`.
func parseFieldPath(_ text: String) throws(UsageError) -> FieldPath {
    var path = FieldPath.root
    let chars = Array(text)
    var i = 0
    func fail(_ why: String) -> UsageError { UsageError(message: "invalid path '\(text)': \(why)") }
    while i < chars.count {
        switch chars[i] {
        case ".":
            i += 1
        case "[":
            i += 1
            if i < chars.count, chars[i] == "\"" {
                i += 1
                var key = ""
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    key.append(chars[i])
                    i += 1
                }
                guard i + 1 < chars.count, chars[i + 1] == "]" else { throw fail("unterminated [\"...\"]") }
                i += 2
                path = path.appending(key)
            } else {
                var digits = ""
                while i < chars.count, chars[i].isNumber {
                    digits.append(chars[i])
                    i += 1
                }
                guard let index = Int(digits), i < chars.count, chars[i] == "]" else {
                    throw fail("expected an index or a quoted key after '['")
                }
                i += 1
                path = path.appending(index)
            }
        default:
            var key = ""
            while i < chars.count, chars[i] != ".", chars[i] != "[" {
                key.append(chars[i])
                i += 1
            }
            path = path.appending(key)
        }
    }
    return path
}

extension JSONValue {
    /// The value at `path`, if every step exists.
    func value(at path: FieldPath) -> JSONValue? {
        var current = self
        for component in path.components {
            switch component {
            case .key(let k):
                guard let next = current[k] else { return nil }
                current = next
            case .index(let i):
                guard let next = current[i] else { return nil }
                current = next
            }
        }
        return current
    }
}
