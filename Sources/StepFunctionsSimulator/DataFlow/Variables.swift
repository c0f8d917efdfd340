import JSONCore
import StepFunctionsModel

/// The workflow variables one execution path sees (`Assign`, `$name`).
///
/// The top-level states share one scope. Each Parallel branch and inline Map iteration runs in an
/// inner scope of its own: it reads the enclosing scopes' variables, which stay frozen while it
/// runs, and what it assigns stays in it (a branch returns data through its output only). A
/// distributed Map's child executions start with no variables, as AWS documents. A value type,
/// so concurrent branches share nothing mutable.
struct Variables: Sendable {
    /// The scope's contents; nil until something is visible, so a path without variables carries
    /// one empty pointer. Immutable: an assignment makes a new one.
    private var contents: Contents?

    /// What a scope holds.
    final class Contents: Sendable {
        /// What this scope assigned, and each value's compact JSON size.
        let local: [String: JSONValue]
        let localSizes: [String: Int]
        /// The total size of the local variables.
        let localBytes: Int
        /// The enclosing scopes, frozen while this one runs.
        let outer: VariableFrame?
        /// Every visible variable (outer values overlaid with local ones): the JSONata bindings.
        let visible: [String: JSONValue]

        init(
            local: [String: JSONValue], localSizes: [String: Int], localBytes: Int, outer: VariableFrame?,
            visible: [String: JSONValue]
        ) {
            self.local = local
            self.localSizes = localSizes
            self.localBytes = localBytes
            self.outer = outer
            self.visible = visible
        }
    }

    /// No variables: the top level before any `Assign`.
    init() {}

    /// Every visible variable by name (the JSONata bindings).
    var visible: [String: JSONValue] { contents?.visible ?? [:] }

    /// The value of `$name`, if assigned in this scope or an enclosing one.
    func value(_ name: String) -> JSONValue? { contents?.visible[name] }

    /// The scope of a Parallel branch or inline Map iteration: reads this one, assigns its own.
    func innerScope() -> Variables {
        guard let c = contents, !c.visible.isEmpty else { return Variables() }
        let frame = VariableFrame(values: c.local, parent: c.outer, bytes: c.localBytes + (c.outer?.totalBytes ?? 0))
        var inner = Variables()
        inner.contents = Contents(local: [:], localSizes: [:], localBytes: 0, outer: frame, visible: c.visible)
        return inner
    }

    /// Applies a state's assignments (all evaluated beforehand, against the values from before the
    /// state), checking AWS's rules: `states` is reserved, an inner scope cannot assign a variable of
    /// an enclosing scope, one value and one state's assignments are at most `valueLimit` bytes,
    /// all variables together at most `totalLimit`.
    mutating func assign(_ assignments: Assignments, valueLimit: Int, totalLimit: Int) throws(StateFailure) {
        let outer = contents?.outer
        var stateBytes = 0
        var sizes: [Int] = []
        sizes.reserveCapacity(assignments.count)
        for (name, value) in assignments {
            if name == "states" {
                throw StateFailure.runtime(
                    "The variable name 'states' is reserved: '$states' holds the state's input, result, error output and context"
                )
            }
            if outer?.contains(name) == true {
                throw StateFailure.runtime(
                    "The variable '\(name)' belongs to an outer scope: a state in a Parallel branch or Map iteration can read it but cannot assign it"
                )
            }
            let size = JSONWriter.compactByteCount(value)
            if size > valueLimit {
                throw StateFailure(
                    error: StatesError.dataLimitExceeded,
                    cause:
                        "The value assigned to the variable '\(name)' has a size of \(size) bytes, exceeding the maximum of \(valueLimit) bytes for a variable.",
                    kind: .runtime, needsStatePrefix: true)
            }
            stateBytes += size
            sizes.append(size)
        }
        if stateBytes > valueLimit {
            throw StateFailure(
                error: StatesError.dataLimitExceeded,
                cause:
                    "The variables assigned by the state have a combined size of \(stateBytes) bytes, exceeding the maximum of \(valueLimit) bytes for one Assign.",
                kind: .runtime, needsStatePrefix: true)
        }
        var local = contents?.local ?? [:]
        var localSizes = contents?.localSizes ?? [:]
        var visible = contents?.visible ?? [:]
        var localBytes = contents?.localBytes ?? 0
        for (i, a) in assignments.enumerated() {
            localBytes += sizes[i] - (localSizes[a.name] ?? 0)
            local[a.name] = a.value
            visible[a.name] = a.value
            localSizes[a.name] = sizes[i]
        }
        let total = localBytes + (outer?.totalBytes ?? 0)
        if total > totalLimit {
            throw StateFailure(
                error: StatesError.dataLimitExceeded,
                cause:
                    "The variables of the execution would have a combined size of \(total) bytes, exceeding the maximum of \(totalLimit) bytes.",
                kind: .runtime, needsStatePrefix: true)
        }
        contents = Contents(
            local: local, localSizes: localSizes, localBytes: localBytes, outer: outer, visible: visible)
    }
}

/// An enclosing scope's variables, frozen while an inner scope runs.
final class VariableFrame: Sendable {
    let values: [String: JSONValue]
    let parent: VariableFrame?
    /// The size of this frame's variables and its parents'.
    let totalBytes: Int

    init(values: [String: JSONValue], parent: VariableFrame?, bytes: Int) {
        self.values = values
        self.parent = parent
        self.totalBytes = bytes
    }

    /// Whether this scope or an enclosing one holds `name`.
    func contains(_ name: String) -> Bool {
        values[name] != nil || parent?.contains(name) == true
    }
}
