import JSONCore

/// One `key: value` pair of a mapping; keys are strings, as in JSON.
public struct YAMLMappingEntry: Sendable {
    /// The key's text.
    public var key: String
    /// Where the key is written (for a key a merge (`<<`) brought in, where the merged mapping wrote it).
    public var keyPosition: SourcePosition
    /// The value.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: String, keyPosition: SourcePosition, value: YAMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}
