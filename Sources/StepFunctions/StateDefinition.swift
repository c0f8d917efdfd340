/// A state of a workflow whose state names are `Name`: what a ``StatesBuilder`` block accepts.
///
/// Every state type (``Pass``, ``Choice``, ``LambdaInvoke``, ...) conforms. Modifiers return a modified
/// copy, and a state only offers the fields its ASL type has (``ASLSchema`` says which, and the
/// modifiers for the simple fields are generated from it): `Pass(...).retry(...)` does not compile,
/// because Pass states cannot retry.
public protocol StateDefinition<Name>: Sendable {
    /// The workflow's state-name type.
    associatedtype Name: StateName
    /// The state as built so far (opaque; builders and modifiers fill it in).
    var node: StateNode { get set }
}

extension StateDefinition {
    /// A copy with `change` applied to the node.
    func modified(_ change: (inout StateNode) -> Void) -> Self {
        var copy = self
        change(&copy.node)
        return copy
    }

    /// A copy with `field` set to `content`, recorded as written at `file:line:column`.
    func setting(_ field: ASLField, _ content: FieldContent, _ file: String, _ line: UInt, _ column: UInt) -> Self {
        modified { $0.set(field, content, at: .source(file, line, column)) }
    }

    /// A copy with `field` set to `content` when it is present, else unchanged.
    func setting(_ field: ASLField, _ content: FieldContent?, _ file: String, _ line: UInt, _ column: UInt) -> Self {
        guard let content else { return self }
        return setting(field, content, file, line, column)
    }
}

extension DiagnosticLocation {
    /// Where DSL code was written: `#filePath` relative to its package's root (the directory holding
    /// `Sources/`, `Tests/`...), so an editor opened at the root can jump to it.
    static func source(_ file: String, _ line: UInt, _ column: UInt) -> DiagnosticLocation {
        DiagnosticLocation(file: SourceFile.fromPackageRoot(file), line: Int(line), column: Int(column))
    }
}

/// The paths DSL locations are written with.
package enum SourceFile {
    /// The folders a package's Swift files live in.
    static let roots = ["/Sources/", "/Tests/", "/Samples/", "/Examples/", "/Snippets/", "/Plugins/", "/Benchmarks/"]

    /// `file` relative to the nearest directory above it holding a `Package.swift` (the package's
    /// root: `Sources/App/Orders.swift`, `Samples/Payment/Sources/Payment.swift`), which an editor
    /// opened at the root can jump to; ``relative(_:)`` when no such directory can be found (the
    /// source was built on another machine, or is not in a package). The file system is asked once
    /// per file (``PackageRoot``, in the compiler: the DSL imports no Foundation).
    package static func fromPackageRoot(_ file: String) -> String {
        PackageRoot.relativePath(file) ?? relative(file)
    }

    /// The nearest directory above `file` (an absolute path) that holds a `Package.swift`.
    package static func packageRoot(of file: String) -> String? { PackageRoot.root(of: file) }

    /// The roots as bytes, each with its slashes.
    static let rootBytes: [[UInt8]] = roots.map { Array($0.utf8) }

    /// `file` from the first of ``roots`` on (`Sources/App/Orders.swift`), or as given when it is under none.
    ///
    /// Every modifier records where it was written, so this runs once per modifier: it scans the
    /// path's bytes once (a generic substring search per root cost 18× the time of building a
    /// 10,000-state workflow).
    package static func relative(_ file: String) -> String {
        let start: Int?? = file.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "/") {
                    for root in rootBytes where i + root.count <= bytes.count {
                        var j = 1
                        while j < root.count && bytes[i + j] == root[j] { j += 1 }
                        if j == root.count { return i + 1 }
                    }
                }
                i += 1
            }
            return nil
        }
        switch start {
        case .some(.some(let offset)):
            let utf8 = file.utf8
            return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: offset)...]))
        case .some(.none):
            return file
        case .none:
            // A bridged string without contiguous UTF-8 (rare): the slow path.
            var best: String.Index?
            for root in roots {
                if let r = file.firstRange(of: root), best.map({ r.lowerBound < $0 }) ?? true { best = r.lowerBound }
            }
            guard let best else { return file }
            return String(file[file.index(after: best)...])
        }
    }
}

extension JSONataExpression {
    /// A JSONata expression written without its `{% %}` delimiters, for fields that take a number,
    /// a timestamp or a string: `.timeout(.jsonata("$states.input.timeout"))`.
    public static func jsonata(_ source: String) -> JSONataExpression { spaced(source) }
}
