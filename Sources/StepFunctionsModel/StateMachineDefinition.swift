/// A whole state machine: the top level of an Amazon States Language document.
public struct StateMachineDefinition: FieldSetView {
    /// The top-level fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `Comment`
    public var comment: String? {
        get { fields.string(.comment) }
        set { fields.set(.comment, newValue, FieldValue.string) }
    }

    /// `QueryLanguage`: the default for every state (JSONPath when absent).
    public var queryLanguage: QueryLanguage? {
        get { fields.enumeration(.queryLanguage) }
        set { fields.set(.queryLanguage, newValue) { .string($0.rawValue) } }
    }

    /// `StartAt`: the first state.
    public var startAt: String {
        get { fields.string(.startAt) ?? "" }
        set { fields[.startAt] = .string(newValue) }
    }

    /// `States`, in declaration order.
    public var states: StateList {
        get {
            if case .states(let list)? = fields[.states] { return list }
            return StateList()
        }
        set { fields[.states] = .states(newValue) }
    }

    /// `TimeoutSeconds`: the longest the execution may run.
    public var timeoutSeconds: Int? {
        get { fields.integer(.timeoutSeconds) }
        set { fields.set(.timeoutSeconds, newValue, FieldValue.integer) }
    }

    /// `Version`: the ASL version (`"1.0"`).
    public var version: String? {
        get { fields.string(.version) }
        set { fields.set(.version, newValue, FieldValue.string) }
    }

    /// Creates a definition.
    public init(
        comment: String? = nil, queryLanguage: QueryLanguage? = nil, startAt: String, states: StateList,
        timeoutSeconds: Int? = nil, version: String? = nil
    ) {
        fields = FieldSet()
        self.comment = comment
        self.queryLanguage = queryLanguage
        self.startAt = startAt
        self.states = states
        self.timeoutSeconds = timeoutSeconds
        self.version = version
    }

    /// The top-level states as a graph (for code that walks graphs uniformly).
    public var graph: StateGraph { StateGraph(comment: comment, startAt: startAt, states: states) }

    /// The top-level states as a graph that reads the definition's own fields (its `StartAt` and
    /// `States` in place; the machine's other fields stay in them): for code that only reads a
    /// graph's states and `StartAt` (the validator, the planner), without building the graph's field
    /// set as ``graph`` does. Its fields are not the graph's: not for writing or comparing.
    package var graphReadingFields: StateGraph { StateGraph(fields: fields) }

    /// The query language that applies to `state` when it does not name its own.
    public var defaultQueryLanguage: QueryLanguage { queryLanguage ?? .jsonPath }
}

/// A set of states with an entry point: the top level, a Parallel branch or a Map processor.
public struct StateGraph: FieldSetView {
    /// The fields: `Comment`, `StartAt` and `States`.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `Comment`
    public var comment: String? {
        get { fields.string(.comment) }
        set { fields.set(.comment, newValue, FieldValue.string) }
    }

    /// `StartAt`
    public var startAt: String {
        get { fields.string(.startAt) ?? "" }
        set { fields[.startAt] = .string(newValue) }
    }

    /// `States`, in declaration order.
    public var states: StateList {
        get {
            if case .states(let list)? = fields[.states] { return list }
            return StateList()
        }
        set { fields[.states] = .states(newValue) }
    }

    /// Creates a graph.
    public init(comment: String? = nil, startAt: String, states: StateList) {
        // Room for the three fields at once (the validator and the plan make a graph per definition).
        fields = FieldSet()
        fields.reserveCapacity(3)
        self.comment = comment
        self.startAt = startAt
        self.states = states
    }
}

/// States in declaration order with lookup by name.
public struct StateList: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// A state and its name.
    public struct Entry: Sendable, Hashable {
        /// The state's name (its key in `States`).
        public var name: String
        /// The state.
        public var state: State

        /// Creates an entry.
        public init(_ name: String, _ state: State) {
            self.name = name
            self.state = state
        }
    }

    /// The entries in order.
    public private(set) var entries: [Entry]
    /// Positions by name, kept only for a list longer than ``linearLimit``: a few names are found
    /// faster by comparing them than by hashing one.
    private var index: [String: Int]

    /// The longest list searched name by name.
    private static let linearLimit = 16

    /// Creates a list; a repeated name keeps its first position and takes the later state.
    public init(_ entries: [Entry] = []) {
        self.entries = []
        self.index = [:]
        self.entries.reserveCapacity(entries.count)
        for e in entries { self[e.name] = e.state }
    }

    /// Creates a list from `(name, state)` entries.
    public init(arrayLiteral elements: Entry...) { self.init(elements) }

    /// The position of the state named `name`.
    package func position(of name: String) -> Int? {
        if entries.count > StateList.linearLimit { return index[name] }
        var i = 0
        let n = entries.count
        while i < n {
            if entries[i].name == name { return i }
            i += 1
        }
        return nil
    }

    /// The state named `name`; setting appends or replaces, `nil` removes.
    public subscript(name: String) -> State? {
        get { position(of: name).map { entries[$0].state } }
        set {
            if let newValue {
                if let i = position(of: name) {
                    entries[i].state = newValue
                } else {
                    entries.append(Entry(name, newValue))
                    if entries.count > StateList.linearLimit {
                        if index.isEmpty {
                            for (j, e) in entries.enumerated() { index[e.name] = j }
                        } else {
                            index[name] = entries.count - 1
                        }
                    }
                }
            } else if let i = position(of: name) {
                entries.remove(at: i)
                index = [:]
                if entries.count > StateList.linearLimit {
                    for (j, e) in entries.enumerated() { index[e.name] = j }
                }
            }
        }
    }

    /// The names, in order.
    public var names: [String] { entries.map(\.name) }

    /// Whether a state has this name.
    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The first position.
    public var startIndex: Int { entries.startIndex }
    /// One past the last position.
    public var endIndex: Int { entries.endIndex }
    /// The entry at a position.
    public subscript(position: Int) -> Entry { entries[position] }

    /// Equal when the same states appear under the same names in the same order.
    public static func == (lhs: StateList, rhs: StateList) -> Bool { lhs.entries == rhs.entries }
    /// Hashes the entries in order.
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}
