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

    /// Writes a distributed Map's results to the store and returns the `ResultWriterDetails` output.
    func writeResults<F: DataFlow>(
        _ writer: ResultWriter, outputs: [JSONValue], mapRunArn: String, _ data: inout F, jsonata: Bool
    ) throws(StateFailure) -> JSONValue {
        var parameters: JSONValue = .object(JSONObject())
        if jsonata, let arguments = writer.arguments {
            parameters = try data.template(arguments, field: "ResultWriter/Arguments")
        } else if !jsonata, let p = writer.parameters {
            parameters = try data.template(p, field: "Parameters")
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
