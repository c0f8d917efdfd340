/// What the JSONPath and intrinsic-function parsers read: a text as characters.
enum ParsedText {
    /// `text`'s characters and, when each is one printable ASCII byte, its bytes. Splitting an
    /// ASCII text into characters needs no grapheme rules (every byte is one character: CR LF, the
    /// one ASCII pair that is a single character, is not printable).
    static func characters(of text: String) -> (chars: [Character], ascii: [UInt8]?) {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return (Array(text), nil) }
        return (bytes.map { Character(Unicode.Scalar($0)) }, bytes)
    }
}
