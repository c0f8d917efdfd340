import Foundation
import JSONCore
import SFNCLI
import StepFunctionsCompiler

/// `CorpusChecks import DIR`: `sfn import` over the real-world corpus's valid files, the generated
/// Swift built in a scratch package and each workflow's compiled JSON compared with the original.
let importCheckCommand = Command(
    name: "import",
    summary: "Import the corpus's valid definitions as Swift, build them and compare the JSON they compile to",
    help: """
        OVERVIEW: sfn import over the real-world corpus: generate Swift for each 'valid' file of
        DIR/INDEX.tsv, build it all in a scratch package that depends on this checkout by path
        (one file per definition in one executable target), run it to compile every workflow,
        and compare each JSON with the original definition (key order aside; LocalStack's
        %Name% stand-ins read as ${Name} placeholders).

        A file whose generated Swift does not compile is set aside and the rest built again.
        Prints the counts and the failures grouped by cause; exits 1 when anything fails.

        USAGE: CorpusChecks import (--all | --sample N) [--seed S] [--work DIR] [--verbose] CORPUS

        OPTIONS:
          --all                   Every valid file.
          --sample N              N valid files chosen by --seed (CI runs a sample).
          --seed S                The sample's seed (default 12).
          --work DIR              The scratch package (default: .build/import-check in this
                                  checkout; kept, so a second run builds incrementally).
          --verbose               Also print each file's generated Swift path and verdict.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--all", "--verbose"], options: ["--sample", "--seed", "--work"])
            guard args.positionals.count == 1 else { throw UsageError(message: "give the corpus DIR") }
            var sample: Int?
            if let text = args.value("--sample") {
                guard let n = Int(text), n > 0 else { throw UsageError(message: "--sample takes a positive number") }
                sample = n
            }
            guard args.has("--all") != (sample != nil) else { throw UsageError(message: "give --all or --sample N") }
            var seed: UInt64 = 12
            if let text = args.value("--seed") {
                guard let s = UInt64(text) else { throw UsageError(message: "--seed takes a number") }
                seed = s
            }
            let check = ImportCorpusCheck(
                directory: args.positionals[0], sample: sample, seed: seed,
                work: args.value("--work") ?? checkoutRoot + "/.build/import-check", verbose: args.has("--verbose"))
            return try check.run(io: io)
        } catch {
            io.err(
                "Error: \(error.message)\nUsage: CorpusChecks import (--all | --sample N) [--seed S] [--work DIR] "
                    + "[--verbose] CORPUS")
            return ExitStatus.usage
        }
    })

/// The checkout this tool was built from.
let checkoutRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Sources/CorpusChecks/ImportCheckCommand.swift
    return parts.joined(separator: "/")
}()

/// `CorpusChecks import`.
struct ImportCorpusCheck {
    let directory: String
    let sample: Int?
    let seed: UInt64
    let work: String
    let verbose: Bool

    /// One definition on its way through the check.
    struct Item {
        var path: String
        var id: String
        var expected: JSONValue
        var swift: String?
        /// Why it failed, grouped by this text; `nil` while it has not failed.
        var cause: String?
        var detail: String?
    }

    func run(io: CommandIO) throws(UsageError) -> Int32 {
        let started = Date()
        var items = try generate(io: io)
        let generated = items.filter { $0.cause == nil }.count
        try writePackage(items)
        let built = try build(&items, io: io)
        if built {
            try runAndCompare(&items, io: io)
        } else {
            for i in items.indices where items[i].cause == nil { items[i].cause = "the scratch package did not build" }
        }
        var causes: [String: [Item]] = [:]
        for item in items { if let cause = item.cause { causes[cause, default: []].append(item) } }
        for (cause, failed) in causes.sorted(by: {
            $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key)
        }) {
            io.out("FAIL \(failed.count) × \(cause)")
            for item in failed.prefix(verbose ? failed.count : 5) {
                io.out("    \(item.path)" + (item.detail.map { ": " + $0 } ?? ""))
            }
            if !verbose && failed.count > 5 { io.out("    ... and \(failed.count - 5) more") }
        }
        let passed = items.filter { $0.cause == nil }.count
        io.out("generated: \(generated)/\(items.count)")
        io.out("import round trip: \(passed)/\(items.count) compile and give back the original definition")
        io.out(String(format: "time: %.0f s (scratch package: %@)", Date().timeIntervalSince(started), work))
        return passed == items.count ? ExitStatus.ok : ExitStatus.failure
    }

    /// Reads the index, picks the files and generates each one's Swift.
    func generate(io: CommandIO) throws(UsageError) -> [Item] {
        let index = try readTextFile(directory + "/INDEX.tsv", io: io)
        var header: [String] = []
        var paths: [String] = []
        for line in index.split(separator: "\n") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if header.isEmpty {
                header = cells
                continue
            }
            guard let p = header.firstIndex(of: "path"), let e = header.firstIndex(of: "expect"),
                cells.count > max(p, e)
            else { continue }
            if cells[e] == "valid" { paths.append(cells[p]) }
        }
        if let sample, sample < paths.count {
            var random = SplitMix64(seed: seed)
            var pool = paths
            var chosen: [String] = []
            for _ in 0..<sample { chosen.append(pool.remove(at: random.below(pool.count))) }
            paths = chosen.sorted()
        }
        var items: [Item] = []
        for (n, path) in paths.enumerated() {
            let id = "w" + String(n + 1)
            var item = Item(path: path, id: id, expected: .null)
            defer { items.append(item) }
            let text = try readTextFile(directory + "/" + path, io: io)
            let localStack = path.hasPrefix("localstack/")
            guard let original = try? JSONParser.parse(text) else {
                item.cause = "the file is not JSON"
                continue
            }
            item.expected = localStack ? ASLReader.standInsAsPlaceholders(original) : original
            let document = ASLDocument(text: text, fileName: path, localStackPlaceholders: localStack)
            guard let definition = document.definition, !document.diagnostics.contains(where: { $0.severity == .error })
            else {
                item.cause = "the definition does not read"
                continue
            }
            do throws(SwiftImportError) {
                item.swift = try SwiftWriter(name: id).source(for: definition)
            } catch {
                item.cause = "sfn import: " + Self.generalized(error.message)
                item.detail = error.description
            }
        }
        return items
    }

    /// A message with its quoted names and values left out, so failures group by kind.
    static func generalized(_ message: String) -> String {
        var out = ""
        var quoted = false
        for ch in message {
            if ch == "'" {
                quoted.toggle()
                out.append(quoted ? "'…" : "'")
            } else if !quoted {
                out.append(ch)
            }
        }
        return out
    }

    /// SwiftPM's identity of a path dependency: the checkout directory's name.
    var packageIdentity: String { checkoutRoot.split(separator: "/").last.map(String.init) ?? "swift-step-functions" }

    /// Writes the scratch package: Package.swift, one file per workflow and a main that compiles each.
    func writePackage(_ items: [Item]) throws(UsageError) {
        let sources = work + "/Sources/ImportCheck"
        let fm = FileManager.default
        do {
            if fm.fileExists(atPath: sources) { try fm.removeItem(atPath: sources) }
            try fm.createDirectory(atPath: sources, withIntermediateDirectories: true)
            let manifest = """
                // swift-tools-version:6.0
                // Written by `CorpusChecks import`: the generated Swift of each corpus definition.
                import PackageDescription

                let package = Package(
                    name: "ImportCheck",
                    platforms: [.macOS(.v13)],
                    dependencies: [.package(path: \(SwiftWriterLiteral.string(checkoutRoot)))],
                    targets: [
                        .executableTarget(
                            name: "ImportCheck",
                            dependencies: [.product(name: "StepFunctions", package: \(SwiftWriterLiteral.string(packageIdentity)))])
                    ]
                )

                """
            try write(manifest, to: work + "/Package.swift")
            try writeSources(items)
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError(message: "cannot write the scratch package in \(work): \(error.localizedDescription)")
        }
    }

    /// The workflows' files and main.swift for the items that have Swift and have not failed.
    func writeSources(_ items: [Item]) throws {
        let sources = work + "/Sources/ImportCheck"
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: sources)) ?? [] {
            try fm.removeItem(atPath: sources + "/" + name)
        }
        var main = """
            // Compiles each workflow and writes its JSON (or its error) to the folder given as the argument.
            import Foundation
            import StepFunctions

            let folder = CommandLine.arguments[1]
            func record(_ id: String, _ compile: () throws -> String) {
                do {
                    try compile().write(toFile: folder + "/" + id + ".json", atomically: false, encoding: .utf8)
                } catch {
                    try? "\\(error)".write(toFile: folder + "/" + id + ".error", atomically: false, encoding: .utf8)
                }
            }

            """
        for item in items where item.cause == nil {
            guard let swift = item.swift else { continue }
            try write(swift, to: "\(sources)/\(item.id).swift")
            main += "record(\"\(item.id)\") { try \(item.id).compile().json }\n"
        }
        try write(main, to: sources + "/main.swift")
    }

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Builds the scratch package; a workflow whose Swift does not compile is set aside (its cause is
    /// the compiler's first error) and the rest is built again. Returns whether a build succeeded.
    func build(_ items: inout [Item], io: CommandIO) throws(UsageError) -> Bool {
        for _ in 0..<6 {
            let (status, output) = Self.runProcess(["swift", "build", "--package-path", work])
            if status == 0 { return true }
            var failed: [String: String] = [:]
            for line in output.split(separator: "\n") {
                guard let r = line.range(of: "Sources/ImportCheck/w"), let e = line.range(of: ": error: ") else {
                    continue
                }
                let file = line[r.upperBound...].prefix { $0.isNumber }
                let id = "w" + file
                if failed[id] == nil { failed[id] = String(line[e.upperBound...]) }
            }
            if failed.isEmpty {
                io.err("the scratch package does not build, and no generated file is to blame:\n" + output)
                return false
            }
            for i in items.indices {
                if let message = failed[items[i].id] {
                    items[i].cause = "the generated Swift does not compile: " + Self.generalized(message)
                    items[i].detail = "\(work)/Sources/ImportCheck/\(items[i].id).swift: \(message)"
                }
            }
            do {
                try writeSources(items)
            } catch {
                throw UsageError(message: "cannot write the scratch package in \(work): \(error.localizedDescription)")
            }
        }
        io.err("the scratch package still does not build after setting aside the files that failed")
        return false
    }

    /// Runs the built check and compares each workflow's JSON with the original.
    func runAndCompare(_ items: inout [Item], io: CommandIO) throws(UsageError) {
        let output = work + "/output"
        let fm = FileManager.default
        try? fm.removeItem(atPath: output)
        try? fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        let (status, text) = Self.runProcess(["swift", "run", "--package-path", work, "ImportCheck", output])
        if status != 0 {
            io.err("the scratch package's check did not run:\n" + text)
        }
        for i in items.indices where items[i].cause == nil {
            let base = output + "/" + items[i].id
            if let error = try? String(contentsOfFile: base + ".error", encoding: .utf8) {
                items[i].cause = "compile() fails"
                items[i].detail = error
                continue
            }
            guard let json = try? String(contentsOfFile: base + ".json", encoding: .utf8),
                let compiled = try? JSONParser.parse(json)
            else {
                items[i].cause = "the check wrote no JSON"
                continue
            }
            if compiled != items[i].expected {
                items[i].cause = "the compiled JSON differs from the original"
                items[i].detail = Self.firstDifference(items[i].expected, compiled, at: "")
            }
            if verbose { io.out("\(items[i].path): \(items[i].cause ?? "ok")") }
        }
    }

    /// Where two JSON values first differ, as a path with both values.
    static func firstDifference(_ a: JSONValue, _ b: JSONValue, at path: String) -> String {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (key, value) in x {
                guard let other = y[key] else { return "\(path).\(key) is missing" }
                if value != other { return firstDifference(value, other, at: path + "." + key) }
            }
            for key in y.keys where x[key] == nil { return "\(path).\(key) is extra" }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for (i, pair) in zip(x, y).enumerated() where pair.0 != pair.1 {
                return firstDifference(pair.0, pair.1, at: "\(path)[\(i)]")
            }
        default:
            break
        }
        return "\(path): \(JSONWriter.compact.string(a)) became \(JSONWriter.compact.string(b))"
    }

    /// Runs a command, returning its status and its standard output and error together.
    static func runProcess(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "cannot run \(arguments.joined(separator: " ")): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Swift string literals for the manifest.
enum SwiftWriterLiteral {
    static func string(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
