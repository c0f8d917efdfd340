import JSONCore

/// Builds nodes from events: types scalars, expands aliases, applies merge keys and tags, and
/// rejects duplicate and non-scalar keys.
///
/// Collections under construction live on an explicit stack. Every node's expanded size
/// ("weight") and collection height are tracked so that an alias is checked against the
/// expansion budget and the depth limit before it is used: aliases share storage, so the
/// expansion only happens (and is bounded) when the tree is walked.
struct YAMLComposer {
    struct Anchored {
        var node: YAMLNode
        var weight: Int
        var height: Int
    }

    struct PendingKey {
        var key: String
        var position: SourcePosition
        var isMerge: Bool
    }

    struct Merge {
        /// Where in the explicit entries the merged keys go.
        var at: Int
        var sources: [[YAMLMappingEntry]]
    }

    struct Frame {
        var isMapping: Bool
        var position: SourcePosition
        var tag: String?
        var tagMark: Mark?
        var anchor: String?
        /// Collections from the root to this one, counting a short-form tag's wrapper.
        var nesting: Int
        var items: [YAMLNode] = []
        var entries: [YAMLMappingEntry] = []
        var keyIndex: [String: Int] = [:]
        var pendingKey: PendingKey?
        var merges: [Merge] = []
        var weight = 1
        var height = 0
    }

    static let yamlTagPrefix = "tag:yaml.org,2002:"

    var parser: YAMLEventParser
    var source: YAMLSource
    let options: YAMLParser.Options
    var anchors: [String: Anchored] = [:]
    var aliasBudget: Int

    init(text: String, options: YAMLParser.Options) throws(YAMLError) {
        let source = YAMLSource(text)
        try source.checkCharacters()
        self.source = source
        self.options = options
        self.aliasBudget = options.maxAliasExpansion
        self.parser = YAMLEventParser(scanner: YAMLScanner(source: source, maxDepth: options.maxDepth))
    }

    // MARK: - Documents

    /// Starts the next document; returns where it starts, or `nil` at the end of the stream.
    mutating func beginDocument() throws(YAMLError) -> SourcePosition? {
        var event = try parser.next()
        if event.kind == .streamStart { event = try parser.next() }
        guard event.kind == .documentStart else { return nil }
        anchors.removeAll()
        return source.position(event.start)
    }

    /// Reads the current document's root node and the document's end.
    mutating func composeDocument() throws(YAMLError) -> YAMLNode {
        let root = try composeNode()
        _ = try parser.next()  // documentEnd
        return root
    }

    // MARK: - Nodes

    private mutating func composeNode() throws(YAMLError) -> YAMLNode {
        var stack: [Frame] = []
        while true {
            let event = try parser.next()
            var node: YAMLNode
            var weight = 1
            var height = 0
            let nesting = stack.last?.nesting ?? 0
            switch event.kind {
            case .scalar:
                (node, height) = try scalarNode(event, nesting: nesting)
                if let anchor = event.anchor { anchors[anchor] = Anchored(node: node, weight: 1, height: height) }
            case .alias:
                let name = event.anchor ?? ""
                guard let anchored = anchors[name] else {
                    throw YAMLError(
                        .undefinedAlias, "the alias '*\(name)' refers to no anchor '&\(name)' defined before it",
                        at: source.position(event.start))
                }
                guard nesting + anchored.height <= options.maxDepth else {
                    throw YAMLError(
                        .tooDeep, "the alias '*\(name)' would nest collections deeper than \(options.maxDepth) levels",
                        at: source.position(event.start))
                }
                guard anchored.weight <= aliasBudget else {
                    throw YAMLError(
                        .aliasExpansionLimit,
                        "aliases expand to more than \(options.maxAliasExpansion) nodes (the limit that guards against 'billion laughs' documents)",
                        at: source.position(event.start))
                }
                aliasBudget -= anchored.weight
                node = anchored.node
                node.position = source.position(event.start)
                weight = anchored.weight
                height = anchored.height
            case .sequenceStart, .mappingStart:
                let wrapped = options.cloudFormationTags && CloudFormationTags.isShortForm(event.tag)
                let depth = nesting + (wrapped ? 2 : 1)
                let position = source.position(event.start)
                guard depth <= options.maxDepth else {
                    throw YAMLError(
                        .tooDeep, "collections are nested deeper than \(options.maxDepth) levels", at: position)
                }
                stack.append(
                    Frame(
                        isMapping: event.kind == .mappingStart, position: position, tag: event.tag,
                        tagMark: event.tagMark, anchor: event.anchor, nesting: depth))
                continue
            case .sequenceEnd, .mappingEnd:
                let frame = stack.removeLast()
                (node, weight, height) = try finish(frame)
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                // The parser never yields these inside a node.
                throw YAMLError(.syntax, "unexpected end of the document", at: source.position(event.start))
            }
            if stack.isEmpty { return node }
            try attach(node, weight: weight, height: height, to: &stack[stack.count - 1])
        }
    }

