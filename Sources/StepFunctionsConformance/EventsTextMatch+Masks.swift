import Foundation
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension EventsTextMatch {
    /// A case's mask tokens and literals as bytes, and the comparison's rule for text
    /// (`ConformanceComparison.text`: `<...>` placeholders and mask tokens standing alone as words
    /// match anything) applied to bytes, for an expected string whose bytes differ from the actual
    /// ones. Where bytes and `String`'s rules could differ (anything but printable ASCII in the
    /// expected text or a mask) it cannot tell, and the caller compares the parsed events.
    package struct Masks {
        let tokens: [[UInt8]]
        let literals: [[UInt8]]
        /// The tokens that can stand for a word (4 characters or more), in the set's order: the
        /// first that fits is taken, as `ConformanceComparison.text` takes them.
        let wordTokens: [[UInt8]]
        /// Whether every token and literal is printable ASCII (and not empty).
        let plain: Bool

        /// The masks of a case (the sets `ConformanceComparison` keeps).
        package init(tokens: Set<String> = [], literals: Set<String> = []) {
            self.tokens = tokens.map { Array($0.utf8) }
            self.literals = literals.map { Array($0.utf8) }
            var words: [[UInt8]] = []
            for t in tokens where t.count >= 4 { words.append(Array(t.utf8)) }
            wordTokens = words
            plain = (self.tokens + self.literals).allSatisfy { !$0.isEmpty && $0.allSatisfy(Masks.isPrintableASCII) }
        }

        /// Whether masks made of `sets` would be these: the same tokens and literals byte for byte
        /// (`==` on sets compares strings as Unicode text), and the tokens that stand for words in
        /// the same order (the first that fits is taken; equal sets may iterate differently).
        package func isMade(of sets: (tokens: Set<String>, literals: Set<String>)) -> Bool {
            guard sets.tokens.count == tokens.count, sets.literals.count == literals.count else { return false }
            func same(_ x: [UInt8], _ y: UnsafeBufferPointer<UInt8>) -> Bool {
                x.count == y.count
                    && (x.isEmpty
                        || x.withUnsafeBufferPointer { memcmp($0.baseAddress!, y.baseAddress!, y.count) == 0 })
            }
            func has(_ list: [[UInt8]], _ s: String) -> Bool {
                var s = s
                return s.withUTF8 { b in list.contains { same($0, b) } }
            }
            var words = 0
            for t in sets.tokens {
                guard has(tokens, t) else { return false }
                if t.utf8.count >= 4, t.count >= 4 {
                    var t = t
                    guard words < wordTokens.count, t.withUTF8({ same(wordTokens[words], $0) }) else { return false }
                    words += 1
                }
            }
            // The strings of a set are distinct, so each is one of as many distinct others.
            return words == wordTokens.count && sets.literals.allSatisfy { has(literals, $0) }
        }

        @inline(__always)
        static func isPrintableASCII(_ c: UInt8) -> Bool { c >= 0x20 && c < 0x7F }

        @inline(__always)
        static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }

        static func equal(_ a: UnsafeBufferPointer<UInt8>, _ t: [UInt8]) -> Bool {
            guard a.count == t.count else { return false }
            return t.withUnsafeBufferPointer { memcmp(a.baseAddress!, $0.baseAddress!, t.count) == 0 }
        }

        /// Whether `t` comes in `e` at `i`.
        static func hasPrefix(_ e: UnsafeBufferPointer<UInt8>, at i: Int, _ t: [UInt8]) -> Bool {
            guard i + t.count <= e.count else { return false }
            return t.withUnsafeBufferPointer { memcmp(e.baseAddress! + i, $0.baseAddress!, t.count) == 0 }
        }

        /// Whether the expected text `e` (not equal to `actual` byte for byte) matches: a mask token
        /// matches anything (a literal nothing), and a text with placeholders or mask tokens matches
        /// as `ConformanceComparison.text` says; `actual` nil stands for a value that is not a
        /// string. Nil when bytes cannot tell.
        package func matches(_ e: UnsafeBufferPointer<UInt8>, _ actual: UnsafeBufferPointer<UInt8>?) -> Bool? {
            guard plain, e.allSatisfy(Masks.isPrintableASCII) else { return nil }
            if literals.contains(where: { Masks.equal(e, $0) }) { return false }
            if tokens.contains(where: { Masks.equal(e, $0) }) { return true }
            guard let actual else { return false }
            guard
                e.contains(UInt8(ascii: "<"))
                    || tokens.contains(where: { t in
                        (0...max(0, e.count - t.count)).contains { Masks.hasPrefix(e, at: $0, t) }
                    })
            else { return false }
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * e.count + 2) { room in
                let n = pieces(e, into: room.baseAddress!)
                let pieces = UnsafeBufferPointer(start: room.baseAddress!, count: 2 * n)
                return Masks.matches(e, pieces, actual)
            }
        }

        /// Cuts `e` into its literal pieces (start and end offsets, in `out`) around the wildcards;
        /// how many.
        func pieces(_ e: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<Int>) -> Int {
            var n = 0
            var start = 0
            var i = 0
            while i < e.count {
                if e[i] == UInt8(ascii: "<") {
                    // `<name>`: up to the first `>`, with no `<` inside and something between.
                    var close = i + 1
                    while close < e.count && e[close] != UInt8(ascii: ">") { close += 1 }
                    if close < e.count, close > i + 1, !e[(i + 1)..<close].contains(UInt8(ascii: "<")) {
                        let token = UnsafeBufferPointer(rebasing: e[i...close])
                        if !literals.contains(where: { Masks.equal(token, $0) }) {
                            out[2 * n] = start
                            out[2 * n + 1] = i
                            n += 1
                            start = close + 1
                        }
                        i = close + 1
                        continue
                    }
                }
                var matchedToken = false
                for t in wordTokens where t[0] == e[i] && Masks.hasPrefix(e, at: i, t) {
                    let before = i == 0 ? UInt8(ascii: " ") : e[i - 1]
                    let after = i + t.count < e.count ? e[i + t.count] : UInt8(ascii: " ")
                    if !Masks.isLetter(before) && !Masks.isLetter(after) {
                        out[2 * n] = start
                        out[2 * n + 1] = i
                        n += 1
                        i += t.count
                        start = i
                        matchedToken = true
                        break
                    }
                }
                if !matchedToken { i += 1 }
            }
            out[2 * n] = start
            out[2 * n + 1] = e.count
            return n + 1
        }

        /// `ConformanceComparison.matches(_:_:)` on byte ranges of `e`: the pieces in order, the
        /// first at the start, the last at the end, anything between; a line terminator ending
        /// `actual` may be left out.
        static func matches(
            _ e: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Int>, _ bytes: UnsafeBufferPointer<UInt8>
        ) -> Bool {
            ConformanceComparison.matchesAllowingFinalLineBreak(bytes) { count in
                matches(e, pieces, bytes, count: count)
            }
        }

        static func matches(
            _ e: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Int>, _ bytes: UnsafeBufferPointer<UInt8>,
            count: Int
        ) -> Bool {
            func at(_ offset: Int, _ k: Int) -> Bool {
                let length = pieces[2 * k + 1] - pieces[2 * k]
                return length == 0 || memcmp(bytes.baseAddress! + offset, e.baseAddress! + pieces[2 * k], length) == 0
            }
            let last = pieces.count / 2 - 1
            let firstCount = pieces[1] - pieces[0]
            if last == 0 { return count == firstCount && at(0, 0) }
            let lastCount = pieces[2 * last + 1] - pieces[2 * last]
            guard count >= firstCount + lastCount, at(0, 0), at(count - lastCount, last) else { return false }
            // The pieces between, each at its first place after the one before (leftmost is never worse).
            var from = firstCount
            let end = count - lastCount
            for k in 1..<last {
                let length = pieces[2 * k + 1] - pieces[2 * k]
                guard length > 0 else { continue }
                guard length <= end - from else { return false }
                var found = -1
                var p = from
                while p + length <= end {
                    if bytes[p] == e[pieces[2 * k]] && at(p, k) {
                        found = p
                        break
                    }
                    p += 1
                }
                guard found >= 0 else { return false }
                from = found + length
            }
            return true
        }
    }
}

