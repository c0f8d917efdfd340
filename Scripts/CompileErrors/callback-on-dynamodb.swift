// expect: has no member 'waitForTaskToken'
import StepFunctions

enum Step: String, StateName { case save = "Save" }

let machine = StateMachine(Step.self) {
    DynamoDBPutItem(.save, table: "Orders", item: ["id": ["S": .path("$.id")]]).waitForTaskToken()
}
