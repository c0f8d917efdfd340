// expect: is unavailable: ResultPath is a JSONPath field, but this workflow's states are JSONata (its state-name type is a JSONataStateName); use Output or Assign
// expect: is unavailable: Parameters is a JSONPath field, but this workflow's states are JSONata
// expect: is unavailable: TimeoutSecondsPath is a JSONPath field, but this workflow's states are JSONata
import StepFunctions

enum Step: JSONataStateName { case lookUp, charge }

let machine = StateMachine(Step.self) {
    LambdaInvoke(.lookUp, function: "look-up").resultPath("$.found")
    LambdaInvoke(.charge, function: "charge").parameters(["id": .path("$.id")]).timeout(path: "$.limit")
}
