import StepFunctions

/// The states of `importedTypedIntegrations`; each raw value is the state's name in the definition.
enum ImportedTypedIntegrationsStep: String, StateName, CaseIterable {
    case lambdaInvoke = "LambdaInvoke"
    case lambdaInvokeWaitForTaskToken = "LambdaInvoke_waitForTaskToken"
    case snsPublish = "SNSPublish"
    case snsPublishWaitForTaskToken = "SNSPublish_waitForTaskToken"
    case sqsSendMessage = "SQSSendMessage"
    case sqsSendMessageWaitForTaskToken = "SQSSendMessage_waitForTaskToken"
    case dynamoDBPutItem = "DynamoDBPutItem"
    case dynamoDBGetItem = "DynamoDBGetItem"
    case dynamoDBUpdateItem = "DynamoDBUpdateItem"
    case stepFunctionsStartExecution = "StepFunctionsStartExecution"
    case stepFunctionsStartExecutionSync = "StepFunctionsStartExecution_sync"
    case stepFunctionsStartExecutionSync2 = "StepFunctionsStartExecution_sync2"
    case stepFunctionsStartExecutionWaitForTaskToken = "StepFunctionsStartExecution_waitForTaskToken"
    case ecsRunTask = "ECSRunTask"
    case ecsRunTaskSync = "ECSRunTask_sync"
    case ecsRunTaskWaitForTaskToken = "ECSRunTask_waitForTaskToken"
    case batchSubmitJob = "BatchSubmitJob"
    case batchSubmitJobSync = "BatchSubmitJob_sync"
    case glueStartJobRun = "GlueStartJobRun"
    case glueStartJobRunSync = "GlueStartJobRun_sync"
}

let importedTypedIntegrations = StateMachine(
    ImportedTypedIntegrationsStep.self,
    comment: "Every typed task of the DSL with every argument and pattern"
) {
    LambdaInvoke(
        .lambdaInvoke,
        function: "functionname-value",
        payload: ["From": "Payload"],
        invocationType: "invocationtype-value",
        qualifier: "qualifier-value",
        clientContext: "clientcontext-value"
    )
    LambdaInvoke(
        .lambdaInvokeWaitForTaskToken,
        function: "functionname-value",
        payload: ["From": "Payload"],
        invocationType: "invocationtype-value",
        qualifier: "qualifier-value",
        clientContext: "clientcontext-value"
    )
    .waitForTaskToken()
    SNSPublish(
        .snsPublish,
        topic: "topicarn-value",
        message: "Message text",
        subject: "Subject text",
        messageAttributes: ["From": "MessageAttributes"],
        messageGroupId: "MessageGroupId text"
    )
    SNSPublish(
        .snsPublishWaitForTaskToken,
        topic: "topicarn-value",
        message: "Message text",
        subject: "Subject text",
        messageAttributes: ["From": "MessageAttributes"],
        messageGroupId: "MessageGroupId text"
    )
    .waitForTaskToken()
    SQSSendMessage(
        .sqsSendMessage,
        queueURL: "queueurl-value",
        messageBody: "MessageBody text",
        delaySeconds: 5,
        messageAttributes: ["From": "MessageAttributes"],
        messageDeduplicationId: "MessageDeduplicationId text",
        messageGroupId: "MessageGroupId text"
    )
    SQSSendMessage(
        .sqsSendMessageWaitForTaskToken,
        queueURL: "queueurl-value",
        messageBody: "MessageBody text",
        delaySeconds: 5,
        messageAttributes: ["From": "MessageAttributes"],
        messageDeduplicationId: "MessageDeduplicationId text",
        messageGroupId: "MessageGroupId text"
    )
    .waitForTaskToken()
    DynamoDBPutItem(
        .dynamoDBPutItem,
        table: "tablename-value",
        item: ["From": "Item"],
        conditionExpression: "conditionexpression-value",
        expressionAttributeNames: ["From": "ExpressionAttributeNames"],
        expressionAttributeValues: ["From": "ExpressionAttributeValues"],
        returnValues: "returnvalues-value"
    )
    DynamoDBGetItem(
        .dynamoDBGetItem,
        table: "tablename-value",
        key: ["From": "Key"],
        projectionExpression: "projectionexpression-value",
        expressionAttributeNames: ["From": "ExpressionAttributeNames"],
        consistentRead: true
    )
    DynamoDBUpdateItem(
        .dynamoDBUpdateItem,
        table: "tablename-value",
        key: ["From": "Key"],
        updateExpression: "updateexpression-value",
        conditionExpression: "conditionexpression-value",
        expressionAttributeNames: ["From": "ExpressionAttributeNames"],
        expressionAttributeValues: ["From": "ExpressionAttributeValues"],
        returnValues: "returnvalues-value"
    )
    StepFunctionsStartExecution(
        .stepFunctionsStartExecution,
        stateMachine: "statemachinearn-value",
        input: ["From": "Input"],
        executionName: "Name text"
    )
    StepFunctionsStartExecution(
        .stepFunctionsStartExecutionSync,
        stateMachine: "statemachinearn-value",
        input: ["From": "Input"],
        executionName: "Name text"
    )
    .sync()
    StepFunctionsStartExecution(
        .stepFunctionsStartExecutionSync2,
        stateMachine: "statemachinearn-value",
        input: ["From": "Input"],
        executionName: "Name text"
    )
    .sync2()
    StepFunctionsStartExecution(
        .stepFunctionsStartExecutionWaitForTaskToken,
        stateMachine: "statemachinearn-value",
        input: ["From": "Input"],
        executionName: "Name text"
    )
    .waitForTaskToken()
    ECSRunTask(
        .ecsRunTask,
        cluster: "cluster-value",
        taskDefinition: "taskdefinition-value",
        launchType: "launchtype-value",
        networkConfiguration: ["From": "NetworkConfiguration"],
        overrides: ["From": "Overrides"]
    )
    ECSRunTask(
        .ecsRunTaskSync,
        cluster: "cluster-value",
        taskDefinition: "taskdefinition-value",
        launchType: "launchtype-value",
        networkConfiguration: ["From": "NetworkConfiguration"],
        overrides: ["From": "Overrides"]
    )
    .sync()
    ECSRunTask(
        .ecsRunTaskWaitForTaskToken,
        cluster: "cluster-value",
        taskDefinition: "taskdefinition-value",
        launchType: "launchtype-value",
        networkConfiguration: ["From": "NetworkConfiguration"],
        overrides: ["From": "Overrides"]
    )
    .waitForTaskToken()
    BatchSubmitJob(
        .batchSubmitJob,
        jobName: "JobName text",
        jobQueue: "jobqueue-value",
        jobDefinition: "jobdefinition-value",
        jobParameters: ["From": "Parameters"],
        containerOverrides: ["From": "ContainerOverrides"],
        arrayProperties: ["From": "ArrayProperties"]
    )
    BatchSubmitJob(
        .batchSubmitJobSync,
        jobName: "JobName text",
        jobQueue: "jobqueue-value",
        jobDefinition: "jobdefinition-value",
        jobParameters: ["From": "Parameters"],
        containerOverrides: ["From": "ContainerOverrides"],
        arrayProperties: ["From": "ArrayProperties"]
    )
    .sync()
    GlueStartJobRun(.glueStartJobRun, jobName: "jobname-value", jobArguments: ["From": "Arguments"])
    GlueStartJobRun(.glueStartJobRunSync, jobName: "jobname-value", jobArguments: ["From": "Arguments"])
        .sync()
}
