import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsConformance
import StepFunctionsSimulator
import WorkflowPictures

/// A case file to read: its path, and whether the directory listing that named it called it a
/// regular file (then it is read without asking its size first).
struct CaseFile: Sendable {
    /// The file's path.
    let path: String
    /// Whether its directory's listing said it is a regular file.
    let regular: Bool
}

/// Lists the case files under the given files and directories, sorted.
func caseFiles(_ paths: [String]) throws(UsageError) -> [CaseFile] {
    var out: [CaseFile] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError(file: path, message: "no such file or directory")
        }
        if isDirectory.boolValue {
            var regular: [Bool] = []
            let all: [String]
            if let listed = directoryEntries(path, regular: &regular) {
                all = listed
            } else {
                all = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                regular = Array(repeating: false, count: all.count)
            }
            let json = all.indices.filter { hasJSONSuffix(all[$0]) }
            let order = sortedOrder(json.map { all[$0] })
            guard !order.isEmpty else {
                throw UsageError(file: path, message: "is a directory without *.json files")
            }
            for k in order {
                out.append(CaseFile(path: joinedPath(path, all[json[k]]), regular: regular[json[k]]))
            }
        } else {
            out.append(CaseFile(path: path, regular: false))
        }
    }
    return out
}

/// Whether a file name ends in `.json` (compared on its bytes: `hasSuffix` compares characters).
package func hasJSONSuffix(_ name: String) -> Bool {
    // The last five bytes as one word (a generic `suffix(5).elementsEqual` cost ~650 instructions a name).
    var name = name
    return name.withUTF8 { b in
        guard b.count >= 5 else { return false }
        var word: UInt64 = 0
        for i in b.count - 5..<b.count { word = word << 8 | UInt64(b[i]) }
        return word == 0x2E_6A_73_6F_6E  // ".json"
    }
}

/// `directory/name`, its bytes written once (appending to a `String` grows and copies it).
package func joinedPath(_ directory: String, _ name: String) -> String {
    var directory = directory
    var name = name
    return directory.withUTF8 { d in
        name.withUTF8 { n in
            String(unsafeUninitializedCapacity: d.count + 1 + n.count) { out in
                _ = out.initialize(fromContentsOf: d)
                out[d.count] = UInt8(ascii: "/")
                _ = UnsafeMutableBufferPointer(rebasing: out[(d.count + 1)...]).initialize(fromContentsOf: n)
                return d.count + 1 + n.count
            }
        }
    }
}

/// Names in `sorted()`'s order. All-ASCII names (the usual case files) are ordered on their bytes,
/// which is the same order and costs a fraction of comparing `String`s (a thousand names: ~2,500
/// instructions a name); anything else is sorted as `String`s.
package func sortedNames(_ names: [String]) -> [String] {
    sortedOrder(names).map { names[$0] }
}

/// The indices of `names` in the order ``sortedNames(_:)`` puts them.
package func sortedOrder(_ names: [String]) -> [Int] {
    // Every name's bytes in one buffer, compared in place.
    var flat: [UInt8] = []
    var starts: [Int] = []
    starts.reserveCapacity(names.count + 1)
    for name in names {
        starts.append(flat.count)
        flat.append(contentsOf: name.utf8)
    }
    starts.append(flat.count)
    guard !flat.contains(where: { $0 >= 0x80 }) else { return names.indices.sorted { names[$0] < names[$1] } }
    let order = flat.withUnsafeBufferPointer { f -> [Int] in
        starts.withUnsafeBufferPointer { s in
            // Each name's first 16 bytes as two big-endian words, zero-padded: comparing the words
            // orders names as their bytes do (a name's end pads with 0, below every byte but NUL),
            // and only names whose words tie have their bytes compared (memcmp, a call each).
            func word(_ i: Int, _ offset: Int) -> UInt64 {
                let (start, end) = (s[i] + offset, s[i + 1])
                var w: UInt64 = 0
                for k in 0..<8 { w = w << 8 | (start + k < end ? UInt64(f[start + k]) : 0) }
                return w
            }
            var keys: [(high: UInt64, low: UInt64, index: Int)] = []
            keys.reserveCapacity(names.count)
            for i in names.indices { keys.append((word(i, 0), word(i, 8), i)) }
            keys.sort { x, y in
                if x.high != y.high { return x.high < y.high }
                if x.low != y.low { return x.low < y.low }
                let (i, j) = (x.index, y.index)
                let (a, b) = (s[i], s[j])
                let (m, n) = (s[i + 1] - a, s[j + 1] - b)
                let c = min(m, n) == 0 ? 0 : memcmp(f.baseAddress! + a, f.baseAddress! + b, min(m, n))
                return c != 0 ? c < 0 : m < n
            }
            return keys.map(\.index)
        }
    }
    return order
}

