import Foundation
import JSONCore
import JSONata
import SFNCLI

/// The `jsonata-suite` subcommand .
let jsonataSuiteCommand = Command(
    name: "jsonata-suite",
    summary: "Run jsonata-js's test suite against the JSONata engine",
    help: """
        OVERVIEW: Run jsonata-js's test suite (one JSON case per file under DIR/groups) against the
        Swift JSONata engine, with the rules of jsonata-js's run-test-suite.js.

        Prints the passed/total count of every group, every failing case with its reason, the
        cases newer than jsonata 2.0.6 (those with a "since" field) counted apart, and a last line
        "N passed, N failed" for the 2.0.6 cases. Exits 1 when fewer than --min-pass cases pass.

        USAGE: CorpusChecks jsonata-suite DIR [--verbose] [--group G] [--min-pass N] [--step-functions]

        OPTIONS:
          --group G               Run only the group G.
          --min-pass N            Fail unless at least N cases of jsonata 2.0.6 pass.
          --verbose               Also list the passing cases.
          --step-functions        Evaluate with AWS Step Functions' added functions.
        """,
    run: { arguments, io in runJSONataSuite(arguments, io: io) })

/// `CorpusChecks jsonata-suite DIR [--verbose] [--group G] [--min-pass N]`: runs jsonata-js's test suite
/// (the layout of the jsonata-js test suite) against the Swift engine, following the rules of
/// jsonata-js's `run-test-suite.js`. Prints per-group counts, a total line `N passed, N failed`
/// for the cases of jsonata 2.0.6, the newer (`since`) cases apart, and every failing case with
/// its reason. Exits 1 when fewer than `--min-pass` 2.0.6 cases pass, 64 on a usage error.
func runJSONataSuite(_ arguments: [String], io: CommandIO) -> Int32 {
    var directory: String?
    var verbose = false
    var onlyGroup: String?
    var minPass = 0
    var environment = JSONataEnvironment.standard
    var i = 0
    while i < arguments.count {
        let a = arguments[i]
        switch a {
        case "--verbose", "-v":
            verbose = true
        case "--step-functions":
            environment = .stepFunctions
        case "--group":
            i += 1
            guard i < arguments.count else { return suiteUsage("--group needs a group name", io: io) }
            onlyGroup = arguments[i]
        case "--min-pass":
            i += 1
            guard i < arguments.count, let n = Int(arguments[i]) else {
                return suiteUsage("--min-pass needs a number", io: io)
            }
            minPass = n
        default:
            if a.hasPrefix("-") { return suiteUsage("unknown option '\(a)'", io: io) }
            guard directory == nil else { return suiteUsage("more than one directory given", io: io) }
            directory = a
        }
        i += 1
    }
    guard let directory else { return suiteUsage("missing the suite directory", io: io) }
    let runner = JSONataSuiteRunner(directory: directory, verbose: verbose, environment: environment)
    do {
        let report = try runner.run(group: onlyGroup)
        io.out(report.text)
        if report.passed < minPass {
            io.out("Error: \(report.passed) cases passed, fewer than --min-pass \(minPass)")
            return 1
        }
        return 0
    } catch {
        io.out("Error: \(error)")
        return 1
    }
}

private func suiteUsage(_ message: String, io: CommandIO) -> Int32 {
    io.out("Error: \(message)")
    io.out(
        "USAGE: CorpusChecks jsonata-suite <suite-directory> [--verbose] [--group <group>] [--min-pass <n>] [--step-functions]"
    )
    return 64
}

/// Loads and runs the cases of a jsonata test-suite directory.
struct JSONataSuiteRunner {
    struct Failure {
        let group: String
        let name: String
        let since: String?
        let reason: String
    }

    struct Report {
        var text: String
        var passed: Int
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    let directory: String
    let verbose: Bool
    let environment: JSONataEnvironment

    func run(group onlyGroup: String?) throws -> Report {
        let fm = FileManager.default
        let groupsDir = directory + "/groups"
        guard let groups = try? fm.contentsOfDirectory(atPath: groupsDir).sorted() else {
            throw LoadError(description: "no groups/ folder in \(directory)")
        }
        var datasets: [String: JSONValue] = [:]
        var lines: [String] = []
        var failures: [Failure] = []
        var passed = 0
        var failed = 0
        var newerPassed = 0
        var newerFailed = 0
        for group in groups where onlyGroup == nil || group == onlyGroup {
            let files = ((try? fm.contentsOfDirectory(atPath: groupsDir + "/" + group)) ?? [])
                .filter { $0.hasSuffix(".json") }.sorted()
            var groupPassed = 0
            var groupTotal = 0
            for file in files {
                let path = groupsDir + "/" + group + "/" + file
                guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                    case .object(let testCase)? = try? JSONParser.parse(text)
                else {
                    failures.append(Failure(group: group, name: file, since: nil, reason: "unreadable case file"))
                    failed += 1
                    continue
                }
                let name = testCase["case"]?.stringValue ?? file
                let since = testCase["since"]?.stringValue
                let reason = evaluate(testCase, datasets: &datasets)
                groupTotal += 1
                if let reason {
                    failures.append(Failure(group: group, name: name, since: since, reason: reason))
                    if since == nil { failed += 1 } else { newerFailed += 1 }
                } else {
                    groupPassed += 1
                    if since == nil { passed += 1 } else { newerPassed += 1 }
                    if verbose { lines.append("  ok \(group)/\(name)") }
                }
            }
            lines.append("\(group): \(groupPassed)/\(groupTotal)")
        }
        if !failures.isEmpty {
            lines.append("")
            lines.append("Failing cases:")
            for f in failures {
                let tag = f.since.map { " [since \($0)]" } ?? ""
                lines.append("  \(f.group)/\(f.name)\(tag): \(f.reason)")
            }
        }
        lines.append("")
        lines.append("Cases newer than jsonata 2.0.6 (since): \(newerPassed) passed, \(newerFailed) failed")
        lines.append("\(passed) passed, \(failed) failed")
        return Report(text: lines.joined(separator: "\n"), passed: passed)
    }

