import JSONCore
import Testing

/// MD5, SHA-1 and SHA-2 against the published test vectors (RFC 1321, FIPS 180 examples).
@Suite struct DigestTests {
    static let vectors: [(DigestAlgorithm, String, String)] = [
        (.md5, "", "d41d8cd98f00b204e9800998ecf8427e"),
        (.md5, "abc", "900150983cd24fb0d6963f7d28e17f72"),
        (.md5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        (
            .md5, "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
        (.sha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (.sha1, "input data", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        (.sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            .sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            .sha384, "abc",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        ),
        (
            .sha384, "",
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
        ),
        (
            .sha512, "abc",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        ),
        (
            .sha512, "",
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        ),
    ]

    @Test(arguments: vectors)
    func knownVectors(_ vector: (DigestAlgorithm, String, String)) {
        #expect(Digest.hexDigest(vector.1, algorithm: vector.0) == vector.2)
        #expect(Digest.hash(Array(vector.1.utf8), algorithm: vector.0).count == vector.0.byteCount)
    }

    @Test func millionAs() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Digest.hex(Digest.sha1(bytes)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(Digest.hex(Digest.sha256(bytes)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func blockBoundaries() {
        // lengths around the 55/56/64-byte padding boundaries
        for n in [55, 56, 63, 64, 65, 111, 112, 127, 128, 129] {
            let s = String(repeating: "x", count: n)
            #expect(Digest.hexDigest(s, algorithm: .md5).count == 32)
            #expect(Digest.hexDigest(s, algorithm: .sha512).count == 128)
        }
        #expect(
            Digest.hexDigest(String(repeating: "a", count: 64), algorithm: .sha256)
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func algorithmNamesAreAWSs() {
        #expect(DigestAlgorithm(rawValue: "SHA-256") == .sha256)
        #expect(DigestAlgorithm.allCases.map(\.rawValue) == ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"])
    }
}