/// The names in a directory (not `.` and `..`), read with `readdir`; nil when it cannot be opened.
package func directoryEntries(_ path: String) -> [String]? {
    var regular: [Bool] = []
    return directoryEntries(path, regular: &regular)
}

/// ``directoryEntries(_:)``, with whether the listing calls each a regular file (not a link,
/// a directory or a type the file system does not say) in `regular`, in the same order.
package func directoryEntries(_ path: String, regular: inout [Bool]) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    regular = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                String(cString: $0)
            }
        }
        if name != "." && name != ".." {
            names.append(name)
            regular.append(Int32(entry.pointee.d_type) == Int32(DT_REG))
        }
    }
    return names
}

/// `sfn test CASE.json|DIR...`: runs recorded test cases and compares them with the recording.
let testCommand = Command(
    name: "test",
    summary: "Run test-case files (definition, input, mocks, expected result and history) and compare",
    help: """
        OVERVIEW: Run test cases in the conformance format and compare each run with its recording.

        Each case file holds a definition, an input, mocked task responses and the expected status,
        output, error, cause and history events. Placeholders such as <uuid:1> match any text; JSON
        text in events is compared as JSON. A case that cannot be run (it records no result to compare)
        is listed as skipped with the reason, never counted as passed. Ends with a line 'N passed,
        N failed, N skipped'.
        Exits 0 when every case passed, 1 when any failed, 65 when --definition has errors, 64 on a
        usage error and 66 when a file cannot be read (Docs/CLI.md, "Exit statuses").

        With --definition FILE every case runs FILE's definition instead of the one it records (the
        same input, mocks and expectations): a check that an ASL file, or a state machine of a
        CloudFormation or SAM template, still behaves as recorded. --substitute and --substitutions
        fill its ${...} placeholders (after the template's DefinitionSubstitutions).

        --handler STATE=COMMAND and --handler-resource ARN-PATTERN=COMMAND answer Task states with
        shell commands as in sfn run, in every case; they answer before the case's mocks.

        With --html DIR, writes one page per case that ran (DIR/CASE.html: the run drawn on its
        definition's graph, with the differences from the recording at the top of a failed case)
        and DIR/index.html, which lists every case, failures first, with links to the pages.

        USAGE: sfn test [--group G]... [--by-group] [--min-pass N] [--quiet] [--format text|json] [--html DIR]
                        [--junit FILE] [--handler STATE=COMMAND]... [--handler-resource ARN-PATTERN=COMMAND]...
                        [--definition FILE [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]]
                        CASE.json|DIR...

        OPTIONS:
          --group G               Run only cases of group G (repeatable).
          --by-group              Print pass/fail/skip counts per group.
          --min-pass N            Exit 1 when fewer than N cases pass (without it: when any case fails).
          --quiet                 Do not list each failure.
          --no-color              No colour (text output is coloured on a terminal unless NO_COLOR is set).
          --format <format>       text (default) or json: one JSON document with each case's name,
                                  group, status, differences and seconds, and the counts.
          --definition FILE       Run this definition (an ASL file or a template) in every case.
          --html DIR              Write each run as a page on its graph, and an index, into DIR.
          --junit FILE            Write the results as JUnit XML (a test suite per group) to FILE.
          --handler STATE=COMMAND Answer the Task state STATE with a shell command (JSON in, JSON out).
          --handler-resource ARN-PATTERN=COMMAND
                                  Answer the Tasks whose Resource (or Lambda FunctionName) matches.
        \(definitionOptionsHelp)
        \(substitutionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--by-group", "--quiet"],
                options: [
                    "--group", "--min-pass", "--definition", "--state-machine", "--substitute", "--substitutions",
                    "--html", "--junit", "--handler", "--handler-resource", "--format",
                ])
            guard !args.positionals.isEmpty else { throw UsageError(message: "give at least one CASE.json or DIR") }
            let groups = Set(args.allValues("--group"))
            var minPass: Int?
            if let v = args.value("--min-pass") {
                guard let n = Int(v) else { throw UsageError(message: "--min-pass needs a number, got '\(v)'") }
                minPass = n
            }
            var replacement: JSONValue?
            if let file = args.value("--definition") {
                guard
                    let source = try loadDefinitionReporting(file, stateMachine: args.value("--state-machine"), io: io)
                else {
                    return ExitStatus.invalidDefinition
                }
                let values = try substitutions(args, io: io)
                // A definition with errors would fail every case the same way: say so once, run nothing.
                let document = source.document(substitutions: values)
                if document.hasErrors {
                    for d in document.errors { io.err(d.formatted(file: source.file)) }
                    return ExitStatus.invalidDefinition
                }
                let text = source.text(substitutions: values)
                do throws(JSONParseError) {
                    replacement = try JSONParser.parse(text)
                } catch {
                    io.err("Error: \(source.file): the definition is not JSON after substitution: \(error)")
                    return ExitStatus.invalidDefinition
                }
            } else if args.value("--state-machine") != nil || args.value("--substitute") != nil
                || args.value("--substitutions") != nil
            {
                throw UsageError(message: "--state-machine, --substitute and --substitutions need --definition FILE")
            }
            let format = args.value("--format") ?? "text"
            guard ["text", "json"].contains(format) else {
                throw UsageError(message: "--format takes text or json, not '\(format)'")
            }
            let json = format == "json"
            // With --format json, standard output holds the JSON document only.
            let note = json ? io.err : io.out
            let files = try caseFiles(args.positionals)
            let handlers = try CommandHandlers(args)
            let commandHandlers = handlers.isEmpty ? nil : handlers
            let keepRuns = args.value("--html") != nil
            let definition = replacement
            let clock = ContinuousClock()
            let started = clock.now
            // A few workers on the cooperative pool (both cores) each take the next case file, read,
            // run and drop it, in turn: memory holds the cases in flight, not the suite, and a case
            // costs no task of its own. Results go back to their file's place, so the output does
            // not depend on timing.
            let taken = Locked(0)
            let count = files.count
            /// The next case file nobody has taken, or nil when all are.
            @Sendable func next() -> Int? {
                taken.withLock { n in
                    guard n < count else { return nil }
                    n += 1
                    return n - 1
                }
            }
            // Each outcome goes to its file's place as it is made, and is moved out once from there
            // (arrays of outcomes handed back by the workers were copied, and copied again).
            let outcomes = CaseFileOutcomes(count: count)
            Simulator.runBlocking {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<min(4, count) {
                        group.addTask {
                            while let i = next() {
                                let outcome = await runCaseFile(
                                    files[i].path, regular: files[i].regular, replacement: definition,
                                    groups: groups, keepRun: keepRuns, handlers: commandHandlers)
                                outcomes.put(outcome, at: i)
                            }
                        }
                    }
                }
            }
            var results: [ConformanceResult] = []
            results.reserveCapacity(count)
            var durations: [Duration] = []
            if json { durations.reserveCapacity(count) }
            var unreadable: [String] = []
            // In file order; a case's duration is kept only for the JSON report.
            while let outcome = outcomes.next() {
                switch consume outcome {
                case .ran(let result, let elapsed):
                    results.append(result)
                    if json { durations.append(elapsed) }
                case .unreadable(let message): unreadable.append(message)
                case .notReadable(let error): throw error
                case .filtered: break
                }
            }
            let elapsed = clock.now - started
            var passed = 0, failed = 0, skipped = 0
            var byGroup: [String: (passed: Int, failed: Int, skipped: Int)] = [:]
            // Counted only when printed: hashing every case's group is not free.
            let countGroups = args.has("--by-group") && !json
            for r in results {
                switch r.outcome {
                case .passed:
                    passed += 1
                    if countGroups { byGroup[r.group, default: (0, 0, 0)].passed += 1 }
                case .failed(let diffs):
                    failed += 1
                    if countGroups { byGroup[r.group, default: (0, 0, 0)].failed += 1 }
                    if !args.has("--quiet") && !json {
                        io.out(io.style.failed("FAIL") + " \(r.name)")
                        for d in diffs.prefix(3) { io.out("    \(d)") }
                    }
                case .skipped(let reason):
                    skipped += 1
                    if countGroups { byGroup[r.group, default: (0, 0, 0)].skipped += 1 }
                    if !args.has("--quiet") && !json { io.out(io.style.warning("SKIP") + " \(r.name): \(reason)") }
                }
            }
            if !json { for u in unreadable { io.out(io.style.failed("ERROR") + " \(u)") } }
            if countGroups {
                io.out("")
                io.out("group".padding(toLength: 32, withPad: " ", startingAt: 0) + "  passed  failed  skipped")
                for g in byGroup.keys.sorted() {
                    let c = byGroup[g] ?? (0, 0, 0)
                    io.out(
                        g.padding(toLength: 32, withPad: " ", startingAt: 0)
                            + String(c.passed).leftPad(8) + String(c.failed).leftPad(8) + String(c.skipped).leftPad(9))
                }
                io.out("")
            }
            if let folder = args.value("--html") {
                let pages = try writeRunPages(results, unreadable: unreadable, to: folder)
                note("wrote \(pages) run page\(pages == 1 ? "" : "s") and \(folder)/index.html")
            }
            let seconds = durationSeconds(elapsed)
            if let path = args.value("--junit") {
                try writeTextFile(JUnitReport.xml(results, unreadable: unreadable, seconds: seconds), to: path)
                note("wrote \(path)")
            }
            if json {
                io.out(
                    JSONWriter.pretty.string(
                        testReportJSON(
                            results, durations: durations.map(durationSeconds), unreadable: unreadable,
                            seconds: seconds)))
            } else {
                io.out("ran \(results.count) cases in \(twoDecimals(seconds)) s")
                if skipped > 0 { io.out("\(skipped) skipped (could not be run; not counted as passed)") }
                let failedText = "\(failed + unreadable.count) failed"
                io.out(
                    io.style.passed("\(passed) passed") + ", "
                        + (failed + unreadable.count > 0 ? io.style.failed(failedText) : failedText)
                        + ", \(skipped) skipped")
            }
            if let minPass {
                guard passed >= minPass else {
                    io.err("Error: \(passed) cases passed, fewer than --min-pass \(minPass)")
                    return ExitStatus.failure
                }
                return ExitStatus.ok
            }
            return failed + unreadable.count > 0 ? ExitStatus.failure : ExitStatus.ok
        } catch {
            return error.report(
                usage:
                    "Usage: sfn test [--group G]... [--by-group] [--min-pass N] [--quiet] [--format text|json] [--html DIR] "
                    + "[--junit FILE] [--handler STATE=COMMAND]... [--handler-resource ARN-PATTERN=COMMAND]... "
                    + "[--definition FILE [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]] "
                    + "CASE.json|DIR...", io: io)
        }
    })

/// The outcomes of `sfn test`'s case files, by the files' order: each put in its place by the
/// worker that ran the file, then moved out once, in order, with ``next()``.
///
/// `@unchecked Sendable` is safe: each place is written once, by the one worker that took its
/// index, and read only after every worker has finished (the end of their task group orders the
/// writes before the reads).
final class CaseFileOutcomes: @unchecked Sendable {
    private let places: UnsafeMutablePointer<CaseFileOutcome>
    private let count: Int
    /// The places before this one were moved out.
    private var taken = 0

    /// Room for `count` outcomes, each of which must be put before the first is taken.
    init(count: Int) {
        places = .allocate(capacity: max(count, 1))
        self.count = count
    }

    /// Puts the outcome of file `index`.
    func put(_ outcome: consuming CaseFileOutcome, at index: Int) { (places + index).initialize(to: outcome) }

    /// Moves out the next outcome in the files' order (nil after the last).
    func next() -> CaseFileOutcome? {
        guard taken < count else { return nil }
        taken += 1
        return (places + taken - 1).move()
    }

    deinit {
        (places + taken).deinitialize(count: count - taken)
        places.deallocate()
    }
}

/// What became of one case file.
enum CaseFileOutcome: Sendable {
    /// It ran, taking `elapsed` (reading and running; made seconds only for the JSON report).
    case ran(ConformanceResult, elapsed: Duration)
    /// It is not a test case (the message says why); counted as failed.
    case unreadable(String)
    /// The file could not be read (a file problem).
    case notReadable(UsageError)
    /// Its group was not asked for.
    case filtered
}

/// Reads one case file and runs it (with `replacement` as its definition when given); the run's
/// definition and execution are kept only when `keepRun` is set (for `--html`). `regular`: its
/// directory's listing called it a regular file.
nonisolated(nonsending) func runCaseFile(
    _ file: String, regular: Bool = false, replacement: JSONValue?, groups: Set<String>, keepRun: Bool,
    handlers: CommandHandlers? = nil
) async -> CaseFileOutcome {
    let clock = ContinuousClock()
    let started = clock.now
    let text: String
    do throws(UsageError) {
        text = try readTextFile(file, io: .standard, regular: regular)
    } catch {
        return .notReadable(error)
    }
    do throws(ConformanceError) {
        var configure: (@Sendable (inout Simulator, JSONValue) -> Void)?
        if let handlers {
            configure = { simulator, definition in _ = handlers.install(in: &simulator, definition: definition) }
        }
        let result = try await ConformanceCase.run(
            fileText: text, fileName: file, configure: configure, keepRun: keepRun
        ) { (c: inout ConformanceCase) throws(ConformanceError) -> Bool in
            guard groups.isEmpty || groups.contains(c.group) else { return false }
            // The case's members are set without building its whole JSON (which only mockConfig reads).
            if c.hasMember("mockConfig"), case .object(let o) = c.json {
                c.setMember("mocks", to: try mockConfigurationMocks(o, caseFile: file))
            }
            if let replacement, case .object = c.members {
                c.setMember("definition", to: replacement)
                c.definitionText = nil
            }
            return true
        }
        guard let result else { return .filtered }
        return .ran(result, elapsed: clock.now - started)
    } catch {
        return .unreadable(error.message)
    }
}

extension String {
    /// Right-aligns in `width` columns.
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// Writes `DIR/CASE.html` for every case that ran (its run on its graph, a failed case's
/// differences first) and `DIR/index.html` listing every case, failures first; returns the pages written.
func writeRunPages(_ results: [ConformanceResult], unreadable: [String], to folder: String) throws(UsageError) -> Int {
    var used: Set<String> = ["index"]
    var rows: [(order: Int, html: String)] = []
    var pages = 0
    for r in results {
        var file: String?
        if let definition = r.definition, let execution = r.execution,
            let trace = try? ExecutionTrace(history: execution.json)
        {
            var base = pageName(r.name)
            var n = 2
            while used.contains(base) {
                base = pageName(r.name) + "-" + String(n)
                n += 1
            }
            used.insert(base)
            var notes: [String] = []
            if case .failed(let differences) = r.outcome {
                notes = ["This run differs from its recording:"] + differences
            }
            let page = WorkflowPicture(definition, name: r.name).html(run: trace, notes: notes)
            try writeTextFile(page, to: folder + "/" + base + ".html")
            file = base + ".html"
            pages += 1
        }
        let (order, outcome, detail): (Int, String, String)
        switch r.outcome {
        case .failed(let differences):
            (order, outcome, detail) = (0, "failed", differences.prefix(3).joined(separator: "\n"))
        case .passed: (order, outcome, detail) = (2, "passed", "")
        case .skipped(let reason): (order, outcome, detail) = (1, "skipped", reason)
        }
        var row = "<tr class=\"\(outcome)\"><td>\(outcome)</td><td>"
        row += file.map { "<a href=\"\(htmlEscaped($0))\">\(htmlEscaped(r.name))</a>" } ?? htmlEscaped(r.name)
        row += "</td><td>\(htmlEscaped(r.group))</td>"
        row +=
            "<td>\(htmlEscaped(r.execution?.status.rawValue ?? ""))</td><td><pre>\(htmlEscaped(detail))</pre></td></tr>"
        rows.append((order, row))
    }
    for u in unreadable {
        rows.append((0, "<tr class=\"failed\"><td>error</td><td colspan=\"4\"><pre>\(htmlEscaped(u))</pre></td></tr>"))
    }
    let failed = results.filter { if case .failed = $0.outcome { return true } else { return false } }.count
    let passed = results.filter { if case .passed = $0.outcome { return true } else { return false } }.count
    var index = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>sfn test: \(passed) passed, \(failed) failed</title>
        <style>body{font:14px/1.4 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:16px;color:#1a202c}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
        tr.failed td:first-child{color:#c53030;font-weight:600}tr.passed td:first-child{color:#2f855a}
        tr.skipped td:first-child{color:#718096}pre{margin:0;white-space:pre-wrap;font-size:12px}</style></head>
        <body><h1>sfn test: \(passed) passed, \(failed + unreadable.count) failed, \(results.count - passed - failed) skipped</h1>
        <table><tr><th>outcome</th><th>case</th><th>group</th><th>status</th><th>differences</th></tr>

        """
    // Failures first, then skipped, then passed; each group in the cases' order.
    for row in rows.enumerated().sorted(by: { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }) {
        index += row.element.html + "\n"
    }
    index += "</table></body></html>\n"
    try writeTextFile(index, to: folder + "/index.html")
    return pages
}

