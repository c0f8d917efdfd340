import Foundation
import HTTPServer
import JSONCore
import StepFunctionsServer
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `serve`: StartSyncExecution through `sfn serve` against moto's server, side by side in one run
// (closed loop, the same client, the same requests), and on `sfn serve` alone the load test's mix:
// StartSyncExecution of an EXPRESS machine, StartExecution of a STANDARD one and DescribeExecution,
// in turn on every connection. Both servers run as child processes on
// 127.0.0.1: `sfn serve` is this binary started with `--serve-sfn` (the same StepFunctionsEndpoint
// `sfn serve` runs, with the payment workflow's mock configuration), moto is
// `python3 -m moto.server` (or `--moto-url URL` for one already running).
//
//     StepFunctionsBenchmarks serve [--connections 1,4,8] [--duration 5] [--warmup 1] [--rounds 1] [--moto-url URL]

/// The payment workflow's mocks under `sfn serve`: test case `Bench` answers every task at once;
/// `BenchLambda` answers only the SNS publish, the Lambda tasks going to `--lambda-endpoint`.
let benchmarkMockConfiguration = """
    {"StateMachines": {"payment": {"TestCases": {
        "Bench": {"ValidateOrder": "Order", "CheckInventory": "Order", "ProcessPayment": "Paid",
                  "UpdateDatabase": "Updated", "SendConfirmation": "Published"},
        "BenchLambda": {"SendConfirmation": "Published"}}}},
     "MockedResponses": {
        "Order": {"0": {"Return": {"orderId": "o-1", "amount": 42}}},
        "Paid": {"0": {"Return": {"orderId": "o-1", "amount": 42, "confirmationMessage": "ok"}}},
        "Updated": {"0": {"Return": {"updated": true}}},
        "Published": {"0": {"Return": {"MessageId": "m-1"}}}}}
    """

/// A 10-state Pass chain as ASL JSON.
let benchmarkPassChain10: String = {
    let states = (0..<10).map { i -> String in
        let transition = i == 9 ? "\"End\": true" : "\"Next\": \"S\(i + 1)\""
        return "\"S\(i)\": {\"Type\": \"Pass\", \(transition)}"
    }
    return "{\"StartAt\": \"S0\", \"States\": {\(states.joined(separator: ", "))}}"
}()

/// `--serve-sfn`: serves the Step Functions API as `sfn serve` does (with the benchmark's mock
/// configuration) on a free port of 127.0.0.1, prints it, and stops when stdin closes (when the
/// parent closes it or exits).
func serveSFNForBenchmarks(lambdaEndpoint: String?) -> Int32 {
    var options = ServiceOptions()
    var listening = StepFunctionsEndpoint.Listening()
    listening.port = 0
    let endpoint: StepFunctionsEndpoint
    let port: Int
    do {
        options.mockConfiguration = try MockConfiguration(text: benchmarkMockConfiguration)
        options.lambdaEndpoint = lambdaEndpoint
        endpoint = try StepFunctionsEndpoint(options: options, listening: listening)
        port = try endpoint.start()
    } catch {
        print("error: \(error)")
        return 1
    }
    print("sfn serve on 127.0.0.1:\(port)")
    fflush(nil)
    var byte: UInt8 = 0
    while read(0, &byte, 1) > 0 {}
    Simulator.runBlocking { await endpoint.shutdown() }
    return 0
}

/// A server in a child process, stopped when dropped.
final class ChildServer {
    let process = Process()
    let port: Int
    private let input = Pipe()

    /// Starts `executable ARGUMENTS`; `port` is what the child prints after `portMarker` (else `port`).
    init(_ executable: URL, _ arguments: [String], portMarker: String?, port fixed: Int = 0) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = portMarker == nil ? FileHandle.nullDevice : output
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let marker = portMarker else {
            port = fixed
            return
        }
        let handle = output.fileHandleForReading
        let line = Locked("")
        let ready = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var text = ""
            while !text.contains("\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            line.withLock { $0 = text }
            ready.signal()
        }
        guard ready.wait(timeout: .now() + 30) == .success else {
            process.terminate()
            throw BenchmarkUsageError("\(executable.lastPathComponent) printed no port within 30 s")
        }
        let text = line.withLock { $0 }
        guard let range = text.range(of: marker), let port = Int(text[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw BenchmarkUsageError("no port in: \(text)")
        }
        self.port = port
    }

