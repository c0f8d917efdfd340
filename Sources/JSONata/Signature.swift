/// A function signature such as `<s-n?:s>`: checks and fixes up the arguments of a call the way
/// jsonata-js's `signature.js` does (context substitution for `-`, singleton arrays for `a`).
struct Signature: Sendable {
    struct Param: Sendable, Equatable {
        /// The type letters this parameter accepts (`m` = missing/undefined).
        var accepts: Symbols
        var type: String
        var subtype: String?
        var optional = false
        var variadic = false
        var useContext = false
        var isArrayType: Bool { type == "a" }
    }

    /// A set of one-character ASCII symbols as a 128-bit mask: a `Set<Character>` hashed the symbol
    /// on every argument checked, and building one for each of the library's signatures at start-up
    /// cost ~15,000 instructions a signature.
    struct Symbols: Sendable, Equatable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        init() {}

        /// The symbols among `text`'s characters (characters of more than one ASCII byte are none).
        init(_ text: String) {
            for c in text { insert(c) }
        }

        /// The byte of a one-byte character (a `Character`'s `asciiValue` gives "\n" for "\r\n").
        @inline(__always)
        static func code(_ c: Character) -> UInt8? {
            let utf8 = c.utf8
            guard utf8.count == 1, let b = utf8.first, b < 0x80 else { return nil }
            return b
        }

        mutating func insert(_ c: Character) {
            if let b = Symbols.code(c) { insert(byte: b) }
        }

        mutating func insert(byte b: UInt8) {
            if b < 64 { low |= 1 << UInt64(b) } else if b < 128 { high |= 1 << UInt64(b - 64) }
        }

