import Foundation
import JSONCore
import StepFunctionsModel

extension Engine {
    /// Reads an integer field of a Map (`MaxConcurrency`, `ToleratedFailureCount`, `MaxItemsPerBatch`...):
    /// a literal, a JSONata expression (`js` set in JSONata states) or the `…Path` form.
    func mapInteger(
        _ literal: DynamicValue<Int>?, _ path: JSONPath?, field: String, _ scope: EvaluationScope, _ js: JSONataScope? = nil
    ) throws(StateFailure) -> Int? {
        try numberField(
            literal, path, field: field, scope, js, expected: "integer", convert: JSONataDataFlow.integer,
            fromPath: Engine.integer
        ) { v in "The \(field)Path field refers to value \"\(Engine.plain(v))\" which is not a valid integer: \(path?.source ?? "")" }
    }

    /// An integer value, or a string holding one (AWS reads `"1"` from a `…Path` as 1).
    static func integer(_ v: JSONValue) -> Int? {
        switch v {
        case .number(let n): return n.intValue
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// Reads `ToleratedFailurePercentage` (a literal, a JSONata expression, or the `…Path` form).
    func mapDouble(
        _ literal: DynamicValue<Double>?, _ path: JSONPath?, field: String, _ scope: EvaluationScope, _ js: JSONataScope? = nil
    ) throws(StateFailure) -> Double? {
        try numberField(
            literal, path, field: field, scope, js, expected: "number", convert: { $0.doubleValue },
            fromPath: { v in
                switch v {
                case .number(let n): return n.doubleValue
                case .string(let text): return Double(text)
                default: return nil
                }
            }
        ) { v in "The \(field)Path field refers to value \"\(Engine.plain(v))\" which is not a valid float: \(path?.source ?? "")" }
    }

    /// A JSONata Map's items: `Items` (an array, or an expression giving one), or the state input.
    func jsonataItems(_ items: PayloadTemplate?, input: JSONValue, _ js: JSONataScope) throws(StateFailure) -> [JSONValue] {
        guard let items else {
            guard case .array(let list) = input else {
                throw StateFailure.evaluation(
                    location: nil, "Map state input must be an array but was: \(JSONWriter.compact.string(input))")
            }
            return list
        }
        let value = try JSONataDataFlow.evaluate(items, field: "Items", js, expressions)
        guard case .array(let list) = value else {
            if case .expression(let e) = items {
                throw JSONataDataFlow.unexpectedType(e, field: "Items", expected: "array", value: value, expressions)
            }
            throw StateFailure.evaluation(location: "Items", "The field 'Items' must be an array")
        }
        return list
    }

    nonisolated(nonsending) func runMap(
        _ state: StatePlan, _ plan: MapPlan, _ s: MapState, input: JSONValue, flow: inout Flow, context: StateContext
    ) async throws(StateFailure) -> Outcome {
        let name = state.name
        let jsonata = state.jsonata
        let effective = try effectiveInput(state, s.common.inputPath, input, context, flow: flow)
        let distributed = s.isDistributed
        return try await retrying(
            state, retry: s.retry, catchers: s.catch, failedEvent: .mapStateFailed, input: input, context: context,
            flow: &flow
        ) { (retryCount: Int, flow: inout Flow) async throws(StateFailure) -> Attempt in
            let ctx = scope(effective, context, flow: flow, retryCount: retryCount)
            let js = jsonata ? jsonataScope(input, context, flow: flow, retryCount: retryCount) : nil
            var items: [JSONValue]
            if let reader = s.itemReader {
                items = try readItems(reader, ctx, js)
            } else if let js {
                items = try jsonataItems(s.items, input: input, js)
            } else {
                let itemsValue: JSONValue
                if let path = s.itemsPath {
                    switch try JSONPathDataFlow.read(path, ctx) {
                    case .success(let v): itemsValue = v
                    case .failure(let miss): throw StateFailure.runtime("Invalid path '\(path.source)' : \(miss.message)")
                    }
                } else {
                    itemsValue = effective
                }
                guard case .array(let list) = itemsValue else {
                    throw StateFailure.runtime(
                        "Invalid path '\(s.itemsPath?.source ?? "$")' : The path must point to a JSON array; found \(itemsValue.typeName) \(JSONWriter.compact.string(itemsValue))"
                    )
                }
                items = list
            }
            let maxConcurrency = try mapInteger(s.maxConcurrency, s.maxConcurrencyPath, field: "MaxConcurrency", ctx, js) ?? 0
            guard maxConcurrency >= 0 else {
                // AWS accepts a negative MaxConcurrencyPath value and never runs the state.
                throw StateFailure(error: nil, cause: nil, kind: .hang)
            }
            var inputs = try itemInputs(s, items: items, effective: effective, ctx: ctx, js: js, context: context, retryCount: retryCount)
            if let batcher = s.itemBatcher { inputs = try batch(inputs, batcher, ctx, js) }

            flow.log.add(.mapStateStarted, [("length", .value(.int(inputs.count)))], at: flow.now)
            var toleratedCount: Int?
            var toleratedPercentage: Double?
            if distributed {
                toleratedCount = try mapInteger(
                    s.toleratedFailureCount, s.toleratedFailureCountPath, field: "ToleratedFailureCount", ctx, js)
                if let c = toleratedCount, c < 0 { throw StateFailure.runtime("ToleratedFailureCount cannot be negative.") }
                toleratedPercentage = try mapDouble(
                    s.toleratedFailurePercentage, s.toleratedFailurePercentagePath, field: "ToleratedFailurePercentage",
                    ctx, js)
                if let p = toleratedPercentage, p < 0 || p > 100 {
                    throw StateFailure.runtime("ToleratedFailurePercentage must be between 0 and 100.")
                }
            }
            let options = setup.options
            let mapRunArn =
                "arn:\(options.partition):states:\(options.region):\(options.accountId):mapRun:\(options.stateMachineName)/\(s.label ?? name):\(flow.random.uuid())"
            if distributed { flow.log.add(.mapRunStarted, [("mapRunArn", .value(.string(mapRunArn)))], at: flow.now) }
            let startedId = flow.log.last
            let record = options.recordHistory && !distributed
            let random = flow.random
            let execution = context.execution
            let graph = plan.processor
            let iterationInputs = inputs
            // Inline iterations read the enclosing variables; distributed children are executions of their own.
            let variables = distributed ? Variables() : flow.variables.innerScope()
            let results = await runBranches(
                count: inputs.count, limit: maxConcurrency, graphs: [graph], start: flow.now, base: flow.log.nextBase,
                stopOnFailure: !distributed
            ) { i, time, base in
                // A distributed child is an execution of its own: its ids start at 1.
                var f = Engine.branchFlow(i, time: time, base: distributed ? 0 : base, record: record, random: random, variables: variables)
                if distributed { return await self.runBranch(graph, input: iterationInputs[i], flow: consume f, context: execution) }
                let details: [(key: String, value: EventField)] = [("index", .value(.int(i))), ("name", .value(.string(name)))]
                f.log.add(.mapIterationStarted, details, at: time)
                var r = await self.runBranch(graph, input: iterationInputs[i], flow: consume f, context: execution)
                switch r.output {
                case .success: r.log.add(.mapIterationSucceeded, details, at: r.now)
                case .failure(let error) where error.kind == .error: r.log.add(.mapIterationFailed, details, at: r.now)
                case .failure: break
                }
                return r
            }
            let (outputs, iterationFailure) = try mergeIterations(
                results, distributed: distributed, inputCount: inputs.count, toleratedCount: toleratedCount,
                toleratedPercentage: toleratedPercentage, startedId: startedId, flow: &flow)
            if let iterationFailure { return .failed(iterationFailure) }
            let lastId = flow.log.last
            flow.log.add(.mapStateSucceeded, at: flow.now, previous: lastId)
            // Since November 2024 AWS links a distributed Map's exit to its MapRunStarted event
            // (earlier recordings link it to MapRunSucceeded, as MapStateSucceeded still is).
            let exitPrevious = distributed && !options.historyBefore(.mapExitFollowsMapRunStarted) ? startedId : lastId
            return .done(
                try finishMap(
                    state, s, outputs: outputs, mapRunArn: mapRunArn, input: input, ctx: ctx, flow: &flow, context: context,
                    retryCount: retryCount, previous: exitPrevious))
        }
    }

    /// Each iteration's input: the item, or `ItemSelector` (`Parameters`) evaluated with
    /// `$$.Map.Item` (JSONPath) or `$states.context.Map.Item` (JSONata).
    func itemInputs(
        _ s: MapState, items: [JSONValue], effective: JSONValue, ctx: EvaluationScope, js: JSONataScope?,
        context: StateContext, retryCount: Int
    ) throws(StateFailure) -> [JSONValue] {
        guard let selector = s.itemSelector ?? s.parameters else { return items }
        var inputs: [JSONValue] = []
        inputs.reserveCapacity(items.count)
        var itemContext = context
        itemContext.needsContext = true
        for (i, item) in items.enumerated() {
            itemContext.mapItem = ["Index": .int(i), "Value": item]
            let itemJSON = itemContext.json(retryCount: retryCount, token: nil)
            if var js {
                js.states["context"] = itemJSON
                inputs.append(try JSONataDataFlow.evaluate(selector, field: "ItemSelector", js, expressions))
            } else {
                var itemScope = ctx.with(input: effective)
                itemScope.context = itemJSON
                inputs.append(try JSONPathDataFlow.evaluate(selector, itemScope, field: "ItemSelector"))
            }
        }
        return inputs
    }

    /// Merges the iterations' histories in index order (iteration n+1 follows the last event before
    /// iteration n's final event) and decides the Map's outcome; distributed children keep their own
    /// histories and fail the Map only past the tolerated failures.
    func mergeIterations(
        _ results: [BranchResult], distributed: Bool, inputCount: Int, toleratedCount: Int?, toleratedPercentage: Double?,
        startedId: Int, flow: inout Flow
    ) throws(StateFailure) -> (outputs: [JSONValue], failure: StateFailure?) {
        var inherit = startedId
        var end = flow.now
        var outputs: [JSONValue] = []
        outputs.reserveCapacity(results.count)
        var failures = 0
        var firstFailure: StateFailure?
        for r in results {
            flow.calls += r.calls
            if distributed {
                // Child executions keep their own histories.
                end = max(end, r.now)
                switch r.output {
                case .success(let out): outputs.append(out)
                case .failure(let f) where f.kind == .aborted:
                    continue
                case .failure(let f):
                    if f.kind != .error { throw f }
                    failures += 1
                    if firstFailure == nil { firstFailure = f }
                    // A tolerated failed child shows as its error (not checked against AWS).
                    outputs.append(["Error": f.error.map(JSONValue.string) ?? .null, "Cause": f.cause.map(JSONValue.string) ?? .null])
                }
                continue
            }
            let provisional = r.log.base
            let offset = flow.log.merge(r.log, inheritedPrevious: inherit)
            if r.log.count >= 2, let prev = flow.log.previous(of: offset + r.log.count) {
                inherit = prev
            } else if r.log.count >= 2 {
                inherit = offset + r.log.count - 1
            }
            end = max(end, r.now)
            switch r.output {
            case .success(let out): outputs.append(out)
            case .failure(let f) where f.kind == .aborted:
                continue
            case .failure(var f):
                if let real = flow.log.lastMergedBase, real != provisional {
                    // The iteration ran concurrently: its cause quotes provisional event ids.
                    f.rebase(from: provisional, to: real)
                }
                if f.kind != .error {
                    flow.now = max(end, r.now)
                    throw f
                }
                failures += 1
                if firstFailure == nil { firstFailure = f }
                outputs.append(.null)
            }
        }
        flow.now = end
        // After a failed iteration, AWS's next event follows the one before MapIterationFailed.
        if firstFailure != nil, !distributed { flow.log.last = inherit }
        guard distributed else { return (outputs, firstFailure) }

        let total = max(inputCount, 1)
        var exceeded = false
        if failures > 0 {
            let countOK = toleratedCount.map { failures <= $0 } ?? false
            let percentOK = toleratedPercentage.map { Double(failures) * 100 / Double(total) <= $0 } ?? false
            exceeded = !(countOK || percentOK)
        }
        guard exceeded else {
            flow.log.add(.mapRunSucceeded, at: flow.now)
            return (outputs, nil)
        }
        let failure = StateFailure(
            error: StatesError.exceedToleratedFailureThreshold,
            cause: "The specified tolerated failure threshold was exceeded", kind: .error)
        var d: [(key: String, value: EventField)] = []
        if let e = failure.error { d.append(("error", .value(.string(e)))) }
        if let c = failure.cause { d.append(("cause", .value(.string(c)))) }
        flow.log.add(.mapRunFailed, d, at: flow.now)
        return (outputs, failure)
    }

    /// A successful Map's output and `Assign`, after its `ResultWriter` if any.
    func finishMap(
        _ state: StatePlan, _ s: MapState, outputs: [JSONValue], mapRunArn: String, input: JSONValue,
        ctx: EvaluationScope, flow: inout Flow, context: StateContext, retryCount: Int, previous: Int
    ) throws(StateFailure) -> Outcome {
        let js = state.jsonata ? jsonataScope(input, context, flow: flow, retryCount: retryCount) : nil
        var result = JSONValue.array(outputs)
        if let writer = s.resultWriter {
            do throws(StateFailure) {
                result = try writeResults(writer, outputs: outputs, mapRunArn: mapRunArn, ctx, js)
            } catch var failure {
                settle(&failure, state: state.name, type: .map, flow: &flow)
                throw failure
            }
        }
        return try finish(
            state, common: s.common, resultSelector: s.resultSelector, resultPath: s.resultPath, result: result, input: input,
            ctx: ctx, js: js, flow: &flow, previous: previous)
    }

    // MARK: ItemBatcher

    func batch(_ items: [JSONValue], _ batcher: ItemBatcher, _ scope: EvaluationScope, _ js: JSONataScope?)
        throws(StateFailure) -> [JSONValue]
    {
        let maxItems = try mapInteger(batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath, field: "MaxItemsPerBatch", scope, js)
        let maxBytes = try mapInteger(
            batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath, field: "MaxInputBytesPerBatch", scope, js)
        let batchInput = try batcher.batchInput.map { (t) throws(StateFailure) in
            if let js { return try JSONataDataFlow.evaluate(t, field: "ItemBatcher/BatchInput", js, expressions) }
            return try JSONPathDataFlow.evaluate(t, scope)
        }
        var batches: [JSONValue] = []
        var current: [JSONValue] = []
        var bytes = 0
        func flush() {
            guard !current.isEmpty else { return }
            var o = JSONObject()
            if let batchInput { o["BatchInput"] = batchInput }
            o["Items"] = .array(current)
            batches.append(.object(o))
            current = []
            bytes = 0
        }
        for item in items {
            let size = JSONWriter.compactByteCount(item)
            if let maxItems, current.count >= maxItems { flush() }
            if let maxBytes, !current.isEmpty, bytes + size > maxBytes { flush() }
            current.append(item)
            bytes += size
        }
        flush()
        return batches
    }

    // MARK: ItemReader and ResultWriter

    /// Reads a distributed Map's items from the in-memory store (JSON, JSONL, CSV, manifests, listings).
    func readItems(_ reader: ItemReader, _ scope: EvaluationScope, _ js: JSONataScope?) throws(StateFailure) -> [JSONValue] {
        var parameters: JSONValue = .object(JSONObject())
        if let js, let arguments = reader.arguments {
            parameters = try JSONataDataFlow.evaluate(arguments, field: "ItemReader/Arguments", js, expressions)
        } else if let p = reader.parameters {
            parameters = try JSONPathDataFlow.evaluate(p, scope)
        }
        let bucket = parameters["Bucket"]?.stringValue ?? ""
        let config = reader.readerConfig
        let maxItems = try config.flatMap { (c) throws(StateFailure) in try mapInteger(c.maxItems, c.maxItemsPath, field: "MaxItems", scope, js) }
        var items: [JSONValue]
        let kind = reader.resource.kind
        if case .integration("s3", "listObjectsV2", _) = kind {
            let prefix = parameters["Prefix"]?.stringValue ?? ""
            let keys = setup.itemStore.objects.keys.filter { $0.bucket == bucket && $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
            items = keys.map { key in
                let text = setup.itemStore.objects[key] ?? ""
                return ["Etag": .string("\"\(Digest.hexDigest(text, algorithm: .md5))\""), "Key": .string(key.key),
                    "LastModified": .string(Timestamp.format(startDate)), "Size": .int(text.utf8.count), "StorageClass": "STANDARD"]
            }
        } else {
            let key = parameters["Key"]?.stringValue ?? ""
            guard let text = setup.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] else {
                throw StateFailure(
                    error: StatesError.itemReaderFailed,
                    cause: "The ItemReader could not read s3://\(bucket)/\(key): no such object in the simulator's store (use putObject)",
                    kind: .error)
            }
            items = try parseItems(text, config: config, bucket: bucket)
        }
        if let maxItems, maxItems > 0, items.count > maxItems { items = Array(items.prefix(maxItems)) }
        return items
    }

    func parseItems(_ text: String, config: ReaderConfig?, bucket: String) throws(StateFailure) -> [JSONValue] {
        let type = config?.inputType ?? "JSON"
        func readerFailure(_ message: String) -> StateFailure {
            StateFailure(error: StatesError.itemReaderFailed, cause: message, kind: .error)
        }
        switch type {
        case "JSON":
            guard let json = try? JSONParser.parse(text), case .array(let a) = json else {
                throw readerFailure("The ItemReader expected a JSON array")
            }
            return a
        case "JSONL":
            var out: [JSONValue] = []
            for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
                guard let v = try? JSONParser.parse(String(line)) else { throw readerFailure("The ItemReader found a line that is not JSON: \(line)") }
                out.append(v)
            }
            return out
        case "CSV":
            let delimiter: Character
            switch config?.csvDelimiter ?? "COMMA" {
            case "PIPE": delimiter = "|"
            case "SEMICOLON": delimiter = ";"
            case "SPACE": delimiter = " "
            case "TAB": delimiter = "\t"
            default: delimiter = ","
            }
            var rows = CSV.parse(text, delimiter: delimiter)
            var headers: [String]
            if config?.csvHeaderLocation == "GIVEN", case .literal(let given)? = config?.csvHeaders {
                headers = given
            } else {
                guard !rows.isEmpty else { return [] }
                headers = rows.removeFirst()
            }
            return rows.map { row in
                var o = JSONObject()
                for (i, h) in headers.enumerated() { o[h] = .string(i < row.count ? row[i] : "") }
                return .object(o)
            }
        case "MANIFEST":
            guard let json = try? JSONParser.parse(text), case .array(let files)? = json["files"] else {
                throw readerFailure("The ItemReader expected an S3 inventory manifest with a 'files' array")
            }
            var out: [JSONValue] = []
            for f in files {
                guard let key = f["key"]?.stringValue, let csv = setup.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] else { continue }
                for row in CSV.parse(csv, delimiter: ",") where row.count >= 2 {
                    out.append(["Bucket": .string(row[0]), "Key": .string(row[1])])
                }
            }
            return out
        default:
            throw readerFailure("The ItemReader InputType '\(type)' is not supported by the simulator")
        }
    }

