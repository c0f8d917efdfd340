import JSONCore

/// The markers jsonata-js keeps on its arrays; they decide how results are flattened and unwrapped.
struct ArrayFlags: OptionSet {
    /// Flag bits in the low byte; the nesting depth of the array in the upper bits.
    let rawValue: UInt32
    /// A sequence: singleton sequences unwrap to their item and empty ones to undefined.
    static let sequence = ArrayFlags(rawValue: 1)
    /// A sequence that must stay an array even with one item (`path[]`).
    static let keepSingleton = ArrayFlags(rawValue: 2)
    /// Built by an array constructor `[...]`: not flattened by a following path step.
    static let cons = ArrayFlags(rawValue: 4)
    /// The singleton sequence wrapping an array input document.
    static let outerWrapper = ArrayFlags(rawValue: 8)

    /// The nesting depth recorded for the array.
    var depth: Int { Int(rawValue >> 8) }

    /// The flags with `depth` recorded (saturating).
    func withDepth(_ depth: Int) -> ArrayFlags {
        ArrayFlags(rawValue: (rawValue & 0xFF) | (UInt32(min(depth, 0xFF_FFFF)) << 8))
    }
}

/// An object built during evaluation. It is a reference so that the transform operator can
/// update the matches of its pattern in place; everywhere else a box is never changed after it
/// has been filled.
final class ObjectBox {
    var keys: [String]
    var values: [Value]
    var index: [String: Int]?
    /// How deeply values nest below this object (see ``Value/nestingDepth``).
    var depth = 1

    init() {
        keys = []
        values = []
    }

    init(capacity: Int) {
        keys = []
        values = []
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    subscript(key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return values[i]
    }

    /// Sets `key`, replacing in place or appending.
    func set(_ key: String, _ value: Value) {
        let d = value.nestingDepth + 1
        if d > depth { depth = d }
        if let i = position(of: key) {
            values[i] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > 12 {
            var d = [String: Int](minimumCapacity: keys.count * 2)
            for (i, k) in keys.enumerated() { d[k] = i }
            index = d
        }
    }

    func remove(_ key: String) {
        guard let i = position(of: key) else { return }
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil {
            var d = [String: Int](minimumCapacity: keys.count * 2)
            for (i, k) in keys.enumerated() { d[k] = i }
            index = d
        }
    }
}

/// A JSONata value: JSON data (input documents stay as ``JSONValue`` without copying),
/// sequences and arrays built during evaluation, functions, and *undefined*.
enum Value {
    /// No value (JSONata's `undefined`, which is not `null`).
    case undefined
    case null
    case bool(Bool)
    /// Numbers are JavaScript doubles.
    case number(Double)
    case string(String)
    /// A JSON array from the input or a binding, not copied.
    case jarray([JSONValue])
    /// A JSON object from the input or a binding, not copied.
    case jobject(JSONObject)
    /// An array or sequence built during evaluation (made with ``array(_:_:)``).
    case list([Value], ArrayFlags)
    /// An object built during evaluation.
    case object(ObjectBox)
    /// A lambda, partial application, regex or other function value.
    case function(FunctionValue)
    /// A built-in or registered native function.
    case builtin(BuiltinFunction)
    /// One tuple of a tuple stream (only inside the evaluator's path machinery).
    case tupleBox(TupleBox)

    /// An array built during evaluation, with its nesting depth recorded.
    @inline(__always)
    static func array(_ items: [Value], _ flags: ArrayFlags) -> Value {
        var depth = 0
        for item in items {
            let d = item.nestingDepth
            if d > depth { depth = d }
        }
        return .list(items, flags.withDepth(depth + 1))
    }

    /// How deeply containers nest in this value, as far as the engine tracks it: input documents
    /// count 1 (their depth is bounded by the JSON parser), built arrays and objects one more
    /// than their deepest member, functions one more than the frame they close over. Evaluation
    /// refuses values nested deeper than ``Evaluator/maxNesting``, because releasing a very deep
    /// structure recurses in the Swift runtime and could overflow a small thread stack.
    @inline(__always)
    var nestingDepth: Int {
        switch self {
        case .list(_, let flags): return flags.depth
        case .object(let b): return b.depth
        case .jarray, .jobject: return 1
        case .function(let f): return f.depth
        case .tupleBox: return 1
        default: return 0
        }
    }

    /// Wraps a JSON value without copying containers.
    @inline(__always)
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n.doubleValue)
        case .string(let s): self = .string(s)
        case .array(let a): self = .jarray(a)
        case .object(let o): self = .jobject(o)
        }
    }

    /// An empty sequence.
    static var emptySequence: Value { .array([], .sequence) }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    var isArray: Bool {
        switch self {
        case .jarray, .list: return true
        default: return false
        }
    }

    var isObject: Bool {
        switch self {
        case .jobject, .object: return true
        default: return false
        }
    }

    var isFunction: Bool {
        switch self {
        case .function, .builtin: return true
        default: return false
        }
    }

    var isString: Bool {
        if case .string = self { return true }
        return false
    }

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    var flags: ArrayFlags {
        if case .list(_, let f) = self { return f }
        return []
    }

    var isSequence: Bool { flags.contains(.sequence) }

    /// The items of an array value (JSON arrays are wrapped item by item).
    var arrayItems: [Value] {
        switch self {
        case .list(let a, _): return a
        case .jarray(let a): return a.map(Value.init)
        default: return []
        }
    }

    /// The number of items of an array value.
    var arrayCount: Int {
        switch self {
        case .list(let a, _): return a.count
        case .jarray(let a): return a.count
        default: return 0
        }
    }

    /// The item at `i` of an array value.
    func arrayItem(_ i: Int) -> Value {
        switch self {
        case .list(let a, _): return a[i]
        case .jarray(let a): return Value(a[i])
        default: return .undefined
        }
    }

    /// The member `key` of an object value, or undefined.
    @inline(__always)
    func member(_ key: String) -> Value {
        switch self {
        case .jobject(let o):
            if let v = o[key] { return Value(v) }
            return .undefined
        case .object(let b):
            return b[key] ?? .undefined
        default:
            return .undefined
        }
    }

    /// The keys of an object value, in order.
    var objectKeys: [String] {
        switch self {
        case .jobject(let o): return o.keys
        case .object(let b): return b.keys
        default: return []
        }
    }

    /// The key-value pairs of an object value, in order.
    var objectPairs: [(String, Value)] {
        switch self {
        case .jobject(let o): return o.map { ($0.key, Value($0.value)) }
        case .object(let b): return Array(zip(b.keys, b.values))
        default: return []
        }
    }

    /// The type letter jsonata-js's signatures use (`s n b l a o f m`).
    var signatureSymbol: Character {
        switch self {
        case .undefined: return "m"
        case .null: return "l"
        case .bool: return "b"
        case .number: return "n"
        case .string: return "s"
        case .jarray, .list: return "a"
        case .jobject, .object: return "o"
        case .function, .builtin: return "f"
        case .tupleBox: return "o"
        }
    }

    /// Makes a sequence holding one value.
    static func sequence(_ v: Value) -> Value { .array([v], .sequence) }

    /// A number value, with NaN and infinities kept (callers check them).
    @inline(__always)
    static func num(_ d: Double) -> Value { .number(d) }
}

