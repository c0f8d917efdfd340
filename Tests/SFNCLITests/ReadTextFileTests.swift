import Foundation
import SFNCLI
import Testing

/// `readTextFile` reads plain files in one go; whatever it reads must be what Foundation's
/// `String(data:encoding:)` makes of the bytes (a byte order mark dropped), and every other file
/// must get the error the checks word.
@Suite struct ReadTextFileTests {
    @Test func textIsWhatFoundationReadsAndBadBytesAreNamed() throws {
        let dir = NSTemporaryDirectory() + "read-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let samples: [[UInt8]] = [
            [], Array(#"{"a": 1}"#.utf8), Array("é😀 \u{FFFD} \u{F000}".utf8), [0xEF, 0xBB, 0xBF, 0x41],
            [0x41, 0xF0, 0x90, 0x80, 0x41], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF], [0x41, 0x00, 0x42],
            [0xEF, 0xBF, 0xBD], [0xE2, 0x82], Array(String(repeating: "abcdefgh", count: 3000).utf8),
        ]
        for (i, bytes) in samples.enumerated() {
            let path = dir + "/\(i).json"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let expected: String
            if let nul = bytes.firstIndex(of: 0) {
                expected = "error: is a binary file (a NUL byte at offset \(nul)), not text"
            } else if let text = String(data: Data(bytes), encoding: .utf8) {
                expected = text
            } else {
                expected = "error: is not UTF-8 text"
            }
            var got: String
            do { got = try readTextFile(path, io: .standard) } catch { got = "error: " + error.message }
            #expect(got == expected, "\(bytes.prefix(8))")
        }
    }

    /// What `readTextFile` must give for `bytes`: Foundation's reading, or the error naming the bytes.
    func expected(_ bytes: [UInt8]) -> String {
        if let nul = bytes.firstIndex(of: 0) {
            return "error: is a binary file (a NUL byte at offset \(nul)), not text"
        }
        if let text = String(data: Data(bytes), encoding: .utf8) { return text }
        return "error: is not UTF-8 text"
    }

    @Test func randomFilesOfEverySizeAroundTheScanBlocksReadAsFoundationDoes() throws {
        let dir = NSTemporaryDirectory() + "read-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A small deterministic generator (xorshift).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func below(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        let pieces: [[UInt8]] = [
            Array("{\"a\": 1}".utf8), Array("abcdefgh".utf8), [0x20], [0x0A], [0x7F], [0x00], [0xEF, 0xBB, 0xBF],
            Array("é".utf8), Array("😀".utf8), [0xC3], [0x80], [0xFF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD],
        ]
        for round in 0..<600 {
            var bytes: [UInt8] = []
            // Mostly ASCII, near 64-byte multiples and the 8 KiB where the reading changes, with one odd
            // piece now and then.
            let size = [0, 1, 15, 16, 63, 64, 65, 127, 128, 129, 200, 1000, 8190, 8192, 9000][below(15)] + below(3)
            while bytes.count < size { bytes.append(UInt8(0x21 + below(90))) }
            if below(3) == 0 {
                let piece = pieces[below(pieces.count)]
                bytes.insert(contentsOf: piece, at: below(bytes.count + 1))
            }
            let path = dir + "/\(round).json"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var got: String
            do { got = try readTextFile(path, io: .standard) } catch { got = "error: " + error.message }
            #expect(got == expected(bytes), "round \(round) \(bytes.count) bytes")
            #expect(got.utf8.count == expected(bytes).utf8.count)
            // Read as a file its listing called regular (no fstat for a small one): the same.
            var gotRegular: String
            do { gotRegular = try readTextFile(path, io: .standard, regular: true) } catch {
                gotRegular = "error: " + error.message
            }
            #expect(gotRegular == expected(bytes), "round \(round) \(bytes.count) bytes, regular")
            #expect(gotRegular.utf8.count == expected(bytes).utf8.count)
        }
    }

    @Test func filesThatAreNotPlainKeepTheirErrors() throws {
        let dir = NSTemporaryDirectory() + "read-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func message(_ path: String) -> String {
            do { return try readTextFile(path, io: .standard) } catch { return "error: " + error.message }
        }
        #expect(message(dir + "/missing.json") == "error: no such file")
        #expect(message(dir) == "error: is a directory, not a file")
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.json"))
        #expect(message(dir + "/empty.json") == "")
    }
}
