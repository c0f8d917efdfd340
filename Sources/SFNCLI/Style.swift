import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Colour in text output: errors red, warnings yellow, passes green, as ANSI escapes, only when
/// ``enabled`` (standard output is a terminal, `NO_COLOR` is unset or empty, `--no-color` not given).
package struct Style: Sendable {
    /// Whether escapes are written.
    package var enabled: Bool

    /// Creates a style.
    package init(enabled: Bool) { self.enabled = enabled }

    /// No colour.
    package static let plain = Style(enabled: false)

    /// Whether this process's standard output is a terminal and `environment` does not set `NO_COLOR`.
    package static func forTerminal(environment: [String: String]) -> Style {
        Style(enabled: isatty(STDOUT_FILENO) == 1 && !noColor(environment))
    }

    /// The part of the process's environment colour depends on (`NO_COLOR`), read with `getenv`:
    /// Foundation's whole `environment` dictionary cost ~0.8 M instructions a process.
    package static func colorEnvironment() -> [String: String] {
        guard let value = getenv("NO_COLOR") else { return [:] }
        return ["NO_COLOR": String(cString: value)]
    }

    /// Whether `NO_COLOR` is set to something (https://no-color.org: present and not empty).
    package static func noColor(_ environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }

    private func paint(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Text for an error or failure: red.
    package func failed(_ text: String) -> String { paint("31", text) }
    /// Text for a warning or skip: yellow.
    package func warning(_ text: String) -> String { paint("33", text) }
    /// Text for a success: green.
    package func passed(_ text: String) -> String { paint("32", text) }

    /// A diagnostic line (`FILE:LINE:COL: error|warning: ...`) with its severity coloured.
    package func diagnostic(_ line: String) -> String {
        guard enabled else { return line }
        if let r = line.range(of: ": error: ") {
            return line.replacingCharacters(in: r, with: ": " + failed("error") + ": ")
        }
        if let r = line.range(of: ": warning: ") {
            return line.replacingCharacters(in: r, with: ": " + warning("warning") + ": ")
        }
        return line
    }
}
