import Foundation
import StepFunctions
import Testing

/// The state names every snippet test uses.
enum S: String, StateName {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"
    case f = "F"
    case g = "G"
    case h = "H"
    case handler = "Handler"
    case done = "Done"
    case failed = "Failed"
}

/// The canonical pretty JSON of the state `name` of `machine`'s compiled definition (searching nested
/// graphs too), or the compile failure's text.
func stateJSON(_ machine: StateMachine<S>, _ name: S) throws -> String {
    let compiled = try machine.compile()
    guard let state = find(name.rawValue, in: compiled.definition.graph) else {
        Issue.record("no state named \(name.rawValue)")
        return ""
    }
    return JSONWriter.pretty.string(ASLWriter().json(state))
}

private func find(_ name: String, in graph: StateGraph) -> State? {
    if let s = graph.states[name] { return s }
    for entry in graph.states {
        for child in entry.state.childGraphs {
            if let s = find(name, in: child) { return s }
        }
    }
    return nil
}

/// The whole compiled definition as canonical pretty JSON (without the trailing newline).
func machineJSON(_ machine: StateMachine<S>) throws -> String {
    var json = try machine.compile().json
    if json.hasSuffix("\n") { json.removeLast() }
    return json
}

/// The diagnostics of a workflow that must fail to compile.
func failures(_ machine: StateMachine<S>) -> [Diagnostic] {
    do {
        _ = try machine.compile()
        Issue.record("expected the workflow not to compile")
        return []
    } catch {
        return error.diagnostics
    }
}

/// The 1-based line of the first line of this test file's source that contains `marker`, for
/// checking the locations diagnostics point at without counting lines by hand.
func line(of marker: String, file: StaticString = #filePath) -> Int? {
    guard let data = FileManager.default.contents(atPath: "\(file)") else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.contains(marker) && !$0.contains("line(of:") }.map { $0 + 1 }
}