    /// Adds a finished node to the collection being built.
    private func attach(_ node: YAMLNode, weight: Int, height: Int, to frame: inout Frame) throws(YAMLError) {
        // Saturating: with a huge budget, doubling aliases could overflow a plain sum.
        let (sum, overflow) = frame.weight.addingReportingOverflow(weight)
        frame.weight = overflow ? Int.max : sum
        frame.height = max(frame.height, height)
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        guard let pending = frame.pendingKey else {
            frame.pendingKey = try key(of: node)
            return
        }
        frame.pendingKey = nil
        if pending.isMerge {
            frame.merges.append(Merge(at: frame.entries.count, sources: try mergeSources(node)))
            return
        }
        if let first = existingEntry(pending.key, in: frame) {
            let firstPosition = frame.entries[first].keyPosition
            throw YAMLError(
                .duplicateKey,
                "duplicate mapping key \(YAMLError.quote(pending.key)): it is already defined at line \(firstPosition.line), column \(firstPosition.column)",
                at: pending.position, related: firstPosition)
        }
        frame.entries.append(YAMLMappingEntry(key: pending.key, keyPosition: pending.position, value: node))
        if frame.entries.count > 8 {
            // Small mappings are searched linearly; bigger ones get an index.
            if frame.keyIndex.isEmpty {
                for (i, entry) in frame.entries.enumerated() { frame.keyIndex[entry.key] = i }
            } else {
                frame.keyIndex[pending.key] = frame.entries.count - 1
            }
        }
    }

    private func existingEntry(_ key: String, in frame: Frame) -> Int? {
        if !frame.keyIndex.isEmpty { return frame.keyIndex[key] }
        return frame.entries.firstIndex { $0.key == key }
    }

    private func key(of node: YAMLNode) throws(YAMLError) -> PendingKey {
        guard case .scalar(let scalar) = node.content else {
            let what: String
            if let tag = node.tag, CloudFormationTags.isShortForm(tag) {
                what = "a value tagged \(tag)"
            } else if case .sequence = node.content {
                what = "a sequence"
            } else {
                what = "a mapping"
            }
            throw YAMLError(.invalidKey, "a mapping key must be a scalar, not \(what)", at: node.position)
        }
        if scalar.style == .plain && scalar.text.isEmpty && node.tag == nil {
            throw YAMLError(.invalidKey, "a mapping key is missing before ':'", at: node.position)
        }
        let isMerge = scalar.style == .plain && scalar.text == "<<" && node.tag == nil
        return PendingKey(key: scalar.text, position: node.position, isMerge: isMerge)
    }

    private func mergeSources(_ node: YAMLNode) throws(YAMLError) -> [[YAMLMappingEntry]] {
        switch node.content {
        case .mapping(let entries):
            return [entries]
        case .sequence(let items):
            var sources: [[YAMLMappingEntry]] = []
            for item in items {
                guard case .mapping(let entries) = item.content else {
                    throw YAMLError(
                        .invalidValue, "every element of a merge key's sequence must be a mapping", at: item.position)
                }
                sources.append(entries)
            }
            return sources
        case .scalar:
            throw YAMLError(
                .invalidValue, "the value of a merge key '<<' must be a mapping or a sequence of mappings",
                at: node.position)
        }
    }

