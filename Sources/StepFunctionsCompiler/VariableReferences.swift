import JSONata
import StepFunctionsModel

extension StateMachineDefinition {
    /// The workflow variables each state reads, by state name (nested states included), each list
    /// sorted: what DescribeStateMachine's `variableReferences` shows. JSONPath reads are paths
    /// rooted at `$name`; JSONata reads are the expressions' free `$name` variables other than
    /// `$states`. States that read none are left out.
    public var variableReferences: [String: [String]] {
        var out: [String: [String]] = [:]
        Self.collectVariableReferences(graph, into: &out)
        return out
    }

    private static func collectVariableReferences(_ graph: StateGraph, into out: inout [String: [String]]) {
        for entry in graph.states {
            var names: Set<String> = []
            FieldReferences.visit(
                entry.state.fields,
                path: { path in
                    if case .variable(let name) = path.root { names.insert(name) }
                },
                expression: { e in
                    guard let compiled = try? CompiledJSONata(e.source) else { return }
                    for name in compiled.freeVariables where name != "states" { names.insert(name) }
                })
            if !names.isEmpty { out[entry.name] = names.sorted() }
            for child in entry.state.childGraphs { collectVariableReferences(child, into: &out) }
        }
    }
}
