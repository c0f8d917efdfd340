/// The value of one ASL field, as the model holds it: parsed (paths, intrinsic calls, templates),
/// with JSONata expressions and deployment placeholders kept where the field allows them.
public enum FieldValue: Sendable, Hashable {
    /// A string (`Comment`, `StartAt`, `Next`, `Default`, an enumerated value such as `QueryLanguage`).
    case string(String)
    /// A boolean (`End`).
    case bool(Bool)
    /// A literal integer (`IntervalSeconds`, `MaxAttempts`, the top-level `TimeoutSeconds`).
    case integer(Int)
    /// A literal number (`BackoffRate`).
    case number(Double)
    /// A list of strings (`ErrorEquals`).
    case strings([String])
    /// An integer, a JSONata expression or a placeholder (`TimeoutSeconds`, `Seconds`, `MaxConcurrency`).
    case dynamicInteger(DynamicValue<Int>)
    /// A number, a JSONata expression or a placeholder (`ToleratedFailurePercentage`).
    case dynamicNumber(DynamicValue<Double>)
    /// A string, a JSONata expression or a placeholder (`Error`, `Cause`, `Timestamp`).
    case dynamicString(DynamicValue<String>)
    /// A list of strings, a JSONata expression or a placeholder (`CSVHeaders`).
    case dynamicStrings(DynamicValue<[String]>)
    /// A JSONPath (`ItemsPath`, `SecondsPath`, `TimeoutSecondsPath`).
    case path(JSONPath)
    /// A JSONPath or `null` (`InputPath`, `OutputPath`, `ResultPath`).
    case nullablePath(NullablePath)
    /// A JSONPath or an intrinsic function call (`ErrorPath`, `CausePath`).
    case pathOrIntrinsic(PathOrIntrinsic)
    /// A payload template (`Parameters`, `Arguments`, `Output`, `Assign`, `ItemSelector`...).
    case template(PayloadTemplate)
    /// A constant JSON value (`Result`).
    case json(JSONValue)
    /// A Task or reader/writer `Resource`.
    case resource(TaskResource)
    /// A nested object (`ItemReader`, `ProcessorConfig`, a graph such as `ItemProcessor`).
    case object(FieldSet)
    /// A list of nested objects (`Retry`, `Catch`, `Branches`).
    case objects([FieldSet])
    /// A Choice state's `Choices`.
    case rules([ChoiceRule])
    /// A graph's `States`.
    case states(StateList)
}

