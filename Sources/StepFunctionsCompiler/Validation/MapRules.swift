/// Map state rules: exclusive fields, tolerances, Label, distributed-only fields, item reader,
/// batcher and writer.
extension ValidationContext {
    mutating func checkMap(_ m: MapState, scope: StateScope) {
        let path = scope.path
        if m.parameters != nil && m.itemSelector != nil {
            error(
                .conflictingFields,
                "Map state '\(scope.name)' has both 'Parameters' and 'ItemSelector'; 'ItemSelector' replaces the legacy "
                    + "'Parameters', keep one", at: path.appending("Parameters"))
        }
        exclusive(
            "MaxConcurrency", m.maxConcurrency != nil, "MaxConcurrencyPath", m.maxConcurrencyPath != nil, scope: scope)
        exclusive(
            "ToleratedFailureCount", m.toleratedFailureCount != nil, "ToleratedFailureCountPath",
            m.toleratedFailureCountPath != nil, scope: scope)
        exclusive(
            "ToleratedFailurePercentage", m.toleratedFailurePercentage != nil, "ToleratedFailurePercentagePath",
            m.toleratedFailurePercentagePath != nil, scope: scope)
        checkRange(m.maxConcurrency, "MaxConcurrency", 0...Int.max, scope: scope)
        checkRange(m.toleratedFailureCount, "ToleratedFailureCount", 0...Int.max, scope: scope)
        if case .literal(let p) = m.toleratedFailurePercentage, !(0...100).contains(p) {
            let fieldPath = path.appending("ToleratedFailurePercentage")
            error(
                .outOfRange,
                "'ToleratedFailurePercentage' of Map state '\(scope.name)' is \(JSONNumber.javaScriptString(p)); it "
                    + "must be between 0 and 100", at: fieldPath,
                aws: outOfRange(p, 0...100, decimal: true, at: fieldPath))
        }
        if let label = m.label { checkLabel(label, scope: scope) }
        if !m.isDistributed { checkInlineOnly(m, scope: scope) }
        if let reader = m.itemReader {
            checkItemReader(reader, scope: scope)
            checkMapResource(
                reader.resource.arn, allowed: ServiceIntegrations.itemReaderActions, field: "ItemReader", scope: scope)
        }
        if let writer = m.resultWriter {
            if let resource = writer.resource {
                checkMapResource(
                    resource.arn, allowed: ServiceIntegrations.resultWriterActions, field: "ResultWriter", scope: scope)
            }
            checkResultWriter(writer, scope: scope)
        }
        if let batcher = m.itemBatcher { checkItemBatcher(batcher, scope: scope) }
        if m.isDistributed, scope.express, m.itemProcessor.config?.executionType == .standard {
            error(
                .expressUnsupported,
                "distributed Map state '\(scope.name)' runs STANDARD child executions, which an EXPRESS execution "
                    + "cannot start; set 'ExecutionType' to EXPRESS",
                at: path.appending(m.itemProcessor.isLegacyIterator ? "Iterator" : "ItemProcessor")
                    .appending("ProcessorConfig"))
        }
    }

    /// `Label`: 1 to 40 characters, none of whitespace, `?*<>{}[]:;,\|^~$#%&` and the quote and
    /// backtick characters, nor control characters.
    mutating func checkLabel(_ label: String, scope: StateScope) {
        guard Placeholder.name(in: label) == nil else { return }
        let path = scope.path.appending("Label")
        if label.isEmpty {
            error(
                .invalidLabel, "'Label' of Map state '\(scope.name)' is empty; give 1 to 40 characters or leave it out",
                at: path, aws: AWSWording.valueError("Label cannot be empty", at: path))
            return
        }
        if label.count > Limits.maxLabelLength {
            error(
                .invalidLabel,
                "'Label' of Map state '\(scope.name)' has \(label.count) characters; AWS allows at most "
                    + "\(Limits.maxLabelLength)", at: path,
                aws: AWSWording.valueError("Label cannot exceed \(Limits.maxLabelLength) characters", at: path))
        }
        if let bad = label.unicodeScalars.first(where: Self.isForbiddenInLabel) {
            let shown = bad.value < 0x20 || (0x7F...0x9F).contains(bad.value) ? "a control character" : "'\(bad)'"
            error(
                .invalidLabel,
                "'Label' of Map state '\(scope.name)' contains \(shown); a label cannot contain whitespace, control "
                    + "characters or any of ? * < > { } [ ] : ; , \\ | ^ ~ $ # % & ` \" '", at: path,
                aws: AWSWording.valueError(
                    "Label contains invalid character: " + AWSWording.pythonRepr(String(Character(bad))), at: path))
        }
    }

    static func isForbiddenInLabel(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x20 || (0x7F...0x9F).contains(c.value) { return true }
        if c.properties.isWhitespace { return true }
        return "?*<>{}[]:;,\\|^~$#%&`\"'".unicodeScalars.contains(c)
    }

