import Foundation
import SFNCLI
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `sfn test --junit FILE`: the results as JUnit XML, read back by an XML parser.
@Suite("sfn test --junit: JUnit XML for CI")
struct JUnitReportTests {
    /// Every element of a document with its attributes and text, in document order.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            open.append(elements.count)
            elements.append((elementName, attributeDict, ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = open.last { elements[i].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            open.removeLast()
        }
    }

    @Test func casesGroupsFailuresAndSkipsAreInTheXML() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-junit-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pass = #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}}}"#
        let cases = [
            (
                "a.json",
                #"{"name": "passes", "group": "g1", "definition": \#(pass), "expected": {"status": "SUCCEEDED"}}"#
            ),
            (
                "b.json",
                #"{"name": "fails <&\"'>", "group": "g1", "definition": \#(pass), "expected": {"status": "FAILED"}}"#
            ),
            ("c.json", #"{"name": "skipped", "group": "g2", "definition": \#(pass), "expected": {"status": "?"}}"#),
        ]
        for (name, text) in cases {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "not json".write(to: dir.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("out/junit.xml").path
        let (io, captured) = CommandIO.capturing()
        let status = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: SFN.main(["test", "--junit", report, dir.path], io: io))
            }
        }
        #expect(status == 1)
        #expect(captured.output.contains("wrote \(report)"))

        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: report)))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let elements = collector.elements
        let root = try #require(elements.first)
        #expect(root.name == "testsuites")
        #expect(root.attributes["tests"] == "4")
        #expect(root.attributes["failures"] == "1")
        #expect(root.attributes["errors"] == "1")
        #expect(root.attributes["skipped"] == "1")
        #expect(elements.filter { $0.name == "testsuite" }.map { $0.attributes["name"] } == ["g1", "g2", "unreadable"])
        let testcases = elements.filter { $0.name == "testcase" }
        #expect(testcases.map { $0.attributes["name"] }.prefix(3) == ["passes", "fails <&\"'>", "skipped"])
        #expect(testcases.map { $0.attributes["classname"] }.prefix(3) == ["g1", "g1", "g2"])
        let failure = try #require(elements.first { $0.name == "failure" })
        #expect(failure.text.contains("status"))
        #expect(elements.contains { $0.name == "skipped" })
        let error = try #require(elements.first { $0.name == "error" })
        #expect(error.attributes["message"]?.contains("d.json") == true)
    }
}
