import JSONCore

/// A node of a YAML document, with the position where it is written.
///
/// Aliases are expanded (the copy has the alias's position; the nodes inside keep the positions
/// of the anchored original), merge keys are applied, and CloudFormation short-form tags are
/// rewritten to their JSON form (`!Ref X` is a mapping `{Ref: X}` whose key sits at the tag).
public struct YAMLNode: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        /// A scalar.
        case scalar(YAMLScalar)
        /// A sequence.
        case sequence([YAMLNode])
        /// A mapping, in the order the keys are written.
        case mapping([YAMLMappingEntry])
    }

    /// What the node holds.
    public var content: Content
    /// Where the node's content starts (for `key: &a !!str x`, where `x` is).
    public var position: SourcePosition
    /// The tag written on the node, resolved (`!Ref`, `tag:yaml.org,2002:str`), or `nil`.
    public var tag: String?

    /// Creates a node.
    public init(_ content: Content, position: SourcePosition, tag: String? = nil) {
        self.content = content
        self.position = position
        self.tag = tag
    }

    /// The scalar, if this is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The elements, if this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if this is a mapping.
    public var mapping: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value of `key` when this is a mapping.
    public subscript(key: String) -> YAMLNode? { entry(key)?.value }

    /// The element at `index` when this is a sequence and the index is in range.
    public subscript(index: Int) -> YAMLNode? {
        guard case .sequence(let items) = content, items.indices.contains(index) else { return nil }
        return items[index]
    }

    func entry(_ key: String) -> YAMLMappingEntry? {
        guard case .mapping(let entries) = content else { return nil }
        for entry in entries where entry.key == key { return entry }
        return nil
    }

    /// The node at `path` (keys step into mappings, indices into sequences), or `nil`.
    public func node(at path: FieldPath) -> YAMLNode? {
        var node = self
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = node[key] else { return nil }
                node = next
            case .index(let index):
                guard let next = node[index] else { return nil }
                node = next
            }
        }
        return node
    }

    /// Where the value at `path` is written: for a mapping member, its key; for a sequence element,
    /// the element. `nil` when the path does not exist.
    public func exactPosition(of path: FieldPath) -> SourcePosition? {
        guard let last = path.components.last else { return position }
        guard let parent = node(at: path.parent) else { return nil }
        switch last {
        case .key(let key): return parent.entry(key)?.keyPosition
        case .index(let index): return parent[index]?.position
        }
    }

    /// Like ``exactPosition(of:)``, falling back to the nearest ancestor of `path` that exists, so
    /// a diagnostic about a missing field points at the object that lacks it.
    public func position(of path: FieldPath) -> SourcePosition {
        var path = path
        while true {
            if let position = exactPosition(of: path) { return position }
            if path.components.isEmpty { return position }
            path = path.parent
        }
    }

    /// For a literal block scalar (`|`), the position in the YAML text of `position`, a position
    /// inside the scalar's text; `nil` for other nodes or a position outside the text.
    ///
    /// This places diagnostics about JSON held in a template, as in `DefinitionString: !Sub |`:
    /// parse the text with `JSONParser.parseWithSourceMap` and map its positions through here.
    public func sourcePosition(inText position: SourcePosition) -> SourcePosition? {
        guard case .scalar(let scalar) = content, let layout = scalar.layout else { return nil }
        let lineIndex = position.line - 1
        guard lineIndex >= 0, lineIndex < layout.lineStarts.count, position.column >= 1 else { return nil }
        // The byte offset where that line starts in the text.
        var lineStart = 0
        var line = 0
        var offset = 0
        for byte in scalar.text.utf8 {
            if line == lineIndex { break }
            offset += 1
            if byte == 0x0A {
                line += 1
                lineStart = offset
            }
        }
        guard line == lineIndex, position.offset >= lineStart else { return nil }
        return SourcePosition(
            line: layout.firstLine + lineIndex, column: layout.indent + position.column,
            offset: layout.lineStarts[lineIndex] + position.offset - lineStart)
    }

    /// The node as JSON: mapping key order is kept; `.inf` and `.nan`, which JSON cannot hold,
    /// become strings of their YAML text.
    public func jsonValue() -> JSONValue {
        switch content {
        case .scalar(let scalar):
            if case .number(.double(let d)) = scalar.value, !d.isFinite { return .string(scalar.text) }
            return scalar.value
        case .sequence(let items):
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for item in items { array.append(item.jsonValue()) }
            return .array(array)
        case .mapping(let entries):
            // Keys are unique: the composer rejects duplicates and merges skip present keys.
            var object = JSONObject(minimumCapacity: entries.count)
            for entry in entries { object.append(key: entry.key, value: entry.value.jsonValue()) }
            return .object(object)
        }
    }
}
