import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsConformance
import StepFunctionsModel
import StepFunctionsSimulator

/// A chain of `count` Pass states.
func passChain(_ count: Int) -> StateMachineDefinition {
    var states = StateList()
    for i in 0..<count {
        let transition: Transition = i == count - 1 ? .end : .next("S\(i + 1)")
        states["S\(i)"] = .pass(PassState(transition: transition))
    }
    return StateMachineDefinition(startAt: "S0", states: states)
}

/// A chain of `count` JSONata Pass states, each reshaping its input with an `Output` template.
func jsonataPassChain(_ count: Int) -> StateMachineDefinition {
    var states = StateList()
    let output = PayloadTemplate.object([
        .init("orderId", .expression(JSONataExpression(" $states.input.orderId "))),
        .init("amount", .expression(JSONataExpression(" $states.input.amount + 1 "))),
    ])
    for i in 0..<count {
        let transition: Transition = i == count - 1 ? .end : .next("S\(i + 1)")
        states["S\(i)"] = .pass(PassState(common: CommonFields(output: output), transition: transition))
    }
    return StateMachineDefinition(queryLanguage: .jsonata, startAt: "S0", states: states)
}

/// The seed payment workflow (seed 000).
let benchmarkPaymentWorkflow = """
    {"StartAt": "ValidateOrder", "States": {
      "ValidateOrder": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:ValidateOrder", "Next": "CheckInventory",
        "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleFailure", "ResultPath": "$.error"}]},
      "CheckInventory": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:CheckInventory", "Next": "ProcessPayment",
        "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleFailure", "ResultPath": "$.error"}]},
      "ProcessPayment": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:ProcessPayment", "Next": "ParallelPostProcessing",
        "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 5, "MaxAttempts": 2, "BackoffRate": 3.0}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "RefundPayment", "ResultPath": "$.error"}]},
      "ParallelPostProcessing": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "UpdateDatabase", "States": {"UpdateDatabase": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:UpdateDB", "End": true}}},
        {"StartAt": "SendConfirmation", "States": {"SendConfirmation": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
          "Parameters": {"TopicArn": "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations", "Message.$": "$.confirmationMessage"}, "End": true}}}]},
      "RefundPayment": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:RefundPayment", "Next": "HandleFailure"},
      "HandleFailure": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:NotifyFailure", "End": true}}}
    """

/// The seed payment workflow with closure handlers that answer at once: synchronous closures, or
/// `async` ones (which the simulator must assume may suspend, so a Parallel runs child tasks).
func paymentSimulator(concurrent: Bool, asyncHandlers: Bool = false) -> Simulator? {
    var options = Simulator.Options()
    options.concurrent = concurrent
    guard var sim = try? Simulator(aslJSON: benchmarkPaymentWorkflow, options: options) else {
        print("payment workflow failed to load")
        return nil
    }
    let echo: SynchronousTaskHandler = { call in call.input }
    let pay: SynchronousTaskHandler = { call in
        var o = call.input.objectValue ?? JSONObject()
        o["confirmationMessage"] = "ok"
        return .object(o)
    }
    let publish: SynchronousTaskHandler = { _ in ["MessageId": "m"] }
    for state in [
        "ValidateOrder", "CheckInventory", "UpdateDatabase", "RefundPayment", "HandleFailure", "ProcessPayment",
    ] {
        let handler = state == "ProcessPayment" ? pay : echo
        if asyncHandlers {
            sim.handle(state: state) { call async throws in try handler(call) }
        } else {
            sim.handle(state: state, handler)
        }
    }
    if asyncHandlers {
        sim.handle(resource: "arn:aws:states:::sns:publish") { call async throws in try publish(call) }
    } else {
        sim.handle(resource: "arn:aws:states:::sns:publish", publish)
    }
    return sim
}

