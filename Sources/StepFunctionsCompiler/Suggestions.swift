/// "Did you mean" suggestions by edit distance, shared by the reader, the validator and the CLI.
package enum Suggestions {
    /// The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo:
    /// at most one edit per three characters of `word` (one for words shorter than six), a swap of
    /// two neighbouring letters counting as one, and fewer edits than either word has characters
    /// (so `A` never suggests `B`). A far word gets no suggestion rather than a misleading one.
    package static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        let lower = word.lowercased()
        let limit = maximumDistance(for: word)
        for c in candidates {
            let d = distance(lower, c.lowercased())
            guard d <= limit, d < word.count || d == 0, d < c.count || d == 0 else { continue }
            if best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// The most edits a suggestion for `word` may be away.
    package static func maximumDistance(for word: String) -> Int { max(word.count, 3) / 3 }

    /// The optimal-string-alignment distance between two strings: Levenshtein's insertions,
    /// deletions and substitutions plus swaps of two neighbouring characters, each costing one.
    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}