/// The matcher is the visitor of the event whose details it compares: each field the event has
/// is looked for among the expected members as it is handed over.
extension EventsTextMatch: HistoryEventVisitor {
    package mutating func timestamp(_ date: Date) {}
    package mutating func type(_ type: HistoryEventType) {}

    package mutating func int(_ key: EventKey, _ value: Int) {
        guard key != .id && key != .previousEventId else { return }
        member(key) { $0.value(.int(value)) }
    }

    package mutating func beginDetails(_ type: HistoryEventType) { hasDetails = true }
    package mutating func endDetails() {}

    package mutating func string(_ key: EventKey, _ value: String) {
        if key == .name && exactName {
            member(key) { $0.string(equalTo: value) }
        } else {
            member(key) { $0.string(matching: value) }
        }
    }

    package mutating func field(_ key: EventKey, _ value: EventField) {
        member(key) { $0.field(value) }
    }

    package mutating func notTruncated(_ key: EventKey) {
        member(key) { $0.notTruncated() }
    }

    package mutating func details(_ type: HistoryEventType, fields: [(key: String, value: EventField)]) {
        hasDetails = true
        mayRepeat = true
        // Each field lent where it is stored: a copy would retain its name and value.
        fields.withUnsafeBufferPointer { fields in
            for i in 0..<fields.count {
                (fields.baseAddress! + i).withBorrowedPointee { f in detailsField(f.key, f.value) }
                if failed { return }
            }
        }
    }

    /// One field of a field list (``details(_:fields:)``).
    mutating func detailsField(_ key: String, _ value: EventField) {
        // The name's bytes where they are stored (a native string's): no copy of it to read them.
        if key.utf8.withContiguousStorageIfAvailable({ detailsField(key, $0, value) }) != nil { return }
        var name = key
        name.withUTF8 { detailsField(key, $0, value) }
    }

    /// ``detailsField(_:_:)`` with the name's bytes.
    mutating func detailsField(_ key: String, _ name: UnsafeBufferPointer<UInt8>, _ value: EventField) {
        // A name read where it is expected is compared as it is: one that JSON escapes is no JSON so.
        guard !EventsTextMatch.needsEscape(name) else {
            failed = true
            return
        }
        if exactName && key == "name" {
            // The state's name, part of the label: exactly.
            member(name) { m in
                guard case .value(.string(let s)) = value else { return false }
                return m.string(equalTo: s)
            }
        } else {
            member(name) { $0.field(value) }
        }
        // `jsonDetailFields`: a payload `input`/`output` shows its `…Details` after it.
        if EventsTextMatch.addsDetails(key, value) { member(name, details: true) { $0.notTruncated() } }
    }
}
