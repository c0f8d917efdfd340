// expect: is unavailable: only Task, Parallel and Map states have Retry
import StepFunctions

enum Step: String, StateName { case shape = "Shape" }

let machine = StateMachine(Step.self) {
    Pass(.shape).retry(on: .all, maxAttempts: 2)
}