/// The fields of one ASL object (a state, a retrier, an item reader, the top level...), kept in the
/// canonical order of ``ASLField``: the storage behind every model type, so that reading, writing and
/// checking a definition are driven by ``ASLSchema`` instead of code written per field.
///
/// The model's types (``TaskState``, ``Retrier``, ``ItemReader``...) are typed views of a field set:
/// `task.resultPath` reads `fields[.resultPath]`.
public struct FieldSet: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One field and its value.
    public struct Entry: Sendable, Hashable {
        /// The field.
        public let field: ASLField
        /// Its value.
        public var value: FieldValue

        /// Creates an entry.
        public init(_ field: ASLField, _ value: FieldValue) {
            self.field = field
            self.value = value
        }
    }

    /// The entries, in canonical order.
    public private(set) var entries: [Entry]
    /// Bit `rank` set for each field present, ranks 0-63 and 64-127 (``ASLField`` has fewer than
    /// 128 fields). The entries being in canonical order, a field's entry is at the count of the
    /// fields present below its rank: a look-up is a mask and a population count, where walking
    /// the entries comparing fields was a few instructions an entry on every read of a field.
    private var presentLow: UInt64 = 0
    private var presentHigh: UInt64 = 0

    /// An empty set.
    public init() { entries = [] }

    /// A set of the given fields (a later value for the same field wins).
    public init(_ pairs: [(ASLField, FieldValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        for (field, value) in pairs { self[field] = value }
    }

    /// A set from a literal: `[.comment: .string("x")]`.
    public init(dictionaryLiteral elements: (ASLField, FieldValue)...) { self.init(elements) }

    /// The value of `field`; setting `nil` removes it. Entries stay in canonical order.
    public subscript(field: ASLField) -> FieldValue? {
        get {
            guard let i = index(of: field) else { return nil }
            return entries[i].value
        }
        set {
            let (below, isSet) = place(of: field)
            if isSet {
                if let newValue {
                    entries[below].value = newValue
                } else {
                    entries.remove(at: below)
                    flip(field)
                }
            } else if let newValue {
                // Fields read in canonical order (most are) go at the end: an append, not an insert.
                if below == entries.endIndex {
                    entries.append(Entry(field, newValue))
                } else {
                    entries.insert(Entry(field, newValue), at: below)
                }
                flip(field)
            }
        }
    }

    /// How many fields below `field`'s rank are present (its entry's position, or where it goes),
    /// and whether `field` is.
    @inline(__always)
    private func place(of field: ASLField) -> (below: Int, isSet: Bool) {
        let rank = field.rank
        if rank < 64 {
            let bit: UInt64 = 1 &<< UInt64(rank)
            return ((presentLow & (bit &- 1)).nonzeroBitCount, presentLow & bit != 0)
        }
        let bit: UInt64 = 1 &<< UInt64(rank &- 64)
        return (presentLow.nonzeroBitCount &+ (presentHigh & (bit &- 1)).nonzeroBitCount, presentHigh & bit != 0)
    }

    /// Sets or clears `field`'s bit.
    @inline(__always)
    private mutating func flip(_ field: ASLField) {
        let rank = field.rank
        if rank < 64 { presentLow ^= 1 &<< UInt64(rank) } else { presentHigh ^= 1 &<< UInt64(rank &- 64) }
    }

    /// The position of `field`'s entry, when it is set.
    @inline(__always)
    private func index(of field: ASLField) -> Int? {
        let (below, isSet) = place(of: field)
        return isSet ? below : nil
    }

    /// Whether `field` is set.
    public func contains(_ field: ASLField) -> Bool { index(of: field) != nil }

    /// Makes room for `count` entries (a reader knows how many fields an object has).
    package mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// The fields set, in canonical order.
    public var fields: [ASLField] { entries.map(\.field) }

    /// The first position.
    public var startIndex: Int { entries.startIndex }
    /// One past the last position.
    public var endIndex: Int { entries.endIndex }
    /// The entry at a position.
    public subscript(position: Int) -> Entry { entries[position] }
}

extension FieldSet {
    /// A `string` field.
    public func string(_ field: ASLField) -> String? {
        if case .string(let v)? = self[field] { return v }
        return nil
    }

    /// A `bool` field.
    public func bool(_ field: ASLField) -> Bool? {
        if case .bool(let v)? = self[field] { return v }
        return nil
    }

    /// An `integer` field.
    public func integer(_ field: ASLField) -> Int? {
        if case .integer(let v)? = self[field] { return v }
        return nil
    }

    /// A `number` field.
    public func number(_ field: ASLField) -> Double? {
        if case .number(let v)? = self[field] { return v }
        return nil
    }

    /// A `strings` field.
    public func strings(_ field: ASLField) -> [String]? {
        if case .strings(let v)? = self[field] { return v }
        return nil
    }

    /// A `dynamicInteger` field.
    public func dynamicInteger(_ field: ASLField) -> DynamicValue<Int>? {
        if case .dynamicInteger(let v)? = self[field] { return v }
        return nil
    }

    /// A `dynamicNumber` field.
    public func dynamicNumber(_ field: ASLField) -> DynamicValue<Double>? {
        if case .dynamicNumber(let v)? = self[field] { return v }
        return nil
    }

    /// A `dynamicString` field.
    public func dynamicString(_ field: ASLField) -> DynamicValue<String>? {
        if case .dynamicString(let v)? = self[field] { return v }
        return nil
    }

    /// A `dynamicStrings` field.
    public func dynamicStrings(_ field: ASLField) -> DynamicValue<[String]>? {
        if case .dynamicStrings(let v)? = self[field] { return v }
        return nil
    }

    /// A `path` field.
    public func path(_ field: ASLField) -> JSONPath? {
        if case .path(let v)? = self[field] { return v }
        return nil
    }

    /// A `nullablePath` field.
    public func nullablePath(_ field: ASLField) -> NullablePath? {
        if case .nullablePath(let v)? = self[field] { return v }
        return nil
    }

    /// A `pathOrIntrinsic` field.
    public func pathOrIntrinsic(_ field: ASLField) -> PathOrIntrinsic? {
        if case .pathOrIntrinsic(let v)? = self[field] { return v }
        return nil
    }

    /// A `template` field.
    public func template(_ field: ASLField) -> PayloadTemplate? {
        if case .template(let v)? = self[field] { return v }
        return nil
    }

    /// A `json` field.
    public func json(_ field: ASLField) -> JSONValue? {
        if case .json(let v)? = self[field] { return v }
        return nil
    }

    /// A `resource` field.
    public func resource(_ field: ASLField) -> TaskResource? {
        if case .resource(let v)? = self[field] { return v }
        return nil
    }

    /// An `object` field.
    public func object(_ field: ASLField) -> FieldSet? {
        if case .object(let v)? = self[field] { return v }
        return nil
    }

    /// An `objects` field (empty when absent).
    public func objects(_ field: ASLField) -> [FieldSet] {
        if case .objects(let v)? = self[field] { return v }
        return []
    }

    /// A string field holding one of `T`'s raw values.
    public func enumeration<T: RawRepresentable>(_ field: ASLField, as _: T.Type = T.self) -> T?
    where T.RawValue == String {
        string(field).flatMap(T.init(rawValue:))
    }

    /// Sets an optional value built by `wrap` (nil removes the field).
    public mutating func set<V>(_ field: ASLField, _ value: V?, _ wrap: (V) -> FieldValue) {
        self[field] = value.map(wrap)
    }

    /// Sets a list of nested objects; an empty list removes the field.
    public mutating func setObjects(_ field: ASLField, _ objects: [FieldSet]) {
        self[field] = objects.isEmpty ? nil : .objects(objects)
    }
}

/// A model type that is a typed view of a ``FieldSet``, so that generic code (the reader, the
/// writer, the query-language rules) can build and take apart any ASL object.
public protocol FieldSetView: Sendable, Hashable {
    /// The fields.
    var fields: FieldSet { get set }
    /// A view of `fields` (already checked against the object's schema).
    init(fields: FieldSet)
}
