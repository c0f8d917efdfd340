/// A function signature such as `<s-n?:s>`: checks and fixes up the arguments of a call the way
/// jsonata-js's `signature.js` does (context substitution for `-`, singleton arrays for `a`).
struct Signature: Sendable {
    struct Param: Sendable {
        /// The type letters this parameter accepts (`m` = missing/undefined).
        var accepts: Set<Character>
        var type: String
        var subtype: String?
        var optional = false
        var variadic = false
        var useContext = false
        var isArrayType: Bool { type == "a" }
    }

    let definition: String
    let params: [Param]

    /// The signature of a transform function, `<(oa):o>`.
    static let transform: Signature? = try? Signature.parse("<(oa):o>")

    static func parse(_ text: String) throws(JSONataError) -> Signature {
        let chars = Array(text)
        var params: [Param] = []
        var position = 1
        func closing(_ start: Int, _ open: Character, _ close: Character) -> Int {
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
            if symbol == ":" { break }
            switch symbol {
            case "s", "n", "b", "l", "o":
                params.append(Param(accepts: [symbol, "m"], type: String(symbol)))
            case "a":
                params.append(Param(accepts: Set("asnblfom"), type: "a"))
            case "f":
                params.append(Param(accepts: ["f"], type: "f"))
            case "j":
                params.append(Param(accepts: Set("asnblom"), type: "j"))
            case "x":
                params.append(Param(accepts: Set("asnblfom"), type: "x"))
            case "-":
                if !params.isEmpty {
                    params[params.count - 1].useContext = true
                    params[params.count - 1].optional = true
                }
            case "?":
                if !params.isEmpty { params[params.count - 1].optional = true }
            case "+":
                if !params.isEmpty { params[params.count - 1].variadic = true }
            case "(":
                let end = closing(position, "(", ")")
                let choice = String(chars[(position + 1)..<end])
                if choice.contains("<") {
                    var e = JSONataError("S0402", position: position)
                    e.setValue(.string(choice))
                    throw e
                }
                params.append(Param(accepts: Set(choice).union(["m"]), type: "(\(choice))"))
                position = end
            case "<":
                guard let last = params.last, last.type == "a" || last.type == "f" else {
                    var e = JSONataError("S0401", position: position)
                    e.setValue(.string(params.last?.type ?? ""))
                    throw e
                }
                let end = closing(position, "<", ">")
                params[params.count - 1].subtype = String(chars[(position + 1)..<end])
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
