import StepFunctionsCompiler
import Testing

/// Where a diagnostic is: `LINE:COLUMN`.
private func place(_ d: Diagnostic?) -> String {
    guard let location = d?.location else { return "-" }
    return "\(location.line ?? 0):\(location.column ?? 0)"
}

private func source(
    _ text: String, file: String = "template.yaml", _ id: String? = nil, files: [String: String] = [:]
) throws -> DefinitionSource {
    try DefinitionSource(text: text, fileName: file, stateMachine: id, readFile: { files[$0] })
}

@Suite("Templates: diagnostics point into the template")
struct TemplatePositionTests {
    @Test func aDefinitionObjectIsPlacedByFieldPath() throws {
        let text = """
            Resources:
              Flow:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition:
                    StartAt: A
                    States:
                      A:
                        Type: Pass
                        Nxt: B
                      B:
                        Type: Succeed
            """
        let document = try source(text).document(validation: .init(warnings: false))
        let unknown = document.diagnostics.first { $0.code == .unknownField }
        #expect(unknown?.location?.file == "template.yaml")
        #expect(place(unknown) == "10:13")
        #expect(place(document.diagnostics.first { $0.code == .unreachableState }) == "11:11")
    }

    @Test func aDefinitionStringIsPlacedInsideItsLiteralBlock() throws {
        let text = """
            Resources:
              Flow:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionString: !Sub |
                    {
                      "StartAt": "A",
                      "States": {
                        "A": {"Type": "Pass", "Resource": "${Fn.Arn}", "End": true}
                      }
                    }
            """
        let document = try source(text).document(validation: .init(warnings: false))
        let d = try #require(document.diagnostics.first)
        #expect(d.code == .unknownField)
        // Line 9 is `"A": {"Type": "Pass", "Resource": ...`: the key "Resource" starts at column 35.
        #expect(place(d) == "9:35")
    }

    @Test func anEscapedStringInAJSONTemplateIsPlacedByColumn() throws {
        let text = #"""
            {"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
              "DefinitionString": "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Nope\": 1, \"End\": true}}}"
            }}}}
            """#
        let document = try source(text, file: "t.json").document(validation: .init(warnings: false))
        let d = try #require(document.diagnostics.first)
        #expect(d.code == .unknownField)
        // The escaped key \"Nope\" starts at column 95 of line 2 (its backslash).
        let line2 = text.split(separator: "\n")[1]
        let column = line2.distance(from: line2.startIndex, to: line2.range(of: #"\"Nope"#)!.lowerBound) + 1
        #expect(place(d) == "2:\(column)")
    }

    @Test func aCDKJoinIsPlacedInTheRightPart() throws {
        let text = #"""
            {
             "Resources": {
              "Machine": {
               "Type": "AWS::StepFunctions::StateMachine",
               "Properties": {
                "DefinitionString": {
                 "Fn::Join": [
                  "",
                  [
                   "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"",
                   {"Fn::GetAtt": ["Fn", "Arn"]},
                   "\",\"Nxt\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}"
                  ]
                 ]
                }
               }
              }
             }
            }
            """#
        let document = try source(text, file: "Stack.template.json").document(validation: .init(warnings: false))
        let unknown = try #require(document.diagnostics.first { $0.code == .unknownField })
        // Line 12 holds `"\",\"Nxt\":...`: the key's escaped quote is at column 12.
        #expect(place(unknown) == "12:12")
        #expect(try source(text, file: "Stack.template.json").definitionText.contains(#""Resource":"${Fn.Arn}""#))
    }

    @Test func aPositionAfterASubstitutedValueStaysRight() throws {
        let text = """
            Resources:
              Flow:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionSubstitutions:
                    LongName: arn:aws:lambda:us-east-1:123456789012:function:a-rather-long-function-name
                  DefinitionString: |
                    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${LongName}", "X": 1, "End": true}}}
            """
        let document = try source(text).document(validation: .init(warnings: false))
        let d = try #require(document.diagnostics.first)
        #expect(d.code == .unknownField)
        #expect(d.message.contains("'X'"))
        let line = text.split(separator: "\n")[7]
        let column = line.distance(from: line.startIndex, to: line.range(of: #""X""#)!.lowerBound) + 1
        #expect(place(d) == "8:\(column)")
    }

    @Test func aDefinitionUriFileIsNamedInItsDiagnostics() throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Flow:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: statemachine/flow.asl.json
                  DefinitionSubstitutions:
                    FnArn: !GetAtt Fn.Arn
              Yaml:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: ./statemachine/flow.asl.yaml
            """
        let json = """
            {
              "StartAt": "A",
              "States": {
                "A": {"Type": "Task", "Resource": "${FnArn}", "Next": "Missing"}
              }
            }
            """
        let yaml = """
            StartAt: A
            States:
              A:
                Type: Pass
                Next: Missing
            """
        let files = ["app/statemachine/flow.asl.json": json, "app/statemachine/flow.asl.yaml": yaml]
        let fromJSON = try source(template, file: "app/template.yaml", "Flow", files: files).document(
            validation: .init(warnings: false))
        let d = try #require(fromJSON.diagnostics.first)
        #expect(d.code == .undefinedState)
        #expect(d.location?.file == "app/statemachine/flow.asl.json")
        #expect(place(d) == "4:51")
        let fromYAML = try source(template, file: "app/template.yaml", "Yaml", files: files).document()
        let y = try #require(fromYAML.diagnostics.first { $0.code == .undefinedState })
        #expect(y.location?.file == "app/statemachine/flow.asl.yaml")
        #expect(place(y) == "5:5")
    }
}

