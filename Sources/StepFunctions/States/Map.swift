/// `"Type": "Map"`: runs its processor (a block of states) for each item of an array, inline or, in
/// distributed mode, as child executions over items read from S3.
///
/// ```swift
/// Map(.processLineItems, itemsPath: "$.order.items") {
///     LambdaInvoke(.processItem, function: "process-line-item")
/// }
/// .itemSelector(["item": .path("$$.Map.Item.Value"), "orderId": .path("$.orderId")])
/// .maxConcurrency(10)
/// .resultPath("$.processedItems")
/// ```
public struct Map<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Map state; `itemsPath` sets `ItemsPath` (JSONPath states), the processor block is the
    /// `ItemProcessor`.
    public init(
        _ name: Name, itemsPath: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @StatesBuilder<Name> processor: () -> [StateNode]
    ) {
        let location = DiagnosticLocation.source(file, line, column)
        node = StateNode(
            name: name.stateName, type: .map, location: location,
            body: .map(StateNode.MapBody(processor: processor())))
        if let itemsPath { node.set(.itemsPath, .string(itemsPath), at: location) }
    }

    private func processor(
        _ file: String, _ line: UInt, _ column: UInt, _ field: String, _ change: (inout StateNode.MapBody) -> Void
    ) -> Self {
        modified {
            guard case .map(var body) = $0.body else { return }
            change(&body)
            $0.body = .map(body)
            let key = body.legacyIterator ? "Iterator" : "ItemProcessor"
            $0.record(FieldPath(field.isEmpty ? [.key(key)] : [.key(key), .key(field)]), .source(file, line, column))
        }
    }

    /// Sets the processor's `ProcessorConfig`: `INLINE` (the default) or `DISTRIBUTED` child
    /// executions of type `STANDARD` or `EXPRESS`.
    ///
    /// ```swift
    /// .processorConfig(mode: .distributed, executionType: .express)
    /// ```
    public func processorConfig(
        mode: ProcessorConfig.Mode, executionType: ProcessorConfig.ExecutionType? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        processor(file, line, column, "ProcessorConfig") {
            $0.config = .members([
                ("Mode", .string(mode.rawValue)), ("ExecutionType", executionType.map { .string($0.rawValue) }),
            ])
        }
    }

    /// Sets the processor's own `Comment` (`ItemProcessor.Comment`).
    public func processorComment(
        _ text: String, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        processor(file, line, column, "Comment") { $0.comment = text }
    }

    /// Writes the processor as `Iterator`, the name `ItemProcessor` had before 2023; use it only to
    /// reproduce an existing definition exactly.
    public func legacyIterator(file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        processor(file, line, column, "") { $0.legacyIterator = true }
    }

    /// Sets `ItemReader` (distributed): where the items come from (an S3 object, a listing, a manifest).
    ///
    /// ```swift
    /// .itemReader(resource: "arn:aws:states:::s3:getObject",
    ///             parameters: ["Bucket": "orders", "Key": "daily.csv"],
    ///             inputType: "CSV", csvHeaderLocation: "FIRST_ROW", maxItems: 1000)
    /// ```
    /// - Parameters:
    ///   - resource: `Resource`, e.g. `arn:aws:states:::s3:getObject` or `...:s3:listObjectsV2`.
    ///   - parameters: `Parameters` (JSONPath states).
    ///   - arguments: `Arguments` (JSONata states).
    ///   - inputType: `ReaderConfig.InputType`: `CSV`, `JSON`, `JSONL`, `MANIFEST` or `PARQUET`.
    ///   - csvHeaderLocation: `ReaderConfig.CSVHeaderLocation`: `FIRST_ROW` or `GIVEN`.
    ///   - csvHeaders: `ReaderConfig.CSVHeaders` (with `GIVEN`): a list (`["id", "amount"]`) or, in JSONata
    ///     states, `.jsonata("...")`.
    ///   - csvDelimiter: `ReaderConfig.CSVDelimiter`: `COMMA`, `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.
    ///   - manifestType: `ReaderConfig.ManifestType`: `S3_INVENTORY` or `ATHENA_DATA`.
    ///   - maxItems: `ReaderConfig.MaxItems`: a number (`1000`) or, in JSONata states, `.jsonata("...")`.
    ///   - maxItemsPath: `ReaderConfig.MaxItemsPath` (JSONPath states).
    public func itemReader(
        resource: String, parameters: Payload? = nil, arguments: Payload? = nil, inputType: String? = nil,
        csvHeaderLocation: String? = nil, csvHeaders: DynamicValue<[String]>? = nil, csvDelimiter: String? = nil,
        manifestType: String? = nil, maxItems: DynamicValue<Int>? = nil, maxItemsPath: String? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        let config: [(String, FieldContent?)] = [
            ("InputType", inputType.map(FieldContent.string)),
            ("CSVHeaderLocation", csvHeaderLocation.map(FieldContent.string)),
            ("CSVHeaders", csvHeaders.map { FieldContent.dynamic($0) { .array($0.map(JSONValue.string)) } }),
            ("CSVDelimiter", csvDelimiter.map(FieldContent.string)),
            ("ManifestType", manifestType.map(FieldContent.string)),
            ("MaxItems", maxItems.map { FieldContent.dynamic($0, JSONValue.int) }),
            ("MaxItemsPath", maxItemsPath.map(FieldContent.string)),
        ]
        let hasConfig = config.contains { $0.1 != nil }
        return setting(
            .itemReader,
            .members([
                ("Resource", .string(resource)), ("ReaderConfig", hasConfig ? .members(config) : nil),
                ("Parameters", parameters.map(FieldContent.template)),
                ("Arguments", arguments.map(FieldContent.template)),
            ]), file, line, column)
    }

    /// Sets `ItemBatcher` (distributed): groups items into batches, each processed by one child
    /// execution as `{"Items": [...], "BatchInput": ...}`.
    /// - Parameters:
    ///   - maxItemsPerBatch: `MaxItemsPerBatch`: a number or, in JSONata states, `.jsonata("...")`.
    ///   - maxItemsPerBatchPath: `MaxItemsPerBatchPath` (JSONPath states).
    ///   - maxInputBytesPerBatch: `MaxInputBytesPerBatch`: a number or, in JSONata states, `.jsonata("...")`.
    ///   - maxInputBytesPerBatchPath: `MaxInputBytesPerBatchPath` (JSONPath states).
    ///   - batchInput: `BatchInput`: added to every batch.
    public func itemBatcher(
        maxItemsPerBatch: DynamicValue<Int>? = nil, maxItemsPerBatchPath: String? = nil,
        maxInputBytesPerBatch: DynamicValue<Int>? = nil,
        maxInputBytesPerBatchPath: String? = nil, batchInput: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        setting(
            .itemBatcher,
            .members([
                ("MaxItemsPerBatch", maxItemsPerBatch.map { FieldContent.dynamic($0, JSONValue.int) }),
                ("MaxItemsPerBatchPath", maxItemsPerBatchPath.map(FieldContent.string)),
                ("MaxInputBytesPerBatch", maxInputBytesPerBatch.map { FieldContent.dynamic($0, JSONValue.int) }),
                ("MaxInputBytesPerBatchPath", maxInputBytesPerBatchPath.map(FieldContent.string)),
                ("BatchInput", batchInput.map(FieldContent.template)),
            ]), file, line, column)
    }

    /// Sets `ResultWriter` (distributed): writes the child executions' results to S3.
    ///
    /// ```swift
    /// .resultWriter(resource: "arn:aws:states:::s3:putObject",
    ///               parameters: ["Bucket": "results", "Prefix": "runs"])
    /// ```
    /// - Parameters:
    ///   - resource: `Resource` (`arn:aws:states:::s3:putObject`).
    ///   - parameters: `Parameters` (JSONPath states).
    ///   - arguments: `Arguments` (JSONata states).
    ///   - outputType: `WriterConfig.OutputType`: `JSON` or `JSONL`.
    ///   - transformation: `WriterConfig.Transformation`: `NONE`, `COMPACT` or `FLATTEN`.
    public func resultWriter(
        resource: String? = nil, parameters: Payload? = nil, arguments: Payload? = nil, outputType: String? = nil,
        transformation: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        let config: FieldContent? =
            outputType == nil && transformation == nil
            ? nil
            : .members([
                ("OutputType", outputType.map(FieldContent.string)),
                ("Transformation", transformation.map(FieldContent.string)),
            ])
        return setting(
            .resultWriter,
            .members([
                ("Resource", resource.map(FieldContent.string)), ("Parameters", parameters.map(FieldContent.template)),
                ("Arguments", arguments.map(FieldContent.template)), ("WriterConfig", config),
            ]), file, line, column)
    }
}

extension StateNode {
    /// A Map's item processor as written: its states and the processor's own fields.
    struct MapBody: Sendable {
        /// The processor's states.
        var processor: [StateNode]
        /// Whether it is written as the legacy `Iterator`.
        var legacyIterator = false
        /// `ProcessorConfig`.
        var config: FieldContent?
        /// `Comment`.
        var comment: String?
    }
}

extension FieldContent {
    /// A value that may be a literal, a JSONata expression or a placeholder.
    static func dynamic<V>(_ value: DynamicValue<V>, _ literal: (V) -> JSONValue) -> FieldContent {
        switch value {
        case .literal(let v): return .json(literal(v))
        case .expression(let e): return .string(e.delimited)
        case .placeholder(let p): return .string(p)
        }
    }
}
