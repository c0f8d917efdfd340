import Foundation
import StepFunctionsCompiler

/// Reads, validates and writes every definition of the real-world corpus (when `../shared` or
/// `SFN_CORPUS` points at it) and reports the time per definition.
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
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    var checksum = 0
    let rounds = 5
    let seconds = measureSeconds {
        for _ in 0..<rounds {
            for text in texts {
                let document = ASLDocument(text: text)
                if let d = document.definition { checksum &+= ASLWriter().text(d).utf8.count }
                checksum &+= document.diagnostics.count
            }
        }
    }
    let perDefinition = seconds / Double(rounds * texts.count)
    print("read + validate + write: \(texts.count) definitions (\(bytes / 1024) KiB), \(rounds) rounds")
    print(String(format: "  %.1f µs per definition, %.1f MB/s (checksum %d)", perDefinition * 1e6,
        Double(bytes * rounds) / seconds / 1e6, checksum))
}
