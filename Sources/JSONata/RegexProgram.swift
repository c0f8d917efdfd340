/// A compiled JavaScript regular expression (the syntax JSONata's `/.../flags` literals use).
///
/// Matching works on UTF-16 code units, as JavaScript's non-unicode regexes do, so match
/// positions agree with jsonata-js. The matcher is a backtracking machine with an explicit
/// stack: long inputs cannot overflow the thread's stack, and long searches check the
/// evaluation's time limit.
package final class RegexProgram: Sendable {
    /// A syntax error in a pattern.
    package struct SyntaxError: Error {
        package let message: String
    }

    /// A search that used up its step or time budget before it could tell whether the text
    /// matches: neither a match nor a non-match (see ``firstMatch(in:from:maxSteps:timeLimit:)``).
    package struct BudgetExceeded: Error, Sendable {
        /// The backtracking steps taken.
        package let steps: Int
        /// Whether the time limit, rather than the step limit, ended the search.
        package let timedOut: Bool
    }

    /// The steps after which a JSONata search gives up (U1001), with or without a time limit.
    static let defaultMaxSteps = 200_000_000

    /// A successful match: capture slots are `(start, end)` pairs in UTF-16 units (-1 when unset).
    struct Match {
        var slots: [Int]
        var start: Int { slots[0] }
        var end: Int { slots[1] }
        var isEmpty: Bool { slots[0] == slots[1] }

        func matchedString(_ units: [UInt16]) -> String {
            Functions.utf16String(units[slots[0]..<slots[1]])
        }

        /// The captured groups (nil for a group that did not take part).
        func groupStrings(_ units: [UInt16]) -> [String?] {
            var out: [String?] = []
            var i = 2
            while i + 1 < slots.count {
                if slots[i] >= 0 && slots[i + 1] >= slots[i] {
                    out.append(Functions.utf16String(units[slots[i]..<slots[i + 1]]))
                } else {
                    out.append(nil)
                }
                i += 2
            }
            return out
        }
    }

    let source: String
    let ignoreCase: Bool
    let multiline: Bool
    fileprivate let program: [Inst]
    fileprivate let sets: [CharSet]
    fileprivate let subprograms: [[Inst]]
    let groupCount: Int
    fileprivate let registerCount: Int
    fileprivate let firstUnit: FirstUnit

    /// Compiles a JavaScript regular expression (`flags` may hold `i` and `m`).
    package init(pattern: String, flags: String) throws(SyntaxError) {
        source = pattern
        ignoreCase = flags.contains("i")
        multiline = flags.contains("m")
        var parser = RegexParser(Array(pattern.utf16), ignoreCase: flags.contains("i"))
        let ast = try parser.parse()
        var compiler = RegexCompiler(sets: parser.sets)
        compiler.compile(.group(ast, capture: 0))
        compiler.code.append(.match)
        if compiler.code.count > 200_000 { throw SyntaxError(message: "Regular expression too large") }
        program = compiler.code
        sets = compiler.sets
        subprograms = compiler.subprograms
        groupCount = parser.groupCount
        registerCount = compiler.registers
        firstUnit = RegexProgram.firstUnit(of: compiler.code)
    }

    // MARK: - Searching with a budget (for callers outside a JSONata evaluation)

    /// The first match in `text` at or after the UTF-16 offset `from`, as a range of UTF-16
    /// offsets, or nil when there is none. The search takes at most `maxSteps` backtracking steps
    /// and `timeLimit`; past either it throws ``BudgetExceeded`` rather than answer "no match",
    /// so a catastrophic pattern cannot pass for a failed match.
    package func firstMatch(in text: String, from: Int = 0, maxSteps: Int, timeLimit: Duration?)
        throws(BudgetExceeded) -> Range<Int>?
    {
        let budget = Budget(maxSteps: maxSteps, timeLimit: timeLimit)
        do throws(JSONataError) {
            let units = Array(text.utf16)
            guard from <= units.count else { return nil }
            return try firstMatch(in: units, from: from, evaluator: nil, budget: budget).map { $0.start..<$0.end }
        } catch {
            throw budget.exceeded
        }
    }

    /// Whether the whole of `text` matches (as Java's `matches()` and Jayway JSONPath's `=~`
    /// require), with the same budget rules as ``firstMatch(in:from:maxSteps:timeLimit:)``.
    package func matchesWhole(_ text: String, maxSteps: Int, timeLimit: Duration?) throws(BudgetExceeded) -> Bool {
        let budget = Budget(maxSteps: maxSteps, timeLimit: timeLimit)
        let units = Array(text.utf16)
        var vm = RegexVM(program: self, input: units, evaluator: nil, budget: budget)
        do throws(JSONataError) {
            return try vm.run(program, at: 0, endAt: units.count) != nil
        } catch {
            throw budget.exceeded
        }
    }

    /// The limits of one search: steps, and a deadline checked every 65,536 steps.
    final class Budget {
        let maxSteps: Int
        let deadline: ContinuousClock.Instant?
        var steps = 0
        var timedOut = false

        init(maxSteps: Int, timeLimit: Duration?) {
            self.maxSteps = maxSteps
            deadline = timeLimit.map { ContinuousClock.now.advanced(by: $0) }
        }

        var exceeded: BudgetExceeded { BudgetExceeded(steps: steps, timedOut: timedOut) }
    }

    /// The first match at or after `from`.
    func firstMatch(in input: [UInt16], from: Int, evaluator: Evaluator?, budget: Budget? = nil)
        throws(JSONataError) -> Match?
    {
        var start = max(0, from)
        var vm = RegexVM(
            program: self, input: input, evaluator: evaluator,
            budget: budget ?? Budget(maxSteps: RegexProgram.defaultMaxSteps, timeLimit: nil))
        let n = input.count
        while start <= n {
            // skip start positions whose first code unit cannot begin a match
            switch firstUnit {
            case .char(let c):
                while start < n && input[start] != c && !(ignoreCase && RegexCase.equal(input[start], c)) { start += 1 }
                if start >= n { return nil }
            case .set(let k):
                while start < n && !sets[k].contains(input[start], ignoreCase: ignoreCase) { start += 1 }
                if start >= n { return nil }
            case .none:
                break
            }
            if let slots = try vm.run(program, at: start) { return Match(slots: slots) }
            start += 1
        }
        return nil
    }

    /// What the first consumed code unit of any match must be, when the program says so.
    fileprivate enum FirstUnit: Sendable {
        case char(UInt16)
        case set(Int)
        case none
    }

    fileprivate static func firstUnit(of code: [Inst]) -> FirstUnit {
        for inst in code {
            switch inst {
            case .save, .resetGroups, .markPosition: continue
            case .char(let c): return .char(c)
            case .set(let k): return .set(k)
            default: return .none
            }
        }
        return .none
    }

    /// Every match, left to right, stepping past empty matches.
    func allMatches(in input: [UInt16], evaluator: Evaluator?) throws(JSONataError) -> [Match] {
        var out: [Match] = []
        var from = 0
        while from <= input.count, let m = try firstMatch(in: input, from: from, evaluator: evaluator) {
            out.append(m)
            from = m.isEmpty ? m.end + 1 : m.end
        }
        return out
    }
}

