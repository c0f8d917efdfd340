import Foundation
import HTTPServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A closed-loop HTTP load generator on ``HTTPClient``: N workers, each with one request in
/// flight at a time on its own keep-alive connection (when the server keeps it alive), for a fixed
/// duration. Latency is measured from `send` to its return. Meant for loopback targets only: the
/// runs are bounded by their duration. With several calls (a mix), each worker sends them in turn,
/// the workers starting at different calls so that every call is in flight at once.
struct LoadGenerator: Sendable {
    let client: HTTPClient
    let host: String
    let port: Int
    /// The calls each worker sends in turn.
    let calls: [Call]
    /// Bound on one request.
    var timeout: Duration = .seconds(30)

    /// One request and how its right answer looks.
    struct Call: Sendable {
        let request: HTTPRequest
        /// Checks an answer: nil when it is right, else what is wrong (counted as an error).
        let verify: @Sendable (HTTPResponse) -> String?
    }

    /// A generator of one call.
    init(
        client: HTTPClient, host: String, port: Int, request: HTTPRequest,
        verify: @escaping @Sendable (HTTPResponse) -> String?
    ) {
        self.init(client: client, host: host, port: port, calls: [Call(request: request, verify: verify)])
    }

    /// A generator of a mix of calls.
    init(client: HTTPClient, host: String, port: Int, calls: [Call]) {
        self.client = client
        self.host = host
        self.port = port
        self.calls = calls
    }

    /// What one run measured.
    struct Report: Sendable {
        /// Latencies of the correct answers, in nanoseconds, sorted.
        var latencies: [Int64]
        /// Requests that failed or were answered wrongly.
        var errors: Int
        /// The first failure, for the report.
        var firstError: String?
        /// Wall time of the run, in seconds.
        var seconds: Double

        /// Correct answers per second.
        var rate: Double { seconds > 0 ? Double(latencies.count) / seconds : 0 }

        /// The latency at `fraction` (0.5 = median), in microseconds.
        func percentile(_ fraction: Double) -> Double? {
            guard !latencies.isEmpty else { return nil }
            let index = min(latencies.count - 1, Int(Double(latencies.count) * fraction))
            return Double(latencies[index]) / 1000
        }
    }

    /// One worker's findings.
    private struct WorkerResult: Sendable {
        var latencies: [Int64] = []
        var errors = 0
        var firstError: String?
    }

    /// Runs `connections` workers for `seconds`; with `record` false (a warm-up) nothing is kept.
    func run(connections: Int, seconds: Double, record: Bool = true) async -> Report {
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int(seconds * 1000))
        let results = await withTaskGroup(of: WorkerResult.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var result = WorkerResult()
                    if record { result.latencies.reserveCapacity(Int(seconds * 5_000)) }
                    var next = worker % calls.count
                    while ContinuousClock.now < end {
                        let call = calls[next]
                        next = (next + 1) % calls.count
                        let sent = ContinuousClock.now
                        do throws(HTTPClientError) {
                            let response = try await client.send(
                                call.request, host: host, port: port, timeout: timeout)
                            if let problem = call.verify(response) {
                                result.errors += 1
                                if result.firstError == nil { result.firstError = problem }
                                continue
                            }
                        } catch {
                            result.errors += 1
                            if result.firstError == nil { result.firstError = error.message }
                            continue
                        }
                        if record {
                            let elapsed = (ContinuousClock.now - sent).components
                            result.latencies.append(
                                elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
                        }
                    }
                    return result
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = (ContinuousClock.now - start).components
        return Report(
            latencies: results.flatMap(\.latencies).sorted(), errors: results.reduce(0) { $0 + $1.errors },
            firstError: results.compactMap(\.firstError).first,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }
}

/// A latency in microseconds as `123 us` or `4.56 ms`.
func formatLatency(_ microseconds: Double?) -> String {
    guard let microseconds else { return "-" }
    return microseconds >= 1000
        ? String(format: "%.2f ms", microseconds / 1000) : "\(Int(microseconds.rounded())) us"
}

/// `text` right-aligned in `width` columns.
func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// This process's CPU time (user + system), in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Another process's CPU time (user + system) in seconds, from `/proc/PID/stat` (Linux; nil elsewhere).
func processCPUSeconds(pid: Int32) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return nil }
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Whether `bytes` contain `needle`.
func bytes(_ bytes: [UInt8], contain needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, bytes.count >= needle.count else { return needle.isEmpty }
    let first = needle[0]
    var index = 0
    while index <= bytes.count - needle.count {
        if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
        index += 1
    }
    return false
}
