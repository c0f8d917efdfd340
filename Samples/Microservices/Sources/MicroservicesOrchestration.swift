import StepFunctions

/// The states of the microservices orchestration (seed 004).
public enum MicroserviceStep: StateName, CaseIterable {
    case validateInput, getUserData, processOrderAndPayment, createOrder, processPayment, checkInventory
    case sendNotification
}

/// A service's function name; `${PROJECT_NAME}` is filled in at deployment.
private func service(_ name: String) -> String { "${PROJECT_NAME}-\(name)-service" }

/// What the order and payment services are sent: the order and the user's data.
private let orderAndUser: Payload = ["orderData": .input("orderData"), "userData": .input("userResult", "Payload")]

/// The microservices orchestration: user data first, then order, payment and inventory in parallel,
/// then a notification built from all three.
///
/// In the seed's JSON the Parallel has no `ResultPath`, so its output (the state after it reads
/// it) is the array of the three branches' results, and `$.userResult.Payload` no longer exists:
/// every execution fails in `SendNotification`. Here the Parallel keeps its input and puts the array
/// at `$.results`, and the notification reads `$.results[0]` and `$.results[1]`. Compiling the seed's
/// version warns about it (see the tests).
public let microservicesOrchestration = StateMachine(
    MicroserviceStep.self, name: "microservices-orchestration", comment: "Microservices orchestration workflow"
) {
    Pass(.validateInput)
    LambdaInvoke(.getUserData, function: service("user"))
        .resultPath("$.userResult")
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    Parallel(.processOrderAndPayment) {
        Branch {
            LambdaInvoke(
                .createOrder, function: service("order"),
                payload: orderAndUser)
        }
        Branch {
            LambdaInvoke(
                .processPayment, function: service("payment"),
                payload: orderAndUser
            )
            .retry(on: .taskFailed, interval: .seconds(1), maxAttempts: 2)
        }
        Branch {
            LambdaInvoke(.checkInventory, function: service("inventory"), payload: ["orderData": .input("orderData")])
        }
    }
    .resultPath("$.results")
    LambdaInvoke(
        .sendNotification, function: service("notification"),
        payload: [
            "userData": .input("userResult", "Payload"),
            "orderData": .input("results", 0, "Payload"),
            "paymentData": .input("results", 1, "Payload"),
        ])
}