// MARK: - Character sets

fileprivate struct CharSet: Sendable {
    var ranges: [(UInt16, UInt16)] = []
    var negated = false

    func contains(_ c: UInt16, ignoreCase: Bool) -> Bool {
        var found = rawContains(c)
        if !found && ignoreCase {
            let u = RegexCase.upper(c)
            let l = RegexCase.lower(c)
            found = (u != c && rawContains(u)) || (l != c && rawContains(l))
        }
        return found != negated
    }

    private func rawContains(_ c: UInt16) -> Bool {
        for (lo, hi) in ranges where c >= lo && c <= hi { return true }
        return false
    }

    static let digit: [(UInt16, UInt16)] = [(0x30, 0x39)]
    static let word: [(UInt16, UInt16)] = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
    static let space: [(UInt16, UInt16)] = [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
        (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ]

    static func complement(_ ranges: [(UInt16, UInt16)]) -> [(UInt16, UInt16)] {
        var out: [(UInt16, UInt16)] = []
        var next: UInt32 = 0
        for (lo, hi) in ranges.sorted(by: { $0.0 < $1.0 }) {
            if UInt32(lo) > next { out.append((UInt16(next), lo - 1)) }
            next = max(next, UInt32(hi) + 1)
        }
        if next <= 0xFFFF { out.append((UInt16(next), 0xFFFF)) }
        return out
    }
}

/// Simple case mapping of UTF-16 code units for the `i` flag.
enum RegexCase {
    static func upper(_ c: UInt16) -> UInt16 {
        if c >= 0x61 && c <= 0x7A { return c - 32 }
        if c < 0x80 { return c }
        return map(c) { $0.uppercased() }
    }

    static func lower(_ c: UInt16) -> UInt16 {
        if c >= 0x41 && c <= 0x5A { return c + 32 }
        if c < 0x80 { return c }
        return map(c) { $0.lowercased() }
    }

    private static func map(_ c: UInt16, _ f: (String) -> String) -> UInt16 {
        guard let scalar = Unicode.Scalar(UInt32(c)) else { return c }
        let mapped = Array(f(String(Character(scalar))).utf16)
        if mapped.count == 1 && (mapped[0] >= 0x80 || c < 0x80) { return mapped[0] }
        return c
    }

    static func equal(_ a: UInt16, _ b: UInt16) -> Bool {
        a == b || upper(a) == upper(b)
    }
}

// MARK: - Syntax tree and parser

fileprivate indirect enum RNode {
    case empty
    case char(UInt16)
    case any
    case set(Int)
    case sequence([RNode])
    case alternation([RNode])
    case group(RNode, capture: Int?)
    case repeated(RNode, min: Int, max: Int, greedy: Bool, firstGroup: Int, lastGroup: Int)
    case lineStart, lineEnd, wordBoundary, notWordBoundary
    case look(RNode, ahead: Bool, negative: Bool)
    case backReference(Int)
}

fileprivate struct RegexParser {
    let p: [UInt16]
    var i = 0
    var groupCount = 0
    var sets: [CharSet] = []
    let ignoreCase: Bool
    var depth = 0
    let totalGroups: Int

    init(_ pattern: [UInt16], ignoreCase: Bool) {
        p = pattern
        self.ignoreCase = ignoreCase
        // count capturing groups up front so that \N can tell back references from escapes
        var n = 0
        var k = 0
        var inClass = false
        while k < pattern.count {
            let c = pattern[k]
            if c == 0x5C {
                k += 2
                continue
            }
            if inClass {
                if c == 0x5D { inClass = false }
            } else if c == 0x5B {
                inClass = true
            } else if c == 0x28 {
                if k + 1 < pattern.count && pattern[k + 1] == 0x3F {
                    if k + 2 < pattern.count && pattern[k + 2] == 0x3C && k + 3 < pattern.count
                        && pattern[k + 3] != 0x3D && pattern[k + 3] != 0x21
                    {
                        n += 1
                    }
                } else {
                    n += 1
                }
            }
            k += 1
        }
        totalGroups = n
    }

    mutating func parse() throws(RegexProgram.SyntaxError) -> RNode {
        let node = try alternation()
        if i < p.count {
            if p[i] == 0x29 { throw RegexProgram.SyntaxError(message: "Unmatched ')'") }
            throw RegexProgram.SyntaxError(message: "Unexpected character")
        }
        return node
    }

    private mutating func alternation() throws(RegexProgram.SyntaxError) -> RNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw RegexProgram.SyntaxError(message: "Regular expression too deeply nested") }
        var branches = [try sequence()]
        while i < p.count && p[i] == 0x7C {
            i += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(RegexProgram.SyntaxError) -> RNode {
        var items: [RNode] = []
        while i < p.count && p[i] != 0x7C && p[i] != 0x29 {
            let groupsBefore = groupCount
            var atom = try self.atom()
            atom = try quantified(atom, firstGroup: groupsBefore + 1, lastGroup: groupCount)
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private func isDigit(_ k: Int) -> Bool { k < p.count && p[k] >= 0x30 && p[k] <= 0x39 }

    private mutating func readInt() -> Int? {
        guard isDigit(i) else { return nil }
        var v = 0
        while isDigit(i) {
            v = min(v * 10 + Int(p[i] - 0x30), 1_000_000)
            i += 1
        }
        return v
    }

    private mutating func quantified(_ atom: RNode, firstGroup: Int, lastGroup: Int) throws(RegexProgram.SyntaxError)
        -> RNode
    {
        guard i < p.count else { return atom }
        var minCount = 0
        var maxCount = Int.max
        switch p[i] {
        case 0x2A: i += 1
        case 0x2B:
            minCount = 1
            i += 1
        case 0x3F:
            maxCount = 1
            i += 1
        case 0x7B:
            let save = i
            i += 1
            guard let lo = readInt() else {
                i = save
                return atom
            }
            minCount = lo
            maxCount = lo
            if i < p.count && p[i] == 0x2C {
                i += 1
                maxCount = readInt() ?? Int.max
            }
            guard i < p.count && p[i] == 0x7D else {
                i = save
                return atom
            }
            i += 1
            if maxCount < minCount { throw RegexProgram.SyntaxError(message: "numbers out of order in {} quantifier") }
        default:
            return atom
        }
        switch atom {
        case .lineStart, .lineEnd, .wordBoundary, .notWordBoundary, .look:
            throw RegexProgram.SyntaxError(message: "Nothing to repeat")
        case .empty:
            throw RegexProgram.SyntaxError(message: "Nothing to repeat")
        default: break
        }
        var greedy = true
        if i < p.count && p[i] == 0x3F {
            greedy = false
            i += 1
        }
        return .repeated(
            atom, min: minCount, max: maxCount, greedy: greedy, firstGroup: firstGroup, lastGroup: lastGroup)
    }

    private mutating func atom() throws(RegexProgram.SyntaxError) -> RNode {
        let c = p[i]
        switch c {
        case 0x5E:
            i += 1
            return .lineStart
        case 0x24:
            i += 1
            return .lineEnd
        case 0x2E:
            i += 1
            return .any
        case 0x2A, 0x2B, 0x3F:
            throw RegexProgram.SyntaxError(message: "Nothing to repeat")
        case 0x28:
            i += 1
            var capture: Int? = nil
            var lookAhead: Bool? = nil
            var negative = false
            if i < p.count && p[i] == 0x3F {
                i += 1
                guard i < p.count else { throw RegexProgram.SyntaxError(message: "Invalid group") }
                switch p[i] {
                case 0x3A: i += 1
                case 0x3D:
                    lookAhead = true
                    i += 1
                case 0x21:
                    lookAhead = true
                    negative = true
                    i += 1
                case 0x3C:
                    i += 1
                    if i < p.count && (p[i] == 0x3D || p[i] == 0x21) {
                        lookAhead = false
                        negative = p[i] == 0x21
                        i += 1
                    } else {
                        while i < p.count && p[i] != 0x3E { i += 1 }
                        guard i < p.count else { throw RegexProgram.SyntaxError(message: "Invalid capture group name") }
                        i += 1
                        groupCount += 1
                        capture = groupCount
                    }
                default:
                    throw RegexProgram.SyntaxError(message: "Invalid group")
                }
            } else {
                groupCount += 1
                capture = groupCount
            }
            let inner = try alternation()
            guard i < p.count && p[i] == 0x29 else { throw RegexProgram.SyntaxError(message: "Unterminated group") }
            i += 1
            if let ahead = lookAhead { return .look(inner, ahead: ahead, negative: negative) }
            return .group(inner, capture: capture)
        case 0x5B:
            return .set(try charClass())
        case 0x5C:
            return try escape()
        default:
            i += 1
            return .char(c)
        }
    }

    private mutating func addSet(_ s: CharSet) -> Int {
        sets.append(s)
        return sets.count - 1
    }

    private mutating func escape() throws(RegexProgram.SyntaxError) -> RNode {
        i += 1
        guard i < p.count else { throw RegexProgram.SyntaxError(message: "\\ at end of pattern") }
        let c = p[i]
        switch c {
        case 0x62:
            i += 1
            return .wordBoundary
        case 0x42:
            i += 1
            return .notWordBoundary
        case 0x64, 0x44, 0x77, 0x57, 0x73, 0x53:
            i += 1
            return .set(addSet(RegexParser.classEscape(c)))
        case 0x31...0x39:
            let save = i
            if let n = readInt(), n <= totalGroups { return .backReference(n) }
            i = save
            // not a back reference: an octal escape or the digit itself
            if p[i] >= 0x38 {
                i += 1
                return .char(c)
            }
            var v = 0
            var k = 0
            while k < 3 && i < p.count && p[i] >= 0x30 && p[i] <= 0x37 && v * 8 + Int(p[i] - 0x30) <= 0xFF {
                v = v * 8 + Int(p[i] - 0x30)
                i += 1
                k += 1
            }
            return .char(UInt16(v))
        default:
            return .char(try singleEscape())
        }
    }

    static func classEscape(_ c: UInt16) -> CharSet {
        switch c {
        case 0x64: return CharSet(ranges: CharSet.digit)
        case 0x44: return CharSet(ranges: CharSet.digit, negated: true)
        case 0x77: return CharSet(ranges: CharSet.word)
        case 0x57: return CharSet(ranges: CharSet.word, negated: true)
        case 0x73: return CharSet(ranges: CharSet.space)
        default: return CharSet(ranges: CharSet.space, negated: true)
        }
    }

    /// An escape standing for one code unit (`\n`, `\x41`, `\u0041`, `\.`, ...); `i` is at the letter.
    private mutating func singleEscape() throws(RegexProgram.SyntaxError) -> UInt16 {
        let c = p[i]
        i += 1
        switch c {
        case 0x6E: return 0x0A
        case 0x72: return 0x0D
        case 0x74: return 0x09
        case 0x66: return 0x0C
        case 0x76: return 0x0B
        case 0x30: return 0
        case 0x63:
            if i < p.count, (p[i] >= 0x41 && p[i] <= 0x5A) || (p[i] >= 0x61 && p[i] <= 0x7A) {
                let v = p[i] % 32
                i += 1
                return v
            }
            i -= 1
            return 0x5C
        case 0x78:
            if i + 1 < p.count, let a = Lexer.hexValue(p[i]), let b = Lexer.hexValue(p[i + 1]) {
                i += 2
                return UInt16(a * 16 + b)
            }
            return c
        case 0x75:
            if i + 3 < p.count, let a = Lexer.hexValue(p[i]), let b = Lexer.hexValue(p[i + 1]),
                let d = Lexer.hexValue(p[i + 2]), let e = Lexer.hexValue(p[i + 3])
            {
                i += 4
                return UInt16(((a * 16 + b) * 16 + d) * 16 + e)
            }
            return c
        default:
            return c
        }
    }

    /// The ranges of `\d \D \w \W \s \S` inside a class (consuming the letter), or nil.
    private mutating func classEscapeRanges(_ e: UInt16) -> [(UInt16, UInt16)]? {
        guard [0x64, 0x44, 0x77, 0x57, 0x73, 0x53].contains(e) else { return nil }
        i += 1
        let cls = RegexParser.classEscape(e)
        return cls.negated ? CharSet.complement(cls.ranges) : cls.ranges
    }

    private mutating func charClass() throws(RegexProgram.SyntaxError) -> Int {
        i += 1
        var set = CharSet()
        if i < p.count && p[i] == 0x5E {
            set.negated = true
            i += 1
        }
        while true {
            guard i < p.count else { throw RegexProgram.SyntaxError(message: "Unterminated character class") }
            if p[i] == 0x5D {
                i += 1
                break
            }
            var lo: UInt16
            if p[i] == 0x5C {
                i += 1
                guard i < p.count else { throw RegexProgram.SyntaxError(message: "\\ at end of pattern") }
                let e = p[i]
                if let ranges = classEscapeRanges(e) {
                    set.ranges.append(contentsOf: ranges)
                    continue
                }
                if e == 0x62 {
                    i += 1
                    lo = 0x08
                } else if e == 0x2D {
                    i += 1
                    lo = 0x2D
                } else {
                    lo = try singleEscape()
                }
            } else {
                lo = p[i]
                i += 1
            }
            var hi = lo
            if i + 1 < p.count && p[i] == 0x2D && p[i + 1] != 0x5D {
                i += 1
                if p[i] == 0x5C {
                    i += 1
                    guard i < p.count else { throw RegexProgram.SyntaxError(message: "\\ at end of pattern") }
                    if let ranges = classEscapeRanges(p[i]) {
                        // a class escape cannot end a range: the '-' is literal
                        set.ranges.append((lo, lo))
                        set.ranges.append((0x2D, 0x2D))
                        set.ranges.append(contentsOf: ranges)
                        continue
                    }
                    if p[i] == 0x62 {
                        i += 1
                        hi = 0x08
                    } else {
                        hi = try singleEscape()
                    }
                } else {
                    hi = p[i]
                    i += 1
                }
                if hi < lo { throw RegexProgram.SyntaxError(message: "Range out of order in character class") }
            }
            set.ranges.append((lo, hi))
        }
        return addSet(set)
    }
}

// MARK: - Compiler

fileprivate enum Inst: Sendable {
    case char(UInt16)
    case any
    case set(Int)
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case resetGroups(Int, Int)
    case lineStart, lineEnd, wordBoundary, notWordBoundary
    case backReference(Int)
    case look(Int, ahead: Bool, negative: Bool)
    case markPosition(Int)
    case requireProgress(Int)
    case match
}

fileprivate struct RegexCompiler {
    var code: [Inst] = []
    var sets: [CharSet]
    var subprograms: [[Inst]] = []
    var registers = 0

    init(sets: [CharSet]) { self.sets = sets }

    mutating func compile(_ node: RNode) {
        if code.count > 200_000 { return }
        switch node {
        case .empty: break
        case .char(let c): code.append(.char(c))
        case .any: code.append(.any)
        case .set(let s): code.append(.set(s))
        case .sequence(let items): for item in items { compile(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = code.count
                    code.append(.split(split + 1, 0))
                    compile(branch)
                    jumps.append(code.count)
                    code.append(.jump(0))
                    code[split] = .split(split + 1, code.count)
                } else {
                    compile(branch)
                }
            }
            for j in jumps { code[j] = .jump(code.count) }
        case .group(let inner, let capture):
            if let capture { code.append(.save(capture * 2)) }
            compile(inner)
            if let capture { code.append(.save(capture * 2 + 1)) }
        case .repeated(let inner, let minCount, let maxCount, let greedy, let firstGroup, let lastGroup):
            let hasGroups = lastGroup >= firstGroup
            func body(_ c: inout RegexCompiler) {
                if hasGroups { c.code.append(.resetGroups(firstGroup, lastGroup)) }
                c.compile(inner)
            }
            let copies = min(minCount, 10_000)
            for _ in 0..<copies { body(&self) }
            if maxCount == Int.max {
                let register = registers
                registers += 1
                let loop = code.count
                code.append(.split(0, 0))
                code.append(.markPosition(register))
                body(&self)
                code.append(.requireProgress(register))
                code.append(.jump(loop))
                let exit = code.count
                code[loop] = greedy ? .split(loop + 1, exit) : .split(exit, loop + 1)
            } else {
                let optional = min(maxCount - minCount, 10_000)
                var splits: [Int] = []
                for _ in 0..<optional {
                    splits.append(code.count)
                    code.append(.split(0, 0))
                    body(&self)
                }
                let exit = code.count
                for s in splits { code[s] = greedy ? .split(s + 1, exit) : .split(exit, s + 1) }
            }
        case .lineStart: code.append(.lineStart)
        case .lineEnd: code.append(.lineEnd)
        case .wordBoundary: code.append(.wordBoundary)
        case .notWordBoundary: code.append(.notWordBoundary)
        case .backReference(let n): code.append(.backReference(n))
        case .look(let inner, let ahead, let negative):
            var sub = RegexCompiler(sets: sets)
            sub.registers = registers
            sub.subprograms = subprograms
            if ahead {
                sub.compile(inner)
            } else {
                // lookbehind: match the inner pattern ending here by trying every start (see VM)
                sub.compile(inner)
            }
            sub.code.append(.match)
            sets = sub.sets
            registers = sub.registers
            subprograms = sub.subprograms
            subprograms.append(sub.code)
            code.append(.look(subprograms.count - 1, ahead: ahead, negative: negative))
        }
    }
}

// MARK: - Matcher

fileprivate struct RegexVM {
    let regex: RegexProgram
    let input: [UInt16]
    let evaluator: Evaluator?
    let budget: RegexProgram.Budget
    /// `budget.maxSteps`, kept here because it is tested at every step.
    let maxSteps: Int
    var steps = 0
    /// Buffers reused from one start position to the next.
    private var slotBuffer: [Int]
    private var registerBuffer: [Int]
    private var stackBuffer: [Entry] = []

    init(program: RegexProgram, input: [UInt16], evaluator: Evaluator?, budget: RegexProgram.Budget) {
        self.regex = program
        self.input = input
        self.evaluator = evaluator
        self.budget = budget
        self.maxSteps = budget.maxSteps
        slotBuffer = [Int](repeating: -1, count: (program.groupCount + 1) * 2)
        registerBuffer = [Int](repeating: -1, count: max(program.registerCount, 1))
    }

    enum Entry {
        case branch(Int, Int)
        case restoreSlot(Int, Int)
        case restoreRegister(Int, Int)
    }

    private func isWord(_ k: Int) -> Bool {
        guard k >= 0 && k < input.count else { return false }
        let c = input[k]
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private func isLineTerminator(_ c: UInt16) -> Bool {
        c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029
    }

    /// Runs `code` from position `start`; returns the capture slots on success.
    mutating func run(_ code: [Inst], at start: Int, slots initial: [Int]? = nil, endAt: Int? = nil)
        throws(JSONataError) -> [Int]?
    {
        var slots: [Int]
        if let initial {
            slots = initial
        } else {
            slots = slotBuffer
            for k in slots.indices { slots[k] = -1 }
        }
        var registers = registerBuffer
        var stack = stackBuffer
        stack.removeAll(keepingCapacity: true)
        defer {
            if initial == nil { slotBuffer = slots }
            registerBuffer = registers
            stackBuffer = stack
        }
        var pc = 0
        var sp = start
        let n = input.count
        let ignoreCase = regex.ignoreCase
        while true {
            steps &+= 1
            if steps > maxSteps {
                budget.steps = steps
                throw Evaluator.timeoutError()
            }
            if steps & 0xFFFF == 0 {
                // the evaluation's time limit, then the search's own; either way U1001 inside
                // JSONata (the package API turns it into BudgetExceeded)
                budget.steps = steps
                try evaluator?.checkTime()
                if let deadline = budget.deadline, ContinuousClock.now > deadline {
                    budget.timedOut = true
                    throw Evaluator.timeoutError()
                }
            }
            var ok = true
            switch code[pc] {
            case .char(let c):
                if sp < n && (input[sp] == c || (ignoreCase && RegexCase.equal(input[sp], c))) {
                    sp += 1
                    pc += 1
                } else {
                    ok = false
                }
            case .any:
                if sp < n && !isLineTerminator(input[sp]) {
                    sp += 1
                    pc += 1
                } else {
                    ok = false
                }
            case .set(let s):
                if sp < n && regex.sets[s].contains(input[sp], ignoreCase: ignoreCase) {
                    sp += 1
                    pc += 1
                } else {
                    ok = false
                }
            case .split(let a, let b):
                stack.append(.branch(b, sp))
                pc = a
            case .jump(let a):
                pc = a
            case .save(let k):
                stack.append(.restoreSlot(k, slots[k]))
                slots[k] = sp
                pc += 1
            case .resetGroups(let lo, let hi):
                for g in lo...hi {
                    for k in [g * 2, g * 2 + 1] where slots[k] != -1 {
                        stack.append(.restoreSlot(k, slots[k]))
                        slots[k] = -1
                    }
                }
                pc += 1
            case .lineStart:
                if sp == 0 || (regex.multiline && isLineTerminator(input[sp - 1])) { pc += 1 } else { ok = false }
            case .lineEnd:
                if sp == n || (regex.multiline && isLineTerminator(input[sp])) { pc += 1 } else { ok = false }
            case .wordBoundary:
                if isWord(sp - 1) != isWord(sp) { pc += 1 } else { ok = false }
            case .notWordBoundary:
                if isWord(sp - 1) == isWord(sp) { pc += 1 } else { ok = false }
            case .backReference(let g):
                let s = slots[g * 2]
                let e = slots[g * 2 + 1]
                if s < 0 || e < s {
                    pc += 1
                } else {
                    let len = e - s
                    if sp + len <= n {
                        var same = true
                        for k in 0..<len {
                            let a = input[s + k]
                            let b = input[sp + k]
                            if a != b && !(ignoreCase && RegexCase.equal(a, b)) {
                                same = false
                                break
                            }
                        }
                        if same {
                            sp += len
                            pc += 1
                        } else {
                            ok = false
                        }
                    } else {
                        ok = false
                    }
                }
            case .look(let index, let ahead, let negative):
                let sub = regex.subprograms[index]
                var found: [Int]? = nil
                if ahead {
                    found = try run(sub, at: sp, slots: slots)
                } else {
                    var begin = sp
                    while begin >= 0 {
                        if let r = try run(sub, at: begin, slots: slots, endAt: sp) {
                            found = r
                            break
                        }
                        begin -= 1
                    }
                }
                if negative {
                    if found == nil { pc += 1 } else { ok = false }
                } else if let found {
                    for k in slots.indices where slots[k] != found[k] && k > 1 {
                        stack.append(.restoreSlot(k, slots[k]))
                        slots[k] = found[k]
                    }
                    pc += 1
                } else {
                    ok = false
                }
            case .markPosition(let r):
                stack.append(.restoreRegister(r, registers[r]))
                registers[r] = sp
                pc += 1
            case .requireProgress(let r):
                if registers[r] == sp { ok = false } else { pc += 1 }
            case .match:
                if let endAt, sp != endAt {
                    ok = false
                } else {
                    if initial == nil {
                        slots[0] = start
                        slots[1] = sp
                    }
                    return slots
                }
            }
            if ok { continue }
            // backtrack
            var resumed = false
            while let entry = stack.popLast() {
                switch entry {
                case .branch(let target, let position):
                    pc = target
                    sp = position
                    resumed = true
                case .restoreSlot(let k, let v):
                    slots[k] = v
                case .restoreRegister(let r, let v):
                    registers[r] = v
                }
                if resumed { break }
            }
            if !resumed { return nil }
        }
    }
}
