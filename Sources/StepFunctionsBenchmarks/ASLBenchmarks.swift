import Foundation
import JSONCore
import StepFunctionsCompiler

/// Reads, validates and writes every definition of the real-world corpus (when `../shared` or
/// `SFN_CORPUS` points at it) and reports the time per definition, in total and per phase.
@MainActor
func runASLBenchmarks() {
    let env = ProcessInfo.processInfo.environment
    let directory = env["SFN_CORPUS"] ?? "../shared/corpus/real-world"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        print("corpus not found at \(directory) (set SFN_CORPUS); skipped")
        return
    }
    var texts: [String] = []
    for repo in names.sorted() {
        let sub = directory + "/" + repo
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: sub) else { continue }
        for f in files.sorted() where f.hasSuffix(".json") {
            if let t = try? String(contentsOfFile: sub + "/" + f, encoding: .utf8) { texts.append(t) }
        }
    }
    guard !texts.isEmpty else {
        print("no definitions under \(directory); skipped")
        return
    }
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    let rounds = 5
    let count = Double(rounds * texts.count)
    var checksum = 0

    // The whole pipeline, as `sfn validate` and `sfn format` run it (warnings on).
    let total = measureSeconds {
        for _ in 0..<rounds {
            for text in texts {
                let document = ASLDocument(text: text)
                if let d = document.definition { checksum &+= ASLWriter().text(d).utf8.count }
                checksum &+= document.diagnostics.count
            }
        }
    }
    // Each phase alone, on the same inputs.
    let parsed = texts.compactMap { try? JSONParser.parse($0) }
    let parse = measureSeconds {
        for _ in 0..<rounds { for text in texts { checksum &+= (try? JSONParser.parse(text)) == nil ? 0 : 1 } }
    }
    let definitions = parsed.compactMap { ASLReader().read(json: $0).definition }
    let read = measureSeconds {
        for _ in 0..<rounds { for json in parsed { checksum &+= ASLReader().read(json: json).diagnostics.count } }
    }
    let validate = measureSeconds {
        for _ in 0..<rounds { for d in definitions { checksum &+= ASLValidator().validate(d).count } }
    }
    let write = measureSeconds {
        for _ in 0..<rounds { for d in definitions { checksum &+= ASLWriter().text(d).utf8.count } }
    }
    // Telling a template from a definition (`DefinitionSource(text:)`, the first step of every
    // command that takes definition files): the tree parse it used, and the document it uses.
    let classifyTree = measureSeconds {
        for _ in 0..<rounds {
            for text in texts {
                if case .object(let o)? = try? JSONParser.parse(text), o["Resources"] != nil { checksum &+= 1 }
            }
        }
    }
    let classifyDocument = measureSeconds {
        for _ in 0..<rounds {
            for text in texts {
                if let d = try? JSONDocument(parsing: text), d.root["Resources"] != nil { checksum &+= 1 }
            }
        }
    }
    let source = measureSeconds {
        for _ in 0..<rounds {
            for text in texts { checksum &+= (try? DefinitionSource(text: text))?.definitionText.utf8.count ?? 0 }
        }
    }
    print("read + validate + write: \(texts.count) definitions (\(bytes / 1024) KiB), \(rounds) rounds")
    print(
        String(
            format: "  %.1f µs per definition, %.1f MB/s (checksum %d)", total / count * 1e6,
            Double(bytes * rounds) / total / 1e6, checksum))
    print(
        String(
            format: "  phases per definition: JSON parse %.1f µs, ASL read %.1f µs, validate %.1f µs, write %.1f µs",
            parse / count * 1e6, read / count * 1e6, validate / Double(rounds * definitions.count) * 1e6,
            write / Double(rounds * definitions.count) * 1e6))
    print(
        String(
            format:
                "  template or definition (DefinitionSource(text:)): %.1f µs per file; its look at the top-level keys: JSONValue tree %.1f µs, JSONDocument %.1f µs",
            source / count * 1e6, classifyTree / count * 1e6, classifyDocument / count * 1e6))
}