    /// Writes a distributed Map's results to the store and returns the `ResultWriterDetails` output.
    func writeResults(_ writer: ResultWriter, outputs: [JSONValue], mapRunArn: String, _ scope: EvaluationScope, _ js: JSONataScope?)
        throws(StateFailure) -> JSONValue
    {
        var parameters: JSONValue = .object(JSONObject())
        if let js, let arguments = writer.arguments {
            parameters = try JSONataDataFlow.evaluate(arguments, field: "ResultWriter/Arguments", js, expressions)
        } else if let p = writer.parameters {
            parameters = try JSONPathDataFlow.evaluate(p, scope)
        }
        let bucket = parameters["Bucket"]?.stringValue ?? ""
        let prefix = parameters["Prefix"]?.stringValue ?? ""
        let runId = mapRunArn.split(separator: ":").last.map(String.init) ?? "run"
        let key = (prefix.isEmpty ? "" : prefix + (prefix.hasSuffix("/") ? "" : "/")) + runId + "/manifest.json"
        var details = JSONObject()
        details["Bucket"] = .string(bucket)
        details["Key"] = .string(key)
        let text = JSONWriter.compact.string(.array(outputs))
        shared.withLock { $0.resultWrites.append((ItemStore.Key(bucket: bucket, key: key), text)) }
        return ["MapRunArn": .string(mapRunArn), "ResultWriterDetails": .object(details)]
    }
}

/// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF).
enum CSV {
    static func parse(_ text: String, delimiter: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == delimiter {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field)
                field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            } else {
                field.append(c)
            }
            i += 1
        }
        return rows
    }
}
