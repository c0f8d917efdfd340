import StepFunctionsSimulator

extension EventsTextMatch {
    /// What an event of one type shows in the compact layout besides its values
    /// (``eventAsWritten(_:)``), as bytes.
    struct Label {
        /// `,"type":"PassStateEntered","id":`: from the timestamp's closing quote to the id.
        let typeText: UnsafeBufferPointer<UInt8>
        /// `,"stateEnteredEventDetails":` (empty for a type without details).
        let detailsText: UnsafeBufferPointer<UInt8>
        /// The type's name (`PassStateEntered`), within `typeText`.
        var typeName: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: typeText[9..<(typeText.count - 7)])
        }
        /// The details key (`stateEnteredEventDetails`), within `detailsText` (empty without details).
        var detailsKey: UnsafeBufferPointer<UInt8> {
            detailsText.isEmpty ? detailsText : UnsafeBufferPointer(rebasing: detailsText[2..<(detailsText.count - 2)])
        }
        /// Whether the details' `name` is the state's, part of the event's label (compared exactly).
        let exactName: Bool
    }

    /// The labels of all types, by ``HistoryEventType/ordinal(_:)``. `@unchecked Sendable` is
    /// safe: made once, never written after.
    struct Labels: @unchecked Sendable {
        let table: UnsafeBufferPointer<Label>
    }

    /// Every type's label, made once per process and kept for its life (plain pointers: reading
    /// one retains nothing).
    static let labels: Labels = {
        func bytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
            let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
            _ = p.initialize(from: text.utf8)
            return UnsafeBufferPointer(p)
        }
        let types = HistoryEventType.allCases
        let table = UnsafeMutableBufferPointer<Label>.allocate(capacity: types.count)
        for t in types {
            let key = t.detailsKey
            table.baseAddress!.advanced(by: HistoryEventType.ordinal(t)).initialize(
                to: Label(
                    typeText: bytes(#","type":""# + t.rawValue + #"","id":"#),
                    detailsText: bytes(key.map { #",""# + $0 + #"":"# } ?? ""),
                    exactName: key == "stateEnteredEventDetails" || key == "stateExitedEventDetails"))
        }
        return Labels(table: UnsafeBufferPointer(table))
    }()

    /// Whether the bytes at `pos` are `word`; if so, moves past them.
    @inline(__always)
    mutating func skip(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = word.count
        guard n > 0 else { return true }
        guard pos + n <= b.count, let base = b.baseAddress, EventsTextMatch.equal(base + pos, word.baseAddress!, n)
        else {
            return false
        }
        pos += n
        return true
    }
}