    /// Fields that only a DISTRIBUTED Map uses. AWS accepts them on an INLINE Map (the corpus has
    /// such definitions, deployed), so this is a warning.
    mutating func checkInlineOnly(_ m: MapState, scope: StateScope) {
        let present: [(String, Bool)] = [
            ("ItemReader", m.itemReader != nil), ("ItemBatcher", m.itemBatcher != nil),
            ("ResultWriter", m.resultWriter != nil), ("ToleratedFailureCount", m.toleratedFailureCount != nil),
            ("ToleratedFailureCountPath", m.toleratedFailureCountPath != nil),
            ("ToleratedFailurePercentage", m.toleratedFailurePercentage != nil),
            ("ToleratedFailurePercentagePath", m.toleratedFailurePercentagePath != nil), ("Label", m.label != nil),
        ]
        for (field, isPresent) in present where isPresent {
            warning(
                .distributedOnlyField,
                "'\(field)' only applies to a DISTRIBUTED Map, but Map state '\(scope.name)' is INLINE; set "
                    + "'ProcessorConfig': {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": ...} or remove '\(field)'",
                at: scope.path.appending(field))
        }
    }

    mutating func checkItemReader(_ reader: ItemReader, scope: StateScope) {
        let path = scope.path.appending("ItemReader")
        if let config = reader.readerConfig {
            let configPath = path.appending("ReaderConfig")
            exclusive(
                "MaxItems", config.maxItems != nil, "MaxItemsPath", config.maxItemsPath != nil, scope: scope,
                at: configPath)
            checkRange(config.maxItems, "MaxItems", 0...100_000_000, scope: scope, at: configPath)
        }
        if reader.parameters != nil && reader.arguments != nil {
            error(
                .conflictingFields,
                "'ItemReader' of Map state '\(scope.name)' has both 'Parameters' and 'Arguments'; keep the one of the state's query language",
                at: path.appending("Arguments"))
        }
    }

    /// `ResultWriter`, as its Developer Guide page lists the field combinations: a `WriterConfig`
    /// (a preview of the results, nothing written), a `Resource` with its `Parameters` or
    /// `Arguments` (an export to S3), or all of them; never empty. `OutputType` is `JSON` or
    /// `JSONL`, `Transformation` `NONE`, `COMPACT` or `FLATTEN`.
    mutating func checkResultWriter(_ writer: ResultWriter, scope: StateScope) {
        let path = scope.path.appending("ResultWriter")
        let request = writer.parameters != nil || writer.arguments != nil
        let requestField = scope.language == .jsonata ? "Arguments" : "Parameters"
        if writer.resource == nil && !request && writer.writerConfig == nil {
            error(
                .missingField,
                "'ResultWriter' of Map state '\(scope.name)' is empty; give a 'WriterConfig' (to shape the results), "
                    + "a 'Resource' with '\(requestField)' (to write them to S3), or both", at: path)
        } else if writer.resource != nil && !request {
            error(
                .missingField,
                "'ResultWriter' of Map state '\(scope.name)' has a 'Resource' but no '\(requestField)' naming the "
                    + "'Bucket' (and 'Prefix') to write to", at: path)
        } else if writer.resource == nil && request {
            error(
                .missingField,
                "'ResultWriter' of Map state '\(scope.name)' has '\(requestField)' but no 'Resource'; add "
                    + "\"Resource\": \"arn:aws:states:::s3:putObject\", or keep only a 'WriterConfig'", at: path)
        }
        if writer.parameters != nil && writer.arguments != nil {
            error(
                .conflictingFields,
                "'ResultWriter' of Map state '\(scope.name)' has both 'Parameters' and 'Arguments'; keep the one of the state's query language",
                at: path.appending("Arguments"))
        }
        guard let config = writer.writerConfig else { return }
        let allowed: [(String, String?, [String])] = [
            ("OutputType", config.outputType, ["JSON", "JSONL"]),
            ("Transformation", config.transformation, ["NONE", "COMPACT", "FLATTEN"]),
        ]
        for (field, value, values) in allowed {
            guard let value, !values.contains(value), Placeholder.name(in: value) == nil else { continue }
            error(
                .invalidValue,
                "'\(field)' of the ResultWriter of Map state '\(scope.name)' is '\(value)', but it must be one of "
                    + values.map { "'\($0)'" }.joined(separator: ", "),
                at: path.appending("WriterConfig").appending(field))
        }
    }

    mutating func checkItemBatcher(_ batcher: ItemBatcher, scope: StateScope) {
        let path = scope.path.appending("ItemBatcher")
        exclusive(
            "MaxItemsPerBatch", batcher.maxItemsPerBatch != nil, "MaxItemsPerBatchPath",
            batcher.maxItemsPerBatchPath != nil,
            scope: scope, at: path)
        exclusive(
            "MaxInputBytesPerBatch", batcher.maxInputBytesPerBatch != nil, "MaxInputBytesPerBatchPath",
            batcher.maxInputBytesPerBatchPath != nil, scope: scope, at: path)
        checkRange(batcher.maxItemsPerBatch, "MaxItemsPerBatch", 1...Int.max, scope: scope, at: path)
        checkRange(
            batcher.maxInputBytesPerBatch, "MaxInputBytesPerBatch", 1...Limits.maxInputBytesPerBatch, scope: scope,
            at: path)
    }
}
