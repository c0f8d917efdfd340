import JSONCore

/// A part of a definition the Swift DSL cannot express, so ``SwiftWriter`` writes no Swift for it
/// rather than Swift that would compile to a different definition.
public struct SwiftImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the definition, e.g. `States.Wait.Seconds`.
    public var path: String
    /// What cannot be expressed, and why.
    public var message: String

    /// Creates an error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
