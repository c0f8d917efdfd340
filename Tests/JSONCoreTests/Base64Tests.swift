import JSONCore
import Testing

/// Base64 (RFC 4648 test vectors) and strict decoding errors.
@Suite struct Base64Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"), ("hello:world", "aGVsbG86d29ybGQ="),
    ]

    @Test(arguments: vectors)
    func roundTrip(_ vector: (String, String)) throws {
        #expect(Base64.encode(vector.0) == vector.1)
        #expect(try Base64.decode(vector.1) == Array(vector.0.utf8))
    }

    @Test func binaryRoundTrip() throws {
        let bytes = (0..<256).map { UInt8($0) }
        #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test func strictDecodingRejectsBadInput() {
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm9") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zm9v!A==") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zg===") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zh==") }
        #expect(throws: Base64.DecodingError.self) { try Base64.decode("Zg==Zg==") }
        do {
            _ = try Base64.decode("ab$d")
        } catch {
            #expect(error.offset == 2)
            #expect(error.description == "Invalid Base64 character at offset 2")
        }
    }

    @Test func lenientDecodingSkipsNoise() throws {
        #expect(try Base64.decode("Zm9v\nYmFy", lenient: true) == Array("foobar".utf8))
        #expect(try Base64.decode("Zg", lenient: true) == Array("f".utf8))
    }
}
