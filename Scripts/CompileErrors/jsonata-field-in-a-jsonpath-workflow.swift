// expect: is unavailable: Output is a JSONata field, but this workflow's states are JSONPath (its state-name type is a JSONPathStateName); use .resultSelector(...), .resultPath(...) or .outputPath(...)
// expect: is unavailable: Arguments is a JSONata field, but this workflow's states are JSONPath
// expect: is unavailable: TimeoutSeconds is a JSONata field, but this workflow's states are JSONPath
import StepFunctions

enum Step: JSONPathStateName { case lookUp, charge }

let machine = StateMachine(Step.self) {
    LambdaInvoke(.lookUp, function: "look-up").output(.jsonata("$states.result"))
    LambdaInvoke(.charge, function: "charge").arguments(["id": .input("id")]).timeout(.jsonata("$states.input.t"))
}
