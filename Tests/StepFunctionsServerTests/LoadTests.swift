import Foundation
import HTTPServer
import HTTPTestSupport
import JSONCore
import Testing

@testable import StepFunctionsServer

/// `sfn serve` under load, bounded in count and time, on 127.0.0.1 only: 200 keep-alive
/// connections at once, each running a mix of StartSyncExecution (an EXPRESS machine),
/// StartExecution (a STANDARD machine) and DescribeExecution (of what it started), every answer
/// checked; afterwards every STANDARD execution has ended, the server answers a fresh connection,
/// and once it is shut down none of its or its clients' sockets stays open.
@Suite("sfn serve: load")
struct LoadTests {
    static let connections = 200
    static let roundsPerConnection = 3

    /// A 10-state Pass chain whose output says which call it answers.
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

    /// What is wrong with one round's three answers (nil: all as AWS shapes them).
    static func problem(
        id: Int, standardArn: String, sync: (Int, JSONValue), started: (Int, JSONValue), described: (Int, JSONValue)
    ) -> String? {
        let expected: JSONValue = ["call": .int(id), "step": 9]
        let (syncStatus, syncResult) = sync
        guard syncStatus == 200, syncResult["status"] == "SUCCEEDED",
            (try? syncResult["output"]?.stringValue.map { try JSONParser.parse($0) }) == expected,
            syncResult["executionArn"]?.stringValue?.contains(":express:chain:") == true
        else { return "StartSyncExecution \(id): \(syncStatus) \(syncResult)" }
        let name = "run-\(id)"
        let executionArn = standardArn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
        let (startStatus, start) = started
        guard startStatus == 200, start["executionArn"]?.stringValue == executionArn,
            start["startDate"]?.doubleValue != nil, start.objectValue?.count == 2
        else { return "StartExecution \(id): \(startStatus) \(start)" }
        let (describeStatus, describe) = described
        guard describeStatus == 200, describe["executionArn"]?.stringValue == executionArn,
            describe["stateMachineArn"]?.stringValue == standardArn, describe["name"]?.stringValue == name,
            describe["input"]?.stringValue == #"{"call": \#(id)}"#, describe["startDate"]?.doubleValue != nil
        else { return "DescribeExecution \(id): \(describeStatus) \(describe)" }
        switch describe["status"]?.stringValue {
        case "RUNNING":
            guard describe["output"] == nil, describe["stopDate"] == nil else { return "running \(id): \(describe)" }
        case "SUCCEEDED":
            guard (try? describe["output"]?.stringValue.map { try JSONParser.parse($0) }) == expected,
                describe["stopDate"]?.doubleValue != nil
            else { return "succeeded \(id): \(describe)" }
        default:
            return "DescribeExecution \(id): status \(describe["status"] ?? .null)"
        }
        return nil
    }

    @Test(.timeLimit(.minutes(2)))
    func twoHundredKeepAliveConnectionsRunAMixOfCalls() async throws {
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
        var machineArns: [String] = []
        for (name, type) in [("chain", "EXPRESS"), ("standard", "STANDARD")] {
            let (status, created) = try await Self.call(
                client, port: port, "CreateStateMachine",
                [
                    "name": .string(name), "definition": .string(Self.chain), "type": .string(type),
                    "roleArn": "arn:aws:iam::123456789012:role/r",
                ])
            #expect(status == 200)
            machineArns.append(try #require(created["stateMachineArn"]?.stringValue))
        }
        let (expressArn, standardArn) = (machineArns[0], machineArns[1])

        let start = ContinuousClock.now
        let problems = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<Self.connections {
                group.addTask {
                    var problems: [String] = []
                    for round in 0..<Self.roundsPerConnection {
                        let id = worker * 100 + round
                        let input = JSONValue.string(#"{"call": \#(id)}"#)
                        let sync = try await Self.call(
                            client, port: port, "StartSyncExecution",
                            ["stateMachineArn": .string(expressArn), "input": input])
                        let started = try await Self.call(
                            client, port: port, "StartExecution",
                            ["stateMachineArn": .string(standardArn), "name": .string("run-\(id)"), "input": input])
                        let described = try await Self.call(
                            client, port: port, "DescribeExecution",
                            ["executionArn": started.1["executionArn"] ?? ""])
                        if let problem = Self.problem(
                            id: id, standardArn: standardArn, sync: sync, started: started, described: described)
                        {
                            problems.append(problem)
                        }
                    }
                    return problems
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = seconds(since: start)
        let total = Self.connections * Self.roundsPerConnection
        #expect(problems.isEmpty, "\(problems.count) of \(total) rounds went wrong, e.g. \(problems.prefix(3))")
        // A few seconds alone in a debug build; loose, since a parallel test run shares the machine.
        #expect(elapsed < 100, "\(total * 3) calls took \(elapsed) s")
        #if os(Linux)
            // Keep-alive: the calls shared at most 200 connections (the listener is the 201st socket).
            #expect(openServerSockets(port: port) <= Self.connections + 1)
        #endif

        // Every STANDARD execution ends, SUCCEEDED (virtual clock: at once), and ListExecutions
        // lists each of them once.
        let fresh = HTTPClient()
        var succeeded: Set<String> = []
        for _ in 0..<200 {
            succeeded = []
            var token: JSONValue?
            repeat {
                var request: JSONObject = [
                    "stateMachineArn": .string(standardArn), "statusFilter": "SUCCEEDED", "maxResults": 1000,
                ]
                if let token { request["nextToken"] = token }
                let (status, page) = try await Self.call(fresh, port: port, "ListExecutions", .object(request))
                #expect(status == 200)
                for item in page["executions"]?.arrayValue ?? [] {
                    if let name = item["name"]?.stringValue { succeeded.insert(name) }
                }
                token = page["nextToken"]
            } while token != nil
            if succeeded.count == total { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(succeeded.count == total)
        let (listStatus, list) = try await Self.call(fresh, port: port, "ListStateMachines", [:])
        #expect(listStatus == 200)
        #expect(list["stateMachines"]?.arrayValue?.count == 2)
        await fresh.shutdown()
        await client.shutdown()
        await endpoint.shutdown()
        #if os(Linux)
            // No leak: the server's listener and connections, the clients' sockets and the event
            // loop are gone. (Counted by port and thread name, which other suites running in
            // parallel cannot disturb: a before/after count of all descriptors can, in a long test.)
            #expect(openServerSockets(port: port) == 0)
            #expect(openClientSockets(port: port) == 0)
            var loops = threads(named: "http-\(port)")
            for _ in 0..<100 where loops != 0 {
                // pthread_join has returned; /proc may list the thread until it is reaped.
                try await Task.sleep(for: .milliseconds(10))
                loops = threads(named: "http-\(port)")
            }
            #expect(loops == 0)
        #endif
    }
}
