/// A workflow that can be compiled and validated without knowing its state-name type: every
/// ``StateMachine`` is one (`WorkflowTool` and `GoldenFile` take lists of them).
public protocol CompilableWorkflow: Sendable {
    /// The workflow's name (its file is `NAME.asl.json`).
    var name: String { get }
    /// Lowers, validates and renders the workflow.
    func compile(_ options: CompileOptions) throws(ValidationFailure) -> CompiledStateMachine
    /// Every problem, errors first, with Swift source locations.
    func validate(warnings: Bool) -> [Diagnostic]
}

extension StateMachine: CompilableWorkflow {}
