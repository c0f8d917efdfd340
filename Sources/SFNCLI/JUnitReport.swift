import Foundation
import StepFunctionsConformance
import WorkflowPictures

/// `sfn test --junit FILE`: the run as JUnit XML (the format CI services read test results in).
///
/// One `<testsuite>` per case group, one `<testcase>` per case (its group as `classname`): a failed
/// case holds a `<failure>` with its differences, a case that could not be run a `<skipped>` with
/// the reason, and a case file that could not be read is a test case of its own with an `<error>`.
enum JUnitReport {
    /// The XML document for `results` (in their order) and the unreadable case files.
    static func xml(_ results: [ConformanceResult], unreadable: [String], seconds: Double) -> String {
        var groups: [String] = []
        var byGroup: [String: [ConformanceResult]] = [:]
        for r in results {
            if byGroup[r.group] == nil { groups.append(r.group) }
            byGroup[r.group, default: []].append(r)
        }
        let failures = results.count { if case .failed = $0.outcome { true } else { false } }
        let skipped = results.count { if case .skipped = $0.outcome { true } else { false } }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<testsuites name="sfn test" tests="\#(results.count + unreadable.count)" "#
        out += #"failures="\#(failures)" errors="\#(unreadable.count)" skipped="\#(skipped)" "#
        out += #"time="\#(String(format: "%.3f", seconds))">"# + "\n"
        for group in groups {
            let cases = byGroup[group] ?? []
            let groupFailures = cases.count { if case .failed = $0.outcome { true } else { false } }
            let groupSkipped = cases.count { if case .skipped = $0.outcome { true } else { false } }
            out += #"  <testsuite name="\#(escaped(group))" tests="\#(cases.count)" "#
            out += #"failures="\#(groupFailures)" errors="0" skipped="\#(groupSkipped)">"# + "\n"
            for r in cases {
                let open = #"    <testcase name="\#(escaped(r.name))" classname="\#(escaped(group))""#
                switch r.outcome {
                case .passed:
                    out += open + "/>\n"
                case .failed(let differences):
                    out += open + ">\n"
                    out += #"      <failure message="\#(escaped(differences.first ?? "failed"))" type="mismatch">"#
                    out += escaped(differences.joined(separator: "\n")) + "</failure>\n"
                    out += "    </testcase>\n"
                case .skipped(let reason):
                    out += open + ">\n"
                    out += #"      <skipped message="\#(escaped(reason))"/>"# + "\n"
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        if !unreadable.isEmpty {
            out += #"  <testsuite name="unreadable" tests="\#(unreadable.count)" failures="0" "#
            out += #"errors="\#(unreadable.count)" skipped="0">"# + "\n"
            for message in unreadable {
                out += #"    <testcase name="\#(escaped(message))" classname="unreadable">"# + "\n"
                out += #"      <error message="\#(escaped(message))" type="unreadable"/>"# + "\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Text as XML character data or an attribute value: markup escaped as the pictures escape it,
    /// line breaks kept through attribute normalisation, and the control characters XML 1.0 cannot
    /// hold at all replaced by U+FFFD.
    static func escaped(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let illegal =
                (scalar.value < 0x20 && scalar != "\t" && scalar != "\r" && scalar != "\n")
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF
            kept.append(illegal ? "\u{FFFD}" : scalar)
        }
        return Markup.xml(String(kept)).replacingOccurrences(of: "\n", with: "&#10;")
    }
}
