import JSONCore
import Testing

@testable import StepFunctionsModel

@Suite("JSONPath parser")
struct JSONPathTests {
    @Test("roots: input, context object, variables")
    func roots() throws {
        #expect(try JSONPath(parsing: "$").root == .input)
        #expect(try JSONPath(parsing: "$").isRoot)
        #expect(try JSONPath(parsing: "$$.Execution.Id").root == .context)
        #expect(try JSONPath(parsing: "$order.id").root == .variable("order"))
        #expect(try JSONPath(parsing: "$_x1").root == .variable("_x1"))
    }

    @Test("segments of a definite path")
    func definite() throws {
        let p = try JSONPath(parsing: "$.a['b c'][0].d")
        #expect(p.segments == [.member("a"), .member("b c"), .index(0), .member("d")])
        #expect(p.isDefinite)
        #expect(p.source == "$.a['b c'][0].d")
    }

    @Test(
        "indefinite paths",
        arguments: [
            "$.a[*]", "$.a.*", "$..name", "$.a[1:3]", "$.a[::2]", "$.a['x','y']", "$.a[0,2]", "$.a[?(@.n > 1)]",
            "$.a[-1]", "$.a.length()", "$.a[(@.length-1)]",
        ])
    func indefinite(text: String) throws {
        #expect(try !JSONPath(parsing: text).isDefinite, "\(text)")
    }

    @Test("filters: comparisons, logic, regex, lists")
    func filters() throws {
        let p = try JSONPath(parsing: "$.items[?(@.price < 10 && @.tag == 'x' || !(@.gone))]")
        guard
            case .filter(.or(.and(.comparison(_, .less, .literal(10)), .comparison(_, .equal, .literal("x"))), .not)) =
                p.segments.last
        else {
            Issue.record("unexpected filter tree: \(p.segments)")
            return
        }
        let r = try JSONPath(parsing: "$[?(@.name =~ /^a.*/i)]")
        guard case .filter(.comparison(_, .matches, .regex(pattern: "^a.*", flags: "i"))) = r.segments.last else {
            Issue.record("unexpected regex filter: \(r.segments)")
            return
        }
        let l = try JSONPath(parsing: "$[?(@.n in [1, 2])]")
        guard case .filter(.comparison(_, .in, .literal(.array([1, 2])))) = l.segments.last else {
            Issue.record("unexpected list filter: \(l.segments)")
            return
        }
    }

    @Test(
        "syntax errors name the problem and its character",
        arguments: [
            ("", "empty", 0), ("a.b", "must start with '$'", 0), ("$.", "ends with '.'", 2), ("$.a[", "unclosed", 3),
            ("$.a[0", "expected ']'", 5), ("$.a['x", "unterminated", 4), ("$.a[?(@.x > 1]", "expected ')'", 13),
            ("$.a.length().b", "nothing may follow", 12), ("$ .a", "unexpected ' '", 1), ("$.a]", "unexpected ']'", 3),
            ("$.a[x]", "unexpected 'x'", 4),
        ])
    func errors(text: String, fragment: String, offset: Int) {
        do {
            _ = try JSONPath(parsing: text)
            Issue.record("\(text.debugDescription) should not parse")
        } catch {
            #expect(error.message.contains(fragment), "\(text): \(error.message)")
            #expect(error.offset == offset, "\(text): offset \(error.offset)")
            #expect(error.description.contains("at character \(offset + 1)"))
        }
    }

    @Test("a very long path parses without recursion trouble")
    func longPath() throws {
        let text = "$" + String(repeating: ".a", count: 5000)
        #expect(try JSONPath(parsing: text).segments.count == 5000)
    }
}

@Suite("Intrinsic function parser")
struct IntrinsicFunctionTests {
    @Test("a call with every kind of argument")
    func arguments() throws {
        let f = try IntrinsicFunction(
            parsing: "States.Format('Hi {} \\'x\\'', $.name, 42, -1.5, true, null, $$.Execution.Id)")
        #expect(f.name == .format)
        #expect(f.arguments.count == 7)
        #expect(f.arguments[0] == .string("Hi {} 'x'"))
        #expect(f.arguments[2] == .number(.int(42)))
        #expect(f.arguments[3] == .number(.double(-1.5)))
        #expect(f.arguments[4] == .bool(true))
        #expect(f.arguments[5] == .null)
        guard case .path(let p) = f.arguments[6] else {
            Issue.record("the last argument should be a path")
            return
        }
        #expect(p.root == .context)
    }

    @Test("nested calls and paths with commas inside brackets")
    func nesting() throws {
        let f = try IntrinsicFunction(parsing: "States.Array(States.UUID(), $.a['x,y'], States.MathAdd($.n, 1))")
        #expect(f.arguments.count == 3)
        guard case .call(let inner) = f.arguments[2] else {
            Issue.record("expected a nested call")
            return
        }
        #expect(inner.name == .mathAdd)
    }

