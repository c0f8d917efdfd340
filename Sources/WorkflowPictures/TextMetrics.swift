/// Text widths estimated without a font engine (Arial's advance widths, with a margin for wider
/// fonts), and wrapping at word, separator and camel-case boundaries.
///
/// The estimate sizes the boxes; the HTML page checks each line in the browser and narrows any
/// line that still overflows (`textLength`), so a name always fits its box whatever the font.
enum TextMetrics {
    /// Arial's advance widths of ASCII 32...126, in thousandths of an em.
    private static let ascii: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space ... /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 ... ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ ... O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P ... _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` ... o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p ... ~
    ]

    /// The estimated width of `text` at `size` points; `bold` text is about 8% wider.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            if v >= 32 && v <= 126 {
                units += ascii[v - 32]
            } else if v >= 0x1100
                && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                    || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF00 && v <= 0xFF60) || v >= 0x1F300)
            {
                units += 1000  // wide (CJK, emoji)
            } else {
                units += 600
            }
        }
        // 10% for fonts wider than Arial (DejaVu Sans, Verdana-like system fonts).
        return Double(units) / 1000 * size * (bold ? 1.08 : 1) * 1.1
    }

    /// Splits `text` into lines no wider than `maxWidth`, breaking after spaces and separators
    /// (`-_./:`) or before a capital that follows a lower-case letter; a word wider than a line is
    /// broken between characters. At most `maxLines` lines: the last one ends in `…` if text is left.
    static func wrap(_ text: String, maxWidth: Double, size: Double, bold: Bool = false, maxLines: Int = 4)
        -> [String]
    {
        guard width(text, size: size, bold: bold) > maxWidth else { return [text] }
        var lines: [String] = []
        var line = ""
        for token in tokens(text) {
            if width(line + token, size: size, bold: bold) <= maxWidth || line.isEmpty {
                line += token
            } else {
                lines.append(trimmed(line))
                line = token
            }
            // A token wider than a line on its own: cut it between characters.
            while width(line, size: size, bold: bold) > maxWidth, line.count > 1 {
                var head = ""
                for c in line {
                    if width(head + String(c), size: size, bold: bold) > maxWidth, !head.isEmpty { break }
                    head.append(c)
                }
                lines.append(head)
                line = String(line.dropFirst(head.count))
            }
        }
        if !line.isEmpty { lines.append(trimmed(line)) }
        guard lines.count > maxLines else { return lines }
        var kept = Array(lines.prefix(maxLines))
        var last = kept[maxLines - 1]
        while width(last + "…", size: size, bold: bold) > maxWidth, last.count > 1 { last.removeLast() }
        kept[maxLines - 1] = last + "…"
        return kept
    }

    /// Pieces of `text` that each end where a line may break.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character?
        for c in text {
            if let p = previous, c.isUppercase, p.isLowercase || p.isNumber, !current.isEmpty {
                out.append(current)
                current = ""
            }
            current.append(c)
            if c == " " || c == "-" || c == "_" || c == "." || c == "/" || c == ":" || c == "," {
                out.append(current)
                current = ""
            }
            previous = c
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    private static func trimmed(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
