import JSONCore
import Testing
import YAML

/// Every node and key keeps its line and column, and JSON-style paths find them.
@Suite struct YAMLPositionTests {
    static let template = """
        Resources:
          Machine:
            Type: AWS::Serverless::StateMachine
            Properties:
              Role: !GetAtt MachineRole.Arn
              Definition:
                StartAt: Charge
                States:
                  Charge:
                    Type: Task
                    Resource: !Ref ChargeFunction
                    Catch:
                      - ErrorEquals: [States.ALL]
                        Next: Refund
                    Next: Done
                  Done: {Type: Succeed, Comment: "the end"}
        """

    func expectAt(
        _ position: SourcePosition?, _ needle: String, occurrence: Int = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = YAMLTestSupport.location(of: needle, in: YAMLPositionTests.template, occurrence: occurrence)
        #expect(
            position?.line == expected.line && position?.column == expected.column,
            "\(String(describing: position)) is not \(expected.line):\(expected.column) (\(needle))",
            sourceLocation: sourceLocation)
    }

    @Test func keysAndValuesKeepPositions() throws {
        let root = try YAMLParser.parse(YAMLPositionTests.template)
        #expect(root.position.line == 1 && root.position.column == 1)
        let definition = try #require(root.node(at: path("Resources", "Machine", "Properties", "Definition")))
        expectAt(definition.position, "StartAt")
        expectAt(root.exactPosition(of: path("Resources", "Machine", "Properties", "Definition")), "Definition")
        expectAt(definition.exactPosition(of: path("States", "Charge", "Next")), "Next: Done")
        expectAt(definition.node(at: path("States", "Charge", "Next"))?.position, "Done", occurrence: 1)
        expectAt(definition.exactPosition(of: path("States", "Charge", "Catch", 0)), "ErrorEquals")
        expectAt(definition.exactPosition(of: path("States", "Charge", "Catch", 0, "ErrorEquals", 0)), "States.ALL")
        expectAt(definition.exactPosition(of: path("States", "Done", "Type")), "Type: Succeed")
        expectAt(definition.node(at: path("States", "Done", "Comment"))?.position, "\"the end\"")
    }

    @Test func positionFallsBackToTheNearestAncestor() throws {
        let root = try YAMLParser.parse(YAMLPositionTests.template)
        let definition = try #require(root.node(at: path("Resources", "Machine", "Properties", "Definition")))
        #expect(definition.exactPosition(of: path("States", "Charge", "Missing")) == nil)
        expectAt(definition.position(of: path("States", "Charge", "Missing", 3)), "Charge:")
        expectAt(definition.position(of: path("States", "Nope")), "States")
        #expect(definition.position(of: path()).line == definition.position.line)
        expectAt(definition.position(of: path("StartAt")), "StartAt")
    }

    @Test func shortFormFunctionsArePlacedAtTheirTag() throws {
        let root = try YAMLParser.parse(YAMLPositionTests.template)
        let properties = try #require(root.node(at: path("Resources", "Machine", "Properties")))
        expectAt(properties.exactPosition(of: path("Role", "Fn::GetAtt")), "!GetAtt")
        expectAt(properties.exactPosition(of: path("Role", "Fn::GetAtt", 0)), "MachineRole")
        expectAt(properties.exactPosition(of: path("Role", "Fn::GetAtt", 1)), "Arn")
        expectAt(
            properties.exactPosition(of: path("Definition", "States", "Charge", "Resource", "Ref")), "!Ref")
        expectAt(
            properties.node(at: path("Definition", "States", "Charge", "Resource", "Ref"))?.position, "ChargeFunction")
    }

    @Test func offsetsAreUTF8AndColumnsAreScalars() throws {
        let text = "é: 1\n  # 😀\nkey: [α, β]\n"
        let root = try YAMLParser.parse(text)
        let beta = try #require(root.node(at: path("key", 1)))
        #expect(beta.position.line == 3 && beta.position.column == 10)
        #expect(beta.position.offset == Array(text.utf8).firstIndex(of: 0xCE).map { $0 + 4 })
        let second = try #require(root.exactPosition(of: path("key")))
        #expect(second.line == 3 && second.column == 1 && second.offset == 15)
    }

    @Test func aliasesArePlacedAtTheAlias() throws {
        let root = try YAMLParser.parse("base: &b\n  x: 1\ncopy: *b\n")
        let copy = try #require(root["copy"])
        #expect(copy.position.line == 3 && copy.position.column == 7)
        // Inside, the nodes are the anchored ones.
        #expect(copy.exactPosition(of: path("x"))?.line == 2)
    }

    @Test func mergedKeysKeepTheirOrigin() throws {
        let root = try YAMLParser.parse("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n")
        #expect(root.exactPosition(of: path("m", "x"))?.line == 1)
        #expect(root.exactPosition(of: path("m", "y"))?.line == 4)
    }

    @Test func scalarStylesStartAtTheirIndicator() throws {
        let root = try YAMLParser.parse("a: |\n  text\nb: 'q'\nc:\n  - x\n")
        #expect(root["a"]?.position.line == 1 && root["a"]?.position.column == 4)
        #expect(root["b"]?.position.column == 4)
        #expect(root["c"]?.position.line == 5 && root["c"]?.position.column == 3)
        #expect(root["c"]?[0]?.position.column == 5)
    }

    @Test func emptyValuesArePlacedAfterTheirKey() throws {
        let root = try YAMLParser.parse("a:\nb: 1\n")
        #expect(root["a"]?.position.line == 1)
    }

    @Test func veryLongLinesStayFast() throws {
        // Positions on one long line are counted incrementally, not from the line start each time.
        let items = (0..<5_000).map { "k\($0): [\($0), \"é\"]" }.joined(separator: ", ")
        let start = ContinuousClock.now
        let root = try YAMLParser.parse("{" + items + "}")
        #expect(root.mapping?.count == 5_000)
        #expect(root.exactPosition(of: path("k4999"))?.line == 1)
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
