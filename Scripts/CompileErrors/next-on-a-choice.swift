// expect: is unavailable: Choice states have no Next; only Task, Pass, Wait, Parallel and Map states have it
import StepFunctions

enum Step: String, StateName { case route = "Route", done = "Done" }

let machine = StateMachine(Step.self) {
    Choice(.route) {
        Otherwise(.done)
    }
    .next(.done)
    Succeed(.done)
}