/// A file name for a case: letters, digits, `-` and `_` kept, anything else `_`.
func pageName(_ name: String) -> String {
    let kept = name.unicodeScalars.map { s -> Character in
        let v = s.value
        let ok = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45 || v == 95
        return ok ? Character(s) : "_"
    }
    let text = String(kept.prefix(120))
    return text.isEmpty ? "case" : text
}

/// Text escaped for HTML (the pictures' escaping).
func htmlEscaped(_ text: String) -> String { Markup.xml(text) }

/// A non-negative number with two decimals, as `%.2f` writes it (without Foundation's formatter,
/// which cost more than a hundred cases' bookkeeping).
package func twoDecimals(_ value: Double) -> String {
    guard value.isFinite, value >= 0, value < 1e15 else { return String(format: "%.2f", value) }
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + String(fraction)
}

/// A duration in seconds.
func durationSeconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// `sfn test --format json`: every case with its status (`passed`, `failed`, `skipped`, or `error`
/// for a file that is not a test case), differences, skip reason and seconds, then the counts.
func testReportJSON(_ results: [ConformanceResult], durations: [Double], unreadable: [String], seconds: Double)
    -> JSONValue
{
    var cases: [JSONValue] = []
    var passed = 0, failed = 0, skipped = 0
    for (i, r) in results.enumerated() {
        var o: JSONObject = ["name": .string(r.name), "group": .string(r.group)]
        switch r.outcome {
        case .passed:
            passed += 1
            o["status"] = "passed"
            o["differences"] = .array([])
        case .failed(let differences):
            failed += 1
            o["status"] = "failed"
            o["differences"] = .array(differences.map(JSONValue.string))
        case .skipped(let reason):
            skipped += 1
            o["status"] = "skipped"
            o["differences"] = .array([])
            o["reason"] = .string(reason)
        }
        o["seconds"] = .number(.double(durations.indices.contains(i) ? durations[i] : 0))
        cases.append(.object(o))
    }
    for u in unreadable {
        cases.append(
            .object(["name": .string(u), "group": "unreadable", "status": "error", "differences": .array([.string(u)])])
        )
    }
    return .object([
        "cases": .array(cases), "passed": .number(.int(Int64(passed))),
        "failed": .number(.int(Int64(failed + unreadable.count))), "skipped": .number(.int(Int64(skipped))),
        "errors": .number(.int(Int64(unreadable.count))), "seconds": .number(.double(seconds)),
    ])
}

