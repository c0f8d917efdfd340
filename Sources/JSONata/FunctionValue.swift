import JSONCore

/// A function value created during evaluation.
final class FunctionValue {
    enum Kind {
        /// `function($a, $b) { body }` closed over its frame and input.
        case lambda(node: Node, frame: Frame, input: Value, params: [String])
        /// `f(?, x)`: the known arguments, `nil` where a `?` placeholder stands.
        case partial(target: Value, arguments: [Value?])
        /// A regular expression literal, callable as a matcher.
        case regex(RegexProgram)
        /// The `next` function of a regex match object.
        case regexNext(RegexProgram, String, Int)
        /// `f ~> g` with both sides functions: `λ($x){ g(f($x)) }`.
        case composed(Value, Value)
        /// A transform `| pattern | update, delete |`, evaluated in `frame`.
        case transform(node: Node, frame: Frame)
    }

    let kind: Kind
    /// Where a trampolined tail call was made (jsonata-js sets this on the procedure).
    var position: Int?
    /// The nesting depth of what the function holds on to (see ``Value/nestingDepth``).
    let depth: Int

    init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case .lambda(_, let frame, let input, _): depth = max(frame.depth, input.nestingDepth) + 1
        case .partial(let target, let args):
            depth = args.reduce(target.nestingDepth) { max($0, $1?.nestingDepth ?? 0) } + 1
        case .composed(let a, let b): depth = max(a.nestingDepth, b.nestingDepth) + 1
        case .transform(_, let frame): depth = frame.depth + 1
        case .regex, .regexNext: depth = 1
        }
    }

    /// The number of parameters, as jsonata-js's `getFunctionArity` sees it.
    var arity: Int {
        switch kind {
        case .lambda(_, _, _, let params): return params.count
        case .partial(_, let args): return args.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .regex: return 1
        case .regexNext: return 0
        case .composed: return 1
        case .transform: return 1
        }
    }

    /// The signature a lambda declared, if any.
    var signature: Signature? {
        if case .lambda(let node, _, _, _) = kind { return node.signature }
        if case .transform = kind { return Signature.transform }
        return nil
    }

    /// Whether this is a tail-call thunk produced by tail-call optimisation.
    var isThunk: Bool {
        if case .lambda(let node, _, _, _) = kind { return node.thunk }
        return false
    }
}

/// The context a native function runs in.
struct NativeContext {
    /// The evaluator, for calling back into function values.
    unowned let evaluator: Evaluator
    /// The context value (`$`) at the call site.
    let input: Value
    /// The frame at the call site.
    let frame: Frame
}

/// A native function: built in or registered through ``JSONataEnvironment``.
final class BuiltinFunction: Sendable {
    typealias Body = @Sendable (NativeContext, [Value]) throws(JSONataError) -> Value

    let name: String
    let signature: Signature?
    /// The parameter count jsonata-js's implementation declares (used by `$map` and friends).
    let arity: Int
    let body: Body

    init(_ name: String, _ signature: String?, arity: Int, _ body: @escaping Body) {
        self.name = name
        // Built-in signatures are constants known to parse.
        self.signature = signature.flatMap { try? Signature.parse($0) }
        self.arity = arity
        self.body = body
    }
}

/// A scope of variable bindings.
final class Frame {
    var names: [String] = []
    var values: [Value] = []
    let parent: Frame?
    /// The function registry, shared by every frame of one evaluation.
    let functions: FunctionRegistry
    /// The deepest nesting among the bound values and the enclosing frames.
    var depth: Int
    /// Whether the evaluator has noted this frame as one a closure may cycle through.
    var noted = false

    init(parent: Frame) {
        self.parent = parent
        self.functions = parent.functions
        self.depth = parent.depth
    }

    init(functions: FunctionRegistry) {
        self.parent = nil
        self.functions = functions
        self.depth = 0
    }

    /// Records the depth of values stored directly in `values`.
    func noteDepth(of value: Value) {
        let d = value.nestingDepth
        if d > depth { depth = d }
    }

    func bind(_ name: String, _ value: Value) {
        noteDepth(of: value)
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }

    /// Looks `name` up through the enclosing frames, then among the registered functions.
    func lookup(_ name: String) -> Value {
        var frame: Frame? = self
        while let f = frame {
            let names = f.names
            for i in names.indices where names[i] == name { return f.values[i] }
            frame = f.parent
        }
        if let fn = functions.functions[name] { return .builtin(fn) }
        return .undefined
    }
}

/// The registered native functions, by name without `$`.
struct FunctionRegistry: Sendable {
    var functions: [String: BuiltinFunction]
}

/// A frame the evaluator releases when the evaluation ends, held weakly meanwhile.
struct WeakFrame {
    weak var frame: Frame?
}
