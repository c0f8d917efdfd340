import Foundation
import JSONCore
import SFNCLI
import StepFunctionsCompiler

/// `CorpusChecks corpus real-world DIR` and `CorpusChecks corpus conformance DIR`: corpus-wide checks of the reader,
/// validator and writer against verdicts recorded from AWS.
let corpusCommand = Command(
    name: "corpus",
    summary: "Check the validator against a corpus of definitions with known verdicts",
    help: """
        OVERVIEW: Check the reader, validator and writer against a corpus with known verdicts.

        real-world DIR    reads DIR/INDEX.tsv. Every 'valid' file must read, validate without
                          errors and round-trip (read -> write -> read gives the same model; a
                          second write gives the same bytes). Every 'invalid' file must be
                          rejected with each diagnostic code its line in the expectations file
                          names. 'unknown' files are reported, never failed.
        conformance DIR   reads every case file DIR/*.json (LocalStack cases recorded against
                          AWS): a case whose expected status is INVALID_DEFINITION must be
                          rejected; every other definition must be accepted.

        Prints a summary and every failing file; exits 1 when anything fails.

        USAGE: CorpusChecks corpus real-world [--expectations FILE] [--verbose] DIR
               CorpusChecks corpus conformance [--verbose] DIR

        OPTIONS:
          --expectations FILE     The invalid files' expected codes (default: the checkout's
                                  Tests/Corpus/real-world-expectations.tsv).
          --verbose               Also print every file's verdict and diagnostics.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--verbose"], options: ["--expectations"])
            guard args.positionals.count == 2 else { throw UsageError(message: "give a corpus kind and a DIR") }
            let directory = args.positionals[1]
            switch args.positionals[0] {
            case "real-world":
                let expectations = args.value("--expectations") ?? defaultExpectationsFile
                return try RealWorldCorpusCheck(
                    directory: directory, expectationsFile: expectations, verbose: args.has("--verbose")
                ).run(io: io)
            case "conformance":
                return try ConformanceDefinitionCheck(directory: directory, verbose: args.has("--verbose")).run(io: io)
            default:
                var message = "unknown corpus kind '\(args.positionals[0])'"
                if let s = closestWord(to: args.positionals[0], in: ["real-world", "conformance"]) {
                    message += "; did you mean '\(s)'?"
                }
                throw UsageError(message: message + " (real-world or conformance)")
            }
        } catch {
            io.err(
                "Error: \(error.message)\nUsage: CorpusChecks corpus real-world [--expectations FILE] [--verbose] DIR\n"
                    + "       CorpusChecks corpus conformance [--verbose] DIR")
            return ExitStatus.usage
        }
    })

/// `Tests/Corpus/real-world-expectations.tsv` of the checkout this tool was built from (not of the
/// current directory).
let defaultExpectationsFile = checkoutRoot + "/Tests/Corpus/real-world-expectations.tsv"

/// What happened to one definition: its diagnostics and, when it read, the round-trip result.
struct CorpusVerdict {
    /// Every diagnostic, errors first.
    var diagnostics: [Diagnostic]
    /// `nil` when the round trip held (or was not attempted); else what broke.
    var roundTripProblem: String?

    /// The errors only.
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The distinct error codes, sorted.
    var errorCodes: [String] { Array(Set(errors.map(\.code.rawValue))).sorted() }

    /// Reads, validates and (when it read) round-trips `text`; `localStackPlaceholders` reads
    /// LocalStack's test-template stand-ins as placeholders.
    init(text: String, fileName: String, options: ASLValidator.Options = .init(), localStackPlaceholders: Bool = false)
    {
        let document = ASLDocument(
            text: text, fileName: fileName, validation: options, localStackPlaceholders: localStackPlaceholders)
        diagnostics = document.diagnostics
        guard let first = document.definition else { return }
        let writer = ASLWriter()
        let written = writer.text(first)
        let reread = ASLReader(options: .init(fileName: fileName + " (rewritten)")).read(written)
        guard let second = reread.definition, !reread.hasErrors else {
            let why = reread.diagnostics.first.map(\.description) ?? "no definition"
            roundTripProblem = "the written text does not read back: \(why)"
            return
        }
        if second != first {
            roundTripProblem = "read -> write -> read gives a different model"
        } else if writer.text(second) != written {
            roundTripProblem = "writing the re-read model gives different bytes"
        }
    }
}

/// `CorpusChecks corpus real-world DIR`.
struct RealWorldCorpusCheck {
    let directory: String
    let expectationsFile: String
    let verbose: Bool

    /// One line of the expectations file.
    struct Expectation {
        /// Codes that must all be among the errors.
        var codes: [String]
        /// Set when the check cannot pass yet, with the reason; reported, not failed, and flagged
        /// when it passes after all (so the mark gets removed).
        var pending: String?
    }

    func run(io: CommandIO) throws(UsageError) -> Int32 {
        let index = try readTextFile(directory + "/INDEX.tsv", io: io)
        let expectations = try loadExpectations()
        var rows: [(path: String, expect: String, why: String)] = []
        var header: [String] = []
        for line in index.split(separator: "\n", omittingEmptySubsequences: true) {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if header.isEmpty {
                header = cells
                continue
            }
            guard let p = header.firstIndex(of: "path"), let e = header.firstIndex(of: "expect"),
                cells.count > max(p, e)
            else { continue }
            let w = header.firstIndex(of: "expect_why").flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
            rows.append((cells[p], cells[e], w))
        }
        guard !header.isEmpty else { throw UsageError(message: "\(directory)/INDEX.tsv is empty") }

        var counts: [String: (total: Int, ok: Int)] = [:]
        var failures: [String] = []
        var pendingLines: [String] = []
        var unknownLines: [String] = []
        for row in rows {
            let text: String
            do {
                text = try readTextFile(directory + "/" + row.path, io: io)
            } catch {
                failures.append("\(row.path): \(error.message)")
                counts[row.expect, default: (0, 0)].total += 1
                continue
            }
            // LocalStack's templates hold its test stand-ins (`%Name%`, `_tbd_`), which its tests fill in.
            let verdict = CorpusVerdict(
                text: text, fileName: row.path, localStackPlaceholders: row.path.hasPrefix("localstack/"))
            counts[row.expect, default: (0, 0)].total += 1
            var ok = false
            switch row.expect {
            case "valid":
                if !verdict.errors.isEmpty {
                    failures.append(
                        "\(row.path): valid per AWS, but rejected:\n"
                            + verdict.errors.map { "    " + $0.formatted(file: row.path) }.joined(separator: "\n"))
                } else if let problem = verdict.roundTripProblem {
                    failures.append("\(row.path): \(problem)")
                } else {
                    ok = true
                }
            case "invalid":
                guard let expectation = expectations[row.path] else {
                    failures.append(
                        "\(row.path): no line in \(expectationsFile) (the reason: \(row.why)); got "
                            + (verdict.errorCodes.isEmpty ? "no error" : verdict.errorCodes.joined(separator: ",")))
                    break
                }
                let missing = expectation.codes.filter { !verdict.errorCodes.contains($0) }
                let passes = missing.isEmpty
                if let reason = expectation.pending {
                    if passes {
                        failures.append("\(row.path): marked pending (\(reason)) but now passes; remove the mark")
                    } else {
                        pendingLines.append("\(row.path): pending, \(reason)")
                    }
                } else if passes {
                    ok = true
                } else {
                    let got = verdict.errors.map { "    " + $0.formatted(file: row.path) }.joined(separator: "\n")
                    failures.append(
                        "\(row.path): invalid per AWS (\(row.why)); expected \(missing.joined(separator: ", ")), got "
                            + (got.isEmpty ? "no error" : ":\n" + got))
                }
            default:
                ok = true
                let said =
                    verdict.errors.isEmpty
                    ? "accepted"
                    : "rejected: " + verdict.errors.map { "[\($0.code)] \($0.path)" }.joined(separator: "; ")
                unknownLines.append("\(row.path): \(said)")
            }
            if ok { counts[row.expect, default: (0, 0)].ok += 1 }
            if verbose {
                io.out(
                    "\(row.path) [\(row.expect)]: "
                        + (verdict.errorCodes.isEmpty ? "no error" : verdict.errorCodes.joined(separator: ",")))
            }
        }
        for path in expectations.keys.sorted()
        where !rows.contains(where: { $0.path == path && $0.expect == "invalid" }) {
            failures.append("\(expectationsFile): '\(path)' is not an invalid file of the corpus")
        }

        for f in failures { io.out("FAIL " + f) }
        for p in pendingLines { io.out("PENDING " + p) }
        for u in unknownLines { io.out("UNKNOWN " + u) }
        let valid = counts["valid"] ?? (0, 0)
        let invalid = counts["invalid"] ?? (0, 0)
        let unknown = counts["unknown"] ?? (0, 0)
        let rejectedUnknown = unknownLines.filter { $0.contains(": rejected") }.count
        io.out("valid: \(valid.ok)/\(valid.total) ok")
        io.out(
            "invalid: \(invalid.ok)/\(invalid.total) rejected for the right reason"
                + (pendingLines.isEmpty ? "" : " (\(pendingLines.count) pending)"))
        io.out(
            "unknown: \(unknown.total) reported (\(rejectedUnknown) rejected, \(unknown.total - rejectedUnknown) accepted)"
        )
        io.out("failures: \(failures.count)")
        return failures.isEmpty ? ExitStatus.ok : ExitStatus.failure
    }

    /// Reads `path<TAB>code[,code...]<TAB>[pending: reason]<TAB>note` lines; `#` starts a comment.
    func loadExpectations() throws(UsageError) -> [String: Expectation] {
        let text = try readTextFile(expectationsFile, io: .standard)
        var out: [String: Expectation] = [:]
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 2, !cells[1].isEmpty else {
                throw UsageError(message: "\(expectationsFile):\(n + 1): expected 'path<TAB>codes<TAB>...'")
            }
            let codes = cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            var pending: String?
            if cells.count > 2, cells[2].hasPrefix("pending:") {
                pending = cells[2].dropFirst("pending:".count).trimmingCharacters(in: .whitespaces)
            }
            if out[cells[0]] != nil {
                throw UsageError(message: "\(expectationsFile):\(n + 1): '\(cells[0])' listed twice")
            }
            out[cells[0]] = Expectation(codes: codes, pending: pending)
        }
        return out
    }
}

/// `CorpusChecks corpus conformance DIR`: definition-level verdicts of LocalStack cases recorded against AWS.
struct ConformanceDefinitionCheck {
    let directory: String
    let verbose: Bool

    func run(io: CommandIO) throws(UsageError) -> Int32 {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw UsageError(message: "cannot list \(directory)")
        }
        var rejectedOK = 0
        var rejectTotal = 0
        var acceptedOK = 0
        var acceptTotal = 0
        var failures: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let text = try readTextFile(directory + "/" + name, io: io)
            guard let case_ = try? JSONParser.parse(text), let definition = case_["definition"] else {
                failures.append("\(name): not a case file (no 'definition')")
                continue
            }
            let status = case_["expected"]?["status"]?.stringValue ?? ""
            let type = case_["execution"]?["stateMachineType"]?.stringValue ?? "STANDARD"
            let options = ASLValidator.Options(
                stateMachineType: type == "EXPRESS" ? .express : .standard, warnings: false)
            // The case holds the definition as parsed JSON; validate its text as AWS received it.
            let definitionText = definition.stringValue ?? JSONWriter.pretty.string(definition)
            let verdict = CorpusVerdict(text: definitionText, fileName: name, options: options)
            if status == "INVALID_DEFINITION" {
                rejectTotal += 1
                if verdict.errors.isEmpty {
                    let cause = case_["expected"]?["cause"]?.stringValue ?? ""
                    failures.append("\(name): AWS rejected it (\(cause)), but no error was found")
                } else {
                    rejectedOK += 1
                }
            } else {
                acceptTotal += 1
                if verdict.errors.isEmpty {
                    acceptedOK += 1
                } else {
                    failures.append(
                        "\(name): AWS accepted it, but:\n"
                            + verdict.errors.map { "    " + $0.formatted(file: name) }.joined(separator: "\n"))
                }
            }
            if verbose {
                io.out(
                    "\(name) [\(status)]: "
                        + (verdict.errorCodes.isEmpty ? "no error" : verdict.errorCodes.joined(separator: ",")))
            }
        }
        for f in failures { io.out("FAIL " + f) }
        io.out("definition_validation: \(rejectedOK)/\(rejectTotal) rejected")
        io.out("other definitions: \(acceptedOK)/\(acceptTotal) accepted")
        io.out("failures: \(failures.count)")
        return failures.isEmpty ? ExitStatus.ok : ExitStatus.failure
    }
}
