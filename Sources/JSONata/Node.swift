/// A node of the processed syntax tree (jsonata-js's AST after `processAST`).
///
/// Nodes are built and linked by the parser and never changed afterwards, which is why the tree
/// can be shared between threads (see `CompiledJSONata`).
final class Node {
    // The stored properties opt out of dynamic exclusivity checks: nodes are only changed while
    // the parser builds them, and the evaluator reads them constantly.
    enum Kind {
        case path, binary, unary, name, string, number, value, wildcard, descendant, parent
        case condition, block, bind, regex, function, partial, variable, lambda, apply, transform, sort
        /// The `?` placeholder of a partial application.
        case placeholder
        /// An operator token met where an expression was expected (`and`, `or`, `in` as names).
        case operatorToken
        /// The end of input, met where an expression was expected.
        case end
    }

    @exclusivity(unchecked) var kind: Kind
    @exclusivity(unchecked) var position: Int
    /// Operator, name, variable name or string literal.
    @exclusivity(unchecked) var text: String = ""
    @exclusivity(unchecked) var number: Double = 0
    /// The literal of a `value` token: `true`, `false` or `null`.
    @exclusivity(unchecked) var literal: Value = .undefined

    @exclusivity(unchecked) var lhs: Node?
    @exclusivity(unchecked) var rhs: Node?
    /// The steps of a path.
    @exclusivity(unchecked) var steps: [Node] = []
    /// Array constructor items or block expressions.
    @exclusivity(unchecked) var expressions: [Node] = []
    /// Object constructor pairs (unary `{`), and the raw pairs of a group-by before processing.
    @exclusivity(unchecked) var pairs: [(Node, Node)] = []
    /// The expression of a unary minus.
    @exclusivity(unchecked) var expression: Node?

    @exclusivity(unchecked) var predicates: [Stage] = []
    @exclusivity(unchecked) var stages: [Stage] = []
    @exclusivity(unchecked) var group: Group?

    @exclusivity(unchecked) var focus: String?
    @exclusivity(unchecked) var indexVariable: String?
    @exclusivity(unchecked) var tuple = false
    @exclusivity(unchecked) var ancestor: Slot?
    @exclusivity(unchecked) var slot: Slot?
    @exclusivity(unchecked) var seekingParent: [Slot]?

    @exclusivity(unchecked) var keepArray = false
    @exclusivity(unchecked) var keepSingletonArray = false
    @exclusivity(unchecked) var consarray = false
    @exclusivity(unchecked) var thunk = false

    @exclusivity(unchecked) var condition: Node?
    @exclusivity(unchecked) var then: Node?
    @exclusivity(unchecked) var otherwise: Node?

    @exclusivity(unchecked) var procedure: Node?
    @exclusivity(unchecked) var arguments: [Node] = []

    @exclusivity(unchecked) var params: [String] = []
    @exclusivity(unchecked) var signature: Signature?
    @exclusivity(unchecked) var body: Node?

    @exclusivity(unchecked) var pattern: Node?
    @exclusivity(unchecked) var update: Node?
    @exclusivity(unchecked) var delete: Node?

    @exclusivity(unchecked) var terms: [SortTerm] = []
    @exclusivity(unchecked) var regex: RegexProgram?

    /// How many leading steps of a path `processPath` has already checked (S0213, names,
    /// `keepArray`), so that a chain `a.a.a…` is checked in linear time.
    @exclusivity(unchecked) var checkedSteps = 0

    init(_ kind: Kind, _ position: Int, _ text: String = "") {
        self.kind = kind
        self.position = position
        self.text = text
    }

    /// Releases the subtree without recursion: `1+1+…+1` with 100,000 terms is a tree 100,000
    /// levels deep, and letting each node release its children recursively overflows the stack.
    /// Children only this node holds are detached and released one by one from a worklist.
    deinit {
        var work: [Node] = []
        moveChildren(into: &work)
        while var node = work.popLast() {
            if isKnownUniquelyReferenced(&node) { node.moveChildren(into: &work) }
        }
    }

    /// The depth of the tree below this node (1 for a leaf), without recursion.
    var treeDepth: Int {
        var deepest = 0
        var work: [(Node, Int)] = [(self, 1)]
        while let (node, depth) = work.popLast() {
            deepest = Swift.max(deepest, depth)
            node.forEachChild { work.append(($0, depth + 1)) }
        }
        return deepest
    }

    /// Calls `body` with every child node.
    func forEachChild(_ body: (Node) -> Void) {
        if let n = lhs { body(n) }
        if let n = rhs { body(n) }
        if let n = expression { body(n) }
        if let n = condition { body(n) }
        if let n = then { body(n) }
        if let n = otherwise { body(n) }
        if let n = procedure { body(n) }
        if let n = self.body { body(n) }
        if let n = pattern { body(n) }
        if let n = update { body(n) }
        if let n = delete { body(n) }
        if !steps.isEmpty { steps.forEach(body) }
        if !expressions.isEmpty { expressions.forEach(body) }
        if !arguments.isEmpty { arguments.forEach(body) }
        for (k, v) in pairs {
            body(k)
            body(v)
        }
        for stage in predicates { if case .filter(let n, _) = stage { body(n) } }
        for stage in stages { if case .filter(let n, _) = stage { body(n) } }
        if let group {
            for (k, v) in group.pairs {
                body(k)
                body(v)
            }
        }
        for term in terms { body(term.expression) }
    }

    /// Moves every child reference of this node into `work`, leaving the node childless.
    private func moveChildren(into work: inout [Node]) {
        forEachChild { work.append($0) }
        lhs = nil
        rhs = nil
        expression = nil
        condition = nil
        then = nil
        otherwise = nil
        procedure = nil
        body = nil
        pattern = nil
        update = nil
        delete = nil
        if !steps.isEmpty { steps = [] }
        if !expressions.isEmpty { expressions = [] }
        if !arguments.isEmpty { arguments = [] }
        if !pairs.isEmpty { pairs = [] }
        if !predicates.isEmpty { predicates = [] }
        if !stages.isEmpty { stages = [] }
        if group != nil { group = nil }
        if !terms.isEmpty { terms = [] }
    }
}

/// A predicate `[expr]` or a position binding `#$i` attached to a step.
enum Stage {
    case filter(Node, position: Int)
    case index(String, position: Int)
}

/// The grouping clause `path{key: value}` of a step.
struct Group {
    var pairs: [(Node, Node)]
    var position: Int
}

/// One `<expr` or `>expr` term of an order-by clause.
struct SortTerm {
    var descending: Bool
    var expression: Node
}

/// A parent-operator slot: the label under which a step binds the parent of its context.
final class Slot {
    var label: String
    var level: Int
    var index: Int
    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}
