import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sfn serve --data-dir` killed with SIGKILL while clients create state machines and start
/// executions: after a restart every change it acknowledged is there, and the executions that were
/// running end as documented (FAILED, `States.Runtime`, after the events a client was shown).
@Suite("sfn serve: nothing acknowledged is lost to kill -9")
struct CrashTests {
    static let role = "arn:aws:iam::111111111111:role/sfn"
    static let slow = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#

    @Test func acknowledgedChangesSurviveKill9() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--account-id", "111111111111", "--data-dir", directory.path]
        let first = try ServeProcess(arguments)
        let port = first.port

        // One execution a client has looked at: the events it was shown must survive.
        let watched = try LocalAPI(port: port)
        let machine = try watched.ok(
            "CreateStateMachine", ["name": "watched", "definition": .string(Self.slow), "roleArn": .string(Self.role)])
        let watchedArn = try #require(
            try watched.ok("StartExecution", ["stateMachineArn": machine["stateMachineArn"] ?? "", "name": "w"])[
                "executionArn"]?.stringValue)
        var shown: [String] = []
        let deadline = Date().addingTimeInterval(10)
        while !shown.contains("WaitStateEntered") && Date() < deadline {
            let history = try watched.ok("GetExecutionHistory", ["executionArn": .string(watchedArn)])
            shown = (history["events"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
        }
        #expect(shown == ["ExecutionStarted", "WaitStateEntered"])

        // Four clients create machines and start executions as fast as they are answered; the
        // server is killed while they are at it (bounded: at most 150 acknowledgements each).
        let acknowledged = Locked<(machines: [String], executions: [String])>(([], []))
        let killed = Locked(false)
        let group = DispatchGroup()
        for client in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let api = try? LocalAPI(port: port) else { return }
                for i in 0..<150 where !killed.withLock({ $0 }) {
                    guard
                        let created = try? api.ok(
                            "CreateStateMachine",
                            [
                                "name": .string("m-\(client)-\(i)"), "definition": .string(Self.slow),
                                "roleArn": .string(Self.role),
                            ]), let arn = created["stateMachineArn"]?.stringValue
                    else { return }
                    acknowledged.withLock { $0.machines.append(arn) }
                    guard
                        let started = try? api.ok(
                            "StartExecution", ["stateMachineArn": .string(arn), "name": .string("e-\(i)")]),
                        let execution = started["executionArn"]?.stringValue
                    else { return }
                    acknowledged.withLock { $0.executions.append(execution) }
                }
            }
        }
        while acknowledged.withLock({ $0.executions.count }) < 100 && Date() < deadline {
            usleep(1000)
        }
        first.kill()
        killed.withLock { $0 = true }
        #expect(group.wait(timeout: .now() + 20) == .success)
        let (machines, executions) = acknowledged.withLock { $0 }
        #expect(executions.count >= 100)

        let second = try ServeProcess(arguments)
        defer { second.stop() }
        let api = try LocalAPI(port: second.port)
        for arn in machines {
            #expect(
                try api.ok("DescribeStateMachine", ["stateMachineArn": .string(arn)])["stateMachineArn"]?.stringValue
                    == arn)
        }
        for arn in executions + [watchedArn] {
            let described = try api.ok("DescribeExecution", ["executionArn": .string(arn)])
            #expect(described["status"] == "FAILED", "\(arn)")
            #expect(described["error"] == "States.Runtime")
            #expect(described["cause"]?.stringValue?.contains("sfn serve stopped") == true)
        }
        let history = try api.ok("GetExecutionHistory", ["executionArn": .string(watchedArn)])
        #expect(
            (history["events"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue } == [
                "ExecutionStarted", "WaitStateEntered", "ExecutionFailed",
            ])
    }
}

/// A minimal blocking Step Functions client over one keep-alive connection to 127.0.0.1 (the
/// tests' own; it reads responses framed by Content-Length, as `sfn serve` sends them).
final class LocalAPI {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: every property is set, so the failed init still runs deinit, which closes
        // it (closing twice would close a descriptor another thread has been given since).
        guard connected == 0 else { throw ServeError("connect to 127.0.0.1:\(port): errno \(errno)") }
    }

    deinit { close(fd) }

    /// Calls an operation; anything but a 200 answer is an error with the answer's text.
    func ok(_ operation: String, _ body: JSONObject) throws -> JSONValue {
        let payload = Array(JSONWriter.compact.string(.object(body)).utf8)
        let head =
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSStepFunctions.\(operation)\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: \(payload.count)\r\n\r\n"
        let request = Array(head.utf8) + payload
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, 0) }
            guard n > 0 else { throw ServeError("\(operation): the connection closed while sending") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = Self.headEnd(received) {
                let headText = String(decoding: received[..<end], as: UTF8.self)
                let length =
                    headText.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count >= end + 4 + length {
                    let body = String(decoding: received[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                    guard headText.hasPrefix("HTTP/1.1 200") else { throw ServeError("\(operation): \(body)") }
                    return try JSONParser.parse(body)
                }
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw ServeError("\(operation): the connection closed before the answer") }
            received += buffer[0..<n]
        }
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4)
        where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
