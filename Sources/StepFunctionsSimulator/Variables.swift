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
    /// What this scope assigned.
    private(set) var local: [String: JSONValue] = [:]
    /// The enclosing scopes, frozen while this one runs.
    private(set) var outer: VariableFrame?
    /// Every visible variable (outer values overlaid with local ones): the JSONata bindings.
    private(set) var visible: [String: JSONValue] = [:]
    /// The compact JSON size of each local variable.
    private var localSizes: [String: Int] = [:]
    /// The total size of the local variables.
    private var localBytes = 0

    /// No variables: the top level before any `Assign`.
    init() {}

    /// Whether no variable is visible (the common JSONPath case pays nothing more).
    var isEmpty: Bool { visible.isEmpty }

    /// The value of `$name`, if assigned in this scope or an enclosing one.
    func value(_ name: String) -> JSONValue? { visible[name] }

    /// The scope of a Parallel branch or inline Map iteration: reads this one, assigns its own.
    func innerScope() -> Variables {
        guard !visible.isEmpty else { return Variables() }
        var inner = Variables()
        inner.outer = VariableFrame(values: local, parent: outer, bytes: localBytes + (outer?.totalBytes ?? 0))
        inner.visible = visible
        return inner
    }

    /// Applies a state's assignments (all evaluated beforehand, against the values from before the
    /// state), checking AWS's rules: `states` is reserved, an inner scope cannot assign a variable of
    /// an enclosing scope, one value and one state's assignments are at most `valueLimit` bytes,
    /// all variables together at most `totalLimit`.
    mutating func assign(_ assignments: [(name: String, value: JSONValue)], valueLimit: Int, totalLimit: Int)
        throws(StateFailure)
    {
        var stateBytes = 0
        var sizes: [Int] = []
        sizes.reserveCapacity(assignments.count)
        for (name, value) in assignments {
            if name == "states" {
                throw StateFailure.runtime(
                    "The variable name 'states' is reserved: '$states' holds the state's input, result, error output and context")
            }
            if outer?.contains(name) == true {
                throw StateFailure.runtime(
                    "The variable '\(name)' belongs to an outer scope: a state in a Parallel branch or Map iteration can read it but cannot assign it")
            }
            let size = JSONWriter.compactByteCount(value)
            if size > valueLimit {
                throw StateFailure(
                    error: StatesError.dataLimitExceeded,
                    cause: "The value assigned to the variable '\(name)' has a size of \(size) bytes, exceeding the maximum of \(valueLimit) bytes for a variable.",
                    kind: .runtime, needsStatePrefix: true)
            }
            stateBytes += size
            sizes.append(size)
        }
        if stateBytes > valueLimit {
            throw StateFailure(
                error: StatesError.dataLimitExceeded,
                cause: "The variables assigned by the state have a combined size of \(stateBytes) bytes, exceeding the maximum of \(valueLimit) bytes for one Assign.",
                kind: .runtime, needsStatePrefix: true)
        }
        var newLocalBytes = localBytes
        for (i, a) in assignments.enumerated() { newLocalBytes += sizes[i] - (localSizes[a.name] ?? 0) }
        let total = newLocalBytes + (outer?.totalBytes ?? 0)
        if total > totalLimit {
            throw StateFailure(
                error: StatesError.dataLimitExceeded,
                cause: "The variables of the execution would have a combined size of \(total) bytes, exceeding the maximum of \(totalLimit) bytes.",
                kind: .runtime, needsStatePrefix: true)
        }
        for (i, a) in assignments.enumerated() {
            local[a.name] = a.value
            visible[a.name] = a.value
            localSizes[a.name] = sizes[i]
        }
        localBytes = newLocalBytes
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
