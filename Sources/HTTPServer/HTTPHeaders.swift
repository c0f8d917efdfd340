/// An ordered list of header fields with case-insensitive name lookup.
///
/// Order and repeated names are kept as received (they matter for `Set-Cookie`-like fields and
/// for faithful logging); lookups compare names ASCII-case-insensitively, as RFC 9110 requires.
public struct HTTPHeaders: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One header field: a name and its value.
    public struct Field: Sendable, Hashable {
        /// The field name as received or set (compare it case-insensitively).
        public var name: String
        /// The field value, with surrounding whitespace removed.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from name/value pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Creates a header list from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The position of the first field.
    public var startIndex: Int { fields.startIndex }
    /// The position after the last field.
    public var endIndex: Int { fields.endIndex }
    /// The field at `position`.
    public subscript(position: Int) -> Field { fields[position] }

    /// The first value for `name` (case-insensitive); setting replaces every field of that name,
    /// or removes them all when set to `nil`.
    public subscript(name: String) -> String? {
        get { fields.first { Self.namesEqual($0.name, name) }?.value }
        set {
            guard let newValue else {
                remove(name)
                return
            }
            if let first = fields.firstIndex(where: { Self.namesEqual($0.name, name) }) {
                fields[first].value = newValue
                var index = fields.index(after: first)
                while index < fields.endIndex {
                    if Self.namesEqual(fields[index].name, name) {
                        fields.remove(at: index)
                    } else {
                        index += 1
                    }
                }
            } else {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    /// Every value for `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesEqual($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// Whether `value` of field `name` holds `token` in its comma-separated list (case-insensitive),
    /// as for `Connection: keep-alive, Upgrade`.
    func hasToken(_ token: String, in name: String) -> Bool {
        for field in fields where Self.namesEqual(field.name, name) {
            for part in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                if ASCII.equalsIgnoringCase(ASCII.trimmed(part), token.utf8) { return true }
            }
        }
        return false
    }

    /// ASCII case-insensitive comparison of two field names.
    static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        ASCII.equalsIgnoringCase(lhs.utf8, rhs.utf8)
    }
}
