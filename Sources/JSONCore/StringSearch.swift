extension String {
    /// The UTF-8 offset of the first occurrence of `needle` at or after `start`, found byte by byte.
    ///
    /// Where Foundation is imported, `contains` and `range(of:)` with a `String` argument resolve to
    /// its bridged search, which costs thousands of instructions for a short text; the rules and the
    /// plan ask this of every expression and resource of a definition.
    package func utf8Offset(of needle: String, from start: Int = 0) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty, n.count <= h.count else { return nil }
                let first = n[0]
                var i = start
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Whether `needle` occurs in the string (compared as UTF-8 bytes, see ``utf8Offset(of:from:)``).
    package func containsBytes(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// Whether the UTF-8 bytes at `offset` begin with `prefix`'s.
    package func utf8HasPrefix(_ prefix: String, at offset: Int) -> Bool {
        var haystack = self
        var prefix = prefix
        return haystack.withUTF8 { h in
            prefix.withUTF8 { p in
                guard offset >= 0, offset + p.count <= h.count else { return false }
                for k in 0..<p.count where h[offset + k] != p[k] { return false }
                return true
            }
        }
    }

    /// The pieces between each `separator` (an ASCII character), empty ones kept: what
    /// `split(separator:omittingEmptySubsequences: false)` gives, cut from the bytes when the text is
    /// ASCII (each ASCII byte is a character of its own there, CR LF aside, which holds no separator).
    package func splitKeepingEmpty(onASCII separator: UInt8) -> [String] {
        // Over the contiguous bytes: the generic `utf8.split` cost thousands of instructions an ARN.
        var text = self
        let ascii: [String]? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var parts: [String] = []
            var start = 0
            for i in 0..<bytes.count where bytes[i] == separator {
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                start = i + 1
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        }
        if let ascii { return ascii }
        return split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false).map(
            String.init)
    }

    /// The text with every occurrence of `needle` (non-empty), left to right, replaced by
    /// `replacement`, compared on UTF-8 bytes (Foundation's `replacingOccurrences` without its
    /// cost: a distributed Map builds each child's ARNs with it).
    package func replacingAllBytes(of needle: String, with replacement: String) -> String {
        guard !needle.isEmpty, var at = utf8Offset(of: needle) else { return self }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count + replacement.utf8.count)
        var from = 0
        let bytes = Array(utf8)
        let length = needle.utf8.count
        while true {
            out.append(contentsOf: bytes[from..<at])
            out.append(contentsOf: replacement.utf8)
            from = at + length
            guard let next = utf8Offset(of: needle, from: from) else { break }
            at = next
        }
        out.append(contentsOf: bytes[from...])
        return String(decoding: out, as: UTF8.self)
    }
}
