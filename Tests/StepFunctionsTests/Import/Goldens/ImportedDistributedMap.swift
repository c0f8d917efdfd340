import StepFunctions

/// The states of `importedDistributedMap`; each case's state name is the case name with a capital.
enum ImportedDistributedMapStep: StateName, CaseIterable {
    case defaults, processRows, handleBatch, cooldown, isUrgent, tooMany, done
}

let importedDistributedMap = StateMachine(
    ImportedDistributedMapStep.self,
    comment: "A distributed Map over a CSV file, written for the import tests"
) {
    Pass(
        .defaults,
        result: ["bucket": "input-bucket", "limits": [1, 2.5, nil, true], "note.$": "a literal key"]
    )
    .resultPath("$.config")
    Map(.processRows) {
        LambdaInvoke(.handleBatch, function: "arn:aws:lambda:us-east-1:123456789012:function:handle-batch")
            .outputPath("$.Payload")
    }
    .processorConfig(mode: .distributed, executionType: .express)
    .resultPath(.null)
    .maxConcurrency(10)
    .toleratedFailurePercentage(5)
    .label("Rows")
    .itemReader(
        resource: "arn:aws:states:::s3:getObject",
        parameters: ["Bucket": .path("$.config.bucket"), "Key": "rows.csv"],
        inputType: "CSV",
        csvHeaderLocation: "FIRST_ROW",
        maxItems: 1000
    )
    .itemBatcher(maxItemsPerBatch: 50, batchInput: ["runId": .path("$$.Execution.Id")])
    .resultWriter(
        resource: "arn:aws:states:::s3:putObject",
        parameters: ["Bucket": "results-bucket", "Prefix": "runs"]
    )
    Wait(.cooldown, secondsPath: "$.cooldown")
    Choice(.isUrgent) {
        When(.and(.isPresent("$.priority"), .stringEquals("$.priority", "high")), next: .done)
        When(.not(.numericGreaterThan("$.count", 10)), comment: "few rows", next: .done)
        Otherwise(.tooMany)
    }
} handlers: {
    Fail(.tooMany)
        .errorPath("$.error")
        .causePath("States.Format('{} rows', $.count)")
    Succeed(.done)
}
.timeout(.seconds(3600))
