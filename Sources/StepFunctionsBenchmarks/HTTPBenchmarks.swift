import Foundation
import HTTPServer
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `http`: the HTTP client and server themselves, closed loop (N connections, one request in
// flight on each):
//
//     StepFunctionsBenchmarks http                          # in-process HTTPServer, 1 and 200 connections
//     StepFunctionsBenchmarks --serve-http 8099             # only the trivial server (for another process)
//     StepFunctionsBenchmarks http --url http://127.0.0.1:8099/hello --connections 1,200
//     StepFunctionsBenchmarks http --url http://127.0.0.1:5000/ --method POST \
//         --header 'X-Amz-Target: AWSStepFunctions.ListStateMachines' \
//         --header 'Content-Type: application/x-amz-json-1.0' --body '{}'     # any other server
//
// Options: --connections 1,200, --duration S (5), --warmup S (1), --rounds N (1), --url, --method,
// --header 'Name: value' (repeatable), --body TEXT. Only loopback targets are meant.

/// The trivial application the HTTP benchmark serves: `hello` for every request.
@Sendable func helloHandler(_ request: HTTPRequest) async -> HTTPResponse {
    HTTPResponse(text: "hello\n")
}

/// `--serve-http PORT`: serves the trivial application on 127.0.0.1 until killed.
func serveHTTPForBenchmarks(port: Int) -> Int32 {
    let server = HTTPServer(configuration: .init(port: port, maxConnections: 4096), handler: helloHandler)
    do {
        print("StepFunctionsBenchmarks: serving on 127.0.0.1:\(try server.start()) (Ctrl-C to stop)")
    } catch {
        print("StepFunctionsBenchmarks: \(error)")
        return 1
    }
    fflush(nil)
    while true { sleep(3600) }
}

@MainActor
func runHTTPBenchmarks(_ arguments: BenchmarkArguments) {
    let connectionLevels = arguments.connections([1, 200])
    let duration = arguments.number("--duration", 5)
    let warmup = arguments.number("--warmup", 1)
    let rounds = Int(arguments.number("--rounds", 1))
    var headers = HTTPHeaders()
    for field in arguments.values("--header") {
        guard let colon = field.firstIndex(of: ":") else {
            print("--header wants 'Name: value', not '\(field)'")
            return
        }
        headers.add(String(field[..<colon]), String(field[field.index(after: colon)...].drop { $0 == " " }))
    }
    let method = arguments.value("--method") ?? "GET"
    let body = Array((arguments.value("--body") ?? "").utf8)

    let server: HTTPServer?
    let url: HTTPURL
    if let text = arguments.value("--url") {
        server = nil
        do {
            url = try HTTPURL(text)
        } catch {
            print(error.message)
            return
        }
    } else {
        let local = HTTPServer(configuration: .init(maxConnections: 4096), handler: helloHandler)
        do {
            url = HTTPURL(host: "127.0.0.1", port: try local.start(), target: "/hello")
        } catch {
            print("cannot start the server: \(error)")
            return
        }
        server = local
    }
    let maxConnections = connectionLevels.max() ?? 1
    let client = HTTPClient(
        configuration: .init(maxConnectionsPerHost: maxConnections, maxIdleConnectionsPerHost: maxConnections))
    let generator = LoadGenerator(
        client: client, host: url.host, port: url.port,
        request: HTTPRequest(method: method, target: url.target, headers: headers, body: body),
        verify: { $0.status >= 500 ? "status \($0.status)" : nil })
    print("HTTP closed loop: target \(url)\(server == nil ? "" : " (in-process HTTPServer)"), \(duration) s per run")
    print("  connections | requests | errors |  requests/s |      p50 |      p90 |      p99 |      max | CPU/request")
    for _ in 0..<rounds {
        for connections in connectionLevels {
            let (report, cpu) = Simulator.runBlocking { () -> (LoadGenerator.Report, Double) in
                _ = await generator.run(connections: connections, seconds: warmup, record: false)
                let before = processCPUSeconds()
                let report = await generator.run(connections: connections, seconds: duration)
                return (report, processCPUSeconds() - before)
            }
            let perRequest = report.latencies.isEmpty ? nil : cpu / Double(report.latencies.count) * 1e6
            print(
                "  "
                    + [
                        pad("\(connections)", 11), pad("\(report.latencies.count)", 8), pad("\(report.errors)", 6),
                        pad(formatRate(report.rate), 11), pad(formatLatency(report.percentile(0.5)), 8),
                        pad(formatLatency(report.percentile(0.9)), 8), pad(formatLatency(report.percentile(0.99)), 8),
                        pad(formatLatency(report.percentile(1)), 8), pad(formatLatency(perRequest), 11),
                    ].joined(separator: " | "))
            if let first = report.firstError { print("    first error: \(first)") }
        }
    }
    Simulator.runBlocking {
        await client.shutdown()
        await server?.shutdown()
    }
}
