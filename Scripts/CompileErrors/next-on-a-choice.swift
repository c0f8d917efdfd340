// expect: is unavailable: Choice, Succeed and Fail states have no Next
import StepFunctions

enum Step: String, StateName { case route = "Route", done = "Done" }

let machine = StateMachine(Step.self) {
    Choice(.route) {
        Otherwise(.done)
    }
    .next(.done)
    Succeed(.done)
}
