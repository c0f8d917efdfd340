// expect: has no member 'timeout'
import StepFunctions

enum Step: String, StateName { case shape = "Shape" }

let machine = StateMachine(Step.self) {
    Pass(.shape).timeout(.seconds(5))
}