    @Test("escapes: \\{ \\} and \\\\ stay escaped for States.Format")
    func escapes() throws {
        let f = try IntrinsicFunction(parsing: #"States.Format('\{\} \\ {}', 1)"#)
        #expect(f.arguments[0] == .string(#"\{\} \\ {}"#))
        #expect(IntrinsicFunction.resolveEscapes(#"\{\} \\"#) == #"{} \"#)
    }

    @Test("all 18 functions are recognised")
    func names() throws {
        #expect(IntrinsicFunction.Name.allCases.count == 18)
        for name in IntrinsicFunction.Name.allCases {
            #expect(try IntrinsicFunction(parsing: "\(name.rawValue)()").name == name)
        }
    }

    @Test(
        "syntax errors name the problem",
        arguments: [
            ("States.Xyz($.a)", "is not an intrinsic function"), ("Foo($.a)", "neither a path"),
            ("States.Format('a'", "expected ')'"), ("States.Format('a)", "unterminated string"),
            ("States.Format('\\n')", "illegal escape"), ("States.Format('a' 'b')", "expected ',' or ')'"),
            ("States.Format('a'))", "after the end of the call"), ("States.Format(@)", "unexpected '@'"),
            ("States.Format($.a[)", "invalid path argument"),
            (" States.Array(1)", "expected an intrinsic function name"),
            ("States.UUID", "expected '('"),
        ])
    func errors(text: String, fragment: String) {
        do {
            _ = try IntrinsicFunction(parsing: text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.message.contains(fragment), "\(text): \(error.message)")
        }
    }

    @Test("PathOrIntrinsic tells paths from calls")
    func pathOrIntrinsic() throws {
        guard case .path = try PathOrIntrinsic(parsing: "$.a") else {
            Issue.record("$.a is a path")
            return
        }
        guard case .intrinsic = try PathOrIntrinsic(parsing: "States.UUID()") else {
            Issue.record("States.UUID() is a call")
            return
        }
    }
}

@Suite("Placeholders and task resources")
struct PlaceholderTests {
    @Test("a whole ${Name} string is a placeholder")
    func placeholders() {
        #expect(Placeholder.name(in: "${LambdaArn}") == "LambdaArn")
    }

    @Test(
        "not placeholders: LocalStack's stand-ins, partial and malformed forms",
        arguments: ["%Operator%", "_tbd_", "__tbc__", "${a}${b}", "arn:${P}:x", "100%", "% a %", "$.x", ""])
    func notPlaceholders(text: String) {
        #expect(Placeholder.name(in: text) == nil)
    }

    @Test(
        "LocalStack's test-template stand-ins",
        arguments: [("%Operator%", "Operator"), ("_tbd_", "_tbd_"), ("__TBD__", "__TBD__"), ("__tbc__", "__tbc__")])
    func localStackStandIns(text: String, name: String) {
        #expect(Placeholder.localStackName(in: text) == name)
    }

    @Test("not LocalStack stand-ins", arguments: ["${a}", "100%", "% a %", "%a%b%", "_tbd", ""])
    func notLocalStackStandIns(text: String) {
        #expect(Placeholder.localStackName(in: text) == nil)
    }

    @Test("resource kinds")
    func resourceKinds() {
        #expect(
            TaskResource("arn:aws:lambda:us-east-1:123456789012:function:f:prod").kind
                == .lambdaFunction(name: "f", qualifier: "prod"))
        #expect(TaskResource("arn:aws:states:us-east-1:123456789012:activity:a").kind == .activity(name: "a"))
        #expect(
            TaskResource("arn:aws:states:::states:startExecution.sync:2").kind
                == .integration(service: "states", action: "startExecution", pattern: .sync2))
        #expect(
            TaskResource("arn:aws:states:::aws-sdk:s3:getObject").kind
                == .sdk(service: "s3", action: "getObject", pattern: .requestResponse))
        #expect(TaskResource("foo:bar").kind == .unrecognized)
    }
}

/// `../shared/reliability` F5 and F6: hostile nesting is a parse error, never a stack overflow or
/// quadratic work.
@Suite("Deep nesting in paths and intrinsic calls")
struct DeepNestingTests {
    @Test func thirtyThousandFilterParenthesesAreAnError() {
        let deep =
            "$.x[?(" + String(repeating: "(", count: 30_000) + "@.a" + String(repeating: ")", count: 30_000) + ")]"
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: deep) }
        let shallow =
            "$.x[?(" + String(repeating: "(", count: 50) + "@.a == 1" + String(repeating: ")", count: 50) + ")]"
        #expect((try? JSONPath(parsing: shallow)) != nil)
        let negations = "$.x[?(" + String(repeating: "!", count: 30_000) + "@.a)]"
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: negations) }
    }

    @Test func twentyThousandNestedIntrinsicCallsAreAnError() {
        let deep = String(repeating: "States.Array(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        #expect(throws: JSONPathSyntaxError.self) { try PathOrIntrinsic(parsing: deep) }
        let shallow = String(repeating: "States.Array(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect((try? PathOrIntrinsic(parsing: shallow)) != nil)
    }
}
