import JSONCore
import StepFunctionsModel

/// Writes a definition as Swift source in the DSL (`sfn import`): a state-name enum and a
/// `let NAME = StateMachine(...)` whose `compile().json` is the definition again.
///
/// The code is written as a person would: states in sequence where each goes to the next, states
/// reached only by a Catch or a Choice rule in `handlers:`, the typed service tasks where the request
/// fits one (`LambdaInvoke`, `SNSPublish`, `DynamoDBPutItem`, ...) and `TaskStep` elsewhere, payloads
/// as Swift literals with `.path(...)`, intrinsics and `.jsonata(...)` values. What the DSL cannot
/// express is an error naming the state and field, never Swift that compiles to something else.
///
/// ```swift
/// let source = try SwiftWriter(name: "payment").source(for: definition)
/// ```
public struct SwiftWriter: Sendable {
    /// The name of the `let` that holds the workflow (a Swift identifier).
    public var name: String
    /// The name of the state-name enum; `<Name>Step` when not set.
    public var typeName: String

    /// A writer declaring `let name` and `enum typeName` (by default `name` capitalised + `Step`).
    public init(name: String, typeName: String? = nil) {
        self.name = name
        self.typeName = typeName ?? (name.prefix(1).uppercased() + name.dropFirst() + "Step")
    }

    /// Whether `name` can be the name of a Swift `let` (letters, digits and `_`, not starting with a
    /// digit, not a keyword).
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        guard name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return false }
        return !SwiftSyntax.keywords.contains(name)
    }

    /// A lowerCamelCase Swift identifier made from `text` (`order-flow` -> `orderFlow`).
    public static func identifier(_ text: String) -> String { SwiftSyntax.identifier(text) }

    /// The Swift source for `definition`.
    /// - Throws: ``SwiftImportError`` naming the first field the DSL cannot express.
    public func source(for definition: StateMachineDefinition) throws(SwiftImportError) -> String {
        guard case .object(let root) = ASLWriter().json(definition) else {
            throw SwiftImportError(path: "", message: "the definition is not an object")
        }
        var generator = SwiftGenerator(root: root)
        return try generator.file(name: name, typeName: typeName)
    }
}

/// Generates the Swift for one definition (its canonical JSON, as ``ASLWriter`` writes the model).
struct SwiftGenerator {
    let root: JSONObject
    /// The state machine's query language (nested states inherit it, not their parent's).
    let machineLanguage: QueryLanguage
    /// Each state name's enum case, in the order the states are declared.
    var cases: [(name: String, identifier: String)] = []
    var caseOf: [String: String] = [:]

