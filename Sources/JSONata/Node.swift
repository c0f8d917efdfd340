/// A node of the processed syntax tree (jsonata-js's AST after `processAST`).
///
/// Nodes are built and linked by the parser and never changed afterwards, which is why the tree
/// can be shared between threads (see `CompiledJSONata`).
final class Node {
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

    var kind: Kind
    var position: Int
    /// Operator, name, variable name or string literal.
    var text: String = ""
    var number: Double = 0
    /// The literal of a `value` token: `true`, `false` or `null`.
    var literal: Value = .undefined

    var lhs: Node?
    var rhs: Node?
    /// The steps of a path.
    var steps: [Node] = []
    /// Array constructor items or block expressions.
    var expressions: [Node] = []
    /// Object constructor pairs (unary `{`), and the raw pairs of a group-by before processing.
    var pairs: [(Node, Node)] = []
    /// The expression of a unary minus.
    var expression: Node?

    var predicates: [Stage] = []
    var stages: [Stage] = []
    var group: Group?

    var focus: String?
    var indexVariable: String?
    var tuple = false
    var ancestor: Slot?
    var slot: Slot?
    var seekingParent: [Slot]?

    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var thunk = false

    var condition: Node?
    var then: Node?
    var otherwise: Node?

    var procedure: Node?
    var arguments: [Node] = []

    var params: [String] = []
    var signature: Signature?
    var body: Node?

    var pattern: Node?
    var update: Node?
    var delete: Node?

    var terms: [SortTerm] = []
    var regex: RegexProgram?

    init(_ kind: Kind, _ position: Int, _ text: String = "") {
        self.kind = kind
        self.position = position
        self.text = text
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
