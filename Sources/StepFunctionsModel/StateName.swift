/// A type whose values name the states of one workflow, usually a `String`-backed enum.
///
/// The raw value is the ASL state name. The DSL binds a workflow to its name type, so a misspelt
/// state does not compile; the simulator's handlers take the same type.
///
/// ```swift
/// enum PaymentStep: String, StateName {
///     case validateOrder = "ValidateOrder", handleFailure = "HandleFailure"
/// }
/// ```
public protocol StateName: RawRepresentable, Hashable, Sendable where RawValue == String {}

extension StateName {
    /// The ASL state name.
    public var stateName: String { rawValue }
}
