/// Where in the Swift source each state and field of a lowered workflow was written, by field path.
///
/// A diagnostic about `States.ProcessPayment.Catch[0].Next` gets the location of the nearest recorded
/// path: the `.catch(...)` call if it was recorded, else the state's own line.
public struct SourceMap: Sendable {
    private var locations: [FieldPath: DiagnosticLocation] = [:]

    /// Creates an empty map.
    public init() {}

    /// Records where `path` was written (the first record of a path wins).
    mutating func record(_ path: FieldPath, _ location: DiagnosticLocation) {
        if locations[path] == nil { locations[path] = location }
    }

    /// The location of `path` or of its nearest recorded ancestor.
    public func location(for path: FieldPath) -> DiagnosticLocation? {
        var p = path
        while true {
            if let l = locations[p] { return l }
            if p.components.isEmpty { return nil }
            p = p.parent
        }
    }

    /// The number of recorded paths.
    public var count: Int { locations.count }
}
