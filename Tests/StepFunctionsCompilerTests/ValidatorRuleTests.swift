import JSONCore
import StepFunctionsCompiler
import Testing

/// One validator rule: an invalid definition with the code and field it must be reported at, and
/// a valid neighbour (the smallest change that fixes it) that must not be flagged at all.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let invalid: String
    let code: DiagnosticCode
    let path: String
    let valid: String
    var express = false

    var testDescription: String { name }
}

private let lambda = "arn:aws:lambda:us-east-1:123456789012:function:f"
private let pass = #""Type": "Pass", "End": true"#

let ruleCases: [RuleCase] = [
    // Transitions and graphs
    RuleCase(
        name: "StartAt names no state", invalid: ASL.states(#""B": {\#(pass)}"#), code: .undefinedState,
        path: "/StartAt",
        valid: ASL.states(#""A": {\#(pass)}"#)),
    RuleCase(
        name: "Next names no state",
        invalid: ASL.states(#""A": {"Type": "Pass", "Next": "Bb"}, "B": {\#(pass)}"#), code: .undefinedState,
        path: "/States/A/Next", valid: ASL.states(#""A": {"Type": "Pass", "Next": "B"}, "B": {\#(pass)}"#)),
    RuleCase(
        name: "a branch goes to a state outside itself",
        invalid: ASL.states(
            #""A": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "B"}}}], "Next": "B"}, "B": {\#(pass)}"#
        ), code: .undefinedState, path: "/States/A/Branches/0/States/X/Next",
        valid: ASL.states(
            #""A": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {\#(pass)}}}], "Next": "B"}, "B": {\#(pass)}"#
        )),
    RuleCase(
        name: "unreachable state", invalid: ASL.states(#""A": {\#(pass)}, "B": {\#(pass)}"#), code: .unreachableState,
        path: "/States/B", valid: ASL.states(#""A": {"Type": "Pass", "Next": "B"}, "B": {\#(pass)}"#)),
    RuleCase(
        name: "no terminal state", invalid: ASL.states(#""A": {"Type": "Pass", "Next": "A"}"#), code: .noTerminalState,
        path: "/", valid: ASL.states(#""A": {\#(pass)}"#)),
    RuleCase(
        name: "duplicate name across a Map processor",
        invalid: ASL.states(
            #""A": {"Type": "Map", "ItemProcessor": {"StartAt": "B", "States": {"B": {\#(pass)}}}, "Next": "B"}, "B": {\#(pass)}"#
        ), code: .duplicateStateName, path: "/States/B",
        valid: ASL.states(
            #""A": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {"C": {\#(pass)}}}, "Next": "B"}, "B": {\#(pass)}"#
        )),
    RuleCase(
        name: "duplicate name across a Map processor inside a Parallel branch",
        invalid: ASL.states(
            #""A": {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "B", "States": {"B": {\#(pass)}}}, "End": true}}}], "Next": "B"}, "B": {\#(pass)}"#
        ), code: .duplicateStateName, path: "/States/B",
        valid: ASL.states(
            #""A": {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {"C": {\#(pass)}}}, "End": true}}}], "Next": "B"}, "B": {\#(pass)}"#
        )),
    RuleCase(
        name: "state name longer than 80 characters",
        invalid:
            #"{"StartAt": "\#(String(repeating: "n", count: 81))", "States": {"\#(String(repeating: "n", count: 81))": {\#(pass)}}}"#,
        code: .invalidStateName, path: "/States/\(String(repeating: "n", count: 81))",
        valid:
            #"{"StartAt": "\#(String(repeating: "n", count: 80))", "States": {"\#(String(repeating: "n", count: 80))": {\#(pass)}}}"#
    ),
    // Query languages
    RuleCase(
        name: "JSONPath state inside a JSONata machine",
        invalid: ASL.one(
            #""Type": "Pass", "QueryLanguage": "JSONPath", "End": true"#, top: #""QueryLanguage": "JSONata", "#),
        code: .queryLanguageDowngrade, path: "/States/S/QueryLanguage",
        valid: ASL.one(
            #""Type": "Pass", "QueryLanguage": "JSONata", "End": true"#, top: #""QueryLanguage": "JSONata", "#)),
    RuleCase(
        name: "Parameters in a JSONata state",
        invalid: ASL.one(#""Type": "Pass", "QueryLanguage": "JSONata", "Parameters": {"a": 1}, "End": true"#),
        code: .queryLanguageField, path: "/States/S/Parameters",
        valid: ASL.one(#""Type": "Pass", "QueryLanguage": "JSONata", "Output": {"a": 1}, "End": true"#)),
    RuleCase(
        name: "ItemsPath in a JSONata Map",
        invalid: ASL.one(
            #""Type": "Map", "ItemsPath": "$.x", "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#,
            top: #""QueryLanguage": "JSONata", "#), code: .queryLanguageField, path: "/States/S/ItemsPath",
        valid: ASL.one(
            #""Type": "Map", "Items": "{% $states.input.x %}", "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#,
            top: #""QueryLanguage": "JSONata", "#)),
    RuleCase(
        name: "Arguments in a JSONPath state",
        invalid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "Arguments": {"a": 1}, "End": true"#),
        code: .queryLanguageField, path: "/States/S/Arguments",
        valid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "Parameters": {"a": 1}, "End": true"#)),
    RuleCase(
        name: "JSONata expression in TimeoutSeconds of a JSONPath state",
        invalid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "TimeoutSeconds": "{% 5 %}", "End": true"#),
        code: .queryLanguageField, path: "/States/S/TimeoutSeconds",
        valid: ASL.one(
            #""Type": "Task", "QueryLanguage": "JSONata", "Resource": "\#(lambda)", "TimeoutSeconds": "{% 5 %}", "End": true"#
        )),
    RuleCase(
        name: "JSONPath choice rule in a JSONata state",
        invalid: ASL.states(
            #""A": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "B"}, "B": {\#(pass)}"#
        ), code: .queryLanguageField, path: "/States/A/Choices/0",
        valid: ASL.states(
            #""A": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": "{% $exists($states.input.x) %}", "Next": "B"}], "Default": "B"}, "B": {\#(pass)}"#
        )),
    // Exclusive pairs
    RuleCase(
        name: "TimeoutSeconds with TimeoutSecondsPath",
        invalid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t", "End": true"#),
        code: .conflictingFields, path: "/States/S/TimeoutSecondsPath",
        valid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "TimeoutSecondsPath": "$.t", "End": true"#)),
    RuleCase(
        name: "HeartbeatSeconds with HeartbeatSecondsPath",
        invalid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "HeartbeatSeconds": 5, "HeartbeatSecondsPath": "$.h", "TimeoutSeconds": 9, "End": true"#
        ), code: .conflictingFields, path: "/States/S/HeartbeatSecondsPath",
        valid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "HeartbeatSeconds": 5, "TimeoutSeconds": 9, "End": true"#)),
    RuleCase(
        name: "Error with ErrorPath", invalid: ASL.one(#""Type": "Fail", "Error": "E", "ErrorPath": "$.e""#),
        code: .conflictingFields, path: "/States/S/ErrorPath", valid: ASL.one(#""Type": "Fail", "ErrorPath": "$.e""#)),
    RuleCase(
        name: "Cause with CausePath", invalid: ASL.one(#""Type": "Fail", "Cause": "c", "CausePath": "$.c""#),
        code: .conflictingFields, path: "/States/S/CausePath", valid: ASL.one(#""Type": "Fail", "Cause": "c""#)),
    RuleCase(
        name: "Map with Parameters and ItemSelector",
        invalid: ASL.one(
            #""Type": "Map", "Parameters": {"a.$": "$"}, "ItemSelector": {"a.$": "$"}, "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#
        ), code: .conflictingFields, path: "/States/S/Parameters",
        valid: ASL.one(
            #""Type": "Map", "ItemSelector": {"a.$": "$"}, "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#
        )),
    RuleCase(
        name: "ToleratedFailureCount with its Path",
        invalid: distributedMap(#""ToleratedFailureCount": 1, "ToleratedFailureCountPath": "$.n","#),
        code: .conflictingFields, path: "/States/S/ToleratedFailureCountPath",
        valid: distributedMap(#""ToleratedFailureCount": 1,"#)),
    RuleCase(
        name: "ItemBatcher MaxItemsPerBatch with its Path",
        invalid: distributedMap(#""ItemBatcher": {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n"},"#),
        code: .conflictingFields, path: "/States/S/ItemBatcher/MaxItemsPerBatchPath",
        valid: distributedMap(#""ItemBatcher": {"MaxItemsPerBatch": 2},"#)),
    RuleCase(
        name: "ReaderConfig MaxItems with MaxItemsPath",
        invalid: distributedMap(
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2, "MaxItemsPath": "$.n"}, "Parameters": {"Bucket": "b", "Key": "k"}},"#
        ), code: .conflictingFields, path: "/States/S/ItemReader/ReaderConfig/MaxItemsPath",
        valid: distributedMap(
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2}, "Parameters": {"Bucket": "b", "Key": "k"}},"#
        )),
    // Ranges
    RuleCase(
        name: "HeartbeatSeconds not below TimeoutSeconds",
        invalid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "HeartbeatSeconds": 10, "TimeoutSeconds": 10, "End": true"#),
        code: .heartbeatNotBelowTimeout, path: "/States/S/HeartbeatSeconds",
        valid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "HeartbeatSeconds": 9, "TimeoutSeconds": 10, "End": true"#)),
    RuleCase(
        name: "TimeoutSeconds of 0",
        invalid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "TimeoutSeconds": 0, "End": true"#),
        code: .outOfRange, path: "/States/S/TimeoutSeconds",
        valid: ASL.one(#""Type": "Task", "Resource": "\#(lambda)", "TimeoutSeconds": 1, "End": true"#)),
    RuleCase(
        name: "BackoffRate below 1", invalid: retry(#""BackoffRate": 0.5"#), code: .outOfRange,
        path: "/States/S/Retry/0/BackoffRate", valid: retry(#""BackoffRate": 1.0"#)),
    RuleCase(
        name: "IntervalSeconds of 0", invalid: retry(#""IntervalSeconds": 0"#), code: .outOfRange,
        path: "/States/S/Retry/0/IntervalSeconds", valid: retry(#""IntervalSeconds": 1"#)),
    RuleCase(
        name: "negative MaxAttempts", invalid: retry(#""MaxAttempts": -1"#), code: .outOfRange,
        path: "/States/S/Retry/0/MaxAttempts", valid: retry(#""MaxAttempts": 0"#)),
    RuleCase(
        name: "MaxDelaySeconds of 0", invalid: retry(#""MaxDelaySeconds": 0, "JitterStrategy": "FULL""#),
        code: .outOfRange,
        path: "/States/S/Retry/0/MaxDelaySeconds",
        valid: retry(#""MaxDelaySeconds": 31622400, "JitterStrategy": "FULL""#)),
    RuleCase(
        name: "JitterStrategy not FULL or NONE", invalid: retry(#""JitterStrategy": "PARTIAL""#), code: .invalidValue,
        path: "/States/S/Retry/0/JitterStrategy", valid: retry(#""JitterStrategy": "NONE""#)),
    RuleCase(
        name: "ToleratedFailurePercentage above 100", invalid: distributedMap(#""ToleratedFailurePercentage": 100.5,"#),
        code: .outOfRange, path: "/States/S/ToleratedFailurePercentage",
        valid: distributedMap(#""ToleratedFailurePercentage": 100,"#)),
    RuleCase(
        name: "negative Wait Seconds", invalid: ASL.one(#""Type": "Wait", "Seconds": -1, "End": true"#),
        code: .outOfRange,
        path: "/States/S/Seconds", valid: ASL.one(#""Type": "Wait", "Seconds": 0, "End": true"#)),
    // Retry and Catch
    RuleCase(
        name: "empty ErrorEquals", invalid: retry(#""MaxAttempts": 1"#, errors: "[]"), code: .emptyErrorEquals,
        path: "/States/S/Retry/0/ErrorEquals", valid: retry(#""MaxAttempts": 1"#)),
    RuleCase(
        name: "States.ALL with other names", invalid: retry(#""MaxAttempts": 1"#, errors: #"["States.ALL", "E"]"#),
        code: .statesAllPosition, path: "/States/S/Retry/0/ErrorEquals/0", valid: retry(#""MaxAttempts": 1"#)),
    RuleCase(
        name: "States.ALL catcher not last",
        invalid: ASL.states(
            #""A": {"Type": "Task", "Resource": "\#(lambda)", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}, {"ErrorEquals": ["E"], "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        ), code: .statesAllPosition, path: "/States/A/Catch/0/ErrorEquals/0",
        valid: ASL.states(
            #""A": {"Type": "Task", "Resource": "\#(lambda)", "Catch": [{"ErrorEquals": ["E"], "Next": "B"}, {"ErrorEquals": ["States.ALL"], "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        )),
    // Paths
    RuleCase(
        name: "ResultPath into a variable",
        invalid: ASL.one(#""Type": "Pass", "ResultPath": "$foo", "End": true"#), code: .invalidPathKind,
        path: "/States/S/ResultPath", valid: ASL.one(#""Type": "Pass", "ResultPath": "$.foo", "End": true"#)),
    RuleCase(
        name: "ResultPath into the context object",
        invalid: ASL.one(#""Type": "Pass", "ResultPath": "$$.Execution", "End": true"#), code: .invalidPathKind,
        path: "/States/S/ResultPath", valid: ASL.one(#""Type": "Pass", "ResultPath": null, "End": true"#)),
    RuleCase(
        name: "indefinite ResultPath",
        invalid: ASL.one(#""Type": "Pass", "ResultPath": "$.a[*]", "End": true"#), code: .invalidPathKind,
        path: "/States/S/ResultPath", valid: ASL.one(#""Type": "Pass", "ResultPath": "$.a[0]", "End": true"#)),
    RuleCase(
        name: "an indefinite ItemsPath",
        invalid: ASL.one(
            #""Type": "Map", "ItemsPath": "$.orders[*].lines", "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#
        ),
        code: .invalidPathKind, path: "/States/S/ItemsPath",
        valid: ASL.one(
            #""Type": "Map", "ItemsPath": "$$.Execution.Input.lines", "ItemProcessor": {"StartAt": "P", "States": {"P": {\#(pass)}}}, "End": true"#
        )),
    RuleCase(
        name: "an indefinite SecondsPath", invalid: ASL.one(#""Type": "Wait", "SecondsPath": "$..delay", "End": true"#),
        code: .invalidPathKind, path: "/States/S/SecondsPath",
        valid: ASL.one(#""Type": "Wait", "SecondsPath": "$delay", "End": true"#)),
    RuleCase(
        name: "InputPath that is not a path",
        invalid: ASL.one(#""Type": "Pass", "InputPath": "States.Format('x')", "End": true"#), code: .invalidPath,
        path: "/States/S/InputPath", valid: ASL.one(#""Type": "Pass", "InputPath": "$$.Execution.Input", "End": true"#)),
    // Wait, Map Label, Credentials
    RuleCase(
        name: "Timestamp not RFC 3339",
        invalid: ASL.one(#""Type": "Wait", "Timestamp": "2016-12-05 21:29:29Z", "End": true"#),
        code: .invalidTimestamp, path: "/States/S/Timestamp",
        valid: ASL.one(#""Type": "Wait", "Timestamp": "2016-12-05T21:29:29.123+01:00", "End": true"#)),
    RuleCase(
        name: "JSONata Timestamp in a JSONPath state",
        invalid: ASL.one(#""Type": "Wait", "Timestamp": "{% '2016-03-14T01:59:00Z' %}", "End": true"#),
        code: .invalidTimestamp, path: "/States/S/Timestamp",
        valid: ASL.one(
            #""Type": "Wait", "Timestamp": "{% '2016-03-14T01:59:00Z' %}", "End": true"#,
            top: #""QueryLanguage": "JSONata", "#)),
    RuleCase(
        name: "empty Map Label", invalid: distributedMap(#""Label": "","#), code: .invalidLabel,
        path: "/States/S/Label",
        valid: distributedMap(#""Label": "my-label_1","#)),
    RuleCase(
        name: "Map Label with a forbidden character", invalid: distributedMap(#""Label": "a{b}","#),
        code: .invalidLabel,
        path: "/States/S/Label", valid: distributedMap(#""Label": "ab","#)),
    RuleCase(
        name: "Map Label of 41 characters",
        invalid: distributedMap(#""Label": "\#(String(repeating: "x", count: 41))","#),
        code: .invalidLabel, path: "/States/S/Label",
        valid: distributedMap(#""Label": "\#(String(repeating: "x", count: 40))","#)),
    RuleCase(
        name: "Credentials without RoleArn",
        invalid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "Credentials": {"roleArn": "arn:aws:iam::1:role/r"}, "End": true"#
        ),
        code: .invalidCredentials, path: "/States/S/Credentials",
        valid: ASL.one(
            #""Type": "Task", "Resource": "\#(lambda)", "Credentials": {"RoleArn.$": "$.role"}, "End": true"#)),
    // Task resources
    RuleCase(
        name: "dynamodb:query is not an optimized integration", invalid: task("arn:aws:states:::dynamodb:query"),
        code: .invalidResource, path: "/States/S/Resource", valid: task("arn:aws:states:::aws-sdk:dynamodb:query")),
    RuleCase(
        name: "lambda:listFunctions is not an optimized integration",
        invalid: task("arn:aws:states:::lambda:listFunctions"),
        code: .invalidResource, path: "/States/S/Resource", valid: task("arn:aws:states:::lambda:invoke")),
    RuleCase(
        name: "an unsupported integration pattern", invalid: task("arn:aws:states:::dynamodb:putItem.sync"),
        code: .invalidResource, path: "/States/S/Resource", valid: task("arn:aws:states:::dynamodb:putItem")),
    RuleCase(
        name: "aws-sdk does not support .sync", invalid: task("arn:aws:states:::aws-sdk:s3:getObject.sync"),
        code: .invalidResource, path: "/States/S/Resource",
        valid: task("arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken")),
    RuleCase(
        name: "a stand-in partition", invalid: task("arn:<PARTITION>:states:::sns:publish"), code: .invalidResource,
        path: "/States/S/Resource", valid: task("arn:${AWS::Partition}:states:::sns:publish")),
    RuleCase(
        name: "not an ARN", invalid: task("foo:bar"), code: .invalidResource, path: "/States/S/Resource",
        valid: task("${FunctionArn}")),
    RuleCase(
        name: "an empty service segment", invalid: task("arn:aws::lambda:us-east-1:1:function:f"),
        code: .invalidResource,
        path: "/States/S/Resource", valid: task("arn:aws:lambda:us-east-1:1:function:f:$LATEST")),
    RuleCase(
        name: "a service that cannot run in a Task", invalid: task("arn:aws:swf:us-east-1:1:task:X"),
        code: .invalidResource, path: "/States/S/Resource", valid: task("arn:aws:states:us-east-1:1:activity:X")),
    RuleCase(
        name: "an ItemReader resource that is not an S3 read",
        invalid: distributedMap(
            #""ItemReader": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}},"#),
        code: .invalidResource, path: "/States/S/ItemReader/Resource",
        valid: distributedMap(
            #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"}},"#)),
    RuleCase(
        name: "a ResultWriter resource that is not s3:putObject",
        invalid: distributedMap(
            #""ResultWriter": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b"}},"#),
        code: .invalidResource, path: "/States/S/ResultWriter/Resource",
        valid: distributedMap(
            #""ResultWriter": {"Resource": "arn:${AWS::Partition}:states:::s3:putObject", "Parameters": {"Bucket": "b"}},"#
        )),
    // ResultWriter (Map), "Required field combinations" and the WriterConfig values.
    RuleCase(
        name: "an empty ResultWriter", invalid: distributedMap(#""ResultWriter": {},"#), code: .missingField,
        path: "/States/S/ResultWriter",
        // The page's first example: a WriterConfig alone previews the results, a Transformation with no Resource.
        valid: distributedMap(
            #""ResultWriter": {"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}},"#)),
    RuleCase(
        name: "a ResultWriter Resource with no Parameters",
        invalid: distributedMap(#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},"#),
        code: .missingField, path: "/States/S/ResultWriter",
        valid: distributedMap(
            #""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#
        )),
    RuleCase(
        name: "ResultWriter Parameters and a WriterConfig with no Resource",
        invalid: distributedMap(
            #""ResultWriter": {"Parameters": {"Bucket": "b"}, "WriterConfig": {"Transformation": "COMPACT"}},"#),
        code: .missingField, path: "/States/S/ResultWriter",
        valid: distributedMap(
            #""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}, "WriterConfig": {"Transformation": "COMPACT"}},"#
        )),
    RuleCase(
        name: "an OutputType that is neither JSON nor JSONL",
        invalid: distributedMap(#""ResultWriter": {"WriterConfig": {"OutputType": "CSV"}},"#), code: .invalidValue,
        path: "/States/S/ResultWriter/WriterConfig/OutputType",
        valid: distributedMap(#""ResultWriter": {"WriterConfig": {"OutputType": "JSONL"}},"#)),
    RuleCase(
        name: "a Transformation that is not NONE, COMPACT or FLATTEN",
        invalid: distributedMap(#""ResultWriter": {"WriterConfig": {"Transformation": "flatten"}},"#),
        code: .invalidValue, path: "/States/S/ResultWriter/WriterConfig/Transformation",
        valid: distributedMap(#""ResultWriter": {"WriterConfig": {"Transformation": "NONE"}},"#)),
    // EXPRESS
    RuleCase(
        name: ".sync in an EXPRESS machine", invalid: task("arn:aws:states:::states:startExecution.sync:2"),
        code: .expressUnsupported, path: "/States/S/Resource", valid: task("arn:aws:states:::states:startExecution"),
        express: true),
    RuleCase(
        name: ".waitForTaskToken in an EXPRESS machine",
        invalid: task("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
        code: .expressUnsupported, path: "/States/S/Resource", valid: task("arn:aws:states:::sqs:sendMessage"),
        express: true),
    RuleCase(
        name: "an activity in an EXPRESS machine", invalid: task("arn:aws:states:us-east-1:1:activity:X"),
        code: .expressUnsupported, path: "/States/S/Resource", valid: task(lambda), express: true),
    RuleCase(
        name: ".sync inside a distributed Map's EXPRESS child executions",
        invalid: distributedMap("", executionType: "EXPRESS", child: "arn:aws:states:::batch:submitJob.sync"),
        code: .expressUnsupported, path: "/States/S/ItemProcessor/States/P/Resource",
        valid: distributedMap("", executionType: "STANDARD", child: "arn:aws:states:::batch:submitJob.sync")),
    RuleCase(
        name: "STANDARD child executions in an EXPRESS machine", invalid: distributedMap("", executionType: "STANDARD"),
        code: .expressUnsupported, path: "/States/S/ItemProcessor/ProcessorConfig",
        valid: distributedMap("", executionType: "EXPRESS"), express: true),
    // Top level
    RuleCase(
        name: "Version other than 1.0", invalid: ASL.one(pass, top: #""Version": "2.0", "#), code: .invalidValue,
        path: "/Version", valid: ASL.one(pass, top: #""Version": "1.0", "#)),
]

/// A one-state Task machine with this resource.
func task(_ resource: String) -> String {
    ASL.one(#""Type": "Task", "Resource": "\#(resource)", "TimeoutSeconds": 60, "End": true"#)
}

/// A one-state Task machine with one retrier.
func retry(_ fields: String, errors: String = #"["States.ALL"]"#) -> String {
    ASL.one(
        #""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Retry": [{"ErrorEquals": \#(errors), \#(fields)}], "End": true"#
    )
}

/// A distributed Map machine with extra Map fields (ending in a comma).
func distributedMap(_ fields: String, executionType: String = "STANDARD", child: String? = nil) -> String {
    let body = child.map { #""Type": "Task", "Resource": "\#($0)", "End": true"# } ?? #""Type": "Pass", "End": true"#
    return ASL.one(
        #""Type": "Map", \#(fields) "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "\#(executionType)"}, "StartAt": "P", "States": {"P": {\#(body)}}}, "End": true"#
    )
}

@Suite("Validator rules")
struct ValidatorRuleTests {
    @Test("each rule flags its invalid example at the right field", arguments: ruleCases)
    func flagsInvalid(_ rule: RuleCase) {
        let errors = ASL.errors(rule.invalid, express: rule.express)
        let hit = errors.first { $0.code == rule.code && $0.path.slashDescription == rule.path }
        #expect(hit != nil, "expected [\(rule.code)] at \(rule.path), got:\n\(summary(errors))")
        if let hit {
            #expect(hit.location?.line != nil, "the diagnostic should have a line: \(hit)")
            #expect(hit.message.count > 20)
        }
    }

    @Test("each rule leaves its valid neighbour alone", arguments: ruleCases)
    func acceptsValid(_ rule: RuleCase) {
        let errors = ASL.errors(rule.valid, express: rule.express)
        #expect(errors.isEmpty, "expected no error, got:\n\(summary(errors))")
    }

    @Test("'did you mean' for a misspelt target")
    func didYouMean() {
        let errors = ASL.errors(ASL.states(#""A": {"Type": "Pass", "Next": "Finish"}, "Finsh": {"Type": "Succeed"}"#))
        #expect(errors.contains { $0.code == .undefinedState && $0.message.contains("did you mean 'Finsh'?") })
    }

    @Test("a transition into another branch says where the target is")
    func otherBranch() {
        let text = ASL.states(
            #""A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Y"}}}, {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "End": true}}}]}"#
        )
        let errors = ASL.errors(text)
        #expect(
            errors.contains { $0.code == .undefinedState && $0.message.contains("'Y' is a state of") },
            "\(summary(errors))")
    }

    @Test("an unrecognised optimized integration suggests the aws-sdk form")
    func resourceSuggestion() {
        let errors = ASL.errors(task("arn:aws:states:::dynamodb:query"))
        #expect(errors.first?.message.contains("arn:aws:states:::aws-sdk:dynamodb:query") == true, "\(summary(errors))")
    }

    @Test("placeholders stand for values of the type the field needs")
    func placeholders() {
        let text = ASL.one(
            #""Type": "Task", "Resource": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}", "TimeoutSeconds": "${Timeout}", "HeartbeatSeconds": "${Beat}", "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true"#
        )
        #expect(ASL.errors(text).isEmpty, "\(summary(ASL.errors(text)))")
    }
}

@Suite("Validator warnings")
struct ValidatorWarningTests {
    func warnings(_ text: String) -> [Diagnostic] {
        ASL.diagnose(text, warnings: true).filter { $0.severity == .warning }
    }

    @Test("a Task without TimeoutSeconds")
    func taskWithoutTimeout() {
        let w = warnings(ASL.one(#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true"#))
        #expect(w.map(\.code) == [.taskWithoutTimeout])
        #expect(w.first?.path.slashDescription == "/States/S")
        #expect(warnings(task("arn:aws:states:::lambda:invoke")).isEmpty)
    }

    @Test("a Choice without Default")
    func choiceWithoutDefault() {
        let choice = #""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}]"#
        #expect(warnings(ASL.states(choice + #"}, "B": {"Type": "Succeed"}"#)).map(\.code) == [.choiceWithoutDefault])
        #expect(warnings(ASL.states(choice + #", "Default": "B"}, "B": {"Type": "Succeed"}"#)).isEmpty)
    }

    @Test("a Catch without ResultPath in a JSONPath state, not in a JSONata state")
    func catchDropsInput() {
        func machine(_ catcher: String, language: String = "JSONPath") -> String {
            ASL.states(
                #""A": {"Type": "Task", "QueryLanguage": "\#(language)", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "Catch": [\#(catcher)], "End": true}, "B": {"Type": "Succeed"}"#
            )
        }
        let w = warnings(machine(#"{"ErrorEquals": ["States.ALL"], "Next": "B"}"#))
        #expect(w.map(\.code) == [.catchDropsInput])
        #expect(w.first?.path.slashDescription == "/States/A/Catch/0")
        #expect(warnings(machine(#"{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "B"}"#)).isEmpty)
        #expect(warnings(machine(#"{"ErrorEquals": ["States.ALL"], "Next": "B"}"#, language: "JSONata")).isEmpty)
    }

    @Test("distributed-only fields on an INLINE Map are a warning, not an error")
    func distributedOnly() {
        let text = ASL.one(
            #""Type": "Map", "Label": "x", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true"#
        )
        #expect(ASL.errors(text).isEmpty)
        #expect(warnings(text).map(\.code) == [.distributedOnlyField])
    }

    @Test("warnings can be turned off")
    func off() {
        #expect(
            ASL.diagnose(ASL.one(#""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true"#)).isEmpty
        )
    }
}

@Suite("JSONata syntax hook")
struct JSONataHookTests {
    /// A stand-in for the JSONata parser: rejects unbalanced parentheses.
    static let balanced: @Sendable (String) -> String? = { text in
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth < 0 { return "unexpected ')'" }
        }
        return depth == 0 ? nil : "expected ')' before end of expression"
    }

    func errors(_ text: String) -> [Diagnostic] {
        ASLDocument(text: text, validation: .init(warnings: false, jsonataSyntax: Self.balanced)).errors
    }

    @Test("every expression of a JSONata state is checked, at its own field")
    func checked() {
        let text = ASL.states(
            #""A": {"Type": "Choice", "Choices": [{"Condition": "{% ($x %}", "Next": "B", "Output": {"o": ["{% f( %}"]}}], "Default": "B"}, "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"p": "{% $a) %}"}, "TimeoutSeconds": "{% (1 %}", "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"v": "{% ( %}"}, "Next": "C"}], "Next": "C"}, "C": {"Type": "Succeed"}"#,
            top: #""QueryLanguage": "JSONata", "#)
        let paths = Set(errors(text).filter { $0.code == .invalidJSONata }.map(\.path.slashDescription))
        #expect(
            paths == [
                "/States/A/Choices/0/Condition", "/States/A/Choices/0/Output/o/0", "/States/B/Arguments/p",
                "/States/B/TimeoutSeconds", "/States/B/Catch/0/Assign/v",
            ], "\(paths)")
    }

    @Test("valid expressions, and {% %} text in JSONPath states, are not flagged")
    func notFlagged() {
        #expect(
            errors(
                ASL.one(#""Type": "Pass", "Output": "{% ($x) %}", "End": true"#, top: #""QueryLanguage": "JSONata", "#)
            ).isEmpty)
        #expect(errors(ASL.one(#""Type": "Pass", "Parameters": {"a": "{% ( %}"}, "End": true"#)).isEmpty)
    }
}
