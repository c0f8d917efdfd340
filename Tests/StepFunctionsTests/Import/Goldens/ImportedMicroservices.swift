import StepFunctions

/// The states of `importedMicroservices`; each case's state name is the case name with a capital.
enum ImportedMicroservicesStep: StateName, CaseIterable {
    case validateInput, getUserData, processOrderAndPayment, createOrder, processPayment, checkInventory
    case sendNotification
}

let importedMicroservices = StateMachine(
    ImportedMicroservicesStep.self,
    comment: "Microservices orchestration workflow"
) {
    Pass(.validateInput)
    LambdaInvoke(.getUserData, function: "${PROJECT_NAME}-user-service")
        .resultPath("$.userResult")
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    Parallel(.processOrderAndPayment) {
        Branch {
            LambdaInvoke(
                .createOrder,
                function: "${PROJECT_NAME}-order-service",
                payload: ["orderData": .path("$.orderData"), "userData": .path("$.userResult.Payload")]
            )
        }
        Branch {
            LambdaInvoke(
                .processPayment,
                function: "${PROJECT_NAME}-payment-service",
                payload: ["orderData": .path("$.orderData"), "userData": .path("$.userResult.Payload")]
            )
            .retry(on: .taskFailed, interval: .seconds(1), maxAttempts: 2)
        }
        Branch {
            LambdaInvoke(
                .checkInventory,
                function: "${PROJECT_NAME}-inventory-service",
                payload: ["orderData": .path("$.orderData")]
            )
        }
    }
    LambdaInvoke(
        .sendNotification,
        function: "${PROJECT_NAME}-notification-service",
        payload: [
            "userData": .path("$.userResult.Payload"),
            "orderData": .path("$[0].Payload"),
            "paymentData": .path("$[1].Payload"),
        ]
    )
}
