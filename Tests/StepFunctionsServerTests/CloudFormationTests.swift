import Foundation
import HTTPServer
import JSONCore
import Testing

@testable import StepFunctionsServer

/// One CloudFormation Query call: the HTTP status and the XML answer.
private func query(_ service: LocalStepFunctions, _ action: String, _ parameters: [(String, String)] = []) async
    -> (status: Int, xml: String)
{
    var fields = [("Action", action), ("Version", "2010-05-15")] + parameters
    fields = fields.map { ($0.0, $0.1) }
    let body = fields.map { key, value in
        "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
    }.joined(separator: "&")
    let request = HTTPRequest(
        method: "POST", target: "/", headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
        body: Array(body.utf8))
    #expect(LocalStepFunctions.isQueryRequest(request))
    let response = await service.cloudFormation(request)
    return (response.status, String(decoding: response.body, as: UTF8.self))
}

/// The text of every `<name>` element, in order (entities decoded).
private func elements(_ name: String, in xml: String) -> [String] {
    var out: [String] = []
    var rest = Substring(xml)
    while let open = rest.range(of: "<\(name)>"), let close = rest[open.upperBound...].range(of: "</\(name)>") {
        out.append(
            String(rest[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&"))
        rest = rest[close.upperBound...]
    }
    return out
}

@Suite("sfn serve: the CloudFormation stand-in")
struct CloudFormationTests {
    static let template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Description: Orders, deployed to sfn serve
        Parameters:
          Stage:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
        Resources:
          Worker:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub orders-worker-${Stage}
              Handler: index.handler
              Runtime: python3.12
              Code: {ZipFile: "def handler(e, c): return e"}
          Review:
            Type: AWS::StepFunctions::Activity
            Properties:
              Name: !Sub review-${Stage}
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: /aws/vendedlogs/states/orders
          Inbox:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: orders-inbox
          ProdOnly:
            Type: AWS::SNS::Topic
            Condition: IsProd
          Orders:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              StateMachineName: !Sub orders-${Stage}
              RoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/orders
              LoggingConfiguration:
                Level: ALL
                IncludeExecutionData: true
                Destinations:
                  - CloudWatchLogsLogGroup:
                      LogGroupArn: !GetAtt Logs.Arn
              Tags:
                - {Key: team, Value: payments}
              DefinitionSubstitutions:
                Bucket: !Ref Inbox
              Definition:
                StartAt: Work
                States:
                  Work:
                    Type: Task
                    Resource: !GetAtt Worker.Arn
                    Parameters:
                      bucket: ${Bucket}
                      region: !Ref AWS::Region
                    Next: Review
                  Review:
                    Type: Task
                    Resource: !Ref Review
                    End: true
        Outputs:
          OrdersArn:
            Value: !Ref Orders
            Export: {Name: orders-arn}
          OrdersName:
            Description: the state machine's name
            Value: !GetAtt Orders.Name
        """

    @Test func aStackCreatesItsStateMachineWithEveryReferenceResolved() async throws {
        let service = try ServiceTests.service()
        let created = await query(service, "CreateStack", [("StackName", "orders"), ("TemplateBody", Self.template)])
        #expect(created.status == 200, "\(created.xml)")
        let stackId = try #require(elements("StackId", in: created.xml).first)
        #expect(stackId.hasPrefix("arn:aws:cloudformation:us-east-1:111111111111:stack/orders/"))

        let described = await query(service, "DescribeStacks", [("StackName", "orders")])
        #expect(elements("StackStatus", in: described.xml) == ["CREATE_COMPLETE"], "\(described.xml)")
        #expect(elements("Description", in: described.xml).contains("Orders, deployed to sfn serve"))
        let arn = "arn:aws:states:us-east-1:111111111111:stateMachine:orders-dev"
        #expect(elements("OutputValue", in: described.xml) == [arn, "orders-dev"])
        #expect(elements("ExportName", in: described.xml) == ["orders-arn"])
        #expect(elements("ParameterValue", in: described.xml) == ["dev"])

        let machine = try await service.ok("DescribeStateMachine", ["stateMachineArn": .string(arn)])
        let definition = try JSONParser.parse(try #require(machine["definition"]?.stringValue))
        #expect(
            definition["States"]?["Work"]?["Resource"]
                == "arn:aws:lambda:us-east-1:111111111111:function:orders-worker-dev")
        #expect(definition["States"]?["Work"]?["Parameters"] == ["bucket": "orders-inbox", "region": "us-east-1"])
        #expect(
            definition["States"]?["Review"]?["Resource"] == "arn:aws:states:us-east-1:111111111111:activity:review-dev")
        #expect(machine["roleArn"] == "arn:aws:iam::111111111111:role/orders")
        #expect(machine["loggingConfiguration"]?["level"] == "ALL")
        let tags = try await service.ok("ListTagsForResource", ["resourceArn": .string(arn)])
        #expect(tags["tags"] == [["key": "team", "value": "payments"]])

        let resources = await query(service, "ListStackResources", [("StackName", "orders")])
        #expect(
            elements("LogicalResourceId", in: resources.xml).sorted() == [
                "Inbox", "Logs", "Orders", "Review", "Worker",
            ])
        #expect(!resources.xml.contains("ProdOnly"))
        let events = await query(service, "DescribeStackEvents", [("StackName", stackId)])
        #expect(elements("ResourceStatus", in: events.xml).first == "CREATE_COMPLETE")
        let body = await query(service, "GetTemplate", [("StackName", "orders")])
        #expect(elements("TemplateBody", in: body.xml) == [Self.template])
    }

    @Test func deletingAStackDeletesItsStateMachineAndForgetsItsName() async throws {
        let service = try ServiceTests.service()
        let created = await query(
            service, "CreateStack",
            [
                ("StackName", "orders"), ("TemplateBody", Self.template), ("Parameters.member.1.ParameterKey", "Stage"),
                ("Parameters.member.1.ParameterValue", "prod"),
            ])
        let stackId = try #require(elements("StackId", in: created.xml).first)
        #expect(
            elements("LogicalResourceId", in: await query(service, "ListStackResources", [("StackName", "orders")]).xml)
                .contains("ProdOnly"))
        let deleted = await query(service, "DeleteStack", [("StackName", "orders")])
        #expect(deleted.status == 200)
        let arn = "arn:aws:states:us-east-1:111111111111:stateMachine:orders-prod"
        let gone = await service.error("DescribeStateMachine", ["stateMachineArn": .string(arn)])
        #expect(gone.type == "StateMachineDoesNotExist")
        #expect(try await service.ok("ListActivities", [:])["activities"] == [])

        // By name: AWS's ValidationError, which boto3's stack_delete_complete waiter takes as done.
        let byName = await query(service, "DescribeStacks", [("StackName", "orders")])
        #expect(byName.status == 400)
        #expect(elements("Code", in: byName.xml) == ["ValidationError"])
        #expect(elements("Message", in: byName.xml) == ["Stack with id orders does not exist"])
        // By id: the deleted stack.
        let byId = await query(service, "DescribeStacks", [("StackName", stackId)])
        #expect(elements("StackStatus", in: byId.xml) == ["DELETE_COMPLETE"])
        #expect(!elements("DeletionTime", in: byId.xml).isEmpty)
        let listed = await query(service, "ListStacks", [("StackStatusFilter.member.1", "DELETE_COMPLETE")])
        #expect(elements("StackName", in: listed.xml) == ["orders"])
        // Deleting it again, or a stack that never was, succeeds; the name can be used again.
        #expect(await query(service, "DeleteStack", [("StackName", "orders")]).status == 200)
        #expect(await query(service, "DeleteStack", [("StackName", "never")]).status == 200)
        let again = await query(service, "CreateStack", [("StackName", "orders"), ("TemplateBody", Self.template)])
        #expect(again.status == 200, "\(again.xml)")
    }

    @Test func aStateMachineAWSRefusesRollsTheStackBack() async throws {
        let service = try ServiceTests.service()
        let template = """
            Resources:
              Review:
                Type: AWS::StepFunctions::Activity
                Properties: {Name: review}
              Broken:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::111111111111:role/r
                  Definition:
                    StartAt: Missing
                    States:
                      A: {Type: Task, Resource: !Ref Review, End: true}
            """
        #expect(
            await query(service, "CreateStack", [("StackName", "broken"), ("TemplateBody", template)]).status == 200)
        let described = await query(service, "DescribeStacks", [("StackName", "broken")])
        #expect(elements("StackStatus", in: described.xml) == ["ROLLBACK_COMPLETE"])
        #expect(elements("StackStatusReason", in: described.xml).first?.contains("[Broken]") == true)
        let events = await query(service, "DescribeStackEvents", [("StackName", "broken")])
        let failure = try #require(
            elements("ResourceStatusReason", in: events.xml).first { $0.contains("Invalid State Machine Definition") })
        #expect(failure.hasPrefix("Resource handler returned message: \"Invalid State Machine Definition: "))
        // The activity made before it is gone again.
        #expect(try await service.ok("ListActivities", [:])["activities"] == [])

        let kept = await query(
            service, "CreateStack", [("StackName", "kept"), ("TemplateBody", template), ("OnFailure", "DO_NOTHING")])
        #expect(kept.status == 200)
        let keptStatus = await query(service, "DescribeStacks", [("StackName", "kept")])
        #expect(elements("StackStatus", in: keptStatus.xml) == ["CREATE_FAILED"])
    }

    @Test func requestsAWSRefusesAreRefusedInItsWords() async throws {
        let service = try ServiceTests.service()
        func error(_ parameters: [(String, String)]) async -> (String, String) {
            let r = await query(service, "CreateStack", parameters)
            #expect(r.status == 400)
            return (elements("Code", in: r.xml).first ?? "", elements("Message", in: r.xml).first ?? "")
        }
        let malformed = await error([("StackName", "s"), ("TemplateBody", "Resources:\n  A: [1,\n")])
        #expect(malformed.0 == "ValidationError")
        #expect(malformed.1.hasPrefix("Template format error: "))
        let empty = await error([("StackName", "s"), ("TemplateBody", "Description: nothing\n")])
        #expect(empty.1 == "Template format error: At least one Resources member must be defined.")
        let unresolved = await error([
            ("StackName", "s"),
            ("TemplateBody", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Ref Nope}\n"),
        ])
        #expect(
            unresolved.1
                == "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"
        )
        let parameter = await error([
            ("StackName", "s"), ("TemplateBody", Self.template), ("Parameters.member.1.ParameterKey", "Stage"),
            ("Parameters.member.1.ParameterValue", "qa"),
        ])
        #expect(parameter.1 == "Parameter 'Stage' must be one of AllowedValues")
        let iam = await error([("StackName", "s"), ("TemplateBody", "Resources:\n  R:\n    Type: AWS::IAM::Role\n")])
        #expect(iam == ("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]"))
        let badName = await error([("StackName", "1st"), ("TemplateBody", Self.template)])
        #expect(badName.1.contains("failed to satisfy constraint"))
        #expect(
            await query(service, "CreateStack", [("StackName", "s"), ("TemplateBody", Self.template)]).status == 200)
        let twice = await error([("StackName", "s"), ("TemplateBody", Self.template)])
        #expect(twice == ("AlreadyExistsException", "Stack [s] already exists"))
        let unknown = await query(service, "UpdateStack", [("StackName", "s")])
        #expect(unknown.status == 400)
        #expect(elements("Code", in: unknown.xml) == ["InvalidAction"])
    }

    @Test func aSAMStateMachineDeploysWhenTheTransformIsAcknowledged() async throws {
        let service = try ServiceTests.service()
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Greeter:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Name: greeter
                  Type: EXPRESS
                  DefinitionSubstitutions:
                    Greeting: hello
                  Definition:
                    StartAt: Greet
                    States:
                      Greet: {Type: Pass, Result: "${Greeting}", End: true}
            """
        let refused = await query(service, "CreateStack", [("StackName", "sam"), ("TemplateBody", template)])
        #expect(elements("Message", in: refused.xml) == ["Requires capabilities : [CAPABILITY_AUTO_EXPAND]"])
        let created = await query(
            service, "CreateStack",
            [("StackName", "sam"), ("TemplateBody", template), ("Capabilities.member.1", "CAPABILITY_AUTO_EXPAND")])
        #expect(created.status == 200, "\(created.xml)")
        let machine = try await service.ok(
            "DescribeStateMachine", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:greeter"])
        #expect(machine["type"] == "EXPRESS")
        #expect(machine["roleArn"]?.stringValue?.hasPrefix("arn:aws:iam::111111111111:role/sam-GreeterRole-") == true)
        #expect(machine["definition"]?.stringValue?.contains(#""Result": "hello""#) == true)
    }

    @Test func stacksSurviveARestart() async throws {
        let dir = DataDirectoryTests.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ServiceTests.service { $0.dataDirectory = dir }
        #expect(
            await query(first, "CreateStack", [("StackName", "orders"), ("TemplateBody", Self.template)]).status == 200)
        first.shutdown()
        let second = try ServiceTests.service { $0.dataDirectory = dir }
        let described = await query(second, "DescribeStacks", [("StackName", "orders")])
        #expect(elements("StackStatus", in: described.xml) == ["CREATE_COMPLETE"])
        #expect(await query(second, "DeleteStack", [("StackName", "orders")]).status == 200)
        second.shutdown()
        let third = try ServiceTests.service { $0.dataDirectory = dir }
        #expect(await query(third, "DescribeStacks", [("StackName", "orders")]).status == 400)
        #expect(try await third.ok("ListStateMachines", [:])["stateMachines"] == [])
        third.shutdown()
    }
}