    /// The finished collection, its weight and height.
    private mutating func finish(_ frame: Frame) throws(YAMLError) -> (YAMLNode, Int, Int) {
        var node: YAMLNode
        if frame.isMapping {
            node = YAMLNode(.mapping(frame.merges.isEmpty ? frame.entries : merged(frame)), position: frame.position)
        } else {
            node = YAMLNode(.sequence(frame.items), position: frame.position)
        }
        var height = frame.height + 1
        if let tag = frame.tag {
            if options.cloudFormationTags && CloudFormationTags.isShortForm(tag) {
                let tagPosition = frame.tagMark.map { source.position($0) } ?? frame.position
                node = try CloudFormationTags.wrap(node, tag: tag, tagPosition: tagPosition) { _ in nil }
                height += 1
            } else {
                try checkCollectionTag(tag, node: node, isMapping: frame.isMapping, at: frame)
                node.tag = tag
            }
        }
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, weight: frame.weight, height: height) }
        return (node, frame.weight, height)
    }

    private mutating func checkCollectionTag(_ tag: String, node: YAMLNode, isMapping: Bool, at frame: Frame)
        throws(YAMLError)
    {
        let expected = isMapping ? "map" : "seq"
        // A local tag reaches here only when short forms are not rewritten: it is kept as it is.
        if tag == "!" || CloudFormationTags.isShortForm(tag) || tag == YAMLComposer.yamlTagPrefix + expected {
            return
        }
        let position = frame.tagMark.map { source.position($0) } ?? frame.position
        throw YAMLError(
            .invalidTag,
            "the tag \(YAMLError.quote(YAMLComposer.shortTag(tag))) cannot be applied to a \(isMapping ? "mapping" : "sequence")",
            at: position)
    }

    /// Explicit entries with the merged ones inserted where each `<<` is written; explicit keys
    /// win wherever they are, and among merged mappings the first one to give a key wins.
    private func merged(_ frame: Frame) -> [YAMLMappingEntry] {
        var seen = Set(frame.entries.map(\.key))
        var result: [YAMLMappingEntry] = []
        var next = 0
        for i in 0...frame.entries.count {
            while next < frame.merges.count && frame.merges[next].at == i {
                for source in frame.merges[next].sources {
                    for entry in source where seen.insert(entry.key).inserted { result.append(entry) }
                }
                next += 1
            }
            if i < frame.entries.count { result.append(frame.entries[i]) }
        }
        return result
    }

    // MARK: - Scalars

    /// The scalar node for `event` and its height (1 when a short-form tag wraps it).
    private mutating func scalarNode(_ event: YAMLEvent, nesting: Int) throws(YAMLError) -> (YAMLNode, Int) {
        let text = event.value
        let position = source.position(event.start)
        let layout = event.style == .literal ? literalLayout(event) : nil
        func scalar(_ value: JSONValue) -> YAMLNode {
            var scalar = YAMLScalar(text: text, style: event.style, value: value)
            scalar.layout = layout
            return YAMLNode(.scalar(scalar), position: position)
        }
        guard let tag = event.tag else {
            return (scalar(event.style == .plain ? CoreSchema.resolvePlain(text) : .string(text)), 0)
        }
        if CloudFormationTags.isShortForm(tag) {
            guard options.cloudFormationTags else {
                var node = scalar(.string(text))
                node.tag = tag
                return (node, 0)
            }
            guard nesting + 1 <= options.maxDepth else {
                throw YAMLError(.tooDeep, "collections are nested deeper than \(options.maxDepth) levels", at: position)
            }
            let tagPosition = event.tagMark.map { source.position($0) } ?? position
            let start = event.start
            let singleLinePlain = event.style == .plain && event.end.line == start.line
            let node = try CloudFormationTags.wrap(scalar(.string(text)), tag: tag, tagPosition: tagPosition) {
                (offset: Int) -> SourcePosition? in
                guard singleLinePlain else { return nil }
                var copy = self.source
                return copy.position(Mark(offset: start.offset + offset, line: start.line, lineStart: start.lineStart))
            }
            return (node, 1)
        }
        var value: JSONValue?
        switch tag {
        case "!", YAMLComposer.yamlTagPrefix + "str", YAMLComposer.yamlTagPrefix + "binary",
            YAMLComposer.yamlTagPrefix + "timestamp":
            value = .string(text)
        case YAMLComposer.yamlTagPrefix + "null":
            value = CoreSchema.isNull(text) ? .null : nil
        case YAMLComposer.yamlTagPrefix + "bool":
            value = CoreSchema.bool(text).map(JSONValue.bool)
        case YAMLComposer.yamlTagPrefix + "int":
            value = CoreSchema.int(text)
        case YAMLComposer.yamlTagPrefix + "float":
            value =
                CoreSchema.float(text) ?? CoreSchema.int(text).map { JSONValue.number(.double($0.doubleValue ?? 0)) }
        default:
            let where_ = event.tagMark.map { source.position($0) } ?? position
            throw YAMLError(
                .invalidTag, "unsupported tag \(YAMLError.quote(YAMLComposer.shortTag(tag))) on a scalar", at: where_)
        }
        guard let value else {
            throw YAMLError(
                .invalidValue, "\(YAMLError.quote(text)) is not a valid \(YAMLComposer.shortTag(tag)) value",
                at: position)
        }
        var node = scalar(value)
        node.tag = tag
        return (node, 0)
    }

    /// Where each line of a literal block scalar's text is written: from the line after the
    /// header, one source line per text line, content after `blockIndent` spaces.
    private func literalLayout(_ event: YAMLEvent) -> LiteralLayout {
        let bytes = source.bytes
        var i = event.start.offset
        func skipLineBreak() {
            if i < bytes.count && bytes[i] == 0x0D { i += 1 }
            if i < bytes.count && bytes[i] == 0x0A { i += 1 }
        }
        while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        skipLineBreak()
        var starts: [Int] = []
        let lineCount = event.value.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        for _ in 0..<lineCount {
            var spaces = 0
            while spaces < event.blockIndent && i < bytes.count && bytes[i] == 0x20 {
                i += 1
                spaces += 1
            }
            starts.append(i)
            while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            skipLineBreak()
        }
        return LiteralLayout(firstLine: event.start.line + 1, indent: event.blockIndent, lineStarts: starts)
    }

    /// `!!int` for `tag:yaml.org,2002:int`, other tags as they are.
    static func shortTag(_ tag: String) -> String {
        tag.hasPrefix(yamlTagPrefix) ? "!!" + tag.dropFirst(yamlTagPrefix.count) : tag
    }
}