@MainActor
func runSimulatorBenchmarks() {
    let requested = ProcessInfo.processInfo.environment["SFN_SIM_BENCH"].map {
        Set($0.split(separator: ",").map(String.init))
    }
    func wanted(_ name: String) -> Bool { requested?.contains(name) ?? true }

    if wanted("chain") {
        // 1. A 100-state Pass chain, history on.
        let sim = Simulator(passChain(100))
        let input: JSONValue = ["orderId": "o-1", "amount": 42]
        let runs = 20_000
        _ = Simulator.runBlocking { await sim.run(input: input) }
        let seconds = measureSeconds {
            _ = Simulator.runBlocking {
                var events = 0
                for _ in 0..<runs { events += await sim.run(input: input).history.count }
                return events
            }
        }
        print("pass chain: \(runs) executions x 100 states, history on")
        print(
            "  \(formatRate(Double(runs * 100) / seconds)) state transitions/s (\(String(format: "%.2f", seconds)) s)")
    }

    if wanted("jsonata-chain") {
        // 1b. The same chain in JSONata: every state evaluates an Output template of two expressions.
        let sim = Simulator(jsonataPassChain(100))
        let input: JSONValue = ["orderId": "o-1", "amount": 42]
        let runs = 2_000
        _ = Simulator.runBlocking { await sim.run(input: input) }
        var output: JSONValue?
        let seconds = measureSeconds {
            output = Simulator.runBlocking {
                var last: JSONValue?
                for _ in 0..<runs { last = await sim.run(input: input).output }
                return last
            }
        }
        print("JSONata pass chain: \(runs) executions x 100 states (Output with 2 expressions), history on")
        print(
            "  \(formatRate(Double(runs * 100) / seconds)) state transitions/s (\(String(format: "%.2f", seconds)) s), output \(output.map { "\($0)" } ?? "none")"
        )
    }

    if wanted("payment") {
        // 2. The seed payment workflow with closure handlers: executions awaited one after another
        // (one execution at a time; with concurrent branches the Parallel may use the other core),
        // for each branch mode, then several executions in flight at once on both cores.
        let runs = ProcessInfo.processInfo.environment["SFN_RUNS"].flatMap { Int($0) } ?? 20_000
        let input: JSONValue = ["orderId": "o-1", "amount": 42]
        // SFN_PAYMENT=concurrent,sequential,async,in-flight picks the measurements (for profiling one).
        let modes = ProcessInfo.processInfo.environment["SFN_PAYMENT"].map {
            Set($0.split(separator: ",").map(String.init))
        }
        let oneAtATime: [(mode: String, label: String, concurrent: Bool, asyncHandlers: Bool)] = [
            ("concurrent", "concurrent branches (default)", true, false),
            ("sequential", "concurrent: false", false, false),
            ("async", "async closure handlers, concurrent branches", true, true),
        ]
        for m in oneAtATime where modes?.contains(m.mode) ?? true {
            guard let simulator = paymentSimulator(concurrent: m.concurrent, asyncHandlers: m.asyncHandlers) else {
                return
            }
            _ = Simulator.runBlocking { await simulator.run(input: input).status }
            var ok = 0
            let seconds = measureSeconds {
                ok = Simulator.runBlocking {
                    var ok = 0
                    for _ in 0..<runs where await simulator.run(input: input).status == .succeeded { ok += 1 }
                    return ok
                }
            }
            print("payment workflow, one execution at a time, \(m.label): \(runs) executions, \(ok) succeeded")
            print("  \(formatRate(Double(runs) / seconds)) executions/s")
        }
        guard modes?.contains("in-flight") ?? true, let simulator = paymentSimulator(concurrent: true) else { return }
        let inFlight = 8
        var ok = 0
        let seconds = measureSeconds {
            ok = Simulator.runBlocking {
                await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<inFlight {
                        group.addTask {
                            var ok = 0
                            for _ in 0..<(runs / inFlight) where await simulator.run(input: input).status == .succeeded
                            { ok += 1 }
                            return ok
                        }
                    }
                    return await group.reduce(0, +)
                }
            }
        }
        print(
            "payment workflow, \(inFlight) executions in flight (task group, both cores), concurrent branches: \(runs / inFlight * inFlight) executions, \(ok) succeeded"
        )
        print("  \(formatRate(Double(runs / inFlight * inFlight) / seconds)) executions/s")
    }

    if wanted("map") {
        // 3. An inline Map over 100,000 items with a Pass iterator.
        let definition = StateMachineDefinition(
            startAt: "Map",
            states: [
                StateList.Entry(
                    "Map",
                    .map(
                        MapState(
                            itemProcessor: ItemProcessor(
                                graph: StateGraph(
                                    startAt: "P", states: [StateList.Entry("P", .pass(PassState(transition: .end)))])),
                            itemsPath: JSONPath(source: "$.items", root: .input, segments: [.member("items")]),
                            transition: .end)))
            ])
        var options = Simulator.Options()
        options.payloadSizeLimit = .max
        // AWS would stop this inline Map at its 25,000-event history limit (use a DISTRIBUTED Map
        // there); the benchmark measures the simulator's throughput, so the limit is lifted.
        options.historyEventLimit = nil
        let sim = Simulator(definition, options: options)
        let items = JSONValue.array((0..<100_000).map { .int($0) })
        let input: JSONValue = ["items": items]
        var count = 0
        let seconds = measureSeconds {
            count = Simulator.runBlocking { await sim.run(input: input).history.count }
        }
        print("inline Map over 100,000 items (Pass iterator, history on: \(count) events)")
        print(String(format: "  %.3f s, peak RSS %.0f MB", seconds, Double(peakResidentBytes() ?? 0) / 1e6))
    }

    if wanted("conformance") {
        // 4. The whole conformance corpus.
        let directory = ProcessInfo.processInfo.environment["SFN_CONFORMANCE"] ?? "../shared/conformance/localstack"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            print("conformance corpus not found at \(directory) (set SFN_CONFORMANCE); skipped")
            return
        }
        let cases = names.sorted().compactMap { name -> ConformanceCase? in
            guard name.hasSuffix(".json"),
                let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            else { return nil }
            return try? ConformanceCase(text: text, fileName: name)
        }
        var passed = 0
        let seconds = measureSeconds {
            passed = Simulator.runBlocking {
                var n = 0
                for c in cases { if case .passed = await c.run().outcome { n += 1 } }
                return n
            }
        }
        print("conformance: \(cases.count) cases, \(passed) passed, one core")
        print(String(format: "  %.3f s wall time", seconds))
    }
}
