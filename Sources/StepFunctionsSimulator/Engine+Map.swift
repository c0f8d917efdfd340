import Foundation
import JSONCore
import StepFunctionsModel

extension Engine {
    /// Reads an integer field of a Map (`MaxConcurrency`, `ToleratedFailureCount`) or its `…Path` form.
    func mapInteger(_ literal: DynamicValue<Int>?, _ path: JSONPath?, field: String, _ scope: EvaluationScope)
        throws(StateFailure) -> Int?
    {
        if let literal {
            switch literal {
            case .literal(let v): return v
            case .placeholder: return nil
            case .expression: throw StateFailure.unsupported("A JSONata \(field) expression")
            }
        }
        guard let path else { return nil }
        switch try JSONPathDataFlow.read(path, scope) {
        case .failure(let miss): throw StateFailure.runtime("Invalid path '\(path.source)' : \(miss.message)")
        case .success(let v):
            guard case .number(let n) = v, let i = n.intValue else {
                throw StateFailure.runtime(
                    "The \(field)Path field refers to value \"\(Engine.plain(v))\" which is not a valid integer: \(path.source)")
            }
            return i
        }
    }

    func mapDouble(_ literal: DynamicValue<Double>?, _ path: JSONPath?, field: String, _ scope: EvaluationScope)
        throws(StateFailure) -> Double?
    {
        if let literal {
            switch literal {
            case .literal(let v): return v
            case .placeholder: return nil
            case .expression: throw StateFailure.unsupported("A JSONata \(field) expression")
            }
        }
        guard let path else { return nil }
        switch try JSONPathDataFlow.read(path, scope) {
        case .failure(let miss): throw StateFailure.runtime("Invalid path '\(path.source)' : \(miss.message)")
        case .success(let v):
            guard case .number(let n) = v else {
                throw StateFailure.runtime(
                    "The \(field)Path field refers to value \"\(Engine.plain(v))\" which is not a valid float: \(path.source)")
            }
            return n.doubleValue
        }
    }