    init(root: JSONObject) {
        self.root = root
        machineLanguage = root["QueryLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:)) ?? .jsonPath
    }

    // MARK: The file

    mutating func file(name: String, typeName: String) throws(SwiftImportError) -> String {
        try checkKeys(
            root, allowed: ["Comment", "StartAt", "States", "QueryLanguage", "TimeoutSeconds", "Version"], at: .root)
        collectNames(root)
        let graph = try graphLayout(root, at: .root)
        var lines: [String] = ["import StepFunctions", ""]
        if cases.allSatisfy({ StateNaming.aslName(fromCase: $0.identifier) == $0.name }) {
            // Every name is its case's name with a capital: the names are written once, no raw values.
            lines.append("/// The states of `\(name)`; each case's state name is the case name with a capital.")
            lines.append("enum \(typeName): StateName, CaseIterable {")
            var line = ""
            for c in cases {
                let identifier = SwiftSyntax.escaped(c.identifier)
                if !line.isEmpty && line.count + identifier.count + 2 > 120 {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? "    case " + identifier : ", " + identifier
            }
            if !line.isEmpty { lines.append(line) }
        } else {
            lines.append("/// The states of `\(name)`; each raw value is the state's name in the definition.")
            lines.append("enum \(typeName): String, StateName, CaseIterable {")
            for c in cases {
                let identifier = SwiftSyntax.escaped(c.identifier)
                lines.append(
                    "    case "
                        + (c.identifier == c.name ? identifier : "\(identifier) = \(SwiftSyntax.string(c.name))"))
            }
        }
        lines.append("}")
        lines.append("")
        var head: [SwiftCode] = [.atom("\(typeName).self")]
        if let comment = root["Comment"] {
            guard case .string(let text) = comment else { throw wrongType(.root.appending("Comment"), "a string") }
            head.append(.labeled("comment", .atom(SwiftSyntax.string(text))))
        }
        let opening = "let \(name) = "
        let call = SwiftCode.call("StateMachine", head)
        lines += SwiftCode.suffixed(SwiftCode.prefixed(opening, call.lines(column: opening.count)), " {")
        lines += SwiftCode.indented(try block(graph.main, column: 4, at: .root))
        if graph.rest.isEmpty {
            lines.append("}")
        } else {
            lines.append("} handlers: {")
            lines += SwiftCode.indented(try block(graph.rest, column: 4, at: .root))
            lines.append("}")
        }
        var modifiers: [String] = []
        if let language = root["QueryLanguage"] {
            guard case .string(let raw) = language, let l = QueryLanguage(rawValue: raw) else {
                throw wrongType(.root.appending("QueryLanguage"), "JSONPath or JSONata")
            }
            modifiers.append(".queryLanguage(\(Self.languageCase(l)))")
        }
        if let timeout = root["TimeoutSeconds"] {
            guard case .number(let n) = timeout, let seconds = n.int64Value, seconds > 0 else {
                throw SwiftImportError(
                    path: "TimeoutSeconds",
                    message: "the DSL takes a positive whole number of seconds as the state machine timeout, not "
                        + JSONWriter.compact.string(timeout))
            }
            modifiers.append(".timeout(.seconds(\(seconds)))")
        }
        if let version = root["Version"] {
            guard case .string(let text) = version else { throw wrongType(.root.appending("Version"), "a string") }
            modifiers.append(".version(\(SwiftSyntax.string(text)))")
        }
        lines += modifiers
        return lines.joined(separator: "\n") + "\n"
    }

    static func languageCase(_ l: QueryLanguage) -> String { l == .jsonata ? ".jsonata" : ".jsonPath" }

    // MARK: Names

    /// Gives every state name (in every graph, depth first in declaration order) an enum case.
    mutating func collectNames(_ graph: JSONObject) {
        guard case .object(let states)? = graph["States"] else { return }
        var used = Set(cases.map(\.identifier))
        for (name, state) in states {
            if caseOf[name] == nil {
                var identifier = SwiftSyntax.identifier(name)
                // Members every `String` enum that is `StateName` and `CaseIterable` already has.
                if ["rawValue", "allCases", "hashValue", "init"].contains(identifier) { identifier += "State" }
                if used.contains(identifier) {
                    var n = 2
                    while used.contains(identifier + String(n)) { n += 1 }
                    identifier += String(n)
                }
                used.insert(identifier)
                caseOf[name] = identifier
                cases.append((name, identifier))
            }
            guard case .object(let o) = state else { continue }
            if case .array(let branches)? = o["Branches"] {
                for case .object(let b) in branches { collectNames(b) }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if case .object(let p)? = o[key] { collectNames(p) }
            }
        }
    }

    /// `.caseName` for a state name.
    func ref(_ name: String) -> String { "." + SwiftSyntax.escaped(caseOf[name] ?? SwiftSyntax.identifier(name)) }

    // MARK: Graphs

    /// One graph's states as blocks: the chain from `StartAt`, then the other chains (each starting at
    /// a state no other unplaced state goes to with `Next`), every state once.
    struct Layout {
        var main: [(name: String, state: JSONObject)]
        var rest: [(name: String, state: JSONObject)]
    }

    func graphLayout(_ graph: JSONObject, at path: FieldPath) throws(SwiftImportError) -> Layout {
        guard case .object(let states)? = graph["States"] else {
            throw wrongType(path.appending("States"), "an object")
        }
        guard case .string(let startAt)? = graph["StartAt"] else {
            throw wrongType(path.appending("StartAt"), "a string")
        }
        var objects: [String: JSONObject] = [:]
        var order: [String] = []
        for (name, value) in states {
            guard case .object(let o) = value else {
                throw wrongType(path.appending("States").appending(name), "an object")
            }
            objects[name] = o
            order.append(name)
        }
        func next(_ name: String) -> String? {
            guard let o = objects[name], case .string(let t)? = o["Next"], objects[t] != nil else { return nil }
            return t
        }
        var placed = Set<String>()
        func chain(from start: String) -> [(name: String, state: JSONObject)] {
            var out: [(name: String, state: JSONObject)] = []
            var current: String? = start
            while let c = current, !placed.contains(c), let o = objects[c] {
                placed.insert(c)
                out.append((c, o))
                current = next(c)
            }
            return out
        }
        guard objects[startAt] != nil else {
            throw SwiftImportError(
                path: path.appending("StartAt").description, message: "StartAt names '\(startAt)', which is no state")
        }
        let main = chain(from: startAt)
        var chains: [[(name: String, state: JSONObject)]] = []
        while placed.count < order.count {
            let unplaced = order.filter { !placed.contains($0) }
            let targets = Set(unplaced.compactMap(next))
            let start = unplaced.first { !targets.contains($0) } ?? unplaced[0]
            chains.append(chain(from: start))
        }
        // A chain that ends with `End` says so without `.end()` when it is written last.
        if let i = chains.firstIndex(where: { $0.last?.state["End"] == .bool(true) }) {
            chains.append(chains.remove(at: i))
        }
        return Layout(main: main, rest: chains.flatMap { $0 })
    }

    /// The statements of a block: each state, with `.next(...)`/`.end()` only where the sequence does
    /// not already say it.
    func block(_ states: [(name: String, state: JSONObject)], column: Int, at graphPath: FieldPath)
        throws(SwiftImportError) -> [String]
    {
        var lines: [String] = []
        for (i, entry) in states.enumerated() {
            let following = i + 1 < states.count ? states[i + 1].name : nil
            lines += try state(
                entry.name, entry.state, following: following, column: column,
                at: graphPath.appending("States").appending(entry.name))
        }
        return lines
    }

    /// The statements of a nested graph (a Parallel branch, a Map processor): its chains in one block.
    func nestedBlock(_ graph: JSONObject, column: Int, at path: FieldPath) throws(SwiftImportError) -> [String] {
        let layout = try graphLayout(graph, at: path)
        return try block(layout.main + layout.rest, column: column, at: path)
    }

    // MARK: Checks

    func checkKeys(_ object: JSONObject, allowed: Set<String>, at path: FieldPath) throws(SwiftImportError) {
        for key in object.keys where !allowed.contains(key) {
            throw SwiftImportError(
                path: path.appending(key).description, message: "the Swift DSL has no way to write '\(key)' here")
        }
    }

    func wrongType(_ path: FieldPath, _ expected: String) -> SwiftImportError {
        SwiftImportError(path: path.description, message: "expected \(expected)")
    }
}
