import JSONCore

/// The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$hash`,
/// `$random([seed])`, `$uuid` and `$parse`.
///
/// AWS documents their results but not their argument errors; where AWS is silent these follow
/// jsonata's conventions (T0410 for an argument of the wrong type) and say what is wrong.
enum StepFunctionsLibrary {
    static func invalid(_ function: String, _ message: String, index: Int, value: Value) -> JSONataError {
        var e = JSONataError(code: "D3200", message: "Invalid argument \(index) of $\(function): \(message)")
        e.value = value.errorJSON
        e.hasValue = true
        e.token = function
        return e
    }

    static func functions() -> [BuiltinFunction] {
        [
            BuiltinFunction("partition", "<an:a>", arity: 2) { (_, a) throws(JSONataError) -> Value in
                if a[0].isUndefined { return .undefined }
                // AWS documents a fractional size as rounded down.
                guard case .number(let given) = a[1], given >= 1, given < 1e15 else {
                    throw invalid("partition", "the chunk size must be a positive integer", index: 2, value: a[1])
                }
                let size = given.rounded(.down)
                let items = a[0].arrayItems
                let n = Int(size)
                var chunks: [Value] = []
                var start = 0
                while start < items.count {
                    chunks.append(.array(Array(items[start..<min(start + n, items.count)]), []))
                    start += n
                }
                return .array(chunks, [])
            },
            BuiltinFunction("range", "<nnn:a<n>>", arity: 3) { (_, a) throws(JSONataError) -> Value in
                guard case .number(let start) = a[0], case .number(let stop) = a[1], case .number(let step) = a[2]
                else { return .undefined }
                guard start.isFinite, stop.isFinite, step.isFinite else {
                    throw invalid("range", "the arguments must be finite numbers", index: 1, value: a[0])
                }
                if step == 0 { return .array([], .sequence) }
                let count = ((stop - start) / step).rounded(.down) + 1
                if count <= 0 { return .array([], .sequence) }
                if count > 1e7 {
                    var e = JSONataError("D2014")
                    e.setValue(Value.jsonNumber(count))
                    throw e
                }
                var out: [Value] = []
                out.reserveCapacity(Int(count))
                for i in 0..<Int(count) { out.append(.number(start + Double(i) * step)) }
                return .array(out, .sequence)
            },
            BuiltinFunction("hash", "<s-s:s>", arity: 2) { (_, a) throws(JSONataError) -> Value in
                guard case .string(let s) = a[0] else { return .undefined }
                guard case .string(let name) = a[1], let algorithm = DigestAlgorithm(rawValue: name) else {
                    throw invalid(
                        "hash", "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384 or SHA-512", index: 2,
                        value: a[1])
                }
                return .string(Digest.hexDigest(s, algorithm: algorithm))
            },
            BuiltinFunction("random", "<j?:n>", arity: 1) { (c, a) throws(JSONataError) -> Value in
                if a[0].isUndefined { return .number(c.evaluator.random.nextDouble()) }
                // the same seed always gives the same number: hash the seed's JSON text
                let text = (try? a[0].toJSON(nil)).flatMap { $0 }.map(JSONWriter.compact.string) ?? ""
                let digest = Digest.sha256(Array(text.utf8))
                var seed: UInt64 = 0
                for b in digest.prefix(8) { seed = seed << 8 | UInt64(b) }
                return .number(RandomSource.seededDouble(seed))
            },
            BuiltinFunction("uuid", "<:s>", arity: 0) { (c, _) throws(JSONataError) -> Value in
                var bytes = [UInt8](repeating: 0, count: 16)
                var r1 = c.evaluator.random.nextUInt64()
                var r2 = c.evaluator.random.nextUInt64()
                for i in 0..<8 {
                    bytes[i] = UInt8(truncatingIfNeeded: r1)
                    bytes[i + 8] = UInt8(truncatingIfNeeded: r2)
                    r1 >>= 8
                    r2 >>= 8
                }
                bytes[6] = (bytes[6] & 0x0F) | 0x40
                bytes[8] = (bytes[8] & 0x3F) | 0x80
                let hex = Digest.hex(bytes)
                let u = Array(hex)
                let text =
                    String(u[0..<8]) + "-" + String(u[8..<12]) + "-" + String(u[12..<16]) + "-"
                    + String(u[16..<20]) + "-" + String(u[20..<32])
                return .string(text)
            },
            BuiltinFunction("parse", "<s-:x>", arity: 1) { (_, a) throws(JSONataError) -> Value in
                guard case .string(let s) = a[0] else { return .undefined }
                do throws(JSONParseError) {
                    return Value(try JSONParser.parse(s))
                } catch {
                    throw invalid("parse", "the string is not valid JSON (\(error.message))", index: 1, value: a[0])
                }
            },
        ]
    }
}