/// The `mocks` of a case that names a test case of a Step Functions Local mock configuration
/// (`"mockConfig": FILE` relative to the case file, `"testCase"`, and `"stateMachine"` when several
/// machines define the test case): each state of the test case with its mocked response, as the
/// case format's `mocks` holds them.
func mockConfigurationMocks(_ testCase: JSONObject, caseFile: String) throws(ConformanceError) -> JSONValue {
    guard let path = testCase["mockConfig"]?.stringValue else {
        throw ConformanceError(message: "\(caseFile): mockConfig must name a mock configuration file")
    }
    guard let name = testCase["testCase"]?.stringValue else {
        throw ConformanceError(message: "\(caseFile): mockConfig needs testCase, the name of one of its test cases")
    }
    if testCase["mocks"] != nil {
        throw ConformanceError(message: "\(caseFile): give mocks or mockConfig, not both")
    }
    let resolved =
        path.hasPrefix("/")
        ? path : URL(fileURLWithPath: caseFile).deletingLastPathComponent().appendingPathComponent(path).path
    let text: String
    do throws(UsageError) {
        text = try readTextFile(resolved, io: .standard)
    } catch {
        throw ConformanceError(message: "\(caseFile): mockConfig \(resolved): \(error.message)")
    }
    let json: JSONValue
    do {
        json = try JSONParser.parse(text)
        // Checks the whole file and the test case (names, responses) as `sfn run --mock-config` does.
        _ = try MockConfiguration(json: json).responses(
            testCase: name, stateMachine: testCase["stateMachine"]?.stringValue)
    } catch {
        throw ConformanceError(message: "\(caseFile): mockConfig \(resolved): \(error)")
    }
    let machines = json["StateMachines"]?.objectValue ?? [:]
    let machine =
        testCase["stateMachine"]?.stringValue
        ?? machines.keys.sorted().first { machines[$0]?["TestCases"]?[name] != nil } ?? ""
    var mocks = JSONObject()
    for (state, response) in machines[machine]?["TestCases"]?[name]?.objectValue ?? [:] {
        if let responseName = response.stringValue, let body = json["MockedResponses"]?[responseName] {
            mocks[state] = body
        }
    }
    return .object(mocks)
}