    /// The child's CPU time so far (Linux).
    var cpuSeconds: Double? { processCPUSeconds(pid: process.processIdentifier) }

    /// Closes its stdin, asks it to stop, and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// A free port on 127.0.0.1 (bound, then released).
func freeLoopbackPort() -> Int? {
    #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
    #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #endif
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
}

/// One server under measurement.
struct ServedTarget: Sendable {
    let name: String
    let host: String
    let port: Int
    let pid: Int32?

    /// An AWS JSON 1.0 request; the Authorization header names the `states` service (moto routes by
    /// it; `sfn serve` accepts and ignores credentials).
    static func request(_ operation: String, _ body: JSONValue) -> HTTPRequest {
        var bytes: [UInt8] = []
        JSONWriter().write(body, into: &bytes)
        return HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions.\(operation)",
                "Authorization":
                    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=x",
            ],
            body: bytes)
    }

    /// One call; the status and the body's text (or the error's message as status 0).
    func call(_ client: HTTPClient, _ operation: String, _ body: JSONValue) async -> (Int, String) {
        do {
            let response = try await client.send(
                Self.request(operation, body), host: host, port: port, timeout: .seconds(30))
            return (response.status, String(decoding: response.body, as: UTF8.self))
        } catch {
            return (0, error.message)
        }
    }
}

/// What was measured of one server on one workload at one concurrency: the median of the
/// rounds for every figure (the machine is shared, so a round can be disturbed), the worst maximum.
struct ServeRow {
    var target: String
    var workload: String
    var call: String
    var connections: Int
    var calls = 0
    var errors = 0
    var firstError: String?
    var rates: [Double] = []
    var p50s: [Double] = []
    var p90s: [Double] = []
    var p99s: [Double] = []
    var maximum: Double = 0
    var cpus: [Double] = []

    /// Adds one round's report (and the server's CPU per call, when known).
    mutating func add(_ report: LoadGenerator.Report, serverCPU: Double?) {
        calls += report.latencies.count
        errors += report.errors
        if firstError == nil { firstError = report.firstError }
        rates.append(report.rate)
        if let p = report.percentile(0.5) { p50s.append(p) }
        if let p = report.percentile(0.9) { p90s.append(p) }
        if let p = report.percentile(0.99) { p99s.append(p) }
        maximum = max(maximum, report.percentile(1) ?? 0)
        if let serverCPU { cpus.append(serverCPU) }
    }

    var rate: Double { median(rates) ?? 0 }
    var p99: Double? { median(p99s) }
}

/// The median of `values` (nil when empty).
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

