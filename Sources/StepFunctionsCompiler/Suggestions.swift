/// "Did you mean" suggestions by edit distance, shared by the reader, the validator and the CLI.
package enum Suggestions {
    /// The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        let lower = word.lowercased()
        for c in candidates {
            let d = distance(lower, c.lowercased())
            if d <= max(2, word.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// The Levenshtein distance between two strings.
    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
