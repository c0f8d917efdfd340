import Foundation
import HTTPServer
import JSONCore
import StepFunctionsSimulator

/// The S3 calls a distributed Map needs around it (path-style REST): create and list buckets, put,
/// get, head, list and delete objects. A stand-in, not an S3: objects are text, kept with the rest of
/// the service's data, and read by `ItemReader` and written by `ResultWriter` in executions.
extension LocalStepFunctions {
    /// Answers a path-style S3 request (`/bucket` or `/bucket/key`).
    func s3(_ request: HTTPRequest) -> HTTPResponse {
        let parts = request.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        let bucket = parts.first.map { Self.percentDecoded(String($0)) } ?? ""
        let key = parts.count > 1 ? Self.percentDecoded(String(parts[1])) : ""
        let query = Self.queryItems(request.query)
        switch (request.method, bucket.isEmpty, key.isEmpty) {
        case ("GET", true, _):
            let names = data.withLock { d in d.buckets.keys.sorted() }
            let items = names.map {
                "<Bucket><Name>\(Self.xml($0))</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>"
            }
            return Self.xmlResponse(
                "<ListAllMyBucketsResult><Buckets>\(items.joined())</Buckets><Owner><ID>\(options.accountId)</ID></Owner></ListAllMyBucketsResult>"
            )
        case ("PUT", false, true):
            data.withLock { d in
                if d.buckets[bucket] == nil {
                    d.buckets[bucket] = [:]
                    persist(StoreRecord.bucket(bucket, exists: true), in: &d)
                }
            }
            return HTTPResponse(status: 200, headers: ["Location": "/\(bucket)"], body: [])
        case ("DELETE", false, true):
            let outcome: HTTPResponse? = data.withLock { d in
                guard let objects = d.buckets[bucket] else {
                    return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket)
                }
                guard objects.isEmpty else {
                    return Self.s3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", bucket)
                }
                d.buckets.removeValue(forKey: bucket)
                persist(StoreRecord.bucket(bucket, exists: false), in: &d)
                return nil
            }
            return outcome ?? HTTPResponse(status: 204, body: [])
        case ("GET", false, true), ("HEAD", false, true):
            guard let objects = data.withLock({ d in d.buckets[bucket] }) else {
                return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket)
            }
            if request.method == "HEAD" { return HTTPResponse(status: 200, body: []) }
            let prefix = query["prefix"] ?? ""
            let keys = objects.keys.filter { $0.hasPrefix(prefix) }.sorted()
            let contents = keys.map { k in
                "<Contents><Key>\(Self.xml(k))</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>\"\(Self.etag(objects[k] ?? ""))\"</ETag><Size>\((objects[k] ?? "").utf8.count)</Size><StorageClass>STANDARD</StorageClass></Contents>"
            }
            return Self.xmlResponse(
                "<ListBucketResult><Name>\(Self.xml(bucket))</Name><Prefix>\(Self.xml(prefix))</Prefix><KeyCount>\(keys.count)</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>\(contents.joined())</ListBucketResult>"
            )
        case ("PUT", false, false):
            guard let text = String(validating: Self.payload(request), as: UTF8.self) else {
                return Self.s3Error(
                    400, "InvalidArgument", "sfn serve's S3 stand-in keeps text objects (UTF-8) only", key)
            }
            let missing: Bool = data.withLock { d in
                guard d.buckets[bucket] != nil else { return true }
                d.buckets[bucket]?[key] = text
                persist(StoreRecord.object(bucket: bucket, key: key, text: text), in: &d)
                return false
            }
            if missing { return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket) }
            return HTTPResponse(status: 200, headers: ["ETag": "\"\(Self.etag(text))\""], body: [])
        case ("GET", false, false), ("HEAD", false, false):
            let found: String?? = data.withLock { d in d.buckets[bucket].map { $0[key] } }
            guard let inBucket = found else {
                return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket)
            }
            guard let text = inBucket else {
                return Self.s3Error(404, "NoSuchKey", "The specified key does not exist.", key)
            }
            let headers: HTTPHeaders = [
                "ETag": "\"\(Self.etag(text))\"", "Content-Type": "binary/octet-stream",
                "Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT",
            ]
            if request.method == "HEAD" {
                var h = headers
                h.add("Content-Length", String(text.utf8.count))
                return HTTPResponse(status: 200, headers: h, body: [])
            }
            return HTTPResponse(status: 200, headers: headers, body: Array(text.utf8))
        case ("DELETE", false, false):
            data.withLock { d in
                if d.buckets[bucket]?.removeValue(forKey: key) != nil {
                    persist(StoreRecord.object(bucket: bucket, key: key, text: nil), in: &d)
                }
            }
            return HTTPResponse(status: 204, body: [])
        default:
            return Self.s3Error(
                405, "MethodNotAllowed",
                "sfn serve's S3 stand-in answers bucket and object create, read, list and delete only",
                request.path)
        }
    }

    /// The objects of every bucket, as the simulator's item store holds them.
    var s3Objects: [ItemStore.Key: String] {
        data.withLock { d in
            var out: [ItemStore.Key: String] = [:]
            for (bucket, objects) in d.buckets {
                for (key, text) in objects { out[ItemStore.Key(bucket: bucket, key: key)] = text }
            }
            return out
        }
    }

    /// Keeps what an execution's `ResultWriter` wrote.
    func storeWritten(_ written: [ItemStore.Key: String]) {
        guard !written.isEmpty else { return }
        data.withLock { d in
            for (k, text) in written {
                d.buckets[k.bucket, default: [:]][k.key] = text
                persist(StoreRecord.object(bucket: k.bucket, key: k.key, text: text), in: &d)
            }
        }
    }

    /// The body, decoded from `aws-chunked` when the SDK streamed it with a trailing checksum.
    static func payload(_ request: HTTPRequest) -> [UInt8] {
        let encoding = request.headers["Content-Encoding"] ?? ""
        let sha = request.headers["x-amz-content-sha256"] ?? ""
        guard encoding.contains("aws-chunked") || sha.hasPrefix("STREAMING-") else { return request.body }
        var out: [UInt8] = []
        var i = 0
        let b = request.body
        while i < b.count {
            guard let lineEnd = index(of: [13, 10], in: b, from: i) else { break }
            let header = String(decoding: b[i..<lineEnd], as: UTF8.self)
            let sizeText = header.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText, radix: 16) else { break }
            i = lineEnd + 2
            if size == 0 { break }
            guard i + size <= b.count else { break }
            out.append(contentsOf: b[i..<(i + size)])
            i += size + 2
        }
        return out
    }

    private static func index(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var i = start
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && bytes[i + 1] == pattern[1] { return i }
            i += 1
        }
        return nil
    }

    static func queryItems(_ query: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            out[percentDecoded(String(kv[0]))] = kv.count > 1 ? percentDecoded(String(kv[1])) : ""
        }
        return out
    }

    static func percentDecoded(_ s: String) -> String { s.removingPercentEncoding ?? s }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func etag(_ text: String) -> String { String(format: "%08x", text.hashValue & 0xFFFF_FFFF) }

    static func xmlResponse(_ body: String) -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: ["Content-Type": "application/xml"],
            body: Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).utf8))
    }

    static func s3Error(_ status: Int, _ code: String, _ message: String, _ resource: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/xml"],
            body: Array(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(xml(message))</Message><Resource>\(xml(resource))</Resource><RequestId>\(uuid())</RequestId></Error>"
                    .utf8))
    }
}
