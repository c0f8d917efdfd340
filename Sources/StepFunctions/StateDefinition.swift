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
        DiagnosticLocation(file: SourceFile.relative(file), line: Int(line), column: Int(column))
    }
}

/// The paths DSL locations are written with.
enum SourceFile {
    /// The folders a package's Swift files live in.
    static let roots = ["/Sources/", "/Tests/", "/Samples/", "/Examples/", "/Snippets/", "/Plugins/", "/Benchmarks/"]

    /// `file` from the first of ``roots`` on (`Sources/App/Orders.swift`), or as given when it is under none.
    static func relative(_ file: String) -> String {
        var best: String.Index?
        for root in roots {
            if let r = file.firstRange(of: root), best.map({ r.lowerBound < $0 }) ?? true { best = r.lowerBound }
        }
        guard let best else { return file }
        return String(file[file.index(after: best)...])
    }
}

extension JSONataExpression {
    /// A JSONata expression written without its `{% %}` delimiters, for fields that take a number,
    /// a timestamp or a string: `.timeout(.jsonata("$states.input.timeout"))`.
    public static func jsonata(_ source: String) -> JSONataExpression { spaced(source) }
}
