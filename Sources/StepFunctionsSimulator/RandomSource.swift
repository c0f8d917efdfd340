/// The seeded randomness of one execution path: jitter, `States.MathRandom`, `States.UUID`, task tokens.
///
/// Each Parallel branch and Map iteration derives its own source from its parent's seed and its
/// index, so concurrent branches never race for numbers and a run is reproducible. Copies share
/// one generator (a reference to it behind a lock).
struct RandomSource: Sendable {
    /// Where the generator is: behind a lock of its own, or the execution's shared state's
    /// `random` (the main flow's: no lock of its own).
    private enum Generator {
        case own(Locked<SplitMix64>)
        case shared(Locked<Engine.Shared>)
    }

    private let generator: Generator
    /// The seed this source started from.
    let seed: UInt64

    /// Creates a source from a seed.
    init(seed: UInt64) {
        self.seed = seed
        generator = .own(Locked(SplitMix64(seed: seed)))
    }

    /// Creates a source from a seed whose generator is `shared`'s `random` (the main flow's).
    init(seed: UInt64, sharing shared: Locked<Engine.Shared>) {
        self.seed = seed
        shared.withLock { $0.random = SplitMix64(seed: seed) }
        generator = .shared(shared)
    }

    /// The next 64 random bits.
    func next() -> UInt64 {
        switch generator {
        case .own(let own): own.withLock { $0.next() }
        case .shared(let shared): shared.withLock { $0.random.next() }
        }
    }

    /// A number in `0..<1`.
    func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A child source for branch or iteration `index`.
    func child(_ index: Int) -> RandomSource {
        var mix = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD6E8_FEB8_6659_FD93))
        return RandomSource(seed: mix.next())
    }

    /// A version-4 UUID string (lowercase hex, 8-4-4-4-12), written byte by byte: Map Runs and
    /// task tokens take several a run, and joining per-byte strings cost ~4,000 instructions each.
    func uuid() -> String { uuid(dashes: true) }

    /// A version-4 UUID's 32 hex digits, without dashes (task tokens).
    func uuidDigits() -> String { uuid(dashes: false) }

    private func uuid(dashes: Bool) -> String {
        let a = next()
        let b = next()
        let hex: StaticString = "0123456789abcdef"
        return RandomSource.uuidText(dashes: dashes) { digit in
            let i = digit / 2
            var byte = UInt8(truncatingIfNeeded: (i < 8 ? a : b) >> (8 * UInt64(i % 8)))
            if i == 6 { byte = (byte & 0x0F) | 0x40 }
            if i == 8 { byte = (byte & 0x3F) | 0x80 }
            return hex.utf8Start[Int(digit % 2 == 0 ? byte >> 4 : byte & 0x0F)]
        }
    }

    /// 32 hex digits as a UUID's text, `digit(i)` the ASCII byte of digit `i`; with `dashes`,
    /// grouped 8-4-4-4-12.
    static func uuidText(dashes: Bool = true, _ digit: (Int) -> UInt8) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            var at = 0
            for i in 0..<32 {
                if dashes && (i == 8 || i == 12 || i == 16 || i == 20) {
                    out[at] = UInt8(ascii: "-")
                    at += 1
                }
                out[at] = digit(i)
                at += 1
            }
            return at
        }
    }
}

extension String {
    /// Pads with leading zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
