// expect: is unavailable: Pass states have no Retry; only Task, Parallel and Map states have it
import StepFunctions

enum Step: String, StateName { case shape = "Shape" }

let machine = StateMachine(Step.self) {
    Pass(.shape).retry(on: .all, maxAttempts: 2)
}
