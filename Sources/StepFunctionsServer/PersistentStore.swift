import Foundation
import JSONCore
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The service's data directory: every acknowledged change as a record, written and flushed to
/// disk before the service answers, and read back at start.
final class PersistentStore: Sendable {
    private let fd: Locked<Int32>
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = Locked(fd)
        self.path = path
    }

    /// Opens (creating) the store in `directory` and rebuilds the data it holds.
    static func open(directory: String) throws(ServiceSetupError) -> (PersistentStore, ServiceData) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ServiceSetupError("cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        let path = directory + "/journal.jsonl"
        var data = ServiceData()
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var lineNumber = 0
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                lineNumber += 1
                if line.isEmpty { continue }
                do {
                    let record = try JSONParser.parse(String(line))
                    try StoreRecord.apply(record, to: &data)
                } catch {
                    // A torn last line (the process died while writing it) was never acknowledged.
                    if i == lines.count - 1 || (i == lines.count - 2 && lines.last?.isEmpty == true) { break }
                    throw ServiceSetupError("\(path):\(lineNumber): unreadable record: \(error)")
                }
            }
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw ServiceSetupError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return (PersistentStore(fd: fd, path: path), data)
    }

    /// Appends a record and flushes it to disk.
    func append(_ record: JSONValue) {
        var bytes: [UInt8] = []
        JSONWriter().write(record, into: &bytes)
        bytes.append(0x0A)
        fd.withLock { fd in
            guard fd >= 0 else { return }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
            fsync(fd)
        }
    }

    /// Closes the file.
    func close() {
        fd.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }
}