    func runMap(_ name: String, _ s: MapState, input: JSONValue, flow: inout Flow, context: StateContext)
        async throws(StateFailure) -> Outcome
    {
        if s.items != nil { throw StateFailure.unsupported("Items (JSONata, state '\(name)')") }
        let first = scope(input, context, flow: flow, retryCount: 0)
        let effective = try JSONPathDataFlow.select(s.common.inputPath, input, context: first.context, random: flow.random)
        let effectiveScope = scope(effective, context, flow: flow, retryCount: 0)

        var items: [JSONValue]
        if let reader = s.itemReader {
            items = try readItems(reader, effectiveScope)
        } else {
            let itemsValue: JSONValue
            if let path = s.itemsPath {
                switch try JSONPathDataFlow.read(path, effectiveScope) {
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
        let maxConcurrency = try mapInteger(s.maxConcurrency, s.maxConcurrencyPath, field: "MaxConcurrency", effectiveScope) ?? 0
        guard maxConcurrency >= 0 else {
            // AWS accepts a negative MaxConcurrencyPath value and never runs the state.
            throw StateFailure(error: nil, cause: nil, kind: .hang)
        }
        let distributed = s.isDistributed
        var toleratedCount: Int?
        var toleratedPercentage: Double?

        var attempts = [Int](repeating: 0, count: s.retry.count)
        var retryCount = 0
        while true {
            let selector = s.itemSelector ?? s.parameters
            var inputs: [JSONValue] = []
            inputs.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard let selector else {
                    inputs.append(item)
                    continue
                }
                var itemContext = context
                itemContext.needsContext = true
                itemContext.mapItem = ["Index": .int(i), "Value": item]
                let itemScope = EvaluationScope(
                    input: effective, context: itemContext.json(retryCount: retryCount, token: nil), random: flow.random)
                inputs.append(try JSONPathDataFlow.evaluate(selector, itemScope, field: "ItemSelector"))
            }
            if let batcher = s.itemBatcher { inputs = try batch(inputs, batcher, effectiveScope) }

            flow.log.add(.mapStateStarted, [("length", .value(.int(inputs.count)))], at: flow.now)
            if distributed {
                toleratedCount = try mapInteger(
                    s.toleratedFailureCount, s.toleratedFailureCountPath, field: "ToleratedFailureCount", effectiveScope)
                if let c = toleratedCount, c < 0 { throw StateFailure.runtime("ToleratedFailureCount cannot be negative.") }
                toleratedPercentage = try mapDouble(
                    s.toleratedFailurePercentage, s.toleratedFailurePercentagePath, field: "ToleratedFailurePercentage",
                    effectiveScope)
                if let p = toleratedPercentage, p < 0 || p > 100 {
                    throw StateFailure.runtime("ToleratedFailurePercentage must be between 0 and 100.")
                }
            }
            let mapRunArn =
                "arn:\(options.partition):states:\(options.region):\(options.accountId):mapRun:\(options.stateMachineName)/\(s.label ?? name):\(flow.random.uuid())"
            if distributed { flow.log.add(.mapRunStarted, [("mapRunArn", .value(.string(mapRunArn)))], at: flow.now) }
            let startedId = flow.log.last
            let record = options.recordHistory && !distributed
            let random = flow.random
            let execution = context.execution
            let graph = s.itemProcessor.graph
            let iterationInputs = inputs
            let results = await runBranches(
                count: inputs.count, limit: maxConcurrency, start: flow.now, stopOnFailure: !distributed
            ) { i, time in
                var f = Flow(log: EventLog(last: EventLog.inherited, record: record), now: time, random: random.child(i))
                let details: [(key: String, value: EventField)] = [("index", .value(.int(i))), ("name", .value(.string(name)))]
                if !distributed { f.log.add(.mapIterationStarted, details, at: time) }
                do throws(StateFailure) {
                    let out = try await self.runGraph(graph, input: iterationInputs[i], flow: &f, context: execution)
                    if !distributed { f.log.add(.mapIterationSucceeded, details, at: f.now) }
                    return BranchResult(log: f.log, now: f.now, output: .success(out))
                } catch {
                    if !distributed, error.kind == .error { f.log.add(.mapIterationFailed, details, at: f.now) }
                    return BranchResult(log: f.log, now: f.now, output: .failure(error))
                }
            }

            // Merge: iteration n+1 follows the last event before iteration n's final event.
            var inherit = startedId
            var end = flow.now
            var outputs: [JSONValue] = []
            outputs.reserveCapacity(results.count)
            var failures = 0
            var firstFailure: StateFailure?
            for r in results {
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
                case .failure(let f):
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

            var failure = firstFailure
            if distributed {
                let total = max(inputs.count, 1)
                let exceeded: Bool
                if failures == 0 {
                    exceeded = false
                } else {
                    let countOK = toleratedCount.map { failures <= $0 } ?? false
                    let percentOK = toleratedPercentage.map { Double(failures) * 100 / Double(total) <= $0 } ?? false
                    exceeded = !(countOK || percentOK)
                }
                if exceeded {
                    failure = StateFailure(
                        error: StatesError.exceedToleratedFailureThreshold,
                        cause: "The specified tolerated failure threshold was exceeded", kind: .error)
                    var d: [(key: String, value: EventField)] = []
                    if let e = failure?.error { d.append(("error", .value(.string(e)))) }
                    if let c = failure?.cause { d.append(("cause", .value(.string(c)))) }
                    flow.log.add(.mapRunFailed, d, at: flow.now)
                } else {
                    failure = nil
                    flow.log.add(.mapRunSucceeded, at: flow.now)
                }
            }

            if let failure {
                let recovery = recover(failure, retriers: s.retry, catchers: s.catch, attempts: &attempts, random: flow.random)
                if case .retry(let delay) = recovery {
                    await sleep(delay, flow: &flow)
                    retryCount += 1
                    continue
                }
                flow.log.add(.mapStateFailed, at: flow.now)
                if case .caught(let catcher) = recovery {
                    let output = try catchOutput(failure, catcher, input: input)
                    return try exit(name, .map, .next(catcher.next), output: output, flow: &flow)
                }
                throw failure
            }
            let lastId = flow.log.last
            flow.log.add(.mapStateSucceeded, at: flow.now, previous: lastId)
            var result = JSONValue.array(outputs)
            if let writer = s.resultWriter {
                result = try writeResults(writer, outputs: outputs, mapRunArn: mapRunArn, effectiveScope)
            }
            let ctx = scope(effective, context, flow: flow, retryCount: retryCount)
            let selected = try s.resultSelector.map { (t) throws(StateFailure) in
                try JSONPathDataFlow.evaluate(t, EvaluationScope(input: result, context: ctx.context, random: flow.random))
            } ?? result
            var output = try JSONPathDataFlow.merge(result: selected, into: input, at: s.resultPath)
            output = try JSONPathDataFlow.select(s.common.outputPath, output, context: ctx.context, random: flow.random)
            return try exit(name, .map, s.transition, output: output, flow: &flow, previous: lastId)
        }
    }

    // MARK: ItemBatcher

    func batch(_ items: [JSONValue], _ batcher: ItemBatcher, _ scope: EvaluationScope) throws(StateFailure) -> [JSONValue] {
        let maxItems = try mapInteger(batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath, field: "MaxItemsPerBatch", scope)
        let maxBytes = try mapInteger(
            batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath, field: "MaxInputBytesPerBatch", scope)
        let batchInput = try batcher.batchInput.map { (t) throws(StateFailure) in try JSONPathDataFlow.evaluate(t, scope) }
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
    func readItems(_ reader: ItemReader, _ scope: EvaluationScope) throws(StateFailure) -> [JSONValue] {
        if reader.arguments != nil { throw StateFailure.unsupported("ItemReader Arguments (JSONata)") }
        let parameters = try reader.parameters.map { (t) throws(StateFailure) in try JSONPathDataFlow.evaluate(t, scope) }
            ?? .object(JSONObject())
        let bucket = parameters["Bucket"]?.stringValue ?? ""
        let config = reader.readerConfig
        let maxItems = try config.flatMap { (c) throws(StateFailure) in try mapInteger(c.maxItems, c.maxItemsPath, field: "MaxItems", scope) }
        var items: [JSONValue]
        let kind = reader.resource.kind
        if case .integration("s3", "listObjectsV2", _) = kind {
            let prefix = parameters["Prefix"]?.stringValue ?? ""
            let keys = sim.itemStore.objects.keys.filter { $0.bucket == bucket && $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
            items = keys.map { key in
                let text = sim.itemStore.objects[key] ?? ""
                return ["Etag": .string("\"\(Hashing.hexDigest(Array(text.utf8), algorithm: "MD5") ?? "")\""), "Key": .string(key.key),
                    "LastModified": .string(Timestamp.format(startDate)), "Size": .int(text.utf8.count), "StorageClass": "STANDARD"]
            }
        } else {
            let key = parameters["Key"]?.stringValue ?? ""
            guard let text = sim.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] else {
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
                guard let key = f["key"]?.stringValue, let csv = sim.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] else { continue }
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
    func writeResults(_ writer: ResultWriter, outputs: [JSONValue], mapRunArn: String, _ scope: EvaluationScope)
        throws(StateFailure) -> JSONValue
    {
        let parameters = try writer.parameters.map { (t) throws(StateFailure) in try JSONPathDataFlow.evaluate(t, scope) }
            ?? .object(JSONObject())
        let bucket = parameters["Bucket"]?.stringValue ?? ""
        let prefix = parameters["Prefix"]?.stringValue ?? ""
        let runId = mapRunArn.split(separator: ":").last.map(String.init) ?? "run"
        let key = (prefix.isEmpty ? "" : prefix + (prefix.hasSuffix("/") ? "" : "/")) + runId + "/manifest.json"
        var details = JSONObject()
        details["Bucket"] = .string(bucket)
        details["Key"] = .string(key)
        let text = JSONWriter.compact.string(.array(outputs))
        resultWrites.withLock { $0.append((ItemStore.Key(bucket: bucket, key: key), text)) }
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
