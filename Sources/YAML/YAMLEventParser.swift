/// Turns tokens into events, following the YAML grammar.
///
/// A state machine with an explicit stack of states to return to (the design of the reference
/// parsers), so nesting costs heap, not native stack.
struct YAMLEventParser {
    enum State {
        case streamStart, implicitDocumentStart, documentStart, documentEnd, documentContent
        case blockNode, blockNodeOrIndentlessSequence, flowNode
        case blockSequenceFirstEntry, blockSequenceEntry, indentlessSequenceEntry
        case blockMappingFirstKey, blockMappingKey, blockMappingValue
        case flowSequenceFirstEntry, flowSequenceEntry
        case flowSequenceEntryMappingKey, flowSequenceEntryMappingValue, flowSequenceEntryMappingEnd
        case flowMappingFirstKey, flowMappingKey, flowMappingValue, flowMappingEmptyValue
        case end
    }

    static let defaultTagHandles = ["!": "!", "!!": "tag:yaml.org,2002:"]

    var scanner: YAMLScanner
    var state: State = .streamStart
    var states: [State] = []
    /// Where each open collection starts (for "never closed" and indentation messages).
    var marks: [Mark] = []
    var tagHandles = YAMLEventParser.defaultTagHandles

    init(scanner: YAMLScanner) {
        self.scanner = scanner
    }