@Suite("Templates: choosing a state machine, and what cannot be read")
struct TemplateErrorTests {
    static let two = """
        Resources:
          First:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              Definition: {StartAt: A, States: {A: {Type: Succeed}}}
          Table:
            Type: AWS::DynamoDB::Table
          Second:
            Type: AWS::Serverless::StateMachine
            Properties:
              Definition: {StartAt: B, States: {B: {Type: Succeed}}}
        """

    @Test func theStateMachinesAreListedInOrder() throws {
        let template = try CloudFormationTemplate(text: Self.two, fileName: "two.yaml")
        #expect(template.stateMachineIds == ["First", "Second"])
        #expect(try template.stateMachine("Second").definitionText.contains(#""B""#))
    }

    @Test func severalWithoutAChoiceIsAnErrorListingThem() {
        #expect {
            try source(Self.two, file: "two.yaml")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .ambiguous && e.message.contains("First, Second") && e.message.contains("--state-machine")
        }
    }

    @Test func anUnknownLogicalIdIsAnErrorListingThem() {
        #expect {
            try source(Self.two, file: "two.yaml", "Frist")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .unknownStateMachine && e.message.contains("First, Second")
                && e.message.contains("did you mean 'First'?")
        }
        #expect {
            try source(Self.two, file: "two.yaml", "Table")
        } throws: { error in
            (error as? TemplateError)?.message.contains("is an AWS::DynamoDB::Table, not a state machine") == true
        }
    }

    @Test func aTemplateWithoutStateMachinesIsAnError() {
        #expect {
            try source("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
        } throws: { error in
            (error as? TemplateError)?.kind == .noStateMachine
        }
    }

    @Test func malformedTemplatesArePlaced() {
        #expect {
            try source("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [1, 2\n")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .malformed && e.location?.file == "template.yaml" && e.location?.line != nil
        }
        #expect {
            try CloudFormationTemplate(text: "{\"Resources\": {\"A\": }}", fileName: "t.json")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .malformed && e.location?.line == 1 && e.message.contains("not valid JSON")
        }
        #expect {
            try CloudFormationTemplate(text: "Description: nothing here\n", fileName: "t.yaml")
        } throws: { error in
            (error as? TemplateError)?.message.contains("no 'Resources' section") == true
        }
        #expect {
            try source(
                "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: r\n")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .malformed
                && e.message.contains("'Definition', 'DefinitionString', 'DefinitionS3Location'")
        }
    }

    @Test func aDefinitionInS3IsUnsupported() {
        let text = """
            Resources:
              M:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionS3Location:
                    Bucket: defs
                    Key: flow.json
            """
        #expect {
            try source(text)
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .unsupported && e.message.contains("s3://defs/flow.json") && e.location?.line == 5
        }
        let sam = """
            Resources:
              M:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri:
                    Bucket: defs
                    Key: flow.json
            """
        #expect {
            try source(sam)
        } throws: { error in
            (error as? TemplateError)?.kind == .unsupported
        }
    }

    @Test func aMissingDefinitionUriFileIsNamed() {
        let sam = """
            Resources:
              M:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: statemachine/missing.asl.json
            """
        #expect {
            try source(sam, file: "app/template.yaml")
        } throws: { error in
            guard let e = error as? TemplateError else { return false }
            return e.kind == .missingFile && e.message.contains("app/statemachine/missing.asl.json")
        }
    }

    @Test func aLogicalIdForADefinitionFileIsAnError() {
        #expect {
            try source(#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, file: "a.asl.json", "A")
        } throws: { error in
            (error as? TemplateError)?.kind == .notATemplate
        }
    }

    @Test func templatesAreToldFromDefinitions() {
        #expect(CloudFormationTemplate.isTemplate(Self.two))
        #expect(CloudFormationTemplate.isTemplate(#"{"Resources": {}}"#))
        #expect(!CloudFormationTemplate.isTemplate(#"{"StartAt": "A", "States": {}}"#))
        #expect(!CloudFormationTemplate.isTemplate("StartAt: A\nStates:\n  A: {Type: Succeed}\n"))
        #expect(!CloudFormationTemplate.isTemplate("not json"))
    }
}

