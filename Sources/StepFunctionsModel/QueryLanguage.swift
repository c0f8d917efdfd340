/// The language a state uses to select and transform data.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    /// `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath` and intrinsic functions.
    case jsonPath = "JSONPath"
    /// `Arguments`, `Output` and `{% %}` JSONata expressions.
    case jsonata = "JSONata"
}