    /// The next event.
    mutating func next() throws(YAMLError) -> YAMLEvent {
        switch state {
        case .streamStart:
            let token = try scanner.nextToken()
            state = .implicitDocumentStart
            return YAMLEvent(.streamStart, start: token.start)
        case .implicitDocumentStart:
            switch try scanner.peekKind() {
            case .versionDirective, .tagDirective, .reservedDirective, .documentStart, .streamEnd:
                return try documentStart()
            default:
                tagHandles = YAMLEventParser.defaultTagHandles
                let token = try scanner.peekToken()
                states.append(.documentEnd)
                state = .blockNode
                return YAMLEvent(.documentStart, start: token.start)
            }
        case .documentStart:
            return try documentStart()
        case .documentEnd:
            let token = try scanner.peekToken()
            switch token.kind {
            case .documentEnd:
                _ = try scanner.nextToken()
            case .documentStart, .streamEnd, .versionDirective, .tagDirective, .reservedDirective:
                break
            default:
                throw unexpected(token, "expected the end of the document")
            }
            state = .documentStart
            return YAMLEvent(.documentEnd, start: token.start)
        case .documentContent:
            let token = try scanner.peekToken()
            switch token.kind {
            case .versionDirective, .tagDirective, .reservedDirective, .documentStart, .documentEnd, .streamEnd:
                state = states.removeLast()
                return emptyScalar(at: token.start)
            default:
                return try parseNode(block: true, indentlessSequence: false)
            }
        case .blockNode:
            return try parseNode(block: true, indentlessSequence: false)
        case .blockNodeOrIndentlessSequence:
            return try parseNode(block: true, indentlessSequence: true)
        case .flowNode:
            return try parseNode(block: false, indentlessSequence: false)
        case .blockSequenceFirstEntry:
            let token = try scanner.nextToken()
            marks.append(token.start)
            return try blockSequenceEntry()
        case .blockSequenceEntry:
            return try blockSequenceEntry()
        case .indentlessSequenceEntry:
            return try indentlessSequenceEntry()
        case .blockMappingFirstKey:
            let token = try scanner.nextToken()
            marks.append(token.start)
            return try blockMappingKey()
        case .blockMappingKey:
            return try blockMappingKey()
        case .blockMappingValue:
            return try blockMappingValue()
        case .flowSequenceFirstEntry:
            let token = try scanner.nextToken()
            marks.append(token.start)
            return try flowSequenceEntry(first: true)
        case .flowSequenceEntry:
            return try flowSequenceEntry(first: false)
        case .flowSequenceEntryMappingKey:
            let token = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .value, .flowEntry, .flowSequenceEnd:
                state = .flowSequenceEntryMappingValue
                return emptyScalar(at: token.end)
            default:
                states.append(.flowSequenceEntryMappingValue)
                return try parseNode(block: false, indentlessSequence: false)
            }
        case .flowSequenceEntryMappingValue:
            let token = try scanner.peekToken()
            guard token.kind == .value else {
                state = .flowSequenceEntryMappingEnd
                return emptyScalar(at: token.start)
            }
            _ = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .flowEntry, .flowSequenceEnd:
                state = .flowSequenceEntryMappingEnd
                return emptyScalar(at: token.end)
            default:
                states.append(.flowSequenceEntryMappingEnd)
                return try parseNode(block: false, indentlessSequence: false)
            }
        case .flowSequenceEntryMappingEnd:
            state = .flowSequenceEntry
            return YAMLEvent(.mappingEnd, start: try scanner.peekToken().start)
        case .flowMappingFirstKey:
            let token = try scanner.nextToken()
            marks.append(token.start)
            return try flowMappingKey(first: true)
        case .flowMappingKey:
            return try flowMappingKey(first: false)
        case .flowMappingValue:
            let token = try scanner.peekToken()
            guard token.kind == .value else {
                state = .flowMappingKey
                return emptyScalar(at: token.start)
            }
            _ = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .flowEntry, .flowMappingEnd:
                state = .flowMappingKey
                return emptyScalar(at: token.end)
            default:
                states.append(.flowMappingKey)
                return try parseNode(block: false, indentlessSequence: false)
            }
        case .flowMappingEmptyValue:
            state = .flowMappingKey
            return emptyScalar(at: try scanner.peekToken().start)
        case .end:
            return YAMLEvent(.streamEnd, start: scanner.mark)
        }
    }

    // MARK: - Documents

    private mutating func documentStart() throws(YAMLError) -> YAMLEvent {
        while try scanner.peekKind() == .documentEnd { _ = try scanner.nextToken() }
        var token = try scanner.peekToken()
        if token.kind == .streamEnd {
            _ = try scanner.nextToken()
            state = .end
            return YAMLEvent(.streamEnd, start: token.start)
        }
        // Directives, then '---'.
        tagHandles = YAMLEventParser.defaultTagHandles
        var sawVersion = false
        var sawDirective = false
        while token.kind == .versionDirective || token.kind == .tagDirective || token.kind == .reservedDirective {
            _ = try scanner.nextToken()
            sawDirective = true
            if token.kind == .reservedDirective {
                // Ignored, as the spec asks.
            } else if token.kind == .versionDirective {
                guard !sawVersion else { throw scanner.error(.syntax, "a second %YAML directive", at: token.start) }
                sawVersion = true
            } else {
                let handle = scanner.handle(token)
                if tagHandles[handle] != nil && YAMLEventParser.defaultTagHandles[handle] == nil {
                    throw scanner.error(.syntax, "the tag handle '\(handle)' is defined twice", at: token.start)
                }
                tagHandles[handle] = scanner.value(token)
            }
            token = try scanner.peekToken()
        }
        guard token.kind == .documentStart else {
            let after = sawDirective ? "after the directives" : "after the document end marker '...'"
            throw scanner.error(
                .syntax, "expected a document start marker '---' \(after), found \(token.what)", at: token.start)
        }
        _ = try scanner.nextToken()
        states.append(.documentEnd)
        state = .documentContent
        return YAMLEvent(.documentStart, start: token.start)
    }

    // MARK: - Nodes

    private mutating func parseNode(block: Bool, indentlessSequence: Bool) throws(YAMLError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if token.kind == .alias {
            _ = try scanner.nextToken()
            state = states.removeLast()
            var event = YAMLEvent(.alias, start: token.start)
            event.anchor = scanner.value(token)
            return event
        }
        var anchor: String?
        var tag: String?
        var tagMark: Mark?
        var propertiesEnd: Mark?
        for _ in 0..<2 {
            if token.kind == .anchor && anchor == nil {
                anchor = scanner.value(token)
            } else if token.kind == .tag && tag == nil {
                tag = try resolveTag(token)
                tagMark = token.start
            } else {
                break
            }
            propertiesEnd = token.end
            _ = try scanner.nextToken()
            token = try scanner.peekToken()
        }
        var event: YAMLEvent
        switch token.kind {
        case .blockEntry where indentlessSequence:
            event = YAMLEvent(.sequenceStart, start: token.start)
            marks.append(token.start)
            state = .indentlessSequenceEntry
        case .scalar:
            _ = try scanner.nextToken()
            event = YAMLEvent(.scalar, start: token.start, end: token.end)
            event.value = scanner.value(token)
            event.style = token.style
            event.blockIndent = Int(token.blockIndent)
            state = states.removeLast()
        case .flowSequenceStart:
            event = YAMLEvent(.sequenceStart, start: token.start)
            state = .flowSequenceFirstEntry
        case .flowMappingStart:
            event = YAMLEvent(.mappingStart, start: token.start)
            state = .flowMappingFirstKey
        case .blockSequenceStart where block:
            event = YAMLEvent(.sequenceStart, start: token.start)
            state = .blockSequenceFirstEntry
        case .blockMappingStart where block:
            event = YAMLEvent(.mappingStart, start: token.start)
            state = .blockMappingFirstKey
        case .alias:
            throw scanner.error(.syntax, "an alias cannot have an anchor or a tag", at: token.start)
        default:
            if let propertiesEnd {
                // Properties with no content: an empty scalar (`!GetAZs` alone, `key: &a`).
                event = emptyScalar(at: propertiesEnd)
                state = states.removeLast()
            } else {
                throw unexpected(token, "expected a value")
            }
        }
        event.anchor = anchor
        event.tag = tag
        event.tagMark = tagMark
        return event
    }

    private func resolveTag(_ token: YAMLToken) throws(YAMLError) -> String {
        let handle = scanner.handle(token)
        if handle.isEmpty { return scanner.value(token) }  // verbatim
        guard let prefix = tagHandles[handle] else {
            throw scanner.error(
                .invalidTag, "the tag handle '\(handle)' is not declared by a %TAG directive", at: token.start)
        }
        return prefix + scanner.value(token)
    }

    private func emptyScalar(at mark: Mark) -> YAMLEvent {
        YAMLEvent(.scalar, start: mark)
    }

    // MARK: - Block collections

    private mutating func blockSequenceEntry() throws(YAMLError) -> YAMLEvent {
        let token = try scanner.peekToken()
        if token.kind == .blockEntry {
            _ = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .blockEntry, .blockEnd:
                state = .blockSequenceEntry
                return emptyScalar(at: token.end)
            default:
                states.append(.blockSequenceEntry)
                return try parseNode(block: true, indentlessSequence: false)
            }
        }
        guard token.kind == .blockEnd else { throw misplaced(token, in: "sequence") }
        _ = try scanner.nextToken()
        state = states.removeLast()
        marks.removeLast()
        return YAMLEvent(.sequenceEnd, start: token.start)
    }

    private mutating func indentlessSequenceEntry() throws(YAMLError) -> YAMLEvent {
        let token = try scanner.peekToken()
        if token.kind == .blockEntry {
            _ = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .blockEntry, .key, .value, .blockEnd:
                state = .indentlessSequenceEntry
                return emptyScalar(at: token.end)
            default:
                states.append(.indentlessSequenceEntry)
                return try parseNode(block: true, indentlessSequence: false)
            }
        }
        state = states.removeLast()
        marks.removeLast()
        return YAMLEvent(.sequenceEnd, start: token.start)
    }

    private mutating func blockMappingKey() throws(YAMLError) -> YAMLEvent {
        let token = try scanner.peekToken()
        if token.kind == .key {
            _ = try scanner.nextToken()
            switch try scanner.peekKind() {
            case .key, .value, .blockEnd:
                state = .blockMappingValue
                return emptyScalar(at: token.end)
            default:
                states.append(.blockMappingValue)
                return try parseNode(block: true, indentlessSequence: true)
            }
        }
        guard token.kind == .blockEnd else { throw misplaced(token, in: "mapping") }
        _ = try scanner.nextToken()
        state = states.removeLast()
        marks.removeLast()
        return YAMLEvent(.mappingEnd, start: token.start)
    }

    private mutating func blockMappingValue() throws(YAMLError) -> YAMLEvent {
        let token = try scanner.peekToken()
        guard token.kind == .value else {
            state = .blockMappingKey
            return emptyScalar(at: token.start)
        }
        _ = try scanner.nextToken()
        switch try scanner.peekKind() {
        case .key, .value, .blockEnd:
            state = .blockMappingKey
            return emptyScalar(at: token.end)
        default:
            states.append(.blockMappingKey)
            return try parseNode(block: true, indentlessSequence: true)
        }
    }

    // MARK: - Flow collections

    private mutating func flowSequenceEntry(first: Bool) throws(YAMLError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if token.kind != .flowSequenceEnd {
            if !first {
                guard token.kind == .flowEntry else { throw unclosed(token, "sequence", closer: "]") }
                _ = try scanner.nextToken()
                token = try scanner.peekToken()
            }
            if token.kind == .key {
                // `[a: b]`: a single-pair mapping inside the sequence.
                state = .flowSequenceEntryMappingKey
                return YAMLEvent(.mappingStart, start: token.start)
            }
            if token.kind != .flowSequenceEnd {
                states.append(.flowSequenceEntry)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        _ = try scanner.nextToken()
        state = states.removeLast()
        marks.removeLast()
        return YAMLEvent(.sequenceEnd, start: token.start)
    }

    private mutating func flowMappingKey(first: Bool) throws(YAMLError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if token.kind != .flowMappingEnd {
            if !first {
                guard token.kind == .flowEntry else { throw unclosed(token, "mapping", closer: "}") }
                _ = try scanner.nextToken()
                token = try scanner.peekToken()
            }
            if token.kind == .key {
                _ = try scanner.nextToken()
                switch try scanner.peekKind() {
                case .value, .flowEntry, .flowMappingEnd:
                    state = .flowMappingValue
                    return emptyScalar(at: token.end)
                default:
                    states.append(.flowMappingValue)
                    return try parseNode(block: false, indentlessSequence: false)
                }
            }
            if token.kind != .flowMappingEnd {
                states.append(.flowMappingEmptyValue)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        _ = try scanner.nextToken()
        state = states.removeLast()
        marks.removeLast()
        return YAMLEvent(.mappingEnd, start: token.start)
    }

    // MARK: - Errors

    private func unexpected(_ token: YAMLToken, _ expectation: String) -> YAMLError {
        if token.kind == .value { return missingKey(token) }
        if token.kind == .blockMappingStart || token.kind == .blockSequenceStart || token.kind == .key {
            return scanner.error(
                .badIndentation, "\(expectation), found \(token.what); check the indentation of this line",
                at: token.start)
        }
        return scanner.error(.syntax, "\(expectation), found \(token.what)", at: token.start)
    }

    /// A token inside a block collection that is neither an entry nor its end.
    private func missingKey(_ token: YAMLToken) -> YAMLError {
        scanner.error(.invalidKey, "a mapping key is missing before ':'", at: token.start)
    }

    private func misplaced(_ token: YAMLToken, in collection: String) -> YAMLError {
        if token.kind == .value { return missingKey(token) }
        let entry = collection == "mapping" ? "a mapping key" : "a sequence entry '- '"
        let start = marks.last ?? token.start
        if token.start.column != start.column && isFirstOnItsLine(token.start) {
            return scanner.error(
                .badIndentation,
                "bad indentation: this line starts at column \(token.start.column + 1), but the \(collection) it belongs to has its entries at column \(start.column + 1)",
                at: token.start, related: start)
        }
        return scanner.error(
            collection == "mapping" && token.kind == .blockEntry || collection == "sequence" && token.kind == .key
                ? .badIndentation : .syntax,
            "expected \(entry) of the \(collection) that starts at line \(start.line), found \(token.what)",
            at: token.start, related: start)
    }

    private func isFirstOnItsLine(_ mark: Mark) -> Bool {
        scanner.bytes[mark.lineStart..<mark.offset].allSatisfy { $0 == 0x20 }
    }

    /// A token inside a flow collection where ',' or the closing bracket belongs.
    private func unclosed(_ token: YAMLToken, _ collection: String, closer: String) -> YAMLError {
        let start = marks.last ?? token.start
        var source = scanner.source
        let opened = source.position(start)
        switch token.kind {
        case .streamEnd, .documentStart, .documentEnd:
            return scanner.error(
                .unterminatedFlowCollection,
                "unterminated flow \(collection): the '\(closer == "]" ? "[" : "{")' at \(opened) is never closed with '\(closer)'",
                at: start)
        default:
            return scanner.error(
                .syntax,
                "expected ',' or '\(closer)' in the flow \(collection) opened at \(opened), found \(token.what)",
                at: token.start, related: start)
        }
    }
}
