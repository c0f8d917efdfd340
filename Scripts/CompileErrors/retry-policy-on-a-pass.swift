// expect: is unavailable: Pass states have no Retry; only Task, Parallel and Map states have it
import StepFunctions

enum Step: StateName { case shape }

let transient = RetryPolicy(on: .taskFailed, maxAttempts: 3)
let machine = StateMachine(Step.self) {
    Pass(.shape).retry(transient)
}
