import StepFunctions
import Testing

/// Mistakes the Swift compiler cannot see: `compile()` reports each (every one at once), at the Swift
/// line where the state or modifier concerned was written. Each test marks that line with a comment
/// (`// ← here`) and checks the diagnostic's location against it.
@Suite("Misuse is reported at the right line")
struct MisuseTests {
    /// The single error of `machine`, checked for its code, field path and line.
    private func expectError(
        _ machine: StateMachine<S>, _ code: DiagnosticCode, at path: String, marker: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let errors = failures(machine).filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)", sourceLocation: sourceLocation)
        guard let error = errors.first else { return }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.path.description == path, "\(error)", sourceLocation: sourceLocation)
        #expect(error.location?.file == "Tests/StepFunctionsTests/MisuseTests.swift", sourceLocation: sourceLocation)
        #expect(error.location?.line == line(of: marker), "\(error)", sourceLocation: sourceLocation)
        #expect(
            error.description.hasPrefix(
                "Tests/StepFunctionsTests/MisuseTests.swift:\(line(of: marker) ?? 0):")
                && error.description.contains(": error: [\(code)] "), "\(error)",
            sourceLocation: sourceLocation)
        // file:line:column, the column being where the modifier or state was written.
        #expect(error.location?.column != nil, sourceLocation: sourceLocation)
    }

    @Test func catchToAStateNoOneDeclares() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .catch(.all, next: .handler)  // ← here: catch-undeclared
        }
        expectError(machine, .undefinedState, at: "States.A.Catch[0].Next", marker: "← here: catch-undeclared")
    }

    @Test func choiceRuleToAStateNoOneDeclares() {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.isPresent("$.x"), next: .b)
                When(.isNull("$.x"), next: .c)  // ← here: rule-undeclared
                Otherwise(.b)
            }
            Pass(.b)
        }
        expectError(machine, .undefinedState, at: "States.A.Choices[1].Next", marker: "← here: rule-undeclared")
    }

    @Test func aNameUsedTwiceInOneBlock() {
        let machine = StateMachine(S.self) {
            Pass(.a)
            Pass(.b)
            Pass(.a)  // ← here: duplicate
        }
        expectError(machine, .duplicateStateName, at: "States.A", marker: "← here: duplicate")
    }

    @Test func aNameUsedInTwoGraphs() {
        let machine = StateMachine(S.self) {
            Pass(.a)
            Parallel(.b) {
                Branch {
                    Pass(.a)  // ← here: duplicate across graphs
                }
            }
        }
        expectError(
            machine, .duplicateStateName, at: "States.B.Branches[0].States.A", marker: "← here: duplicate across graphs"
        )
    }

    @Test func aStateNothingReaches() {
        let machine = StateMachine(S.self) {
            Pass(.a)
            Succeed(.done)
            Pass(.b)  // ← here: unreachable
        }
        expectError(machine, .unreachableState, at: "States.B", marker: "← here: unreachable")
    }

    @Test func aSubSecondRetryInterval() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry(on: .taskFailed, interval: .milliseconds(500))  // ← here: sub-second retry
        }
        expectError(
            machine, .subSecondDuration, at: "States.A.Retry[0].IntervalSeconds", marker: "← here: sub-second retry")
    }

    @Test func aSubSecondTimeoutAndWait() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .timeout(.seconds(1.5))  // ← here: sub-second timeout
            Wait(.b, for: .seconds(10))
        }
        expectError(machine, .subSecondDuration, at: "States.A.TimeoutSeconds", marker: "← here: sub-second timeout")
        let wait = StateMachine(S.self) {
            Wait(.a, for: .milliseconds(250))  // ← here: sub-second wait
        }
        expectError(wait, .subSecondDuration, at: "States.A.Seconds", marker: "← here: sub-second wait")
    }

    @Test func anInvalidPath() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .resultPath("$.items[")  // ← here: invalid path
        }
        expectError(machine, .invalidPath, at: "States.A.ResultPath", marker: "← here: invalid path")
    }

    @Test func anInvalidIntrinsicCall() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .parameters(["id": .intrinsic("States.Nope($.x)")])  // ← here: invalid intrinsic
        }
        expectError(
            machine, .invalidIntrinsic, at: #"States.A.Parameters["id.$"]"#, marker: "← here: invalid intrinsic")
    }

    @Test func aJSONataExpressionInAJSONPathState() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .parameters(["total": .jsonata("$sum($states.input.prices)")])  // ← here: jsonata in jsonpath
        }
        expectError(
            machine, .queryLanguageField, at: "States.A.Parameters.total", marker: "← here: jsonata in jsonpath")
    }

    @Test func aPathInAJSONataState() {
        let machine = StateMachine(S.self) {
            SNSPublish(.a, topic: "arn:aws:sns:us-east-1:1:t", message: .path("$.m"))  // ← here: path in jsonata
        }
        .queryLanguage(.jsonata)
        expectError(machine, .queryLanguageField, at: "States.A.Arguments.Message", marker: "← here: path in jsonata")
    }

    @Test func aDollarKeyTypedByHand() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .parameters(["id.$": "$.id"])  // ← here: dollar key
        }
        expectError(machine, .dollarKey, at: "States.A.Parameters[\"id.$\"]", marker: "← here: dollar key")
    }

    @Test func aDollarKeyInsideALiteralValue() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .parameters(["config": .value(["nested": ["id.$": "$.id"]])])  // ← here: dollar key in value
        }
        expectError(
            machine, .dollarKey, at: "States.A.Parameters.config.nested[\"id.$\"]",
            marker: "← here: dollar key in value")
    }

    @Test func aPathAsAnArrayElement() {
        let machine = StateMachine(S.self) {
            Pass(.a)
                .parameters(["ids": [.path("$.first"), "second"]])  // ← here: path in array
        }
        expectError(machine, .invalidValue, at: "States.A.Parameters.ids[0]", marker: "← here: path in array")
    }

    @Test func anEmptyBranch() {
        let machine = StateMachine(S.self) {
            Parallel(.a) {
                Branch { Pass(.b) }
                Branch {}  // ← here: empty branch
            }
        }
        expectError(machine, .emptyBlock, at: "States.A.Branches[1].States", marker: "← here: empty branch")
    }

    @Test func anEmptyStateMachine() {
        let machine = StateMachine(S.self) {}  // ← here: empty machine
        expectError(machine, .emptyBlock, at: "States", marker: "← here: empty machine")
    }

    @Test func anEmptyInlineCatch() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .catch(.all) {}  // ← here: empty catch
        }
        expectError(machine, .emptyBlock, at: "States.A.Catch[0].Next", marker: "← here: empty catch")
    }

    @Test func twoOtherwiseEntries() {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.isPresent("$.x"), next: .b)
                Otherwise(.b)
                Otherwise(.c)  // ← here: second otherwise
            }
            Pass(.b)
            Pass(.c)
        }
        expectError(machine, .conflictingFields, at: "States.A.Default", marker: "← here: second otherwise")
    }

    @Test func aCallbackOnAFunctionARN() {
        let machine = StateMachine(S.self) {
            LambdaInvoke(.a, functionARN: "arn:aws:lambda:us-east-1:123456789012:function:approve")
                .waitForTaskToken()  // ← here: callback on function ARN
        }
        expectError(machine, .invalidResource, at: "States.A.Resource", marker: "← here: callback on function ARN")
    }

    @Test func aStateMachineTimeoutWithAFraction() {
        let machine = StateMachine(S.self) {
            Pass(.a)
        }
        .timeout(.milliseconds(1500))  // ← here: machine timeout
        expectError(machine, .subSecondDuration, at: "TimeoutSeconds", marker: "← here: machine timeout")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry(on: .taskFailed, interval: .milliseconds(100))
                .catch(.all, next: .handler)
            Pass(.b).resultPath("$[")
            Succeed(.done)
            Pass(.c)
        }
        let errors = failures(machine).filter { $0.severity == .error }
        #expect(
            Set(errors.map(\.code)) == [.subSecondDuration, .invalidPath, .undefinedState, .unreachableState],
            "\(errors)")
        #expect(errors.allSatisfy { $0.location != nil })
    }

    @Test func statesAllBeforeAnotherCatcher() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .catch(.all, next: .handler)  // ← here: states-all first
                .catch("Specific", next: .handler)
            Pass(.handler)
        }
        expectError(
            machine, .statesAllPosition, at: "States.A.Catch[0].ErrorEquals[0]", marker: "← here: states-all first")
    }

    @Test func statesAllWithOtherErrorsInOneRetrier() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry(on: .timeout, .all)  // ← here: states-all not alone
        }
        expectError(
            machine, .statesAllPosition, at: "States.A.Retry[0].ErrorEquals[1]", marker: "← here: states-all not alone")
    }

    @Test func aCaseNoStateDeclaresIsAWarning() throws {
        enum Step: String, StateName, CaseIterable {
            case start = "Start"
            case forgotten = "Forgotten"
        }
        let compiled = try StateMachine(Step.self, name: "forgetful") { Pass(.start) }.compile()
        #expect(compiled.warnings.map(\.code) == [.undeclaredStateName])
        #expect(compiled.warnings.first?.message.contains("'Forgotten'") == true)
    }
}
