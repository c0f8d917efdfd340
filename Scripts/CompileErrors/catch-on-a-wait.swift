// expect: is unavailable: only Task, Parallel and Map states have Catch
import StepFunctions

enum Step: String, StateName { case pause = "Pause", failed = "Failed" }

let machine = StateMachine(Step.self) {
    Wait(.pause, for: .seconds(5)).catch(.all, next: .failed)
} handlers: {
    Fail(.failed)
}