@MainActor
func runServeBenchmarks(_ arguments: BenchmarkArguments) {
    let levels = arguments.connections([1, 4, 8])
    let duration = arguments.number("--duration", 5)
    let warmup = arguments.number("--warmup", 1)
    let rounds = max(1, Int(arguments.number("--rounds", 1)))
    let executable =
        FileManager.default.fileExists(atPath: "/proc/self/exe")
        ? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        : URL(fileURLWithPath: CommandLine.arguments[0])
    let client = HTTPClient(
        configuration: .init(maxConnectionsPerHost: levels.max() ?? 1, maxIdleConnectionsPerHost: levels.max() ?? 1))
    // A trivial Lambda endpoint for the --lambda-endpoint workload: every function answers at once.
    let lambda = HTTPServer(configuration: .init(maxConnections: 4096)) { _ in
        HTTPResponse(
            headers: ["Content-Type": "application/json"],
            text: #"{"orderId": "o-1", "amount": 42, "confirmationMessage": "ok"}"#)
    }

    // The servers.
    let sfn: ChildServer
    let sfnLambda: ChildServer
    do {
        let lambdaPort = try lambda.start()
        sfn = try ChildServer(executable, ["--serve-sfn", "0"], portMarker: "127.0.0.1:")
        sfnLambda = try ChildServer(
            executable, ["--serve-sfn", "0", "--lambda-endpoint", "http://127.0.0.1:\(lambdaPort)"],
            portMarker: "127.0.0.1:")
    } catch {
        print("cannot start sfn serve: \(error)")
        return
    }
    var moto: ChildServer?
    var motoTarget: ServedTarget?
    var motoNote = ""
    if let url = arguments.value("--moto-url"), let parsed = try? HTTPURL(url) {
        motoTarget = ServedTarget(name: "moto", host: parsed.host, port: parsed.port, pid: nil)
        motoNote = "moto at \(url)"
    } else if let port = freeLoopbackPort() {
        do {
            let child = try ChildServer(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"],
                portMarker: nil, port: port)
            moto = child
            motoTarget = ServedTarget(name: "moto", host: "127.0.0.1", port: port, pid: child.process.processIdentifier)
            motoNote = "moto \(motoVersion() ?? "?") (python3 -m moto.server)"
        } catch {
            motoNote = "moto not started: \(error)"
        }
    }
    let motoServed = motoTarget
    let sfnTarget = ServedTarget(
        name: "sfn serve", host: "127.0.0.1", port: sfn.port, pid: sfn.process.processIdentifier)
    let sfnLambdaTarget = ServedTarget(
        name: "sfn serve", host: "127.0.0.1", port: sfnLambda.port, pid: sfnLambda.process.processIdentifier)

    let input = #"{"orderId": "o-1", "amount": 42}"#
    let role = "arn:aws:iam::123456789012:role/bench"
    let machines: [(String, String)] = [("chain10", benchmarkPassChain10), ("payment", benchmarkPaymentWorkflow)]
    let rows: [ServeRow] = Simulator.runBlocking { () -> [ServeRow] in
        // Wait for moto to answer (it takes a second or two to start).
        var motoReady = false
        if let motoServed {
            for _ in 0..<300 {
                if await motoServed.call(client, "ListStateMachines", [:]).0 == 200 {
                    motoReady = true
                    break
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            if !motoReady { print("  moto did not answer within 30 s: measuring sfn serve only") }
        }
        let targets = [sfnTarget, sfnLambdaTarget] + (motoReady ? motoServed.map { [$0] } ?? [] : [])
        for target in targets {
            for (name, definition) in machines {
                let (status, text) = await target.call(
                    client, "CreateStateMachine",
                    [
                        "name": .string(name), "definition": .string(definition), "roleArn": .string(role),
                        "type": "EXPRESS",
                    ])
                if status != 200 { print("  \(target.name): CreateStateMachine \(name) answered \(status): \(text)") }
            }
        }
        // The mix: a STANDARD twin of the Pass chain, and one of its executions to describe.
        var describedArn = ""
        do {
            let (status, text) = await sfnTarget.call(
                client, "CreateStateMachine",
                [
                    "name": "chain10-standard", "definition": .string(benchmarkPassChain10), "roleArn": .string(role),
                    "type": "STANDARD",
                ])
            if status != 200 { print("  sfn serve: CreateStateMachine chain10-standard answered \(status): \(text)") }
            let (startStatus, started) = await sfnTarget.call(
                client, "StartExecution",
                [
                    "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:chain10-standard",
                    "input": .string(input),
                ])
            if startStatus == 200, let arn = (try? JSONParser.parse(started))?["executionArn"]?.stringValue {
                describedArn = arn
            } else {
                print("  sfn serve: StartExecution chain10-standard answered \(startStatus): \(started)")
            }
        }
        if motoReady, let motoServed {
            let (status, text) = await motoServed.call(
                client, "StartSyncExecution",
                [
                    "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:chain10",
                    "input": .string(input),
                ])
            print(
                "  moto's StartSyncExecution answers HTTP \(status)\(status == 500 ? " (not implemented)" : ""): "
                    + text.prefix(80).replacingOccurrences(of: "\n", with: " "))
        }

        // The workloads: (server, label, the request, how a right answer looks).
        func startSync(_ machine: String, testCase: String?) -> HTTPRequest {
            ServedTarget.request(
                "StartSyncExecution",
                [
                    "stateMachineArn":
                        .string(
                            "arn:aws:states:us-east-1:123456789012:stateMachine:\(machine)"
                                + (testCase.map { "#\($0)" } ?? "")),
                    "input": .string(input),
                ])
        }
        let succeeded = Array(#""status":"SUCCEEDED""#.utf8)
        let verifySync: @Sendable (HTTPResponse) -> String? = { response in
            guard response.status == 200, bytes(response.body, contain: succeeded) else {
                return "status \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            }
            return nil
        }
        let executionArn = Array(#""executionArn""#.utf8)
        let verifyStart: @Sendable (HTTPResponse) -> String? = { response in
            guard response.status == 200, bytes(response.body, contain: executionArn) else {
                return "status \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            }
            return nil
        }
        let verifyDescribe: @Sendable (HTTPResponse) -> String? = { response in
            guard response.status == 200, bytes(response.body, contain: succeeded) else {
                return "status \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            }
            return nil
        }
        typealias Call = LoadGenerator.Call
        var workloads: [(ServedTarget, String, String, [Call])] = [
            (
                sfnTarget, "chain10", "StartSyncExecution",
                [Call(request: startSync("chain10", testCase: nil), verify: verifySync)]
            ),
            (
                sfnTarget, "payment (mocks)", "StartSyncExecution",
                [Call(request: startSync("payment", testCase: "Bench"), verify: verifySync)]
            ),
            (
                sfnLambdaTarget, "payment (Lambda endpoint)", "StartSyncExecution",
                [Call(request: startSync("payment", testCase: "BenchLambda"), verify: verifySync)]
            ),
            // The load test's mix: StartSyncExecution (EXPRESS), StartExecution (STANDARD) and
            // DescribeExecution, in turn on every connection.
            (
                sfnTarget, "mix (chain10)", "Sync/Start/Describe",
                [
                    Call(request: startSync("chain10", testCase: nil), verify: verifySync),
                    Call(
                        request: ServedTarget.request(
                            "StartExecution",
                            [
                                "stateMachineArn":
                                    "arn:aws:states:us-east-1:123456789012:stateMachine:chain10-standard",
                                "input": .string(input),
                            ]), verify: verifyStart),
                    Call(
                        request: ServedTarget.request("DescribeExecution", ["executionArn": .string(describedArn)]),
                        verify: verifyDescribe),
                ]
            ),
        ]
        if motoReady, let motoServed {
            // moto cannot run StartSyncExecution: what it can do is record an execution without
            // running it (its default backend), which is less work than any execution.
            for machine in ["chain10", "payment"] {
                workloads.append(
                    (
                        motoServed, machine, "StartExecution (not run)",
                        [
                            Call(
                                request: ServedTarget.request(
                                    "StartExecution",
                                    [
                                        "stateMachineArn": .string(
                                            "arn:aws:states:us-east-1:123456789012:stateMachine:\(machine)"),
                                        "input": .string(input),
                                    ]), verify: verifyStart)
                        ]
                    ))
            }
        }
        var rows: [ServeRow] = []
        for round in 0..<rounds {
            var index = 0
            for connections in levels {
                for (target, workload, call, calls) in workloads {
                    let generator = LoadGenerator(client: client, host: target.host, port: target.port, calls: calls)
                    _ = await generator.run(connections: connections, seconds: warmup, record: false)
                    let before = target.pid.flatMap { processCPUSeconds(pid: $0) }
                    let report = await generator.run(connections: connections, seconds: duration)
                    let after = target.pid.flatMap { processCPUSeconds(pid: $0) }
                    var cpu: Double?
                    if let before, let after { cpu = (after - before) / Double(max(1, report.latencies.count)) * 1e6 }
                    if round == 0 {
                        rows.append(
                            ServeRow(target: target.name, workload: workload, call: call, connections: connections))
                    }
                    rows[index].add(report, serverCPU: cpu)
                    index += 1
                }
            }
        }
        return rows
    }

    print(
        "sfn serve vs moto: closed loop, \(duration) s per run after \(warmup) s of warm-up, EXPRESS machines, "
            + "\(rounds) round\(rounds == 1 ? "" : "s") (figures: the median of the rounds; max: the worst)")
    print("  sfn serve: StepFunctionsEndpoint in a child process; \(motoNote)")
    print(
        "  server    | workload                  | call                     | conns |   calls | errors |   calls/s |      p50 |      p90 |      p99 |      max | server CPU/call"
    )
    for row in rows {
        print(
            "  "
                + [
                    row.target.padding(toLength: 9, withPad: " ", startingAt: 0),
                    row.workload.padding(toLength: 25, withPad: " ", startingAt: 0),
                    row.call.padding(toLength: 24, withPad: " ", startingAt: 0), pad("\(row.connections)", 5),
                    pad("\(row.calls)", 7), pad("\(row.errors)", 6), pad(formatRate(row.rate), 9),
                    pad(formatLatency(median(row.p50s)), 8), pad(formatLatency(median(row.p90s)), 8),
                    pad(formatLatency(row.p99), 8), pad(formatLatency(row.maximum), 8),
                    pad(formatLatency(median(row.cpus)), 15),
                ].joined(separator: " | "))
        if let first = row.firstError { print("    first error: \(first)") }
    }
    // Ratios: sfn serve's StartSyncExecution (the workflow run) over moto's StartExecution (not run),
    // at each concurrency, then each at its best.
    for machine in ["chain10", "payment"] {
        let ours = rows.filter {
            $0.target == "sfn serve" && $0.workload.hasPrefix(machine) && !$0.workload.contains("Lambda")
        }
        let theirs = rows.filter { $0.target == "moto" && $0.workload == machine }
        for row in ours {
            guard let other = theirs.first(where: { $0.connections == row.connections }), other.rate > 0 else {
                continue
            }
            print(
                "  \(machine), \(row.connections) connection\(row.connections == 1 ? "" : "s"): sfn serve \(formatRate(row.rate))/s "
                    + "(p99 \(formatLatency(row.p99))) vs moto \(formatRate(other.rate))/s "
                    + "(p99 \(formatLatency(other.p99)), StartExecution, not run): "
                    + String(format: "%.0fx", row.rate / other.rate))
        }
        if let best = ours.max(by: { $0.rate < $1.rate }), let other = theirs.max(by: { $0.rate < $1.rate }),
            other.rate > 0
        {
            print(
                "  \(machine), each at its best: sfn serve \(formatRate(best.rate))/s (\(best.connections) connections, "
                    + "p99 \(formatLatency(best.p99))) vs moto \(formatRate(other.rate))/s (\(other.connections) "
                    + "connection\(other.connections == 1 ? "" : "s")): "
                    + String(format: "%.0fx", best.rate / other.rate))
        }
    }
    if moto != nil, arguments.value("--moto-url") == nil, let motoTarget {
        probeMotoExecution(motoTarget, client: client, input: input, role: role)
    }
    Simulator.runBlocking {
        await client.shutdown()
        await lambda.shutdown()
    }
    sfn.stop()
    sfnLambda.stop()
    moto?.stop()
}

/// moto can run a workflow with `execute_state_machine` on (its ASL interpreter), but not
/// synchronously: StartExecution, then DescribeExecution until it ends. Tried once, and a second
/// time, since moto 5.2.1 fails every StartExecution after the first execution of the process.
@MainActor
func probeMotoExecution(_ moto: ServedTarget, client: HTTPClient, input: String, role: String) {
    let lines = Simulator.runBlocking { () -> [String] in
        var lines: [String] = []
        do {
            _ = try await client.send(
                HTTPRequest(
                    method: "POST", target: "/moto-api/config",
                    body: Array(#"{"stepfunctions": {"execute_state_machine": true}}"#.utf8)),
                host: moto.host, port: moto.port)
        } catch {
            return ["moto execution probe: cannot configure moto: \(error)"]
        }
        let (created, text) = await moto.call(
            client, "CreateStateMachine",
            [
                "name": "chain10run", "definition": .string(benchmarkPassChain10), "roleArn": .string(role),
                "type": "EXPRESS",
            ])
        guard created == 200 else { return ["moto execution probe: CreateStateMachine answered \(created): \(text)"] }
        for attempt in 1...2 {
            let start = ContinuousClock.now
            let (status, started) = await moto.call(
                client, "StartExecution",
                [
                    "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:chain10run",
                    "name": .string("run\(attempt)"), "input": .string(input),
                ])
            guard status == 200, let arn = (try? JSONParser.parse(started))?["executionArn"]?.stringValue else {
                lines.append("moto execution probe, execution \(attempt): StartExecution answered HTTP \(status)")
                continue
            }
            var polls = 0
            var final = "RUNNING"
            while final == "RUNNING" && polls < 2000 {
                polls += 1
                let (_, described) = await moto.call(client, "DescribeExecution", ["executionArn": .string(arn)])
                final = (try? JSONParser.parse(described))?["status"]?.stringValue ?? "?"
            }
            let elapsed = (ContinuousClock.now - start).components
            let ms = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            lines.append(
                "moto execution probe, execution \(attempt): chain10 \(final) \(String(format: "%.0f", ms)) ms after StartExecution (\(polls) DescribeExecution polls)"
            )
        }
        return lines
    }
    for line in lines { print("  " + line) }
}

/// The installed moto's version (`python3 -c 'import moto; print(moto.__version__)'`).
func motoVersion() -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import moto; print(moto.__version__)"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return process.terminationStatus == 0 && !text.isEmpty ? text : nil
}
