import JSONCore
import JSONata
import Testing

/// The sample document most tests query.
let sampleDocument: JSONValue =
    (try? JSONParser.parse(
        """
        {
          "Account": {
            "Name": "Firefly",
            "Order": [
              {"OrderID": "order103", "Product": [
                {"Name": "Bowler Hat", "ID": 858383, "SKU": "0406654608", "Price": 34.45, "Quantity": 2,
                 "Description": {"Colour": "Purple", "Weight": 0.75}},
                {"Name": "Trilby hat", "ID": 858236, "SKU": "0406634348", "Price": 21.67, "Quantity": 1,
                 "Description": {"Colour": "Orange", "Weight": 0.6}}]},
              {"OrderID": "order104", "Product": [
                {"Name": "Bowler Hat", "ID": 858383, "SKU": "040657863", "Price": 34.45, "Quantity": 4,
                 "Description": {"Colour": "Purple", "Weight": 0.75}},
                {"Name": "Cloak", "ID": 345664, "SKU": "0406654603", "Price": 107.99, "Quantity": 1,
                 "Description": {"Colour": "Black", "Weight": 2}}]}
            ]
          },
          "library": {
            "books": [
              {"title": "Structure and Interpretation", "isbn": "0262510871", "authors": ["Abelson", "Sussman"]},
              {"title": "The C Programming Language", "isbn": "0131103628", "authors": ["Kernighan", "Richie"]}
            ],
            "loans": [{"customer": "10001", "isbn": "0262510871"}, {"customer": "10003", "isbn": "0131103628"}],
            "customers": [{"id": "10001", "name": "Joe Doe"}, {"id": "10003", "name": "Jason Arthur"}]
          }
        }
        """)) ?? .null

/// Evaluates `expression` against `input` with the standard library (or the given environment).
func evaluate(
    _ expression: String, _ input: JSONValue? = sampleDocument, bindings: [String: JSONValue] = [:],
    environment: JSONataEnvironment = .standard, options: JSONataOptions = JSONataOptions()
) throws -> JSONValue? {
    try CompiledJSONata(expression).evaluate(input, bindings: bindings, environment: environment, options: options)
}

/// Parses expected JSON text; `"undefined"` means no result.
func expected(_ text: String) -> JSONValue? {
    text == "undefined" ? nil : (try? JSONParser.parse(text))
}

/// The error an expression raises, or nil.
func errorOf(
    _ expression: String, _ input: JSONValue? = sampleDocument, bindings: [String: JSONValue] = [:],
    environment: JSONataEnvironment = .standard, options: JSONataOptions = JSONataOptions()
) -> JSONataError? {
    do {
        _ = try CompiledJSONata(expression).evaluate(
            input, bindings: bindings, environment: environment, options: options)
        return nil
    } catch {
        return error
    }
}

/// Deep equality with numbers compared by value (1 == 1.0), as the jsonata suite compares.
func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (.some(let x), .some(let y)): return x == y
    default: return false
    }
}
