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
}
