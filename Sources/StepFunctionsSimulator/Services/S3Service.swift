import Foundation
import JSONCore
import StepFunctionsModel

// What the simulator emulates of Amazon S3 for a distributed Map: an in-memory store of objects,
// `ItemReader` reading JSON, JSONL, CSV, manifests and listings from it, and `ResultWriter` writing
// the Map Run's results into it.

/// The in-memory "S3" behind `ItemReader` and `ResultWriter`.
public struct ItemStore: Sendable {
    /// A bucket and key.
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        /// The bucket.
        public var bucket: String
        /// The object key.
        public var key: String
        /// Creates a key.
        public init(bucket: String, key: String) {
            self.bucket = bucket
            self.key = key
        }
        /// `s3://bucket/key`
        public var description: String { "s3://\(bucket)/\(key)" }
    }

    /// The objects' text by key.
    public var objects: [Key: String] = [:]
}

extension Engine {
    /// Reads a distributed Map's items from the in-memory store (JSON, JSONL, CSV, manifests, listings).
    func readItems<F: DataFlow>(_ reader: ItemReader, _ data: inout F, jsonata: Bool) throws(StateFailure)
        -> (items: [JSONValue], source: String)
    {
        var parameters: JSONValue = .object(JSONObject())
        if jsonata, let arguments = reader.arguments {
            parameters = try data.template(arguments, field: "ItemReader/Arguments")
        } else if !jsonata, let p = reader.parameters {
            parameters = try data.template(p, field: "Parameters")
        }
        let bucket = parameters["Bucket"]?.stringValue ?? ""
        let config = reader.readerConfig
        var maxItems: Int?
        if let c = config { maxItems = try mapInteger(&data, c.maxItems, c.maxItemsPath, field: "MaxItems") }
        var items: [JSONValue]
        // `$$.Map.Item.Source`, as the context object page words it: the bucket's URI for a listing,
        // the object's for a file.
        let source: String
        let kind = reader.resource.kind
        if let given = testState?.mapItemReaderData {
            // TestState: the data the reader would have read, as given (no S3 call).
            let key = parameters["Key"]?.stringValue
            source = key.map { "S3://\(bucket)/\($0)" } ?? "S3://\(bucket)"
            items = try parseItems(given, config: config, bucket: bucket)
        } else if case .integration("s3", "listObjectsV2", _) = kind {
            let prefix = parameters["Prefix"]?.stringValue ?? ""
            source = "S3://\(bucket)"
            let keys = setup.itemStore.objects.keys.filter { $0.bucket == bucket && $0.key.hasPrefix(prefix) }.sorted {
                $0.key < $1.key
            }
            items = keys.map { key in
                let text = setup.itemStore.objects[key] ?? ""
                return [
                    "Etag": .string("\"\(Digest.hexDigest(text, algorithm: .md5))\""), "Key": .string(key.key),
                    "LastModified": .string(Timestamp.format(startDate)), "Size": .int(text.utf8.count),
                    "StorageClass": "STANDARD",
                ]
            }
        } else {
            let key = parameters["Key"]?.stringValue ?? ""
            source = "S3://\(bucket)/\(key)"
            guard let text = setup.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] else {
                throw StateFailure(
                    error: StatesError.itemReaderFailed,
                    cause:
                        "The ItemReader could not read s3://\(bucket)/\(key): no such object in the simulator's store (use putObject)",
                    kind: .error)
            }
            items = try parseItems(text, config: config, bucket: bucket)
        }
        if let maxItems, maxItems > 0, items.count > maxItems { items = Array(items.prefix(maxItems)) }
        return (items, source)
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
                guard let v = try? JSONParser.parse(String(line)) else {
                    throw readerFailure("The ItemReader found a line that is not JSON: \(line)")
                }
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
                guard let key = f["key"]?.stringValue,
                    let csv = setup.itemStore.objects[ItemStore.Key(bucket: bucket, key: key)]
                else { continue }
                for row in CSV.parse(csv, delimiter: ",") where row.count >= 2 {
                    out.append(["Bucket": .string(row[0]), "Key": .string(row[1])])
                }
            }
            return out
        default:
            throw readerFailure("The ItemReader InputType '\(type)' is not supported by the simulator")
        }
    }

    /// What a distributed Map's children did, for its `ResultWriter`.
    func mapChildren(_ results: [BranchResult], inputs: [JSONValue], pending: Set<Int>, startedAt: Date) -> [MapChild] {
        results.indices.map { i in
            let r = results[i]
            var child = MapChild(index: i, input: i < inputs.count ? inputs[i] : .null, status: "PENDING")
            guard !pending.contains(i) else { return child }
            child.start = r.started ?? startedAt
            child.stop = r.now
            switch r.output {
            case .success(let output):
                child.status = "SUCCEEDED"
                child.output = output
            case .failure(let f) where f.kind == .aborted: child.status = "ABORTED"
            case .failure(let f):
                child.status = "FAILED"
                child.error = f.error
                child.cause = f.cause
            }
            return child
        }
    }

    /// An inline Map's outputs as children (a `ResultWriter` on an INLINE Map, which AWS accepts).
    static func inlineChildren(_ outputs: [JSONValue]) -> [MapChild] {
        outputs.enumerated().map { i, output in
            var child = MapChild(index: i, input: .null, status: "SUCCEEDED")
            child.output = output
            return child
        }
    }

    /// Writes a distributed Map's results as the ResultWriter page describes, and returns the
    /// state's result. With a `Resource` (an export): `manifest.json` and a `SUCCEEDED_0.json`,
    /// `FAILED_0.json` (failed and aborted children) and `PENDING_0.json` (children never started)
    /// for the statuses that have children, under `<Prefix>/<Map Run id>/`, and the result
    /// `{MapRunArn, ResultWriterDetails: {Bucket, Key}}` naming the manifest. With only a
    /// `WriterConfig` (a preview): the children's results, shaped by `Transformation`.
    ///
    /// `Transformation`: `NONE` (each child's record: its ARN, input and output as JSON text,
    /// status and dates; the default of an export), `COMPACT` (each child's output; the default
    /// without a writer) or `FLATTEN` (`COMPACT`, with array outputs spliced in). A failed child is
    /// always its `NONE` record. `OutputType`: the files as one JSON array (`JSON`) or one record a
    /// line (`JSONL`).
    func writeResults<F: DataFlow>(
        _ writer: ResultWriter, children: [MapChild], mapRunArn: String, _ data: inout F, jsonata: Bool
    ) throws(StateFailure) -> JSONValue {
        let exporting = writer.resource != nil
        let transformation = writer.writerConfig?.transformation ?? (exporting ? "NONE" : "COMPACT")
        let jsonLines = writer.writerConfig?.outputType == "JSONL"
        // `mapRun:MACHINE/LABEL:ID`: the children are executions of `stateMachine:MACHINE/LABEL`.
        let (runPrefix, runId) = Engine.mapRunParts(mapRunArn)
        func record(_ c: MapChild) -> JSONValue {
            var o = JSONObject()
            if let cause = c.cause { o["Cause"] = .string(cause) }
            if let error = c.error { o["Error"] = .string(error) }
            let name = Engine.childName(runId: runId, index: c.index)
            if c.status != "PENDING" {
                o["ExecutionArn"] = .string(
                    runPrefix.replacingOccurrences(of: ":mapRun:", with: ":execution:") + ":" + name)
            }
            o["Input"] = .string(JSONWriter.compactJava.string(c.input))
            o["InputDetails"] = ["Included": true]
            guard c.status != "PENDING" else {
                o["Status"] = "PENDING"
                return .object(o)
            }
            o["Name"] = .string(name)
            if let output = c.output {
                o["Output"] = .string(JSONWriter.compactJava.string(output))
                o["OutputDetails"] = ["Included": true]
            }
            o["RedriveCount"] = 0
            if c.status == "SUCCEEDED" {
                o["RedriveStatus"] = "NOT_REDRIVABLE"
                o["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
            } else {
                o["RedriveStatus"] = "REDRIVABLE_BY_MAP_RUN"
            }
            o["StartDate"] = .string(Timestamp.format(c.start ?? startDate))
            o["StateMachineArn"] = .string(runPrefix.replacingOccurrences(of: ":mapRun:", with: ":stateMachine:"))
            o["Status"] = .string(c.status)
            o["StopDate"] = .string(Timestamp.format(c.stop ?? c.start ?? startDate))
            return .object(o)
        }
        // The succeeded children as `Transformation` shapes them; the others are their records.
        func shaped(_ list: [MapChild]) -> [JSONValue] {
            var out: [JSONValue] = []
            for c in list {
                guard c.status == "SUCCEEDED", transformation != "NONE", let output = c.output else {
                    out.append(record(c))
                    continue
                }
                if transformation == "FLATTEN", case .array(let items) = output {
                    out.append(contentsOf: items)
                } else {
                    out.append(output)
                }
            }
            return out
        }
        guard exporting else { return .array(shaped(children)) }

        var parameters: JSONValue = .object(JSONObject())
        if jsonata, let arguments = writer.arguments {
            parameters = try data.template(arguments, field: "ResultWriter/Arguments")
        } else if !jsonata, let p = writer.parameters {
            parameters = try data.template(p, field: "Parameters")
        }
        guard let bucket = parameters["Bucket"]?.stringValue, !bucket.isEmpty else {
            throw StateFailure(
                error: StatesError.resultWriterFailed,
                cause: "The ResultWriter's \(jsonata ? "Arguments" : "Parameters") name no 'Bucket' to write to",
                kind: .error)
        }
        let prefix = parameters["Prefix"]?.stringValue ?? ""
        let directory = (prefix.isEmpty ? "" : prefix + (prefix.hasSuffix("/") ? "" : "/")) + runId + "/"
        var writes: [(ItemStore.Key, String)] = []
        var files = JSONObject()
        for status in ["FAILED", "PENDING", "SUCCEEDED"] {
            let members = children.filter {
                status == "FAILED" ? ($0.status == "FAILED" || $0.status == "ABORTED") : $0.status == status
            }
            guard !members.isEmpty else {
                files[status] = .array([])
                continue
            }
            let values = shaped(members)
            let text =
                jsonLines
                ? values.map { JSONWriter.compactJava.string($0) + "\n" }.joined()
                : JSONWriter.compactJava.string(.array(values))
            let key = directory + status + "_0.json"
            writes.append((ItemStore.Key(bucket: bucket, key: key), text))
            files[status] = [["Key": .string(key), "Size": .int(text.utf8.count)]]
        }
        let manifestKey = directory + "manifest.json"
        let manifest: JSONValue = [
            "DestinationBucket": .string(bucket), "MapRunArn": .string(mapRunArn), "ResultFiles": .object(files),
        ]
        writes.append((ItemStore.Key(bucket: bucket, key: manifestKey), JSONWriter.compactJava.string(manifest)))
        shared.withLock { $0.resultWrites.append(contentsOf: writes) }
        return [
            "MapRunArn": .string(mapRunArn),
            "ResultWriterDetails": ["Bucket": .string(bucket), "Key": .string(manifestKey)],
        ]
    }
}

/// One child execution of a distributed Map, as its `ResultWriter` reports it.
struct MapChild: Sendable {
    /// The item's index and the child's input.
    var index: Int
    var input: JSONValue
    /// `SUCCEEDED`, `FAILED`, `ABORTED` or `PENDING` (never started).
    var status: String
    var output: JSONValue?
    var error: String?
    var cause: String?
    var start: Date?
    var stop: Date?
}