        func contains(_ c: Character) -> Bool {
            guard let b = Symbols.code(c) else { return false }
            return b < 64 ? low & (1 << UInt64(b)) != 0 : high & (1 << UInt64(b - 64)) != 0
        }
    }

    let definition: String
    let params: [Param]

    /// The signature of a transform function, `<(oa):o>`.
    static let transform: Signature? = try? Signature.parse("<(oa):o>")

    /// What `a` and `x` accept.
    static let anyValue = Symbols("asnblfom")
    /// What `j` accepts.
    static let json = Symbols("asnblom")
    /// `m`, which every optional-looking type letter accepts too.
    static let missing = Symbols("m")

    /// Parses a signature. ASCII text without a carriage return (every built-in signature) is read
    /// by bytes, each byte one character; other text by characters (``parseCharacters(_:)``).
    static func parse(_ text: String) throws(JSONataError) -> Signature {
        var plain = true
        for b in text.utf8 where b >= 0x80 || b == 0x0D {
            plain = false
            break
        }
        return plain ? try parseASCII(text) : try parseCharacters(text)
    }

    /// ``parseCharacters(_:)`` on the bytes of ASCII text without "\r" (where bytes are characters).
    static func parseASCII(_ text: String) throws(JSONataError) -> Signature {
        let bytes = Array(text.utf8)
        return try parse(text, symbols: bytes) { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Parses a signature by characters, as jsonata-js reads it.
    static func parseCharacters(_ text: String) throws(JSONataError) -> Signature {
        let chars = Array(text)
        // A character of more than one ASCII byte is no symbol: 0xFF matches no case below.
        let symbols = chars.map { Symbols.code($0) ?? 0xFF }
        return try parse(text, symbols: symbols) { String(chars[$0]) }
    }

    /// Parses `text`, read as `symbols` (one byte a character, 0xFF for a character that is no
    /// ASCII symbol); `slice` gives the text of a range of characters.
    private static func parse(
        _ text: String, symbols chars: [UInt8], slice: (Range<Int>) -> String
    ) throws(JSONataError) -> Signature {
        var params: [Param] = []
        var position = 1
        func closing(_ start: Int, _ open: UInt8, _ close: UInt8) -> Int {
            var depth = 1
            var p = start
            while p < chars.count - 1 {
                p += 1
                if chars[p] == open {
                    depth += 1
                } else if chars[p] == close {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            return p
        }
        while position < chars.count {
            let symbol = chars[position]
            if symbol == UInt8(ascii: ":") { break }
            switch symbol {
            case UInt8(ascii: "s"), UInt8(ascii: "n"), UInt8(ascii: "b"), UInt8(ascii: "l"), UInt8(ascii: "o"):
                var accepts = missing
                accepts.insert(byte: symbol)
                params.append(Param(accepts: accepts, type: String(UnicodeScalar(symbol))))
            case UInt8(ascii: "a"):
                params.append(Param(accepts: anyValue, type: "a"))
            case UInt8(ascii: "f"):
                params.append(Param(accepts: Symbols("f"), type: "f"))
            case UInt8(ascii: "j"):
                params.append(Param(accepts: json, type: "j"))
            case UInt8(ascii: "x"):
                params.append(Param(accepts: anyValue, type: "x"))
            case UInt8(ascii: "-"):
                if !params.isEmpty {
                    params[params.count - 1].useContext = true
                    params[params.count - 1].optional = true
                }
            case UInt8(ascii: "?"):
                if !params.isEmpty { params[params.count - 1].optional = true }
            case UInt8(ascii: "+"):
                if !params.isEmpty { params[params.count - 1].variadic = true }
            case UInt8(ascii: "("):
                let end = closing(position, UInt8(ascii: "("), UInt8(ascii: ")"))
                let choice = slice((position + 1)..<end)
                if chars[(position + 1)..<end].contains(UInt8(ascii: "<")) {
                    var e = JSONataError("S0402", position: position)
                    e.setValue(.string(choice))
                    throw e
                }
                var accepts = missing
                for b in chars[(position + 1)..<end] { accepts.insert(byte: b) }
                params.append(Param(accepts: accepts, type: "(\(choice))"))
                position = end
            case UInt8(ascii: "<"):
                guard let last = params.last, last.type == "a" || last.type == "f" else {
                    var e = JSONataError("S0401", position: position)
                    e.setValue(.string(params.last?.type ?? ""))
                    throw e
                }
                let end = closing(position, UInt8(ascii: "<"), UInt8(ascii: ">"))
                params[params.count - 1].subtype = slice((position + 1)..<end)
                position = end
            default:
                break
            }
            position += 1
        }
        return Signature(definition: text, params: params)
    }

    /// Checks `args` against the signature, substituting the context for missing `-` arguments and
    /// wrapping non-arrays for `a` parameters. Throws T0410, T0411 or T0412.
    func validate(_ args: [Value], context: Value) throws(JSONataError) -> [Value] {
        let symbols = args.map(\.signatureSymbol)
        // Match parameters to argument symbols as the anchored regex `^(p1)(p2)...$` would,
        // greedy with backtracking; `counts[i]` is how many arguments parameter i took.
        var counts = [Int](repeating: 0, count: params.count)
        guard match(0, 0, symbols, &counts) else {
            throw validationError(symbols, args)
        }
        var validated: [Value] = []
        validated.reserveCapacity(params.count)
        var argIndex = 0
        for (i, param) in params.enumerated() {
            let n = counts[i]
            if n == 0 {
                if param.useContext {
                    guard param.accepts.contains(context.signatureSymbol) else {
                        var e = JSONataError("T0411")
                        e.setValue(context.errorJSON)
                        e.details["index"] = .number(.int(Int64(argIndex + 1)))
                        e.refresh()
                        throw e
                    }
                    validated.append(context)
                } else {
                    validated.append(argIndex < args.count ? args[argIndex] : .undefined)
                    argIndex += 1
                }
                continue
            }
            for _ in 0..<n {
                var arg = argIndex < args.count ? args[argIndex] : .undefined
                if param.isArrayType {
                    if case .undefined = arg {
                        validated.append(.undefined)
                        argIndex += 1
                        continue
                    }
                    if let subtype = param.subtype {
                        var ok = true
                        if !arg.isArray {
                            ok = String(arg.signatureSymbol) == subtype
                        } else if arg.arrayCount > 0 {
                            let first = arg.arrayItem(0).signatureSymbol
                            if String(first) != String(subtype.prefix(1)) {
                                ok = false
                            } else {
                                for item in arg.arrayItems where item.signatureSymbol != first {
                                    ok = false
                                    break
                                }
                            }
                        }
                        if !ok {
                            var e = JSONataError("T0412")
                            e.setValue(arg.errorJSON)
                            e.details["index"] = .number(.int(Int64(argIndex + 1)))
                            e.details["type"] = .string(Signature.arrayTypeNames[subtype] ?? subtype)
                            e.refresh()
                            throw e
                        }
                    }
                    if !arg.isArray { arg = .array([arg], []) }
                }
                validated.append(arg)
                argIndex += 1
            }
        }
        return validated
    }

    static let arrayTypeNames: [String: String] = [
        "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
    ]

    /// How many symbols from `s` parameter `p` can take at least and at most.
    private func takeRange(_ p: Int, _ s: Int, _ symbols: [Character]) -> (Int, Int) {
        let param = params[p]
        var maxTake = 0
        while s + maxTake < symbols.count && param.accepts.contains(symbols[s + maxTake]) {
            maxTake += 1
            if !param.variadic { break }
        }
        return (param.optional ? 0 : 1, maxTake)
    }

    /// Greedy backtracking match of parameters `p...` against symbols `s...`.
    private func match(_ p: Int, _ s: Int, _ symbols: [Character], _ counts: inout [Int]) -> Bool {
        if p == params.count { return s == symbols.count }
        let (minTake, maxTake) = takeRange(p, s, symbols)
        if maxTake < minTake { return false }
        var take = maxTake
        while take >= minTake {
            counts[p] = take
            if match(p + 1, s + take, symbols, &counts) { return true }
            take -= 1
        }
        return false
    }

    /// Finds the first argument that breaks the match, as jsonata-js's `throwValidationError` does.
    private func validationError(_ symbols: [Character], _ args: [Value]) -> JSONataError {
        var goodTo = 0
        for index in params.indices {
            // the longest prefix matched by params[0...index] (unanchored at the end)
            var best = -1
            var counts = [Int](repeating: 0, count: index + 1)
            best = prefixMatch(0, 0, index, symbols, &counts)
            if best < 0 { break }
            goodTo = best
        }
        var e = JSONataError("T0410")
        if goodTo < args.count { e.setValue(args[goodTo].errorJSON) }
        e.details["index"] = .number(.int(Int64(goodTo + 1)))
        e.refresh()
        return e
    }

    /// The length matched by params[p...last] greedily from symbol `s`, or -1.
    private func prefixMatch(_ p: Int, _ s: Int, _ last: Int, _ symbols: [Character], _ counts: inout [Int]) -> Int {
        if p > last { return s }
        let (minTake, maxTake) = takeRange(p, s, symbols)
        if maxTake < minTake { return -1 }
        var take = maxTake
        while take >= minTake {
            let r = prefixMatch(p + 1, s + take, last, symbols, &counts)
            if r >= 0 { return r }
            take -= 1
        }
        return -1
    }
}
