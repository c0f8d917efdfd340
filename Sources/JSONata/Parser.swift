/// Parses a JSONata expression into a processed syntax tree: a Pratt parser for the raw tree,
/// then the same post-processing jsonata-js applies (paths, predicates, grouping, parent slots,
/// tail calls).
struct Parser {
    private var lexer: Lexer
    private var token: Token
    private var guardian: StackGuard
    private var nesting = 0
    /// The deepest nesting of expressions the parser accepts.
    static let maxNesting = 10_000
    private var ancestorLabel = 0
    private var ancestry: [Node] = []

    /// Left binding powers of infix operators (jsonata-js's `operators` table).
    static let bindingPower: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20,
        "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "=": 40, "<": 40, ">": 40, "^": 40,
        ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50,
    ]
    /// Operators the tokenizer knows that have no infix meaning (binding power 0).
    static let knownSymbols: Set<String> = [
        "]", "}", ")", ",", ";", ":", "..", "|", "**",
    ]

    static func parse(_ source: String, stackBudget: Int = 192 * 1024) throws(JSONataError) -> Node {
        var parser = Parser(source, stackBudget: stackBudget)
        return try parser.parseAll()
    }

    private init(_ source: String, stackBudget: Int) {
        lexer = Lexer(source)
        token = Token(kind: .end, position: 0)
        guardian = StackGuard(budget: stackBudget, code: "S0218")
    }

    private mutating func parseAll() throws(JSONataError) -> Node {
        try advance(nil, infix: false)
        let raw = try expression(0)
        if token.kind != .end {
            var e = JSONataError("S0201", position: token.position)
            e.token = token.text
            e.refresh()
            throw e
        }
        // Left-associative chains (`1+1+…`, `a.a.…`) are built by a loop, not by recursion, so
        // the nesting check of `expression` does not see their depth. Deeper trees are refused
        // here, before the recursive processing and evaluation (jsonata-js overflows its stack).
        if raw.treeDepth > Parser.maxNesting { throw StackGuard.overflowError(code: "S0218") }
        let ast = try process(raw)
        if ast.seekingParent != nil || ast.kind == .parent {
            var e = JSONataError("S0217", position: ast.position)
            e.token = ast.kind == .parent ? "parent" : "\(ast.kind)"
            e.refresh()
            throw e
        }
        return ast
    }

    // MARK: - Tokens

    private var tokenID: String {
        switch token.kind {
        case .op: return token.text
        case .end: return "(end)"
        case .name, .variable: return "(name)"
        case .string, .number, .value: return "(literal)"
        case .regex: return "(regex)"
        }
    }

    private var leftBindingPower: Int {
        guard token.kind == .op else { return 0 }
        return Parser.bindingPower[token.text] ?? 0
    }

    private var tokenValueText: String {
        token.kind == .end ? "(end)" : token.text
    }

    @discardableResult
    private mutating func advance(_ id: String?, infix: Bool = false) throws(JSONataError) -> Token {
        if let id, tokenID != id {
            var e = JSONataError(token.kind == .end ? "S0203" : "S0202", position: token.position)
            e.token = tokenValueText
            e.setValue(.string(id))
            throw e
        }
        let previous = token
        token = try lexer.next(infix: infix)
        if token.kind == .op && Parser.bindingPower[token.text] == nil && !Parser.knownSymbols.contains(token.text) {
            var e = JSONataError("S0204", position: token.position)
            e.token = token.text
            e.refresh()
            throw e
        }
        return previous
    }

    // MARK: - Pratt parser (raw tree)

    private mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting { throw StackGuard.overflowError(code: "S0218") }
        if guardian.exhausted {
            return try onNewStack { (p: inout Parser) throws(JSONataError) in try p.expressionBody(rbp) }
        }
        return try expressionBody(rbp)
    }

    /// Runs a deep part of the parse on a fresh thread stack (see ``StackExtension``).
    @inline(never)
    private mutating func onNewStack(_ body: (inout Parser) throws(JSONataError) -> Node) throws(JSONataError) -> Node {
        let saved = guardian
        var outcome: Result<Node, JSONataError> = .failure(StackGuard.overflowError(code: "S0218"))
        _ = StackExtension.run {
            self.guardian = StackGuard(budget: StackExtension.stackSize - 1024 * 1024, code: "S0218")
            do throws(JSONataError) {
                outcome = .success(try body(&self))
            } catch {
                outcome = .failure(error)
            }
        }
        guardian = saved
        return try outcome.get()
    }

    private mutating func expressionBody(_ rbp: Int) throws(JSONataError) -> Node {
        let t = token
        try advance(nil, infix: true)
        var left = try nud(t)
        var chain = 0
        while rbp < leftBindingPower {
            let op = token
            try advance(nil)
            left = try led(op, left)
            // each operator wraps the tree so far one level deeper; stop a runaway chain early
            // (the depth of mixed shapes is checked once the whole tree is built)
            chain += 1
            if nesting + chain > Parser.maxNesting { throw StackGuard.overflowError(code: "S0218") }
        }
        return left
    }

    private func unaryError(_ t: Token) -> JSONataError {
        var e = JSONataError("S0211", position: t.position)
        e.token = t.kind == .end ? "(end)" : t.text
        e.refresh()
        return e
    }

    private mutating func nud(_ t: Token) throws(JSONataError) -> Node {
        if t.kind == .op { return try operatorNud(t) }
        return try terminalNud(t)
    }

    @inline(never)
    private func terminalNud(_ t: Token) throws(JSONataError) -> Node {
        switch t.kind {
        case .name: return Node(.name, t.position, t.text)
        case .variable: return Node(.variable, t.position, t.text)
        case .string: return Node(.string, t.position, t.text)
        case .number:
            let n = Node(.number, t.position, t.text)
            n.number = t.number
            return n
        case .value:
            let n = Node(.value, t.position, t.text)
            n.literal = t.text == "null" ? .null : .bool(t.text == "true")
            return n
        case .regex:
            let n = Node(.regex, t.position, t.text)
            n.regex = t.regex
            return n
        default:
            // jsonata-js's "(end)" token parses as an operand and fails later (S0207 when the
            // tree is processed), so an open bracket before it reports the missing bracket (S0203)
            return Node(.end, t.position, "(end)")
        }
    }

    private mutating func operatorNud(_ t: Token) throws(JSONataError) -> Node {
        switch t.text {
        case "-": return try unaryMinus(t.position)
        case "*": return Node(.wildcard, t.position, "*")
        case "**": return Node(.descendant, t.position, "**")
        case "%": return Node(.parent, t.position, "%")
        case "and", "or", "in": return Node(.name, t.position, t.text)
        case "[": return try arrayConstructor(t.position)
        case "{": return try objectConstructor(t.position)
        case "(": return try block(t.position)
        case "|": return try transform(t.position)
        default: throw unaryError(t)
        }
    }

    private mutating func unaryMinus(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position, "-")
        n.expression = try expression(70)
        return n
    }

    private mutating func arrayConstructor(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position, "[")
        if tokenID != "]" {
            while true {
                var item = try expression(0)
                if tokenID == ".." { item = try rangeItem(item) }
                n.expressions.append(item)
                if tokenID != "," { break }
                try advance(",")
            }
        }
        try advance("]", infix: true)
        return n
    }

    private mutating func rangeItem(_ lhs: Node) throws(JSONataError) -> Node {
        let range = Node(.binary, token.position, "..")
        range.lhs = lhs
        try advance("..")
        range.rhs = try expression(0)
        return range
    }

    private mutating func objectConstructor(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position, "{")
        n.pairs = try objectPairs()
        return n
    }

    private mutating func block(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.block, position, "(")
        while tokenID != ")" {
            n.expressions.append(try expression(0))
            if tokenID != ";" { break }
            try advance(";")
        }
        try advance(")", infix: true)
        return n
    }

    private mutating func transform(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.transform, position, "|")
        n.pattern = try expression(0)
        try advance("|")
        n.update = try expression(0)
        if tokenID == "," {
            try advance(",")
            n.delete = try expression(0)
        }
        try advance("|")
        return n
    }

    private mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if tokenID != "}" {
            while true {
                let key = try expression(0)
                try advance(":")
                let value = try expression(0)
                pairs.append((key, value))
                if tokenID != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    private mutating func led(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        switch t.text {
        case ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in", "~>":
            return try binary(t, left)
        case ":=": return try bind(t, left)
        case "?": return try conditional(t, left)
        case "(": return try functionCall(t, left)
        case "[": return try predicate(t, left)
        case "{": return try groupBy(t, left)
        case "^": return try orderBy(t, left)
        case "@", "#": return try contextBinding(t, left)
        default: throw syntaxError(t)
        }
    }

    @inline(never)
    private func syntaxError(_ t: Token) -> JSONataError {
        var e = JSONataError("S0201", position: t.position)
        e.token = t.text
        e.refresh()
        return e
    }

    private mutating func binary(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, t.position, t.text)
        n.lhs = left
        n.rhs = try expression(Parser.bindingPower[t.text] ?? 0)
        return n
    }

    private mutating func bind(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        guard left.kind == .variable else {
            var e = JSONataError("S0212", position: t.position)
            e.token = left.text
            e.refresh()
            throw e
        }
        let n = Node(.binary, t.position, ":=")
        n.lhs = left
        n.rhs = try expression((Parser.bindingPower[":="] ?? 10) - 1)
        return n
    }

    private mutating func conditional(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.condition, t.position, "?")
        n.condition = left
        n.then = try expression(0)
        if tokenID == ":" {
            try advance(":")
            n.otherwise = try expression(0)
        }
        return n
    }

    private mutating func predicate(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        if tokenID == "]" {
            var step: Node? = left
            while let s = step, s.kind == .binary, s.text == "[" { step = s.lhs }
            step?.keepArray = true
            try advance("]")
            return left
        }
        let n = Node(.binary, t.position, "[")
        n.lhs = left
        n.rhs = try expression(0)
        try advance("]", infix: true)
        return n
    }

    private mutating func groupBy(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, t.position, "{")
        n.lhs = left
        n.pairs = try objectPairs()
        return n
    }

    private mutating func orderBy(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, t.position, "^")
        n.lhs = left
        try advance("(")
        while true {
            var descending = false
            if tokenID == "<" {
                try advance("<")
            } else if tokenID == ">" {
                descending = true
                try advance(">")
            }
            n.terms.append(SortTerm(descending: descending, expression: try expression(0)))
            if tokenID != "," { break }
            try advance(",")
        }
        try advance(")")
        return n
    }

    private mutating func contextBinding(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, t.position, t.text)
        n.lhs = left
        n.rhs = try expression(Parser.bindingPower[t.text] ?? 80)
        if n.rhs?.kind != .variable {
            var e = JSONataError("S0214", position: n.rhs?.position ?? t.position)
            e.token = t.text
            e.refresh()
            throw e
        }
        return n
    }

    private mutating func functionCall(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.function, t.position, "(")
        n.procedure = left
        if tokenID != ")" {
            while true {
                if token.kind == .op && token.text == "?" {
                    n.kind = .partial
                    n.arguments.append(Node(.placeholder, token.position, "?"))
                    try advance("?")
                } else {
                    n.arguments.append(try expression(0))
                }
                if tokenID != "," { break }
                try advance(",")
            }
        }
        try advance(")", infix: true)
        guard left.kind == .name, left.text == "function" || left.text == "\u{03BB}" else { return n }
        // a lambda definition: every argument must be a variable
        for (i, arg) in n.arguments.enumerated() where arg.kind != .variable {
            var e = JSONataError("S0208", position: arg.position)
            e.token = arg.text
            e.setValue(.number(.int(Int64(i + 1))))
            throw e
        }
        n.kind = .lambda
        n.params = n.arguments.map(\.text)
        n.arguments = []
        if tokenID == "<" {
            let signaturePosition = token.position
            var depth = 1
            var text = "<"
            while depth > 0 && tokenID != "{" && tokenID != "(end)" {
                try advance(nil)
                if tokenID == ">" {
                    depth -= 1
                } else if tokenID == "<" {
                    depth += 1
                }
                text += token.kind == .end ? "" : token.text
            }
            try advance(">")
            do throws(JSONataError) {
                n.signature = try Signature.parse(text)
            } catch {
                var e = error
                e.position = signaturePosition + (e.position ?? 0)
                throw e
            }
        }
        try advance("{")
        n.body = try expression(0)
        try advance("}")
        return n
    }

    // MARK: - Post-processing (jsonata-js's processAST)

    private mutating func process(_ expr: Node) throws(JSONataError) -> Node {
        if guardian.exhausted {
            return try onNewStack { (p: inout Parser) throws(JSONataError) in try p.processBody(expr) }
        }
        return try processBody(expr)
    }

    private mutating func processBody(_ expr: Node) throws(JSONataError) -> Node {
        let result: Node
        switch expr.kind {
        case .binary: result = try processBinary(expr)
        case .unary: result = try processUnary(expr)
        case .function, .partial: result = try processCall(expr)
        case .lambda: result = try processLambda(expr)
        case .condition: result = try processCondition(expr)
        case .transform: result = try processTransform(expr)
        case .block: result = try processBlock(expr)
        case .name: result = processName(expr)
        case .parent: result = processParent(expr)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex, .placeholder: result = expr
        case .operatorToken, .end, .path, .bind, .apply, .sort: throw unknownExpression(expr)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    @inline(never)
    private func unknownExpression(_ expr: Node) -> JSONataError {
        var e = JSONataError(expr.kind == .end ? "S0207" : "S0206", position: expr.position)
        e.token = expr.text
        e.refresh()
        return e
    }

    private mutating func processBinary(_ expr: Node) throws(JSONataError) -> Node {
        switch expr.text {
        case ".": return try processPath(expr)
        case "[": return try processPredicate(expr)
        case "{": return try processGroup(expr)
        case "^": return try processSort(expr)
        case ":=": return try processBind(expr)
        case "@": return try processFocus(expr)
        case "#": return try processIndex(expr)
        case "~>": return try processApply(expr)
        default: return try processOperator(expr)
        }
    }

    private mutating func processPredicate(_ expr: Node) throws(JSONataError) -> Node {
        let result = try process(expr.lhs!)
        var step = result
        var toStages = false
        if result.kind == .path, let last = result.steps.last {
            step = last
            toStages = true
        }
        if step.group != nil { throw JSONataError("S0209", position: expr.position) }
        let predicate = try process(expr.rhs!)
        if let seeking = predicate.seekingParent {
            for slot in seeking {
                if slot.level == 1 {
                    try seekParent(step, slot)
                } else {
                    slot.level -= 1
                }
            }
            pushAncestry(step, predicate)
        }
        if toStages {
            step.stages.append(.filter(predicate, position: expr.position))
        } else {
            step.predicates.append(.filter(predicate, position: expr.position))
        }
        return result
    }

    private mutating func processGroup(_ expr: Node) throws(JSONataError) -> Node {
        let result = try process(expr.lhs!)
        if result.group != nil { throw JSONataError("S0210", position: expr.position) }
        var pairs: [(Node, Node)] = []
        for (k, v) in expr.pairs { pairs.append((try process(k), try process(v))) }
        result.group = Group(pairs: pairs, position: expr.position)
        return result
    }

    private mutating func processSort(_ expr: Node) throws(JSONataError) -> Node {
        var result = try process(expr.lhs!)
        if result.kind != .path {
            let path = Node(.path, result.position)
            path.steps = [result]
            result = path
        }
        let sortStep = Node(.sort, expr.position)
        for term in expr.terms {
            let e = try process(term.expression)
            pushAncestry(sortStep, e)
            sortStep.terms.append(SortTerm(descending: term.descending, expression: e))
        }
        result.steps.append(sortStep)
        try resolveAncestry(result)
        return result
    }

    private mutating func processBind(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.bind, expr.position, ":=")
        result.lhs = try process(expr.lhs!)
        result.rhs = try process(expr.rhs!)
        pushAncestry(result, result.rhs!)
        return result
    }

    private mutating func processFocus(_ expr: Node) throws(JSONataError) -> Node {
        let result = try process(expr.lhs!)
        var step = result
        if result.kind == .path, let last = result.steps.last { step = last }
        if !step.stages.isEmpty || !step.predicates.isEmpty {
            throw JSONataError("S0215", position: expr.position)
        }
        if step.kind == .sort { throw JSONataError("S0216", position: expr.position) }
        if expr.keepArray { step.keepArray = true }
        step.focus = expr.rhs!.text
        step.tuple = true
        return result
    }

    private mutating func processIndex(_ expr: Node) throws(JSONataError) -> Node {
        var result = try process(expr.lhs!)
        var step = result
        if result.kind == .path, let last = result.steps.last {
            step = last
        } else {
            let path = Node(.path, result.position)
            path.steps = [result]
            result = path
            if !step.predicates.isEmpty {
                step.stages = step.predicates
                step.predicates = []
            }
        }
        if step.stages.isEmpty {
            step.indexVariable = expr.rhs!.text
        } else {
            step.stages.append(.index(expr.rhs!.text, position: expr.position))
        }
        step.tuple = true
        return result
    }

    private mutating func processApply(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.apply, expr.position, "~>")
        result.lhs = try process(expr.lhs!)
        result.rhs = try process(expr.rhs!)
        result.keepArray = result.lhs!.keepArray || result.rhs!.keepArray
        return result
    }

    private mutating func processOperator(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.binary, expr.position, expr.text)
        result.lhs = try process(expr.lhs!)
        result.rhs = try process(expr.rhs!)
        pushAncestry(result, result.lhs!)
        pushAncestry(result, result.rhs!)
        return result
    }

    private mutating func processUnary(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.unary, expr.position, expr.text)
        if expr.text == "[" {
            for item in expr.expressions {
                let v = try process(item)
                pushAncestry(result, v)
                result.expressions.append(v)
            }
        } else if expr.text == "{" {
            for (k, v) in expr.pairs {
                let key = try process(k)
                pushAncestry(result, key)
                let value = try process(v)
                pushAncestry(result, value)
                result.pairs.append((key, value))
            }
        } else {
            let operand = try process(expr.expression!)
            if expr.text == "-" && operand.kind == .number {
                operand.number = -operand.number
                return operand
            }
            result.expression = operand
            pushAncestry(result, operand)
        }
        return result
    }

    private mutating func processCall(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(expr.kind, expr.position, expr.text)
        for arg in expr.arguments {
            let a = try process(arg)
            pushAncestry(result, a)
            result.arguments.append(a)
        }
        result.procedure = try process(expr.procedure!)
        return result
    }

    private mutating func processLambda(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.lambda, expr.position, expr.text)
        result.params = expr.params
        result.signature = expr.signature
        result.body = tailCallOptimize(try process(expr.body!))
        return result
    }

    private mutating func processCondition(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.condition, expr.position, expr.text)
        result.condition = try process(expr.condition!)
        pushAncestry(result, result.condition!)
        result.then = try process(expr.then!)
        pushAncestry(result, result.then!)
        if let e = expr.otherwise {
            result.otherwise = try process(e)
            pushAncestry(result, result.otherwise!)
        }
        return result
    }

    private mutating func processTransform(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.transform, expr.position, expr.text)
        result.pattern = try process(expr.pattern!)
        result.update = try process(expr.update!)
        if let d = expr.delete { result.delete = try process(d) }
        return result
    }

    private mutating func processBlock(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.block, expr.position, expr.text)
        for item in expr.expressions {
            let part = try process(item)
            pushAncestry(result, part)
            if part.consarray || (part.kind == .path && part.steps.first?.consarray == true) {
                result.consarray = true
            }
            result.expressions.append(part)
        }
        return result
    }

    private func processName(_ expr: Node) -> Node {
        let result = Node(.path, expr.position)
        result.steps = [expr]
        if expr.keepArray { result.keepSingletonArray = true }
        return result
    }

    private mutating func processParent(_ expr: Node) -> Node {
        let result = Node(.parent, expr.position, "%")
        result.slot = Slot(label: "!\(ancestorLabel)", level: 1, index: ancestry.count)
        ancestorLabel += 1
        ancestry.append(result)
        return result
    }

    private mutating func processPath(_ expr: Node) throws(JSONataError) -> Node {
        let lstep = try process(expr.lhs!)
        let result: Node
        if lstep.kind == .path {
            result = lstep
        } else {
            result = Node(.path, lstep.position)
            result.steps = [lstep]
        }
        if lstep.kind == .parent { result.seekingParent = [lstep.slot!] }
        let rest = try process(expr.rhs!)
        if rest.kind == .path {
            result.steps.append(contentsOf: rest.steps)
        } else {
            if !rest.predicates.isEmpty {
                rest.stages = rest.predicates
                rest.predicates = []
            }
            result.steps.append(rest)
        }
        // only the steps added since the last check: re-checking the whole path at every `.`
        // made `a.a.a…` quadratic
        for step in result.steps[min(result.checkedSteps, result.steps.count)...] {
            if step.kind == .number || step.kind == .value {
                var e = JSONataError("S0213", position: step.position)
                e.setValue(step.kind == .number ? Value.jsonNumber(step.number) : (step.literal.errorJSON ?? .null))
                throw e
            }
            if step.kind == .string { step.kind = .name }
            if step.keepArray { result.keepSingletonArray = true }
        }
        result.checkedSteps = result.steps.count
        if let first = result.steps.first, first.kind == .unary, first.text == "[" { first.consarray = true }
        if let last = result.steps.last, last.kind == .unary, last.text == "[" { last.consarray = true }
        try resolveAncestry(result)
        return result
    }

    private func tailCallOptimize(_ expr: Node) -> Node {
        switch expr.kind {
        case .function where expr.predicates.isEmpty:
            let thunk = Node(.lambda, expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        case .condition:
            expr.then = tailCallOptimize(expr.then!)
            if let e = expr.otherwise { expr.otherwise = tailCallOptimize(e) }
            return expr
        case .block:
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        default:
            return expr
        }
    }

    // MARK: - Parent operator slots

    @discardableResult
    private mutating func seekParent(_ node: Node, _ slot: Slot) throws(JSONataError) -> Slot {
        var slot = slot
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    ancestry[slot.index].slot!.label = existing.label
                    node.ancestor = slot
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.tuple = true
                slot = try seekParent(last, slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            var e = JSONataError("S0217", position: node.position)
            e.token = "\(node.kind)"
            e.refresh()
            throw e
        }
        return slot
    }

    private func pushAncestry(_ result: Node, _ value: Node) {
        guard value.seekingParent != nil || value.kind == .parent else { return }
        var slots = value.seekingParent ?? []
        if value.kind == .parent, let s = value.slot { slots.append(s) }
        if result.seekingParent == nil {
            result.seekingParent = slots
        } else {
            result.seekingParent!.append(contentsOf: slots)
        }
    }

    private mutating func resolveAncestry(_ path: Node) throws(JSONataError) {
        guard let last = path.steps.last else { return }
        var slots = last.seekingParent ?? []
        if last.kind == .parent, let s = last.slot { slots.append(s) }
        for var slot in slots {
            var index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    if path.seekingParent == nil {
                        path.seekingParent = [slot]
                    } else {
                        path.seekingParent!.append(slot)
                    }
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }
}
