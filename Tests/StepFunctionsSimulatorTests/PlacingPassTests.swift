import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// A Pass that only places its `Result` (or its input) at its `ResultPath` runs on a shortcut
/// (no data-flow scope, no async call); `"InputPath": "$"` changes nothing a run shows but sends
/// the state through the general template. The two must agree on every input.
@Suite struct PlacingPassTests {
    /// Pass states (without `Type`/`Next`) whose placement is checked.
    static let states: [String] = [
        #""Result": 1, "ResultPath": "$.x""#,
        #""Result": {"a": [1, 2]}, "ResultPath": "$.a""#,
        #""ResultPath": "$.copy""#,
        #""Result": "r", "ResultPath": "$.a.b""#,
        #""Result": "r", "ResultPath": "$""#,
        #""Result": "r", "ResultPath": null"#,
        #""Result": "r""#,
        #""ResultPath": "$['x']""#,
        "",
    ]

    static func input(_ random: inout SplitMix64) -> JSONValue {
        let scalars: [JSONValue] = [.null, true, 0, 7, 2.5, "", "text", [], [1, "x"]]
        switch random.below(5) {
        case 0: return scalars[random.below(scalars.count)]
        default:
            var o = JSONObject()
            let names = ["x", "a", "copy", "id", "b"]
            for _ in 0..<random.below(5) {
                let name = names[random.below(names.count)]
                o[name] =
                    random.below(3) == 0
                    ? ["b": scalars[random.below(scalars.count)]] : scalars[random.below(scalars.count)]
            }
            return .object(o)
        }
    }

    /// A chain of three copies of `state` (so a placed output is the next state's input, whose size
    /// check the next placement takes over).
    static func chain(_ state: String, general: Bool) -> String {
        let extra = general ? #", "InputPath": "$""# : ""
        let body = state.isEmpty ? extra : ", " + state + extra
        return #"{"StartAt": "P0", "States": {"#
            + #""P0": {"Type": "Pass""# + body + #", "Next": "P1"}, "#
            + #""P1": {"Type": "Pass""# + body + #", "Next": "P2"}, "#
            + #""P2": {"Type": "Pass""# + body + #", "End": true}}}"#
    }

    static func shown(_ e: Execution) -> String {
        var o = e.json
        if case .object(var object) = o {
            object["calls"] = .int(e.taskCalls.count)
            o = .object(object)
        }
        return JSONWriter.compact.string(o)
    }

    @Test func placingAgreesWithTheTemplate() async throws {
        var random = SplitMix64(seed: 0x5EED_0F_9A55)
        var compared = 0
        for round in 0..<240 {
            let state = Self.states[round % Self.states.count]
            var options = Simulator.Options()
            // Some runs near the payload quota, where the size check decides.
            if random.below(3) == 0 { options.payloadSizeLimit = 20 + random.below(40) }
            let input = Self.input(&random)
            let fast = try await run(Self.chain(state, general: false), input: input, options: options)
            let general = try await run(Self.chain(state, general: true), input: input, options: options)
            #expect(Self.shown(fast) == Self.shown(general), "\(state) on \(JSONWriter.compact.string(input))")
            compared += 1
        }
        #expect(compared == 240)
    }

    /// Inputs of up to twenty members (past the objects' hash index threshold), with the placed
    /// member new or already there: the shortcut's copy at the final size must agree too.
    @Test func placingOnLargeObjectsAgreesWithTheTemplate() async throws {
        var random = SplitMix64(seed: 0x1A_26E0)
        for round in 0..<60 {
            var o = JSONObject()
            for i in 0..<(8 + random.below(13)) { o["m\(i)"] = random.below(2) == 0 ? .int(i) : ["v": .int(i)] }
            if round % 3 == 0 { o["x"] = "there before" }
            let input = JSONValue.object(o)
            let state = #""Result": {"r": 1}, "ResultPath": "$.x""#
            let fast = try await run(Self.chain(state, general: false), input: input)
            let general = try await run(Self.chain(state, general: true), input: input)
            #expect(fast.status == .succeeded)
            #expect(Self.shown(fast) == Self.shown(general), "on \(JSONWriter.compact.string(input))")
        }
    }

    @Test func placingAMemberOfANonObjectFailsAsTheTemplateDoes() async throws {
        let fast = try await run(Self.chain(#""Result": 1, "ResultPath": "$.x""#, general: false), input: [1, 2])
        #expect(fast.status == .failed)
        #expect(fast.error == "States.ResultPathMatchFailure")
        let general = try await run(Self.chain(#""Result": 1, "ResultPath": "$.x""#, general: true), input: [1, 2])
        #expect(Self.shown(fast) == Self.shown(general))
    }

    @Test func mockedCallsAreCountedPerStateAcrossMapIterations() async throws {
        let asl = #"""
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
              "ItemProcessor": {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}},
              "Next": "After"},
              "After": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:g", "End": true}}}
            """#
        var options = Simulator.Options()
        options.concurrent = false
        let e = try await run(asl, input: ["items": [1, 2, 3, 4]], options: options) { sim in
            sim.useMocks(
                MockedResponses([
                    "Call": [.return(0), .return(1), .return(1), .return(2)],
                    "After": [.return("after")],
                ]))
        }
        #expect(e.status == .succeeded)
        #expect(e.output == "after")
        #expect(e.output(of: "Each") == [0, 1, 1, 2])
    }
}
