import Foundation
import JSONCore
import JSONata

/// JSONata throughput: typical Step Functions `Output`/`Arguments` expressions, compiled once and
/// evaluated over a ~10 KB `$states.input`, plus the parse time of every expression of the
/// jsonata test suite (when `../shared/jsonata-suite` or `$JSONATA_SUITE` is present).
func runJSONataBenchmarks() {
    let input = JSONataBenchmarkData.orderInput(itemCount: 55)
    let states: JSONValue = ["input": input, "context": ["Execution": ["Id": "arn:aws:states:exec"]]]
    let size = JSONWriter.compactByteCount(input)
    print("JSONata benchmarks (input \(size) bytes, compiled once, evaluated repeatedly)")
    let cases: [(String, String)] = [
        ("simple path", "$states.input.order.items[0].price"),
        (
            "object constructor",
            "{'id': $states.input.order.id, 'customer': $states.input.order.customer.name, "
                + "'total': $states.input.order.total, 'currency': $states.input.order.currency}"
        ),
        ("filter + map", "$states.input.order.items[price > 50].sku"),
        ("$map lambda", "$map($states.input.order.items, function($i) { $i.price * $i.quantity })"),
        ("$sum of products", "$sum($states.input.order.items.(price * quantity))"),
        (
            "string concatenation",
            "'Order ' & $states.input.order.id & ' for ' & $states.input.order.customer.name & ' (' "
                + "& $string($states.input.order.total) & ')'"
        ),
    ]
    for (name, source) in cases {
        do {
            let compiled = try CompiledJSONata(source)
            let bindings = ["states": states]
            // warm up and check
            _ = try compiled.evaluate(nil, bindings: bindings)
            let perSecond = try measure { () throws(JSONataError) in
                _ = try compiled.evaluate(nil, bindings: bindings)
            }
            print("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(format(perSecond)) evaluations/s")
        } catch {
            print("  \(name): error \(error)")
        }
    }
    suiteParseBenchmark()
    regexComparison()
}

/// The engine's own regex matcher against Foundation's NSRegularExpression on the same work:
/// every match of a pattern in a 2 KB string, and a replacement with group references.
private func regexComparison() {
    let text = String(repeating: "order-1234 from alice@example.com on 2024-05-06; ", count: 40)
    let states: JSONValue = ["text": .string(text)]
    let cases: [(String, String, String)] = [
        ("all matches of [0-9]+", "$count($match($states.text, /[0-9]+/))", "[0-9]+"),
        ("replace (\\w+)@(\\w+)", "$replace($states.text, /(\\w+)@(\\w+)/, '$2 at $1')", "(\\w+)@(\\w+)"),
    ]
    for (name, expression, pattern) in cases {
        guard let compiled = try? CompiledJSONata(expression),
            let regex = try? NSRegularExpression(pattern: pattern)
        else { continue }
        let ours =
            (try? measure { () throws(JSONataError) in
                _ = try compiled.evaluate(nil, bindings: ["states": states])
            }) ?? 0
        let ns = text as NSString
        let range = NSRange(location: 0, length: ns.length)
        let foundation =
            (try? measure { () throws(JSONataError) in
                if pattern.hasPrefix("[") {
                    _ = regex.matches(in: text, range: range).map { ns.substring(with: $0.range) }.count
                } else {
                    _ = regex.stringByReplacingMatches(in: text, range: range, withTemplate: "$2 at $1")
                }
            }) ?? 0
        print("  regex \(name): JSONata \(format(ours))/s, NSRegularExpression \(format(foundation))/s")
    }
}

/// Runs `body` repeatedly for about half a second and returns the rate per second.
private func measure(_ body: () throws(JSONataError) -> Void) throws(JSONataError) -> Double {
    let clock = ContinuousClock()
    var iterations = 0
    var batch = 1000
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .milliseconds(500) {
        for _ in 0..<batch { try body() }
        iterations += batch
        elapsed = start.duration(to: clock.now)
        if elapsed < .milliseconds(50) { batch *= 2 }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(iterations) / seconds
}

private func format(_ rate: Double) -> String {
    let text = String(Int(rate.rounded()))
    var out = ""
    for (i, c) in text.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return String(out.reversed()).leftPadded(to: 12)
}

private func suiteParseBenchmark() {
    let directory = ProcessInfo.processInfo.environment["JSONATA_SUITE"] ?? "../shared/jsonata-suite"
    let groups = directory + "/groups"
    let fm = FileManager.default
    guard let groupNames = try? fm.contentsOfDirectory(atPath: groups) else {
        print("  parse: suite not found at \(directory); skipped")
        return
    }
    var expressions: [String] = []
    for group in groupNames {
        for file in (try? fm.contentsOfDirectory(atPath: groups + "/" + group)) ?? [] where file.hasSuffix(".json") {
            if let text = try? String(contentsOfFile: groups + "/" + group + "/" + file, encoding: .utf8),
                let expr = (try? JSONParser.parse(text))?["expr"]?.stringValue
            {
                expressions.append(expr)
            }
        }
    }
    let clock = ContinuousClock()
    var rounds = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .milliseconds(500) {
        for e in expressions { _ = try? CompiledJSONata(e) }
        rounds += 1
        elapsed = start.duration(to: clock.now)
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perRound = seconds / Double(rounds)
    print(
        "  parse all \(expressions.count) suite expressions: \(String(format: "%.2f", perRound * 1000)) ms "
            + "(\(String(format: "%.1f", perRound / Double(max(1, expressions.count)) * 1e6)) µs each)")
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// Synthetic inputs shaped like Step Functions state inputs.
enum JSONataBenchmarkData {
    /// An order with `itemCount` line items (~10 KB at 40 items).
    static func orderInput(itemCount: Int) -> JSONValue {
        var items: [JSONValue] = []
        for i in 0..<itemCount {
            items.append([
                "sku": .string("SKU-\(1000 + i)"),
                "name": .string("Item number \(i) with a descriptive name"),
                "price": .double(Double(i % 17) * 7.25 + 0.99),
                "quantity": .int(1 + i % 5),
                "tags": ["tag-a", "tag-b", .string("tag-\(i % 7)")],
                "warehouse": ["id": .string("WH-\(i % 3)"), "region": "eu-west-1"],
            ])
        }
        return [
            "order": [
                "id": "ORD-2024-000123",
                "currency": "EUR",
                "total": .double(1234.56),
                "customer": [
                    "id": "C-42", "name": "María Example", "email": "maria@example.com",
                    "address": ["street": "1 Main Street", "city": "Dublin", "country": "IE"],
                ],
                "items": .array(items),
            ],
            "requestId": "5f6b2c1e-0000-4000-8000-000000000001",
        ]
    }
}
