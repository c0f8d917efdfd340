import JSONCore
import Testing
import YAML

/// Whole SAM and CloudFormation templates give the JSON CloudFormation would see.
@Suite struct TemplateTests {
    @Test(arguments: [
        ("SAM Definition", TemplateFixtures.samDefinition, TemplateFixtures.samDefinitionJSON),
        ("SAM DefinitionUri", TemplateFixtures.samDefinitionUri, TemplateFixtures.samDefinitionUriJSON),
        ("CFN DefinitionString", TemplateFixtures.cfnDefinitionString, TemplateFixtures.cfnDefinitionStringJSON),
        ("CFN Definition", TemplateFixtures.cfnDefinitionYAML, TemplateFixtures.cfnDefinitionYAMLJSON),
        ("CFN network", TemplateFixtures.cfnNetwork, TemplateFixtures.cfnNetworkJSON),
    ])
    func templateGivesItsJSON(_ fixture: (name: String, yaml: String, json: String)) {
        YAMLTestSupport.expectJSON(fixture.yaml, fixture.json)
    }

    @Test func definitionStringHoldsJSONText() throws {
        let template = try YAMLParser.parseJSON(TemplateFixtures.cfnDefinitionString)
        let sub = try #require(template["Resources"]?["MyStateMachine"]?["Properties"]?["DefinitionString"]?["Fn::Sub"])
        let text = try #require(sub[0]?.stringValue)
        let definition = try JSONParser.parse(text)
        #expect(definition["StartAt"] == "HelloWorld")
        #expect(definition["States"]?["HelloWorld"]?["Resource"] == "${lambdaArn}")
        #expect(sub[1] == ["lambdaArn": ["Fn::GetAtt": ["MyLambdaFunction", "Arn"]]])
        let simple = try #require(
            template["Resources"]?["SimpleStateMachine"]?["Properties"]?["DefinitionString"]?["Fn::Sub"]?.stringValue)
        #expect(try JSONParser.parse(simple)["States"]?["Wait"]?["Seconds"] == 5)
    }

    @Test func validatorPathsMapToTemplateLines() throws {
        // The validator reports `States.InStock?.Choices[0].Next` inside the Definition; the
        // template position is found by walking to the Definition and then along the path.
        let yaml = TemplateFixtures.samDefinition
        let root = try YAMLParser.parse(yaml)
        let definition = try #require(root.node(at: path("Resources", "OrderStateMachine", "Properties", "Definition")))
        let definitionJSON = definition.jsonValue()
        #expect(definitionJSON["StartAt"] == "CheckStock")

        let next = try #require(definition.exactPosition(of: path("States", "InStock?", "Choices", 0, "Next")))
        let expected = YAMLTestSupport.location(of: "Next: Charge", in: yaml)
        #expect(next.line == expected.line && next.column == expected.column)

        let retry = try #require(
            definition.exactPosition(of: path("States", "CheckStock", "Retry", 0, "ErrorEquals", 2)))
        let sdk = YAMLTestSupport.location(of: "Lambda.SdkClientException", in: yaml)
        #expect(retry.line == sdk.line && retry.column == sdk.column)

        // A path to a field that is missing points at the state that lacks it.
        let missing = definition.position(of: path("States", "OutOfStock", "Next"))
        let state = YAMLTestSupport.location(of: "OutOfStock:", in: yaml)
        #expect(missing.line == state.line && missing.column == state.column)
    }

    @Test func positionsInsideDefinitionStringMapToTheTemplate() throws {
        let yaml = TemplateFixtures.cfnDefinitionString
        let root = try YAMLParser.parse(yaml)
        for (machine, component, field, needle) in [
            (
                "MyStateMachine", FieldPathComponent.index(0), path("States", "HelloWorld", "Resource"),
                #""Resource": "${lambdaArn}""#
            ),
            ("SimpleStateMachine", nil, path("States", "Wait", "Next"), #""Next": "Invoke""#),
        ] {
            var location = path("Resources", machine, "Properties", "DefinitionString", "Fn::Sub")
            if let component { location.components.append(component) }
            let scalar = try #require(root.node(at: location))
            let text = try #require(scalar.scalar?.text)
            let (_, map) = try JSONParser().parseWithSourceMap(text)
            let inText = try #require(map.position(of: field))
            let inTemplate = try #require(scalar.sourcePosition(inText: inText))
            let expected = YAMLTestSupport.location(of: needle, in: yaml)
            #expect(inTemplate.line == expected.line && inTemplate.column == expected.column, "\(inTemplate)")
            let offset = Array(yaml.utf8).count - Array(yaml[yaml.firstRange(of: needle)!.lowerBound...].utf8).count
            #expect(inTemplate.offset == offset)
        }
        // Only literal block scalars have a line-for-line layout.
        #expect(
            root.node(at: path("AWSTemplateFormatVersion"))?.sourcePosition(
                inText: SourcePosition(line: 1, column: 1, offset: 0)) == nil)
    }

    @Test func literalLayoutHandlesBlankLinesAndCRLF() throws {
        let yaml = "a: |2\r\n    x\r\n\r\n   yz\r\nb: 1\r\n"
        let node = try #require(try YAMLParser.parse(yaml)["a"])
        #expect(node.scalar?.text == "  x\n\n yz\n")
        // "z" is at text line 3, column 3, offset 7.
        let z = try #require(node.sourcePosition(inText: SourcePosition(line: 3, column: 3, offset: 7)))
        #expect(z.line == 4 && z.column == 5 && z.offset == Array(yaml.utf8).firstIndex(of: UInt8(ascii: "z")))
        #expect(node.sourcePosition(inText: SourcePosition(line: 9, column: 1, offset: 30)) == nil)
    }

    @Test func mergedRetrySettingsAppearInEveryState() throws {
        let template = try YAMLParser.parseJSON(TemplateFixtures.cfnDefinitionYAML)
        let states = try #require(template["Resources"]?["Workflow"]?["Properties"]?["Definition"]?["States"])
        let store = try #require(states["Each"]?["ItemProcessor"]?["States"]?["Store"])
        #expect(states["Fetch"]?["Retry"] == store["Retry"])
        #expect(store["Retry"]?[0]?["MaxAttempts"] == 3)
        #expect(store.objectValue?.keys == ["Type", "Retry", "TimeoutSeconds", "Resource", "Arguments", "End"])
    }
}
