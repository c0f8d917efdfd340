import Foundation
import JSONCore
import StepFunctionsConformance
import Testing

/// The comparison's text rule (placeholders and mask tokens as wildcards) against the regular
/// expression it used to build, kept here as the reference.
@Suite struct PlaceholderTextTests {
    /// The previous implementation: a pattern with `(.*?)` for each placeholder or token, matched by
    /// `NSRegularExpression`.
    static func reference(_ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []) -> Bool
    {
        if expected == actual { return true }
        if literals.contains(expected) { return false }
        if tokens.contains(expected) { return true }
        guard expected.contains("<") || tokens.contains(where: { expected.contains($0) }) else { return false }
        var pattern = "^"
        var i = expected.startIndex
        while i < expected.endIndex {
            if expected[i] == "<", let close = expected[i...].firstIndex(of: ">"),
                !expected[expected.index(after: i)..<close].contains("<"), close > expected.index(after: i)
            {
                let token = String(expected[i...close])
                if literals.contains(token) {
                    pattern += NSRegularExpression.escapedPattern(for: token)
                } else {
                    pattern += "(.*?)"
                }
                i = expected.index(after: close)
                continue
            }
            var matchedToken = false
            for t in tokens where t.count >= 4 && expected[i...].hasPrefix(t) {
                let before = i == expected.startIndex ? " " : expected[expected.index(before: i)]
                let afterIndex = expected.index(i, offsetBy: t.count)
                let after = afterIndex < expected.endIndex ? expected[afterIndex] : " "
                if !before.isLetter && !after.isLetter {
                    pattern += "(.*?)"
                    i = afterIndex
                    matchedToken = true
                    break
                }
            }
            if matchedToken { continue }
            pattern += NSRegularExpression.escapedPattern(for: String(expected[i]))
            i = expected.index(after: i)
        }
        pattern += "$"
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return false
        }
        return re.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
    }

    func check(
        _ e: String, _ a: String, tokens: Set<String> = [], literals: Set<String> = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let new = ConformanceCase.textMatches(e, a, tokens: tokens, literals: literals)
        let old = Self.reference(e, a, tokens: tokens, literals: literals)
        #expect(
            new == old, "\(e.debugDescription) against \(a.debugDescription): \(new), before \(old)",
            sourceLocation: sourceLocation)
    }

    @Test func placeholdersMatchAsTheRegularExpressionDid() {
        let arn = "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>"
        check(arn, "arn:aws:states:us-east-1:111111111111:execution:sm:run-1")
        check(arn, "arn:aws:states:us-east-1:222222222222:execution:sm:run-1")
        check(arn, "arn:aws:states:us-east-1:111111111111:execution:sm:run-1\n")
        check(arn, "arn:aws:states:us-east-1:111111111111:execution:sm:run-1\r\n")
        check(arn, "arn:aws:states:us-east-1:111111111111:execution:sm:run-1\u{2028}")
        check(arn, "arn:aws:states:us-east-1:111111111111:execution:sm:run-1\n\n")
        check("<a>x<b>", "xx")
        check("<a>x<b>", "x")
        check("<a>x<b>", "")
        check("a<x>a", "a")
        check("a<x>a", "aa")
        check("a<x>b<y>b", "abb")
        check("a<x>b<y>b", "ab")
        check("<x>.*[(", "yy.*[(")
        check("<x>.*[(", "yy.[(")
        check("é<x>", "e\u{301}z")
        check("e<x>", "e\u{301}z")
        check("<x>😀", "a😀")
        check("value <lit> and <any>", "value <lit> and x", literals: ["<lit>"])
        check("value <lit> and <any>", "value zz and x", literals: ["<lit>"])
        check("<lit>", "x", literals: ["<lit>"])
        check("token: snf_role_arn.", "token: arn:aws:iam::1:role/r.", tokens: ["snf_role_arn"])
        check("token: snf_role_arnx", "token: arn:aws:iam::1:role/rx", tokens: ["snf_role_arn"])
        check("timestamp", "anything", tokens: ["timestamp"])
        check("at timestamp then <x>", "at 2024 then y", tokens: ["timestamp"])
        check("<>x", "<>x")
        check("<<a>b", "<zb")
        check("<a", "<a")
        check("line\n<x>", "line\nmore\nlines")
    }

    @Test func randomTextsMatchAsTheRegularExpressionDid() {
        var rng = SplitMix64(seed: 11)
        let parts = [
            "a", "b", "ab", "<x>", "<lit>", "tok_en", ":", "\n", "é", "e\u{301}", "😀", ".", "*", "<", ">", " ",
        ]
        let fills = ["", "a", "b", "ab", "\n", "é", "e\u{301}", "😀", "tok_en", "xyz", "\r\n", "\u{85}"]
        for _ in 0..<3000 {
            let expected = (0..<rng.below(7)).map { _ in parts[rng.below(parts.count)] }.joined()
            var actual = ""
            for c in expected.split(separator: "<", omittingEmptySubsequences: false).joined(separator: "") {
                actual.append(c)
                if rng.below(4) == 0 { actual += fills[rng.below(fills.count)] }
            }
            if rng.below(3) == 0 {
                actual = expected.replacingOccurrences(of: "<x>", with: fills[rng.below(fills.count)])
            }
            if rng.below(5) == 0 { actual += ["\n", "\r\n", "\r", "\u{2029}", "x"][rng.below(5)] }
            check(expected, actual, tokens: ["tok_en"], literals: ["<lit>"])
        }
    }

    /// The rule read by bytes (plain ASCII texts and tokens) answers as read by characters, on
    /// random texts of placeholders, tokens next to letters or not, carriage returns (which the
    /// byte reading declines: CR LF is one character) and non-ASCII pieces (declined too).
    @Test func readingByBytesAnswersAsReadingByCharacters() {
        var rng = SplitMix64(seed: 29)
        let parts = [
            "a", "B", "z", "ab", "<x>", "<lit>", "<", ">", "<>", "tok_en", "word", "wordy", "x_word", "1word", "abc",
            ":", " ", ".", "\n", "\r", "\r\n", "é", "_", "9",
        ]
        let tokenSets: [Set<String>] = [
            [], ["tok_en"], ["word", "wordy"], ["abc", "tok_en", "word"], ["ab"], ["<x>"], ["wo\rd", "word"], ["é_tok"],
            ["", "word"],
        ]
        var compared = 0
        var declined = 0
        for _ in 0..<3000 {
            let expected = (0..<rng.below(9)).map { _ in parts[rng.below(parts.count)] }.joined()
            var actual = ""
            for c in expected.replacingOccurrences(of: "<x>", with: "").unicodeScalars {
                actual.unicodeScalars.append(c)
                if rng.below(4) == 0 { actual += ["", "q", "word", "\n", "ab", "é", "<"][rng.below(7)] }
            }
            if rng.below(3) == 0 { actual = String(actual.prefix(rng.below(actual.count + 1))) }
            let tokens = tokenSets[rng.below(tokenSets.count)]
            let literals: Set<String> = rng.below(2) == 0 ? ["<lit>"] : []
            let byCharacters = ConformanceCase.textMatchesReadBy(
                bytes: false, expected, actual, tokens: tokens, literals: literals)
            guard
                let byBytes = ConformanceCase.textMatchesReadBy(
                    bytes: true, expected, actual, tokens: tokens, literals: literals)
            else {
                declined += 1
                #expect(
                    expected.utf8.contains { $0 >= 0x80 || $0 == 0x0D }
                        || tokens.contains { $0.isEmpty || $0.utf8.contains { $0 >= 0x80 || $0 == 0x0D } })
                continue
            }
            compared += 1
            #expect(
                byBytes == byCharacters,
                "\(expected.debugDescription) against \(actual.debugDescription), tokens \(tokens): \(byBytes)")
        }
        // Both readings were exercised.
        // (With these parts about two in five are compared, the rest declined.)
        #expect(compared > 800 && declined > 300, "\(compared) compared, \(declined) declined")
    }
}
