import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory: Sendable {
    /// Its path.
    let path: String

    /// Creates the directory.
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The journal file of a journal in this directory.
    var journal: String { path + "/journal.sfnj" }

    /// The bytes of `file`.
    func read(_ file: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: file) ?? Data())
    }

    /// Replaces the contents of `file` with `bytes`.
    func write(_ file: String, _ bytes: [UInt8]) {
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    }
}

/// The bytes of a string, for short test records.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// The strings of records.
func strings(_ records: [[UInt8]]) -> [String] {
    records.map { String(decoding: $0, as: UTF8.self) }
}
