import StepFunctions
import Testing

@Test func scratch() throws {
    let cases: [(String, StateMachine<S>)] = [
("inlineMapFields", StateMachine(S.self) {
    Map(.a, itemsPath: "$.order.items") {
        LambdaInvoke(.b, function: "process-item")
        Pass(.c)
    }
    .comment("Each item")
    .inputPath("$.input")
    .itemSelector(["item": .path("$$.Map.Item.Value"), "index": .path("$$.Map.Item.Index")])
    .maxConcurrency(10)
    .processorConfig(mode: .inline)
    .resultSelector(["count": .arrayLength(.path("$"))])
    .resultPath("$.processed")
    .outputPath("$.processed")
    .assign(["mapped": true])
    .retry(on: .all, maxAttempts: 1)
    .catch(.all, next: .handler)
    Pass(.handler)
}),
("legacyMapFields", StateMachine(S.self) {
    Map(.a) {
        Pass(.b)
    }
    .itemsPath("$.items")
    .parameters(["value": .path("$$.Map.Item.Value")])
    .maxConcurrency(path: "$.limit")
    .legacyIterator()
}),
("distributedMapFields", StateMachine(S.self) {
    Map(.a) {
        LambdaInvoke(.b, function: "process-batch")
    }
    .processorConfig(mode: .distributed, executionType: .express)
    .itemReader(
        resource: "arn:aws:states:::s3:getObject", parameters: ["Bucket": "orders", "Key": .path("$.key")],
        inputType: "CSV", csvHeaderLocation: "GIVEN", csvHeaders: ["id", "amount"], csvDelimiter: "SEMICOLON",
        maxItems: 1000)
    .itemBatcher(maxItemsPerBatch: 100, maxInputBytesPerBatch: 262_144, batchInput: ["run": .path("$$.Execution.Id")])
    .maxConcurrency(500)
    .toleratedFailureCount(10)
    .toleratedFailurePercentage(5)
    .label("orders")
    .resultWriter(
        resource: "arn:aws:states:::s3:putObject", parameters: ["Bucket": "results", "Prefix": "runs"],
        outputType: "JSONL", transformation: "COMPACT")
    .resultPath(.null)
}),
("distributedMapPathForms", StateMachine(S.self) {
    Map(.a) {
        Pass(.b)
    }
    .processorConfig(mode: .distributed, executionType: .standard)
    .itemReader(resource: "arn:aws:states:::s3:listObjectsV2", parameters: ["Bucket": .path("$.bucket")], maxItemsPath: "$.max")
    .itemBatcher(maxItemsPerBatchPath: "$.batch", maxInputBytesPerBatchPath: "$.bytes")
    .toleratedFailureCount(path: "$.failures")
    .toleratedFailurePercentage(path: "$.percent")
}),
("jsonataMapFields", StateMachine(S.self) {
    Map(.a) {
        Pass(.b).output(.jsonata("$states.input * 2"))
    }
    .items(.jsonata("$states.input.numbers"))
    .itemSelector(["n": .jsonata("$states.context.Map.Item.Value")])
    .maxConcurrency(.jsonata("$states.input.limit"))
    .output(.jsonata("$states.result"))
    .assign(["total": .jsonata("$sum($states.result)")])
}.queryLanguage(.jsonata)),
("jsonataDistributedMapFields", StateMachine(S.self) {
    Map(.a) {
        Pass(.b)
    }
    .toleratedFailureCount(.jsonata("$states.input.failures"))
    .toleratedFailurePercentage(.jsonata("$states.input.percent"))
    .processorConfig(mode: .distributed, executionType: .express)
    .itemReader(resource: "arn:aws:states:::s3:getObject", arguments: ["Bucket": "b", "Key": .jsonata("$states.input.key")], inputType: "JSONL")
    .resultWriter(resource: "arn:aws:states:::s3:putObject", arguments: ["Bucket": "r", "Prefix": "out"])
}.queryLanguage(.jsonata)),
    ]
    for (n, m) in cases { print("=== \(n)"); print(try m.compile().json) }
}
