import StepFunctions
import Testing

/// The DSL has no public type named `Task`, so Swift Concurrency's `Task` keeps working, unqualified,
/// in every file that imports StepFunctions (this one does). If the DSL declared a `Task`, this file
/// would stop compiling: `Task { ... }` and `Task.sleep` would resolve to the DSL's type.
@Suite("Swift Concurrency's Task is not shadowed")
struct ConcurrencyTaskTests {
    @Test func taskAndTaskSleepStillWork() async throws {
        let task = Task { 1 + 1 }
        try await Task.sleep(for: .milliseconds(1))
        #expect(await task.value == 2)
        let detached = Task.detached { "detached" }
        #expect(await detached.value == "detached")
    }

    @Test func theGenericTaskStateIsTaskStep() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:us-east-1:123456789012:activity:review")
        }
        #expect(try machine.compile().definition.states["A"]?.type == .task)
    }
}
