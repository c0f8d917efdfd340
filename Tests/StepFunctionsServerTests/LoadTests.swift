import Foundation
import HTTPServer
import HTTPTestSupport
import JSONCore
import Testing

@testable import StepFunctionsServer

/// `sfn serve` under load, bounded in count and time, on 127.0.0.1 only: 200 keep-alive
/// connections each running StartSyncExecution calls at once, every answer checked.
@Suite("sfn serve: load")
struct LoadTests {
    static let connections = 200
    static let callsPerConnection = 5

    /// A 10-state Pass chain (EXPRESS) whose output says which call it answers.
    static let chain: String = {
        var states: [String] = []
        for i in 0..<10 {
            let next = i == 9 ? #""End": true"# : #""Next": "S\#(i + 1)""#
            states.append(#""S\#(i)": {"Type": "Pass", "Parameters": {"call.$": "$.call", "step": \#(i)}, \#(next)}"#)
        }
        return #"{"StartAt": "S0", "States": {\#(states.joined(separator: ", "))}}"#
    }()

    /// One AWS JSON 1.0 call through the client; the decoded answer and the status.
    static func call(
        _ client: HTTPClient, port: Int, _ operation: String, _ body: JSONValue
    ) async throws -> (Int, JSONValue) {
        var bytes: [UInt8] = []
        JSONWriter().write(body, into: &bytes)
        let request = HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions.\(operation)",
            ],
            body: bytes)
        let response = try await client.send(request, host: "127.0.0.1", port: port, timeout: .seconds(20))
        return (response.status, try JSONParser.parse(String(decoding: response.body, as: UTF8.self)))
    }

    @Test(.timeLimit(.minutes(1)))
    func twoHundredKeepAliveConnectionsRunSyncExecutions() async throws {
        var listening = StepFunctionsEndpoint.Listening()
        listening.port = 0
        listening.handlerPriority = testHandlerPriority
        var options = ServiceOptions()
        options.clock = .virtual
        let endpoint = try StepFunctionsEndpoint(options: options, listening: listening)
        let port = try endpoint.start()
        let client = HTTPClient(
            configuration: HTTPClient.Configuration(
                maxConnectionsPerHost: Self.connections, maxIdleConnectionsPerHost: Self.connections))
        let (status, created) = try await Self.call(
            client, port: port, "CreateStateMachine",
            [
                "name": "chain", "definition": .string(Self.chain), "type": "EXPRESS",
                "roleArn": "arn:aws:iam::123456789012:role/r",
            ])
        #expect(status == 200)
        let arn = try #require(created["stateMachineArn"]?.stringValue)

        let start = ContinuousClock.now
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<Self.connections {
                group.addTask {
                    var correct = 0
                    for call in 0..<Self.callsPerConnection {
                        let id = worker * 100 + call
                        let (status, result) = try await Self.call(
                            client, port: port, "StartSyncExecution",
                            ["stateMachineArn": .string(arn), "input": .string(#"{"call": \#(id)}"#)])
                        let output = try result["output"]?.stringValue.map { try JSONParser.parse($0) }
                        if status == 200, result["status"] == "SUCCEEDED", output == ["call": .int(id), "step": 9] {
                            correct += 1
                        }
                    }
                    return correct
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = seconds(since: start)
        #expect(answered == Self.connections * Self.callsPerConnection)
        // About 2 s alone in a debug build; loose, since a parallel test run shares the machine.
        #expect(elapsed < 50, "1,000 calls took \(elapsed) s")
        #if os(Linux)
            // Keep-alive: the calls shared at most 200 connections (the listener is the 201st socket).
            #expect(openServerSockets(port: port) <= Self.connections + 1)
        #endif
        // Still healthy: a fresh connection is answered.
        let fresh = HTTPClient()
        let (listStatus, list) = try await Self.call(fresh, port: port, "ListStateMachines", [:])
        #expect(listStatus == 200)
        #expect(list["stateMachines"]?.arrayValue?.count == 1)
        await fresh.shutdown()
        await client.shutdown()
        await endpoint.shutdown()
    }
}
