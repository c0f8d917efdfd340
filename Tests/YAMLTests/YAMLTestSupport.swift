import JSONCore
import Testing
import YAML

/// Helpers shared by the YAML tests.
enum YAMLTestSupport {
    /// Parses `yaml` and expects the JSON written in `json`, with the same key order and number kinds.
    static func expectJSON(
        _ yaml: String, _ json: String, options: YAMLParser.Options = YAMLParser.Options(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected: JSONValue
        do {
            expected = try JSONParser.parse(json)
        } catch {
            Issue.record("bad expected JSON \(json): \(error)", sourceLocation: sourceLocation)
            return
        }
        do {
            let actual = try YAMLParser.parseJSON(yaml, options: options)
            #expect(
                actual.isIdentical(to: expected), "\(actual) is not \(expected)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error) for:\n\(yaml)", sourceLocation: sourceLocation)
        }
    }

    /// The error parsing `yaml` throws, or `nil` (recording an issue) when it parses.
    static func error(
        _ yaml: String, options: YAMLParser.Options = YAMLParser.Options(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> YAMLError? {
        do {
            let node = try YAMLParser.parse(yaml, options: options)
            Issue.record("expected an error, got \(node.jsonValue()) for:\n\(yaml)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Expects parsing `yaml` to fail with `kind` at `line`:`column`, with a message containing `fragment`.
    static func expectError(
        _ yaml: String, _ kind: YAMLError.Kind, line: Int, column: Int, _ fragment: String = "",
        options: YAMLParser.Options = YAMLParser.Options(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = error(yaml, options: options, sourceLocation: sourceLocation) else { return }
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
        #expect(
            fragment.isEmpty || error.message.contains(fragment), "\(error.message) lacks '\(fragment)'",
            sourceLocation: sourceLocation)
    }

    /// The 1-based line and column where the `occurrence`-th `needle` starts in `text`.
    static func location(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
        var searchStart = text.startIndex
        var found = text.startIndex
        for _ in 0..<occurrence {
            guard let range = text[searchStart...].firstRange(of: needle) else { return (0, 0) }
            found = range.lowerBound
            searchStart = text.index(after: range.lowerBound)
        }
        var line = 1
        var column = 1
        for scalar in text[..<found].unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// A step of a path written in a test: a `String` key or an `Int` index.
protocol PathPart: Sendable {
    var component: FieldPathComponent { get }
}

extension String: PathPart {
    var component: FieldPathComponent { .key(self) }
}

extension Int: PathPart {
    var component: FieldPathComponent { .index(self) }
}

/// `path("States", "A", "Catch", 0)`.
func path(_ parts: any PathPart...) -> FieldPath {
    FieldPath(parts.map(\.component))
}
