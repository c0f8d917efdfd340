import StepFunctions
import Testing

enum SmokeStep: String, StateName, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D", e = "E", handle = "Handle"
}

@Test func smoke() throws {
    let m = StateMachine(SmokeStep.self, comment: "x") {
        LambdaInvoke(.a, function: "f")
            .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
            .catch(.all, resultPath: "$.error", next: .handle)
        Parallel(.b) {
            Branch { Pass(.c) }
            Branch { SNSPublish(.d, topic: "t", message: .path("$.m")) }
        }
        Choice(.e) {
            When(.stringEquals("$.x", "y"), next: .handle)
            Otherwise(.handle)
        }
    } handlers: {
        Pass(.handle)
    }
    let c = try m.compile()
    print(c.json)
}
