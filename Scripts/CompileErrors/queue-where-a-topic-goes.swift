// expect: candidate expects value of type 'SNSTopic' for parameter #2 (got 'SQSQueue')
import StepFunctions

enum Step: StateName { case notify }

let approvals = SQSQueue.url("https://sqs.us-east-1.amazonaws.com/123456789012/approvals")
let machine = StateMachine(Step.self) {
    SNSPublish(.notify, topic: approvals, message: "hi")
}