    /// Runs one case; returns nil when it passes, else the reason it fails.
    func evaluate(_ testCase: JSONObject, datasets: inout [String: JSONValue]) -> String? {
        guard let expr = testCase["expr"]?.stringValue else { return "no expression" }
        let expectedError: JSONObject? = {
            if case .object(let e)? = testCase["error"] { return e }
            if let code = testCase["code"] {
                var e = JSONObject()
                e["code"] = code
                if let token = testCase["token"] { e["token"] = token }
                return e
            }
            return nil
        }()
        let compiled: CompiledJSONata
        do {
            compiled = try CompiledJSONata(expr)
        } catch {
            return check(error: error, expected: expectedError, when: "compiling")
        }
        // input
        var input: JSONValue?
        if let data = testCase["data"] {
            input = data
        } else if let dataset = testCase["dataset"] {
            if case .string(let name) = dataset {
                if let cached = datasets[name] {
                    input = cached
                } else {
                    let path = directory + "/datasets/" + name + ".json"
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                        let value = try? JSONParser.parse(text)
                    else { return "dataset \(name) not found" }
                    datasets[name] = value
                    input = value
                }
            }
        }
        var bindings: [String: JSONValue] = [:]
        if case .object(let b)? = testCase["bindings"] {
            for (k, v) in b { bindings[k] = v }
        }
        var options = JSONataOptions(timeLimit: .seconds(30))
        if let limit = testCase["timelimit"]?.intValue, let depth = testCase["depth"]?.intValue {
            options.maxDepth = depth
            options.timeLimit = .milliseconds(limit)
        }
        let result: JSONValue?
        do {
            result = try compiled.evaluate(input, bindings: bindings, environment: environment, options: options)
        } catch {
            return check(error: error, expected: expectedError, when: "evaluating")
        }
        if let expectedError {
            return "expected error \(expectedError["code"]?.stringValue ?? "?"), got result \(describe(result))"
        }
        if testCase["undefinedResult"] != nil {
            return result == nil ? nil : "expected undefined, got \(describe(result))"
        }
        guard let expected = testCase["result"] else { return "case has no expected outcome" }
        guard let result else { return "expected \(describe(expected)), got undefined" }
        let unordered = testCase["unordered"]?.boolValue == true
        if JSONataSuiteRunner.equal(result, expected, unordered: unordered) { return nil }
        return "expected \(describe(expected)), got \(describe(result))"
    }

    private func check(error: JSONataError, expected: JSONObject?, when: String) -> String? {
        guard let expected else { return "unexpected error \(when): \(error)" }
        if let code = expected["code"]?.stringValue, code != error.code {
            return "expected error \(code), got \(error) (\(when))"
        }
        if let token = expected["token"]?.stringValue, token != error.token {
            return "expected token \(token), got \(error.token ?? "none") for \(error.code)"
        }
        if let message = expected["message"]?.stringValue, message != error.message {
            return "expected message \"\(message)\", got \"\(error.message)\""
        }
        if let value = expected["value"],
            error.value.map({ JSONataSuiteRunner.equal($0, value, unordered: false) }) != true
        {
            return "expected value \(value), got \(describe(error.value))"
        }
        if let name = expected["functionName"]?.stringValue, name != error.functionName {
            return "expected functionName \(name), got \(error.functionName ?? "none")"
        }
        return nil
    }

    private func describe(_ v: JSONValue?) -> String {
        guard let v else { return "undefined" }
        let text = JSONWriter.compact.string(v)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// chai's `deep.equal`: strict types, numbers by value, keys in any order; with `unordered`,
    /// arrays compare as multisets.
    static func equal(_ a: JSONValue, _ b: JSONValue, unordered: Bool) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            if !unordered { return zip(x, y).allSatisfy { equal($0, $1, unordered: false) } }
            var remaining = y
            for item in x {
                guard let i = remaining.firstIndex(where: { equal(item, $0, unordered: true) }) else { return false }
                remaining.remove(at: i)
            }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = y[k], equal(v, w, unordered: unordered) else { return false }
            }
            return true
        case (.number(let x), .number(let y)):
            return x.doubleValue == y.doubleValue
        default:
            return a == b
        }
    }
}
