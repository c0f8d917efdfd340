/// The seeded randomness of one execution path: jitter, `States.MathRandom`, `States.UUID`, task tokens.
///
/// Each Parallel branch and Map iteration derives its own source from its parent's seed and its
/// index, so concurrent branches never race for numbers and a run is reproducible. Copies share
/// one generator (a reference to it behind a lock).
struct RandomSource: Sendable {
    private let generator: Locked<SplitMix64>
    /// The seed this source started from.
    let seed: UInt64

    /// Creates a source from a seed.
    init(seed: UInt64) {
        self.seed = seed
        generator = Locked(SplitMix64(seed: seed))
    }

    /// The next 64 random bits.
    func next() -> UInt64 { generator.withLock { $0.next() } }

    /// A number in `0..<1`.
    func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A child source for branch or iteration `index`.
    func child(_ index: Int) -> RandomSource {
        var mix = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD6E8_FEB8_6659_FD93))
        return RandomSource(seed: mix.next())
    }

    /// A version-4 UUID string.
    func uuid() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let a = next()
        let b = next()
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-" + hex[8..<10].joined()
            + "-" + hex[10..<16].joined()
    }
}

extension String {
    /// Pads with leading zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
