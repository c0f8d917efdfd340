// expect: is unavailable: Pass states have no TimeoutSeconds; only Task states have it
import StepFunctions

enum Step: String, StateName { case shape = "Shape" }

let machine = StateMachine(Step.self) {
    Pass(.shape).timeout(.seconds(5))
}
