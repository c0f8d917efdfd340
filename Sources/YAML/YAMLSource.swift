import JSONCore

/// The input bytes, and the conversion of marks to line/column positions.
///
/// Columns are counted in Unicode scalars from the start of the line; the last answer is
/// remembered so that positions asked for in reading order cost time proportional to the
/// distance moved, even on one very long line (minified flow YAML).
struct YAMLSource {
    let bytes: [UInt8]
    /// Where the text proper starts (3 when it begins with a UTF-8 byte order mark).
    let bodyStart: Int
    private var memoOffset = 0
    private var memoLineStart = 0
    private var memoColumn = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
        bodyStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        memoOffset = bodyStart
        memoLineStart = bodyStart
    }

    /// The position of `mark`: 1-based line, column in Unicode scalars, byte offset.
    mutating func position(_ mark: Mark) -> SourcePosition {
        if mark.lineStart != memoLineStart || mark.offset < memoOffset {
            memoLineStart = mark.lineStart
            memoOffset = mark.lineStart
            memoColumn = 1
        }
        var column = memoColumn
        var i = memoOffset
        let end = min(mark.offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        memoOffset = end
        memoColumn = column
        return SourcePosition(line: mark.line, column: column, offset: mark.offset)
    }

    /// Rejects characters YAML does not allow anywhere in a stream: C0 controls other than tab,
    /// line feed and carriage return, DEL, C1 controls other than NEL, and U+FFFE / U+FFFF.
    func checkCharacters() throws(YAMLError) {
        var line = 1
        var lineStart = bodyStart
        var i = bodyStart
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F {
                i += 1
                continue
            }
            var bad = false
            switch b {
            case 0x0A:
                line += 1
                lineStart = i + 1
            case 0x0D:
                // A lone carriage return is a line break too (a CR LF pair counts once, at the LF).
                if i + 1 >= n || bytes[i + 1] != 0x0A {
                    line += 1
                    lineStart = i + 1
                }
            case 0x09: break
            case 0xC2: bad = i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F && bytes[i + 1] != 0x85
            case 0xEF: bad = i + 2 < n && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF)
            default: bad = b < 0x20 || b == 0x7F
            }
            if bad {
                var copy = self
                let position = copy.position(Mark(offset: i, line: line, lineStart: lineStart))
                let code = b == 0xC2 ? Int(bytes[i + 1]) : b == 0xEF ? 0xFFFE + Int(bytes[i + 2] - 0xBE) : Int(b)
                throw YAMLError(
                    .invalidCharacter, "character U+\(YAMLSource.hex(code, width: 4)) is not allowed in YAML text",
                    at: position)
            }
            i += 1
        }
    }

    static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
