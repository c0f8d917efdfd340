import JSONCore
import Testing
import YAML

/// CloudFormation's short-form intrinsic functions become their long JSON form.
@Suite struct CloudFormationTagTests {
    @Test func refAndCondition() {
        YAMLTestSupport.expectJSON(
            "a: !Ref MyBucket\nb: !Ref 'AWS::Region'\nc: !Condition IsProd\n",
            #"{"a": {"Ref": "MyBucket"}, "b": {"Ref": "AWS::Region"}, "c": {"Condition": "IsProd"}}"#)
    }

    @Test func getAtt() {
        YAMLTestSupport.expectJSON(
            "a: !GetAtt Fn.Arn\nb: !GetAtt Db.Endpoint.Address\nc: !GetAtt [Role, Arn]\nd: !GetAtt\n  - Queue\n  - QueueName\n",
            #"{"a": {"Fn::GetAtt": ["Fn", "Arn"]}, "b": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}, "c": {"Fn::GetAtt": ["Role", "Arn"]}, "d": {"Fn::GetAtt": ["Queue", "QueueName"]}}"#
        )
        YAMLTestSupport.expectError(
            "a: !GetAtt NoDot\n", .invalidValue, line: 1, column: 12, "LogicalName.AttributeName")
        YAMLTestSupport.expectError("a: !GetAtt .Arn\n", .invalidValue, line: 1, column: 12)
    }

    @Test func sub() {
        YAMLTestSupport.expectJSON(
            #"a: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*""#,
            #"{"a": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}}"#)
        YAMLTestSupport.expectJSON(
            "a: !Sub\n  - 'arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${Name}'\n  - Name: !GetAtt SM.Name\n",
            #"{"a": {"Fn::Sub": ["arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${Name}", {"Name": {"Fn::GetAtt": ["SM", "Name"]}}]}}"#
        )
        YAMLTestSupport.expectJSON(
            "a: !Sub [\"${A}-${B}\", {A: !Ref X, B: b}]\n",
            #"{"a": {"Fn::Sub": ["${A}-${B}", {"A": {"Ref": "X"}, "B": "b"}]}}"#)
        YAMLTestSupport.expectJSON("a: !Sub |\n  line ${X}\n", #"{"a": {"Fn::Sub": "line ${X}\n"}}"#)
    }

    @Test func listFunctions() {
        YAMLTestSupport.expectJSON(
            """
            join: !Join ['', [a, !Ref B]]
            select: !Select [0, !GetAZs '']
            split: !Split [',', !ImportValue Shared-List]
            if: !If [IsProd, !Ref Big, !Ref 'AWS::NoValue']
            equals: !Equals [!Ref Stage, prod]
            and: !And [!Condition A, !Not [!Condition B]]
            or: !Or [!Equals [a, b], !Condition C]
            map: !FindInMap [RegionMap, !Ref 'AWS::Region', AMI]
            b64: !Base64 "text"
            cidr: !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]
            azs: !GetAZs
            imp: !ImportValue {'Fn::Sub': '${Net}-Id'}
            json: !ToJsonString {a: [1, 2]}
            len: !Length [1, 2, 3]
            """,
            #"""
            {"join": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
             "select": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
             "split": {"Fn::Split": [",", {"Fn::ImportValue": "Shared-List"}]},
             "if": {"Fn::If": ["IsProd", {"Ref": "Big"}, {"Ref": "AWS::NoValue"}]},
             "equals": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
             "and": {"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]},
             "or": {"Fn::Or": [{"Fn::Equals": ["a", "b"]}, {"Condition": "C"}]},
             "map": {"Fn::FindInMap": ["RegionMap", {"Ref": "AWS::Region"}, "AMI"]},
             "b64": {"Fn::Base64": "text"},
             "cidr": {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 6, 5]},
             "azs": {"Fn::GetAZs": ""},
             "imp": {"Fn::ImportValue": {"Fn::Sub": "${Net}-Id"}},
             "json": {"Fn::ToJsonString": {"a": [1, 2]}},
             "len": {"Fn::Length": [1, 2, 3]}}
            """#)
    }

    @Test func transformAndUnknownFunctions() {
        YAMLTestSupport.expectJSON(
            "a: !Transform {Name: 'AWS::Include', Parameters: {Location: s3://b/k}}\nb: !ForEach [x, [1]]\nc: !Anything 5\n",
            #"{"a": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}, "b": {"Fn::ForEach": ["x", [1]]}, "c": {"Fn::Anything": "5"}}"#
        )
    }

    @Test func taggedScalarsAreStrings() {
        // The scalar under a short-form tag is its text, as CloudFormation reads it.
        YAMLTestSupport.expectJSON("a: !Ref 123\nb: !Sub true\n", #"{"a": {"Ref": "123"}, "b": {"Fn::Sub": "true"}}"#)
    }

    @Test func tagsOnCompactSequencesAndAnchors() {
        YAMLTestSupport.expectJSON(
            "a: !Join\n- '-'\n- [x, y]\nb: 1\n", #"{"a": {"Fn::Join": ["-", ["x", "y"]]}, "b": 1}"#)
        YAMLTestSupport.expectJSON(
            "a: &r !Ref X\nb: *r\nc: !Ref &n Y\nd: *n\n",
            #"{"a": {"Ref": "X"}, "b": {"Ref": "X"}, "c": {"Ref": "Y"}, "d": {"Ref": "Y"}}"#)
    }

    @Test func longFormPassesThrough() {
        YAMLTestSupport.expectJSON(
            "a:\n  Fn::Join:\n    - ''\n    - - 'arn:aws:s3:::'\n      - Ref: Bucket\n",
            #"{"a": {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "Bucket"}]]}}"#)
    }

    @Test func shortFormsCanBeKeptAsTags() throws {
        let options = YAMLParser.Options(cloudFormationTags: false)
        let node = try YAMLParser.parse("a: !Ref X\nb: !Sub [x, {}]\n", options: options)
        #expect(node["a"]?.tag == "!Ref")
        #expect(node["a"]?.jsonValue() == "X")
        #expect(node["b"]?.tag == "!Sub")
        #expect(node["b"]?.jsonValue() == ["x", [:]])
    }

    @Test func wrappedNodesRecordTheirTag() throws {
        let node = try YAMLParser.parse("a: !Ref X\n")
        #expect(node["a"]?.tag == "!Ref")
        #expect(node["a"]?["Ref"]?.scalar?.text == "X")
    }

    @Test func taggedValuesCannotBeKeys() {
        YAMLTestSupport.expectError("!Ref X: y\n", .invalidKey, line: 1, column: 1, "tagged !Ref")
    }
}
