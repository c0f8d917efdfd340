import Foundation
import StepFunctions
import Testing

/// `sfn import`'s generator: each fixture's Swift is the checked-in golden (`Goldens/NAME.swift`,
/// `RECORD_GOLDENS=1` re-records), and the goldens, compiled into this test target, give back the
/// fixture's definition.
@Suite("SwiftWriter: definitions written as DSL source, and the source compiled back")
struct ImportTests {
    /// Fixture file (in `Fixtures/`) -> the golden's `let` name.
    static let fixtures: [String: String] = [
        "payment-processing": "importedPayment",
        "order-processing": "importedOrderProcessing",
        "microservices-orchestration": "importedMicroservices",
        "jsonata-order": "importedJSONataOrder",
        "distributed-map": "importedDistributedMap",
        "typed-integrations": "importedTypedIntegrations",
    ]

    /// Each golden workflow's compiled JSON (the goldens are Swift files of this target).
    static let compiled: [String: @Sendable () throws -> String] = [
        "importedPayment": { try importedPayment.compile().json },
        "importedOrderProcessing": { try importedOrderProcessing.compile().json },
        "importedMicroservices": { try importedMicroservices.compile().json },
        "importedJSONataOrder": { try importedJSONataOrder.compile().json },
        "importedDistributedMap": { try importedDistributedMap.compile().json },
        "importedTypedIntegrations": { try importedTypedIntegrations.compile().json },
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("Fixtures/\(name).asl.json"), encoding: .utf8)
    }

    static func definition(_ text: String) throws -> StateMachineDefinition {
        let document = ASLDocument(text: text, fileName: "fixture")
        let definition = try #require(document.definition)
        #expect(!document.diagnostics.contains { $0.severity == .error })
        return definition
    }

    @Test(arguments: fixtures.keys.sorted())
    func generatedSwiftEqualsItsGolden(_ fixture: String) throws {
        let name = try #require(Self.fixtures[fixture])
        let swift = try SwiftWriter(name: name).source(for: Self.definition(Self.fixture(fixture)))
        let url = Self.folder.appendingPathComponent("Goldens/\(name.prefix(1).uppercased() + name.dropFirst()).swift")
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil
        guard !record, let golden = try? String(contentsOf: url, encoding: .utf8) else {
            try swift.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path); check it and run again without RECORD_GOLDENS")
            return
        }
        #expect(swift == golden, "\(url.path) is out of date; RECORD_GOLDENS=1 re-records it")
    }

    @Test(arguments: fixtures.keys.sorted())
    func goldenCompilesBackToTheDefinition(_ fixture: String) throws {
        let name = try #require(Self.fixtures[fixture])
        let compile = try #require(Self.compiled[name])
        let json = try JSONParser.parse(compile())
        let original = try JSONParser.parse(Self.fixture(fixture))
        #expect(json == original)
    }

    /// The generator's table of typed tasks restates the DSL's initializers; the typed-integrations
    /// golden, compiled back to its fixture above, checks the two agree only if it uses every entry,
    /// argument and pattern of the table.
    @Test func theTypedIntegrationsGoldenUsesEveryTableEntryArgumentAndPattern() throws {
        let golden = try String(
            contentsOf: Self.folder.appendingPathComponent("Goldens/ImportedTypedIntegrations.swift"), encoding: .utf8)
        // Each state of the workflow's body: its initializer's line and the lines below it (its
        // arguments and modifiers), up to the next state's.
        var states: [(type: String, text: String)] = []
        for line in golden.split(separator: "\n") {
            if line.hasPrefix("    "), let first = line.dropFirst(4).first, first.isUppercase,
                let open = line.firstIndex(of: "(")
            {
                states.append((String(line[line.index(line.startIndex, offsetBy: 4)..<open]), String(line)))
            } else if !states.isEmpty {
                states[states.count - 1].text += "\n" + line
            }
        }
        for integration in TypedIntegration.all {
            let uses = states.filter { $0.type == integration.type }.map(\.text)
            #expect(!uses.isEmpty, "\(integration.type) is not in the golden")
            for argument in integration.arguments {
                #expect(
                    uses.contains { $0.contains("\(argument.label): ") },
                    "\(integration.type)'s \(argument.label) is not in the golden")
            }
            for modifier in integration.patterns.values {
                #expect(
                    uses.contains { use in
                        use.split(separator: "\n").contains {
                            $0.trimmingCharacters(in: .whitespaces) == "\(modifier)()"
                        }
                    },
                    "\(integration.type)'s \(modifier)() is not in the golden")
            }
        }
    }

    @Test func theSequenceNeedsNoNextAndHandlersFollowTheBody() throws {
        let swift = try SwiftWriter(name: "flow").source(
            for: Self.definition(
                #"""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "Next": "B"},
                  "B": {"Type": "Pass", "End": true},
                  "Recover": {"Type": "Pass", "Next": "B"}
                }}
                """#))
        #expect(
            swift.contains(
                """
                let flow = StateMachine(FlowStep.self) {
                    LambdaInvoke(.a, function: "f")
                        .catch(.all, next: .recover)
                    Pass(.b)
                } handlers: {
                    Pass(.recover)
                        .next(.b)
                }
                """))
    }

    @Test func aStateThatEndsBeforeAnotherChainGetsEnd() throws {
        let swift = try SwiftWriter(name: "flow").source(
            for: Self.definition(
                #"""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {
                    "A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                          "Parameters": {"TopicArn": "t", "Message.$": "$.m"},
                          "Catch": [{"ErrorEquals": ["X"], "Next": "B"}], "End": true},
                    "B": {"Type": "Succeed"}}}]}}}
                """#))
        #expect(
            swift.contains(
                """
                        Branch {
                            SNSPublish(.a, topic: "t", message: .path("$.m"))
                                .catch("X", next: .b)
                                .end()
                            Succeed(.b)
                        }
                """))
    }

    @Test func whatTheDSLCannotWriteIsAnErrorNamingTheStateAndField() throws {
        let definition = try Self.definition(
            #"""
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": "${Timeout}", "End": true}}}
            """#)
        #expect(throws: SwiftImportError.self) { try SwiftWriter(name: "flow").source(for: definition) }
        do {
            _ = try SwiftWriter(name: "flow").source(for: definition)
        } catch {
            #expect(error.path == "States.A.TimeoutSeconds")
            #expect(error.message.contains("${Timeout}"))
        }
    }

    @Test func stateNamesBecomeDistinctIdentifiers() throws {
        let swift = try SwiftWriter(name: "flow").source(
            for: Self.definition(
                #"""
                {"StartAt": "Send SNS message", "States": {
                  "Send SNS message": {"Type": "Pass", "Next": "send-sns-message"},
                  "send-sns-message": {"Type": "Pass", "Next": "default"},
                  "default": {"Type": "Pass", "Next": "rawValue"},
                  "rawValue": {"Type": "Pass", "Next": "2nd"},
                  "2nd": {"Type": "Succeed"}}}
                """#))
        #expect(swift.contains(#"case sendSNSMessage = "Send SNS message""#))
        #expect(swift.contains(#"case sendSnsMessage = "send-sns-message""#))
        #expect(swift.contains("case `default`\n"))
        #expect(swift.contains(#"case _2nd = "2nd""#))
        #expect(swift.contains(#"case rawValueState = "rawValue""#))
    }
}
