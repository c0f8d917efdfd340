/// The optimized service integrations Step Functions recognises in a Task `Resource`
/// (`arn:PARTITION:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`), and the
/// integration patterns each supports, from the AWS Developer Guide's "Integrating optimized
/// services" table and the per-service pages. Anything else must go through `aws-sdk:`.
public enum ServiceIntegrations {
    /// The patterns an integration supports.
    public typealias Patterns = Set<TaskResource.IntegrationPattern>

    private static let rr: Patterns = [.requestResponse]
    private static let rrSync: Patterns = [.requestResponse, .sync]
    private static let rrToken: Patterns = [.requestResponse, .waitForTaskToken]
    private static let all: Patterns = [.requestResponse, .sync, .waitForTaskToken]

    /// Service -> action -> supported patterns.
    public static let optimized: [String: [String: Patterns]] = [
        "apigateway": ["invoke": rrToken],
        "athena": [
            "startQueryExecution": rrSync, "stopQueryExecution": rr, "getQueryExecution": rr, "getQueryResults": rr,
        ],
        "batch": ["submitJob": rrSync],
        "bedrock": ["invokeModel": rrToken, "createModelCustomizationJob": all],
        "codebuild": [
            "startBuild": rrSync, "stopBuild": rr, "batchDeleteBuilds": rr, "batchGetReports": rr,
            "startBuildBatch": rrSync, "retryBuildBatch": rrSync, "stopBuildBatch": rr, "deleteBuildBatch": rr,
        ],
        "dynamodb": ["getItem": rr, "putItem": rr, "deleteItem": rr, "updateItem": rr],
        "ecs": ["runTask": all],
        "eks": [
            "createCluster": rrSync, "deleteCluster": rrSync, "createFargateProfile": rrSync,
            "deleteFargateProfile": rrSync, "createNodegroup": rrSync, "deleteNodegroup": rrSync, "runJob": all,
            "call": rr,
        ],
        "elasticmapreduce": [
            "createCluster": rrSync, "terminateCluster": rrSync, "addStep": rrSync, "cancelStep": rr,
            "setClusterTerminationProtection": rr, "modifyInstanceFleetByName": rr, "modifyInstanceGroupByName": rr,
        ],
        "emr-containers": ["startJobRun": rrSync, "createVirtualCluster": rr, "deleteVirtualCluster": rrSync],
        "emr-serverless": [
            "createApplication": rrSync, "startApplication": rrSync, "stopApplication": rrSync,
            "deleteApplication": rrSync, "startJobRun": rrSync, "cancelJobRun": rrSync,
        ],
        "events": ["putEvents": rrToken],
        "glue": ["startJobRun": rrSync],
        "databrew": ["startJobRun": rrSync],
        "http": ["invoke": rr],
        "lambda": ["invoke": rrToken],
        "mediaconvert": ["createJob": rrSync],
        "sagemaker": [
            "createEndpoint": rr, "createEndpointConfig": rr, "createHyperParameterTuningJob": rrSync,
            "createLabelingJob": rrSync, "createModel": rr, "createProcessingJob": rrSync,
            "createTrainingJob": rrSync, "createTransformJob": rrSync, "updateEndpoint": rr,
        ],
        "sns": ["publish": rrToken],
        "sqs": ["sendMessage": rrToken],
        "states": ["startExecution": [.requestResponse, .sync, .sync2, .waitForTaskToken]],
    ]

    /// AWS SDK integrations (`aws-sdk:SERVICE:ACTION`) support request-response and
    /// `.waitForTaskToken`, never `.sync`.
    public static let sdkPatterns: Patterns = rrToken

    /// The partitions a Task ARN may name.
    public static let partitions: Set<String> = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ]

    /// The resources a distributed Map's `ItemReader` may name.
    public static let itemReaderActions: Set<String> = ["s3:getObject", "s3:listObjectsV2"]
    /// The resource a distributed Map's `ResultWriter` may name.
    public static let resultWriterActions: Set<String> = ["s3:putObject"]
}
