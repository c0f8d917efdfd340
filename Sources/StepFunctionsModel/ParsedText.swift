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

extension Character {
    /// `isLetter`, answered from the byte for ASCII (the Unicode tables cost hundreds of
    /// instructions a character, and nearly every path and intrinsic call is ASCII).
    @inline(__always)
    var isLetterQuick: Bool {
        if let a = asciiValue { return (a >= 65 && a <= 90) || (a >= 97 && a <= 122) }
        return isLetter
    }

    /// `isNumber`, answered from the byte for ASCII.
    @inline(__always)
    var isNumberQuick: Bool {
        if let a = asciiValue { return a >= 48 && a <= 57 }
        return isNumber
    }
}