@Suite("Templates: intrinsic functions, placeholders and substitutions")
struct TemplateIntrinsicTests {
    static func machine(
        _ definition: String, properties: String = "", type: String = "AWS::StepFunctions::StateMachine"
    )
        -> String
    {
        """
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
        Mappings:
          Sizes:
            small: {Memory: 128}
        Resources:
          M:
            Type: \(type)
            Properties:
        \(properties)
              Definition:
        \(definition)
        """
    }

    @Test func intrinsicsBecomePlaceholders() throws {
        let text = Self.machine(
            """
                    StartAt: A
                    States:
                      A:
                        Type: Task
                        Resource: !GetAtt Fn.Arn
                        Parameters:
                          Table: !Ref Table
                          Region: !Sub "${AWS::Region}-${!Literal}"
                          Joined: !Join [":", [a, !Ref B, c]]
                          Listed: !Sub ["${X}/${Y}", {X: one, Y: !GetAtt R.Name}]
                          Memory: !FindInMap [Sizes, small, Memory]
                          Chosen: !If [IsProd, big, small]
                          Dropped: !If [IsProd, !Ref AWS::NoValue, kept]
                          Picked: !Select [1, [x, y, z]]
                        TimeoutSeconds: !Ref Timeout
                        End: true
            """)
        let s = try source(text)
        let json = s.definitionText
        for expected in [
            #""Resource": "${Fn.Arn}""#, #""Table": "${Table}""#, #""Region": "${AWS::Region}-${Literal}""#,
            #""Joined": "a:${B}:c""#, #""Listed": "one/${R.Name}""#, #""Memory": 128"#, #""Chosen": "big""#,
            #""Picked": "y""#, #""TimeoutSeconds": "${Timeout}""#,
        ] {
            #expect(json.contains(expected), "\(expected) in \(json)")
        }
        #expect(!json.contains("Dropped"))
        // Placeholders are judged as placeholders: a whole-value one may stand for a number.
        #expect(s.document().errors.isEmpty, "\(summary(s.document().errors))")
        #expect(s.placeholders() == ["Fn.Arn", "Table", "AWS::Region", "Literal", "B", "R.Name", "Timeout"])
    }

    @Test func substitutionsFillPlaceholdersAsCloudFormationDoes() throws {
        let text = Self.machine(
            """
                    StartAt: A
                    States:
                      A:
                        Type: Task
                        Resource: ${FnArn}
                        TimeoutSeconds: ${Timeout}
                        Comment: ${Greeting}
                        End: true
            """,
            properties: """
                      DefinitionSubstitutions:
                        FnArn: arn:aws:lambda:us-east-1:123456789012:function:${FunctionName}
                        Timeout: 30
                        Greeting: !Sub hello-${AWS::Region}
                """)
        let s = try source(text)
        #expect(s.substitutions["Timeout"] == "30")
        #expect(s.substitutions["Greeting"] == "hello-${AWS::Region}")
        let filled = s.text(substitutions: ["FunctionName": "orders", "Greeting": "hi"])
        #expect(filled.contains(#""Resource": "arn:aws:lambda:us-east-1:123456789012:function:orders""#))
        #expect(filled.contains(#""Comment": "hi""#))
        // The number goes between the quotes, as CloudFormation puts it: a string, which AWS refuses.
        #expect(filled.contains(#""TimeoutSeconds": "30""#))
        let wrongType = s.document(substitutions: ["FunctionName": "orders"]).errors
        #expect(wrongType.map(\.code) == [.wrongType])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let row = lines.firstIndex { $0.contains("TimeoutSeconds") }!
        let column = lines[row].distance(
            from: lines[row].startIndex, to: lines[row].range(of: "TimeoutSeconds")!.lowerBound)
        #expect(place(wrongType.first) == "\(row + 1):\(column + 1)")
        #expect(s.placeholders(substitutions: ["FunctionName": "orders"]) == ["AWS::Region"])
    }

    @Test func anExpressStateMachineIsCheckedWithExpressRules() throws {
        let text = Self.machine(
            """
                    StartAt: A
                    States:
                      A:
                        Type: Task
                        Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
                        Parameters: {QueueUrl: q, MessageBody: {t.$: $$.Task.Token}}
                        End: true
            """, properties: "      Type: EXPRESS", type: "AWS::Serverless::StateMachine")
        let s = try source(text)
        #expect(s.type == .express)
        #expect(s.document().errors.map(\.code) == [.expressUnsupported])
    }

    @Test func aYAMLDefinitionFileReadsWithPositions() throws {
        let s = try source("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n", file: "flow.asl.yaml")
        #expect(!s.isTemplate)
        let d = try #require(s.document().errors.first)
        #expect(d.code == .undefinedState)
        #expect(d.location?.file == "flow.asl.yaml")
        #expect(place(d) == "5:5")
    }

    @Test func aTemplateDocumentCanBeReadInOneStep() throws {
        let document = try ASLDocument(
            template: TemplateErrorTests.two, fileName: "two.yaml", stateMachine: "First")
        #expect(!document.hasErrors)
        #expect(document.fileName == "two.yaml")
    }
}
