// expect: is unavailable: Wait states have no Catch; only Task, Parallel and Map states have it
import StepFunctions

enum Step: String, StateName { case pause = "Pause", failed = "Failed" }

let machine = StateMachine(Step.self) {
    Wait(.pause, for: .seconds(5)).catch(.all, next: .failed)
} handlers: {
    Fail(.failed)
}
