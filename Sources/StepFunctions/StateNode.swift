/// A state as written in the DSL: its name and type, its ASL fields as written (keyed by
/// ``ASLField``), the blocks of states nested in it, and the Swift source location of the state and of
/// each field.
///
/// The DSL keeps no model of its own: compiling renders each node as the ASL JSON it stands for and
/// hands the document to the same ``ASLReader`` that reads `.asl.json` files, so a workflow written in
/// Swift and one read from JSON are checked and converted by one path.
public struct StateNode: Sendable {
    /// The ASL state name.
    var name: String
    /// The state's `Type`.
    var type: StateType
    /// The fields as written, in the order the modifiers set them (a later value replaces an earlier one).
    var fields: [(field: ASLField, content: FieldContent)] = []
    /// Where the state was written.
    var location: DiagnosticLocation
    /// Where each field (relative to the state, e.g. `Retry[1]`) was written.
    var fieldLocations: [(FieldPath, DiagnosticLocation)] = []
    /// Problems found while the state was built (a sub-second duration), with where they were written.
    var problems: [Diagnostic] = []
    /// `Next`/`End` set explicitly with `.next(...)`/`.end()`; `nil` means "follow the sequence".
    var explicitTransition: Transition?
    /// Blocks declared inline (a Catch or Choice target written as a closure), placed after the
    /// enclosing block's states.
    var attachedBlocks: [[StateNode]] = []
    /// The nested blocks and other parts only some types have.
    var body: Body = .plain

    /// The parts of a state that are not plain fields.
    enum Body: Sendable {
        /// No nested blocks.
        case plain
        /// A Task: its resource and, for the service tasks, the request they build.
        case task(TaskResourceSpec)
        /// A Choice's rules and default.
        case choice([ChoiceEntry])
        /// A Parallel's branches.
        case parallel([BranchSpec])
        /// A Map's item processor.
        case map(MapBody)
    }

    /// A Task's `Resource` as the DSL builds it.
    struct TaskResourceSpec: Sendable {
        /// The resource ARN without an integration-pattern suffix (or the whole ARN for `TaskStep`).
        var resource: String
        /// The suffix added to ``resource`` (`.sync`, `.sync:2`, `.waitForTaskToken`).
        var pattern: TaskResource.IntegrationPattern = .requestResponse
        /// Whether ``resource`` is a service integration that accepts a pattern suffix.
        var acceptsPattern: Bool
        /// The request a service helper builds (an object): written as `Parameters` (JSONPath) or
        /// `Arguments` (JSONata), merged with the state's own `.parameters`/`.arguments`.
        var request: Payload?
    }

    /// One Parallel branch.
    struct BranchSpec: Sendable {
        var states: [StateNode]
        var comment: String?
        var location: DiagnosticLocation
    }

    init(name: String, type: StateType, location: DiagnosticLocation, body: Body = .plain) {
        self.name = name
        self.type = type
        self.location = location
        self.body = body
    }

    /// Whether a following state in the same block is *not* linked from this one.
    var closesChain: Bool {
        explicitTransition != nil || !StateType.chainable.contains(type)
    }

    /// Sets `field` (replacing an earlier value) and records where it was written.
    mutating func set(_ field: ASLField, _ content: FieldContent, at location: DiagnosticLocation) {
        if let i = fields.firstIndex(where: { $0.field == field }) {
            fields[i].content = content
        } else {
            fields.append((field, content))
        }
        record(.field(field.rawValue), location)
    }

    /// Removes `field`.
    mutating func remove(_ field: ASLField) { fields.removeAll { $0.field == field } }

    /// Appends an element to the array field `field` (`Retry`, `Catch`), recording where it was written.
    mutating func append(_ field: ASLField, _ element: FieldContent, at location: DiagnosticLocation) {
        var items: [FieldContent] = []
        if let i = fields.firstIndex(where: { $0.field == field }), case .array(let existing) = fields[i].content {
            items = existing
            fields.remove(at: i)
        }
        record(FieldPath([.key(field.rawValue), .index(items.count)]), location)
        items.append(element)
        fields.append((field, .array(items)))
    }

    /// The number of elements of the array field `field`.
    func count(_ field: ASLField) -> Int {
        guard let entry = fields.first(where: { $0.field == field }), case .array(let items) = entry.content else {
            return 0
        }
        return items.count
    }

    /// Records where a field (a path relative to the state) was written.
    mutating func record(_ field: FieldPath, _ location: DiagnosticLocation) {
        fieldLocations.append((field, location))
    }
}

/// An ASL field's value as written in the DSL: JSON written as is, or a payload template that is
/// rendered for the state's query language (paths get their `.$` key suffix in JSONPath states).
indirect enum FieldContent: Sendable {
    /// JSON written as is (a path string, a number, a name).
    case json(JSONValue)
    /// A payload template.
    case template(Payload)
    /// An object whose members are written or rendered one by one (a catcher, an item reader).
    case object([(key: String, content: FieldContent)])
    /// An array of contents (`Retry`, `Catch`).
    case array([FieldContent])

    /// A string written as is.
    static func string(_ text: String) -> FieldContent { .json(.string(text)) }

    /// An object of the members present.
    static func members(_ pairs: [(String, FieldContent?)]) -> FieldContent {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }
}

extension FieldPath {
    /// A one-key relative path, e.g. `.field("TimeoutSeconds")`.
    static func field(_ key: String) -> FieldPath { FieldPath([.key(key)]) }
}
