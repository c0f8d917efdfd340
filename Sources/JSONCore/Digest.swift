/// A hash algorithm, named as AWS Step Functions names it (`States.Hash`, JSONata `$hash`).
package enum DigestAlgorithm: String, CaseIterable, Sendable {
    /// MD5 (RFC 1321), 16 bytes.
    case md5 = "MD5"
    /// SHA-1 (FIPS 180-4), 20 bytes.
    case sha1 = "SHA-1"
    /// SHA-256 (FIPS 180-4), 32 bytes.
    case sha256 = "SHA-256"
    /// SHA-384 (FIPS 180-4), 48 bytes.
    case sha384 = "SHA-384"
    /// SHA-512 (FIPS 180-4), 64 bytes.
    case sha512 = "SHA-512"

    /// The digest length in bytes.
    package var byteCount: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }
}

/// MD5 (RFC 1321), SHA-1 and the SHA-2 family (FIPS 180-4), implemented without dependencies.
package enum Digest {
    /// The digest of `bytes`.
    package static func hash(_ bytes: [UInt8], algorithm: DigestAlgorithm) -> [UInt8] {
        switch algorithm {
        case .md5: return md5(bytes)
        case .sha1: return sha1(bytes)
        case .sha256: return sha256(bytes)
        case .sha384: return sha2(bytes, initial: sha384Initial, spec: sha512Spec, outputWords: 6)
        case .sha512: return sha2(bytes, initial: sha512Initial, spec: sha512Spec, outputWords: 8)
        }
    }

    /// The lowercase hex digest of the UTF-8 bytes of `string`.
    package static func hexDigest(_ string: String, algorithm: DigestAlgorithm) -> String {
        hex(hash(Array(string.utf8), algorithm: algorithm))
    }

    /// Lowercase hexadecimal text of bytes.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Padding

    /// Appends the Merkle–Damgård padding: 0x80, zeros, and the bit length in `lengthBytes` bytes.
    private static func padded(_ bytes: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool) -> [UInt8] {
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while (message.count + lengthBytes) % blockSize != 0 { message.append(0) }
        var length = [UInt8](repeating: 0, count: lengthBytes)
        for i in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
            if bigEndian {
                length[lengthBytes - 1 - i] = byte
            } else {
                length[i] = byte
            }
        }
        message.append(contentsOf: length)
        return message
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

    // MARK: - MD5

    private static let md5Shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// K[i] = floor(2^32 × |sin(i + 1)|).
    private static let md5Constants: [UInt32] = [
        0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
        0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
        0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
        0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
        0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
        0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
        0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
        0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
    ]

    /// The MD5 digest (16 bytes).
    package static func md5(_ bytes: [UInt8]) -> [UInt8] {
        let message = padded(bytes, blockSize: 64, lengthBytes: 8, bigEndian: false)
        var a0: UInt32 = 0x6745_2301
        var b0: UInt32 = 0xefcd_ab89
        var c0: UInt32 = 0x98ba_dcfe
        var d0: UInt32 = 0x1032_5476
        var m = [UInt32](repeating: 0, count: 16)
        var offset = 0
        while offset < message.count {
            for i in 0..<16 {
                let j = offset + i * 4
                m[i] =
                    UInt32(message[j]) | UInt32(message[j + 1]) << 8 | UInt32(message[j + 2]) << 16
                    | UInt32(message[j + 3]) << 24
            }
            var a = a0
            var b = b0
            var c = c0
            var d = d0
            for i in 0..<64 {
                var f: UInt32
                var g: Int
                switch i {
                case 0..<16:
                    f = (b & c) | (~b & d)
                    g = i
                case 16..<32:
                    f = (d & b) | (~d & c)
                    g = (5 * i + 1) % 16
                case 32..<48:
                    f = b ^ c ^ d
                    g = (3 * i + 5) % 16
                default:
                    f = c ^ (b | ~d)
                    g = (7 * i) % 16
                }
                f = f &+ a &+ md5Constants[i] &+ m[g]
                a = d
                d = c
                c = b
                b = b &+ rotl(f, md5Shifts[i])
            }
            a0 = a0 &+ a
            b0 = b0 &+ b
            c0 = c0 &+ c
            d0 = d0 &+ d
            offset += 64
        }
        var out = [UInt8]()
        out.reserveCapacity(16)
        for word in [a0, b0, c0, d0] {
            for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(k)))) }
        }
        return out
    }

    // MARK: - SHA-1

    /// The SHA-1 digest (20 bytes).
    package static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        let message = padded(bytes, blockSize: 64, lengthBytes: 8, bigEndian: true)
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var w = [UInt32](repeating: 0, count: 80)
        var offset = 0
        while offset < message.count {
            for i in 0..<16 {
                let j = offset + i * 4
                w[i] =
                    UInt32(message[j]) << 24 | UInt32(message[j + 1]) << 16 | UInt32(message[j + 2]) << 8
                    | UInt32(message[j + 3])
            }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var a = h[0]
            var b = h[1]
            var c = h[2]
            var d = h[3]
            var e = h[4]
            for i in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch i {
                case 0..<20:
                    f = (b & c) | (~b & d)
                    k = 0x5A82_7999
                case 20..<40:
                    f = b ^ c ^ d
                    k = 0x6ED9_EBA1
                case 40..<60:
                    f = (b & c) | (b & d) | (c & d)
                    k = 0x8F1B_BCDC
                default:
                    f = b ^ c ^ d
                    k = 0xCA62_C1D6
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d
                d = c
                c = rotl(b, 30)
                b = a
                a = temp
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
            offset += 64
        }
        return bigEndianBytes(h)
    }

    private static func bigEndianBytes(_ words: [UInt32]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(words.count * 4)
        for word in words {
            for k in (0..<4).reversed() { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(k)))) }
        }
        return out
    }

    // MARK: - SHA-256

    private static let sha256Constants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The SHA-256 digest (32 bytes).
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        sha2(bytes, initial: sha256Initial, spec: sha256Spec, outputWords: 8)
    }

    private static let sha256Initial: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// The round constants and rotation amounts of one SHA-2 variant.
    private struct SHA2Spec<W: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
        let constants: [W]
        let small0: (Int, Int, Int)
        let small1: (Int, Int, Int)
        let big0: (Int, Int, Int)
        let big1: (Int, Int, Int)
    }

    private static let sha256Spec = SHA2Spec<UInt32>(
        constants: sha256Constants, small0: (7, 18, 3), small1: (17, 19, 10), big0: (2, 13, 22), big1: (6, 11, 25))

    private static let sha512Spec = SHA2Spec<UInt64>(
        constants: sha512Constants, small0: (1, 8, 7), small1: (19, 61, 6), big0: (28, 34, 39), big1: (14, 18, 41))

    /// The SHA-2 compression over 32-bit (SHA-256) or 64-bit (SHA-384/512) words.
    private static func sha2<W: FixedWidthInteger & UnsignedInteger & Sendable>(
        _ bytes: [UInt8], initial: [W], spec: SHA2Spec<W>, outputWords: Int
    ) -> [UInt8] {
        let wordBytes = W.bitWidth / 8
        let blockSize = wordBytes * 16
        let message = padded(bytes, blockSize: blockSize, lengthBytes: wordBytes * 2, bigEndian: true)
        let rounds = spec.constants.count
        var h = initial
        var w = [W](repeating: 0, count: rounds)
        @inline(__always) func rotr(_ x: W, _ n: Int) -> W { (x &>> n) | (x &<< (W.bitWidth - n)) }
        var offset = 0
        while offset < message.count {
            for i in 0..<16 {
                var v: W = 0
                for k in 0..<wordBytes { v = (v &<< 8) | W(message[offset + i * wordBytes + k]) }
                w[i] = v
            }
            for i in 16..<rounds {
                let x = w[i - 15]
                let y = w[i - 2]
                let s0 = rotr(x, spec.small0.0) ^ rotr(x, spec.small0.1) ^ (x &>> spec.small0.2)
                let s1 = rotr(y, spec.small1.0) ^ rotr(y, spec.small1.1) ^ (y &>> spec.small1.2)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h[0]
            var b = h[1]
            var c = h[2]
            var d = h[3]
            var e = h[4]
            var f = h[5]
            var g = h[6]
            var hh = h[7]
            for i in 0..<rounds {
                let s1 = rotr(e, spec.big1.0) ^ rotr(e, spec.big1.1) ^ rotr(e, spec.big1.2)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ spec.constants[i] &+ w[i]
                let s0 = rotr(a, spec.big0.0) ^ rotr(a, spec.big0.1) ^ rotr(a, spec.big0.2)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
            for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
            offset += blockSize
        }
        var out = [UInt8]()
        out.reserveCapacity(outputWords * wordBytes)
        for word in h.prefix(outputWords) {
            for k in (0..<wordBytes).reversed() { out.append(UInt8(truncatingIfNeeded: word &>> (8 * k))) }
        }
        return out
    }

    // MARK: - SHA-512 and SHA-384

    private static let sha512Constants: [UInt64] = [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
        0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
        0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
        0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
        0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
        0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
        0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
        0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
        0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
        0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ]

    private static let sha512Initial: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]

    private static let sha384Initial: [UInt64] = [
        0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
        0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
    ]
}
