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
public struct Map<Name: StateName>: DataFlowState, AssigningState, ChainableState, ResultPathState, ParametersState,
    ResultSelectorState, Retryable, Catchable
{
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Map state; `itemsPath` sets `ItemsPath` (JSONPath states), the processor block is the
    /// `ItemProcessor`.
    public init(
        _ name: Name, itemsPath: String? = nil, fileID: String = #fileID, line: UInt = #line,
        @StatesBuilder<Name> processor: () -> [StateNode]
    ) {
        node = StateNode(name: name.rawValue, kind: .map(processor: processor()), fileID: fileID, line: line)
        if let itemsPath {
            node.fields.itemsPath = itemsPath
            node.record(.field("ItemsPath"), fileID: fileID, line: line)
        }
    }

    /// Sets `ItemsPath` (JSONPath states): where the array is in the input.
    public func itemsPath(_ path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ItemsPath"), fileID, line) { $0.fields.itemsPath = path }
    }

    /// Sets `Items` (JSONata states): the array, or an expression giving it.
    ///
    /// ```swift
    /// Map(.each) { ... }.items(.jsonata("$states.input.orders"))
    /// ```
    public func items(_ items: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Items"), fileID, line) { $0.fields.items = items }
    }

    /// Sets `ItemSelector`: the input of each iteration (`$$.Map.Item.Value` is the item).
    public func itemSelector(_ selector: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ItemSelector"), fileID, line) { $0.fields.itemSelector = selector }
    }

    /// Sets `MaxConcurrency`: how many iterations run at once (0: as many as possible).
    public func maxConcurrency(_ limit: Int, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("MaxConcurrency"), fileID, line) { $0.fields.maxConcurrency = .literal(limit) }
    }

    /// Sets `MaxConcurrency` to a JSONata expression (JSONata states).
    public func maxConcurrency(_ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("MaxConcurrency"), fileID, line) { $0.fields.maxConcurrency = .expression(expression.source) }
    }

    /// Sets `MaxConcurrencyPath` (JSONPath states).
    public func maxConcurrency(path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("MaxConcurrencyPath"), fileID, line) { $0.fields.maxConcurrency = .path(path) }
    }

    /// Sets `ToleratedFailureCount` (distributed): failed items allowed before the Map fails.
    public func toleratedFailureCount(_ count: Int, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ToleratedFailureCount"), fileID, line) { $0.fields.toleratedFailureCount = .literal(count) }
    }

    /// Sets `ToleratedFailureCount` to a JSONata expression (JSONata states).
    public func toleratedFailureCount(
        _ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        modified(.field("ToleratedFailureCount"), fileID, line) {
            $0.fields.toleratedFailureCount = .expression(expression.source)
        }
    }

    /// Sets `ToleratedFailureCountPath` (JSONPath states).
    public func toleratedFailureCount(path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ToleratedFailureCountPath"), fileID, line) { $0.fields.toleratedFailureCount = .path(path) }
    }

    /// Sets `ToleratedFailurePercentage` (distributed): the share of failed items allowed (0 to 100).
    public func toleratedFailurePercentage(_ percent: Double, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ToleratedFailurePercentage"), fileID, line) {
            $0.fields.toleratedFailurePercentage = .literal(percent)
        }
    }

    /// Sets `ToleratedFailurePercentage` to a JSONata expression (JSONata states).
    public func toleratedFailurePercentage(
        _ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        modified(.field("ToleratedFailurePercentage"), fileID, line) {
            $0.fields.toleratedFailurePercentage = .expression(expression.source)
        }
    }

    /// Sets `ToleratedFailurePercentagePath` (JSONPath states).
    public func toleratedFailurePercentage(path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ToleratedFailurePercentagePath"), fileID, line) {
            $0.fields.toleratedFailurePercentage = .path(path)
        }
    }

    /// Sets `Label` (distributed): the prefix of the Map Run's child execution names.
    public func label(_ label: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Label"), fileID, line) { $0.fields.label = label }
    }

    /// Sets the processor's `ProcessorConfig`: `INLINE` (the default) or `DISTRIBUTED` child
    /// executions of type `STANDARD` or `EXPRESS`.
    ///
    /// ```swift
    /// .processorConfig(mode: .distributed, executionType: .express)
    /// ```
    public func processorConfig(
        mode: ProcessorConfig.Mode, executionType: ProcessorConfig.ExecutionType? = nil,
        fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        modified(FieldPath([.key("ItemProcessor"), .key("ProcessorConfig")]), fileID, line) {
            $0.fields.processorConfig = ProcessorConfig(mode: mode, executionType: executionType)
        }
    }

    /// Sets the processor's own `Comment` (`ItemProcessor.Comment`).
    public func processorComment(_ text: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(FieldPath([.key("ItemProcessor"), .key("Comment")]), fileID, line) {
            $0.fields.processorComment = text
        }
    }

    /// Writes the processor as `Iterator`, the name `ItemProcessor` had before 2023; use it only to
    /// reproduce an existing definition exactly.
    public func legacyIterator(fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Iterator"), fileID, line) { $0.fields.legacyIterator = true }
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
        fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        var config: ReaderConfigSpec?
        let count: CountSpec? = maxItemsPath.map(CountSpec.path) ?? maxItems.map(CountSpec.init)
        if inputType != nil || csvHeaderLocation != nil || csvHeaders != nil || csvDelimiter != nil
            || manifestType != nil || count != nil
        {
            config = ReaderConfigSpec(
                inputType: inputType, csvHeaderLocation: csvHeaderLocation, csvHeaders: csvHeaders,
                csvDelimiter: csvDelimiter, manifestType: manifestType, maxItems: count)
        }
        let spec = ItemReaderSpec(
            resource: resource, parameters: parameters, arguments: arguments, readerConfig: config)
        return modified(.field("ItemReader"), fileID, line) { $0.fields.itemReader = spec }
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
        fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        let spec = ItemBatcherSpec(
            maxItemsPerBatch: maxItemsPerBatchPath.map(CountSpec.path) ?? maxItemsPerBatch.map(CountSpec.init),
            maxInputBytesPerBatch: maxInputBytesPerBatchPath.map(CountSpec.path)
                ?? maxInputBytesPerBatch.map(CountSpec.init),
            batchInput: batchInput)
        return modified(.field("ItemBatcher"), fileID, line) { $0.fields.itemBatcher = spec }
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
        transformation: String? = nil, fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        let config =
            outputType == nil && transformation == nil
            ? nil : WriterConfig(outputType: outputType, transformation: transformation)
        let spec = ResultWriterSpec(
            resource: resource, parameters: parameters, arguments: arguments, writerConfig: config)
        return modified(.field("ResultWriter"), fileID, line) { $0.fields.resultWriter = spec }
    }
}