extension Value {
    /// Converts a result to JSON the way `JSON.stringify` would see it: functions in objects are
    /// dropped, in arrays they become `null`; integral numbers in the Int64 range become `.int`.
    /// Returns nil for undefined (and for a bare function).
    func toJSON(_ guardian: StackGuard? = nil) throws(JSONataError) -> JSONValue? {
        if let guardian, guardian.exhausted {
            return try guardian.extended { (fresh: StackGuard) throws(JSONataError) in try self.toJSON(fresh) }
        }
        switch self {
        case .undefined, .function, .builtin: return nil
        case .tupleBox(let b): return try b.tuple.focus.toJSON(guardian)
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return Value.jsonNumber(d)
        case .string(let s): return .string(s)
        case .jarray(let a): return .array(a)
        case .jobject(let o): return .object(o)
        case .list(let items, let flags):
            if flags.contains(.outerWrapper), items.count == 1 { return try items[0].toJSON(guardian) }
            var out = [JSONValue]()
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.toJSON(guardian) ?? .null) }
            return .array(out)
        case .object(let box):
            var o = JSONObject(minimumCapacity: box.count)
            for i in 0..<box.count {
                if let v = try box.values[i].toJSON(guardian) { o.append(key: box.keys[i], value: v) }
            }
            return .object(o)
        }
    }

    /// A JSON number for a double: `.int` when integral and in range, else `.double`.
    static func jsonNumber(_ d: Double) -> JSONValue {
        if d.isFinite, d.rounded(.towardZero) == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
            return .number(.int(Int64(d)))
        }
        if !d.isFinite { return .null }
        return .number(.double(d))
    }

    /// A lossy JSON form for error fields (functions become `""`, undefined becomes nil).
    var errorJSON: JSONValue? {
        switch self {
        case .function, .builtin: return .string("")
        default: return try? toJSON(nil)
        }
    }
}
