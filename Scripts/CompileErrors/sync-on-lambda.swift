// expect: has no member 'sync'
import StepFunctions

enum Step: String, StateName { case score = "Score" }

let machine = StateMachine(Step.self) {
    LambdaInvoke(.score, function: "score").sync()
}
