/// Where a non-terminal state goes when it completes.
public enum Transition: Sendable, Hashable {
    /// `"Next": name`
    case next(String)
    /// `"End": true`
    case end

    /// The next state's name, or `nil` for `End`.
    public var nextState: String? {
        if case .next(let name) = self { return name }
        return nil
    }
}
