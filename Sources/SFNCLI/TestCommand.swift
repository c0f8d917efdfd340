import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsConformance
import StepFunctionsSimulator

/// Lists the case files under the given files and directories, sorted.
func caseFiles(_ paths: [String]) throws(UsageError) -> [String] {
    var out: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError(message: "no such file or directory: \(path)")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            out += names.filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
        } else {
            out.append(path)
        }
    }
    return out
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
        is listed as skipped with the reason, never counted as passed. Ends with a line 'N passed, N failed'.

        With --definition FILE every case runs FILE's definition instead of the one it records (the
        same input, mocks and expectations): a check that an ASL file, or a state machine of a
        CloudFormation or SAM template, still behaves as recorded. --substitute and --substitutions
        fill its ${...} placeholders (after the template's DefinitionSubstitutions).

        USAGE: sfn test [--group G]... [--by-group] [--min-pass N] [--quiet]
                        [--definition FILE [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]]
                        CASE.json|DIR...

        OPTIONS:
          --group G               Run only cases of group G (repeatable).
          --by-group              Print pass/fail/skip counts per group.
          --min-pass N            Exit 1 when fewer than N cases pass (without it: when any case fails).
          --quiet                 Do not list each failure.
          --definition FILE       Run this definition (an ASL file or a template) in every case.
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
                let source: DefinitionSource
                do throws(DefinitionInputError) {
                    source = try loadDefinition(file, stateMachine: args.value("--state-machine"), io: io)
                } catch {
                    switch error {
                    case .usage(let e): throw e
                    case .template(let e):
                        io.err(e.location == nil ? "\(file): \(e)" : e.description)
                        return ExitStatus.failure
                    }
                }
                let text = source.text(substitutions: try substitutions(args, io: io))
                do throws(JSONParseError) {
                    replacement = try JSONParser.parse(text)
                } catch {
                    io.err("Error: \(source.file): the definition is not JSON after substitution: \(error)")
                    return ExitStatus.failure
                }
            } else if args.value("--state-machine") != nil || args.value("--substitute") != nil
                || args.value("--substitutions") != nil
            {
                throw UsageError(message: "--state-machine, --substitute and --substitutions need --definition FILE")
            }
            var cases: [ConformanceCase] = []
            var unreadable: [String] = []
            for file in try caseFiles(args.positionals) {
                let text = try readTextFile(file, io: io)
                do throws(ConformanceError) {
                    var c = try ConformanceCase(text: text, fileName: file)
                    if let replacement, case .object(var o) = c.json {
                        o["definition"] = replacement
                        c.json = .object(o)
                    }
                    if groups.isEmpty || groups.contains(c.group) { cases.append(c) }
                } catch {
                    unreadable.append(error.message)
                }
            }
            let toRun = cases
            let clock = ContinuousClock()
            let started = clock.now
            let results: [ConformanceResult] = Simulator.runBlocking {
                await withTaskGroup(of: (Int, ConformanceResult).self) { group in
                    var out = [ConformanceResult?](repeating: nil, count: toRun.count)
                    var next = 0
                    let width = 4
                    while next < min(width, toRun.count) {
                        let i = next
                        group.addTask { (i, await toRun[i].run()) }
                        next += 1
                    }
                    while let (i, r) = await group.next() {
                        out[i] = r
                        if next < toRun.count {
                            let j = next
                            group.addTask { (j, await toRun[j].run()) }
                            next += 1
                        }
                    }
                    return out.compactMap { $0 }
                }
            }
            let elapsed = clock.now - started
            var passed = 0, failed = 0, skipped = 0
            var byGroup: [String: (passed: Int, failed: Int, skipped: Int)] = [:]
            for r in results {
                switch r.outcome {
                case .passed:
                    passed += 1
                    byGroup[r.group, default: (0, 0, 0)].passed += 1
                case .failed(let diffs):
                    failed += 1
                    byGroup[r.group, default: (0, 0, 0)].failed += 1
                    if !args.has("--quiet") {
                        io.out("FAIL \(r.name)")
                        for d in diffs.prefix(3) { io.out("    \(d)") }
                    }
                case .skipped(let reason):
                    skipped += 1
                    byGroup[r.group, default: (0, 0, 0)].skipped += 1
                    if !args.has("--quiet") { io.out("SKIP \(r.name): \(reason)") }
                }
            }
            for u in unreadable { io.out("ERROR \(u)") }
            if args.has("--by-group") {
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
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            io.out(String(format: "ran %d cases in %.2f s", results.count, seconds))
            if skipped > 0 { io.out("\(skipped) skipped (could not be run; not counted as passed)") }
            io.out("\(passed) passed, \(failed + unreadable.count) failed")
            if let minPass {
                guard passed >= minPass else {
                    io.err("Error: \(passed) cases passed, fewer than --min-pass \(minPass)")
                    return ExitStatus.failure
                }
                return ExitStatus.ok
            }
            return failed + unreadable.count > 0 ? ExitStatus.failure : ExitStatus.ok
        } catch {
            io.err(
                "Error: \(error.message)\nUsage: sfn test [--group G]... [--by-group] [--min-pass N] [--quiet] "
                    + "[--definition FILE [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]] "
                    + "CASE.json|DIR...")
            return ExitStatus.usage
        }
    })

extension String {
    /// Right-aligns in `width` columns.
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
