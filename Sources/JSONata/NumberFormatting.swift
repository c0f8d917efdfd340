#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `$formatNumber` (XPath `format-number` pictures), `$formatBase`, `$formatInteger` and
/// `$parseInteger` (XPath `format-integer` pictures: decimal patterns with grouping, words,
/// roman numerals, letters, ordinals), following jsonata 2.0.6.
enum NumberFormatting {
    // MARK: - $formatBase

    static func formatBase(_ v: Value, _ radixValue: Value) throws(JSONataError) -> Value {
        guard case .number(let d) = v else { return .undefined }
        guard case .number(let value) = Library.round(.number(d), .undefined) else { return .undefined }
        var radix = 10.0
        if case .number(let r) = radixValue, case .number(let rr) = Library.round(.number(r), .undefined) { radix = rr }
        // jsonata-js tests `radix < 2 || radix > 36`, which NaN passes, and then
        // `toString(NaN)` raises JavaScript's RangeError
        if radix.isNaN {
            throw JSONataError.javaScript("RangeError", "toString() radix argument must be between 2 and 36")
        }
        if !(radix >= 2 && radix <= 36) {
            var e = JSONataError("D3100")
            e.setValue(Value.jsonNumber(radix))
            throw e
        }
        // Number.prototype.toString(10) is the ordinary number text ("1e+21")
        if radix == 10 { return .string(JSNumber.string(value)) }
        return .string(integerString(value, radix: Int(radix)))
    }

    /// An integral double in any radix, as JavaScript's `Number.prototype.toString(radix)`.
    static func integerString(_ value: Double, radix: Int) -> String {
        if !value.isFinite { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        if Swift.abs(value) < 9_007_199_254_740_992 { return String(Int64(value), radix: radix) }
        // V8 writes only the digits the double holds: while the quotient is 2^53 or more it
        // divides and writes a 0, then the exact digits of what is left
        var digits: [Character] = []
        var v = Swift.abs(value)
        let r = Double(radix)
        let chars = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        while v / r >= 9_007_199_254_740_992 {
            v /= r
            digits.append("0")
        }
        repeat {
            let rem = fmod(v, r)
            digits.append(chars[Int(rem)])
            v = (v - rem) / r
        } while v > 0
        return (value < 0 ? "-" : "") + String(digits.reversed())
    }

    // MARK: - format-integer pictures

    enum Primary { case decimal, letters, roman, words, sequence }
    enum LetterCase { case lower, upper, title }

    struct Separator {
        var position: Int
        var character: String
    }

    struct IntegerFormat {
        var primary: Primary = .decimal
        var letterCase: LetterCase = .lower
        var ordinal = false
        var zeroCode: UInt32 = 0x30
        var mandatoryDigits = 0
        var optionalDigits = 0
        var regular = false
        var regularSeparator = Separator(position: 0, character: "")
        var separators: [Separator] = []
        var token = ""
    }

    static let decimalGroups: [UInt32] = [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
        0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
        0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The interval of regularly spaced separators of one character, or 0.
    static func regularRepeat(_ separators: [Separator]) -> Int {
        guard let first = separators.first else { return 0 }
        for s in separators where s.character != first.character { return 0 }
        let positions = separators.map(\.position)
        let factor = positions.reduce(positions[0]) { gcd($0, $1) }
        guard factor > 0 else { return 0 }
        for index in 1...positions.count where !positions.contains(index * factor) { return 0 }
        return factor
    }

    static func analyseIntegerPicture(_ picture: String) throws(JSONataError) -> IntegerFormat {
        var format = IntegerFormat()
        var primary = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primary = String(picture[..<semicolon])
            let modifier = picture[picture.index(after: semicolon)...]
            if modifier.first == "o" { format.ordinal = true }
        }
        switch primary {
        case "A":
            format.letterCase = .upper
            format.primary = .letters
        case "a": format.primary = .letters
        case "I":
            format.letterCase = .upper
            format.primary = .roman
        case "i": format.primary = .roman
        case "W":
            format.letterCase = .upper
            format.primary = .words
        case "Ww":
            format.letterCase = .title
            format.primary = .words
        case "w": format.primary = .words
        default:
            var zeroCode: UInt32? = nil
            var mandatory = 0
            var optional = 0
            var separators: [Separator] = []
            var position = 0
            for scalar in primary.unicodeScalars.reversed() {
                let cp = scalar.value
                if let group = decimalGroups.first(where: { cp >= $0 && cp <= $0 + 9 }) {
                    mandatory += 1
                    position += 1
                    if zeroCode == nil {
                        zeroCode = group
                    } else if zeroCode != group {
                        throw JSONataError("D3131")
                    }
                } else if cp == 0x23 {
                    position += 1
                    optional += 1
                } else {
                    separators.append(Separator(position: position, character: String(scalar)))
                }
            }
            if mandatory > 0 {
                format.primary = .decimal
                format.zeroCode = zeroCode ?? 0x30
                format.mandatoryDigits = mandatory
                format.optionalDigits = optional
                let regular = regularRepeat(separators)
                if regular > 0 {
                    format.regular = true
                    format.regularSeparator = Separator(position: regular, character: separators[0].character)
                } else {
                    format.separators = separators
                }
            } else {
                format.primary = .sequence
                format.token = primary
            }
        }
        return format
    }

    static func formatInteger(_ value: Double, _ format: IntegerFormat) throws(JSONataError) -> String {
        let negative = value < 0
        let v = Swift.abs(value)
        var text: String
        switch format.primary {
        case .letters:
            // jsonata-js loops `while (value > 0)`: NaN gives "", Infinity never ends
            if v.isInfinite { throw Evaluator.timeoutError() }
            text = toLetters(v, upper: format.letterCase == .upper)
        case .roman:
            // jsonata-js recurses once per numeral: NaN gives "", Infinity and values of about
            // 9,000,000 and more (9,000 'M's) overflow its stack
            if v.isNaN {
                text = ""
            } else if v >= 9e6 {
                throw JSONataError.javaScript("RangeError", "Maximum call stack size exceeded")
            } else {
                text = toRoman(v)
            }
            if format.letterCase == .upper { text = text.uppercased() }
        case .words:
            // jsonata-js's words recursion never ends for NaN or Infinity
            if !v.isFinite { throw JSONataError.javaScript("RangeError", "Maximum call stack size exceeded") }
            text = toWords(v, ordinal: format.ordinal)
            if format.letterCase == .upper {
                text = text.uppercased()
            } else if format.letterCase == .lower {
                text = text.lowercased()
            }
        case .decimal:
            // ""+value, as jsonata-js writes it: "NaN", "Infinity" and "1e+21" go through the
            // padding, digit-family and grouping steps like digits do
            text = JSNumber.string(v)
            let pad = format.mandatoryDigits - text.unicodeScalars.count
            if pad > 0 { text = String(repeating: "0", count: pad) + text }
            if format.zeroCode != 0x30 {
                var out = String.UnicodeScalarView()
                for u in text.unicodeScalars {
                    out.append(Unicode.Scalar(u.value + format.zeroCode - 0x30) ?? u)
                }
                text = String(out)
            }
            var chars = Array(text.unicodeScalars).map { String($0) }
            if format.regular {
                let step = format.regularSeparator.position
                let n = (chars.count - 1) / step
                if n > 0 {
                    for ii in stride(from: n, to: 0, by: -1) {
                        let pos = chars.count - ii * step
                        chars.insert(format.regularSeparator.character, at: pos)
                    }
                }
            } else {
                for separator in format.separators.reversed() {
                    let pos = chars.count - separator.position
                    if pos >= 0 && pos <= chars.count { chars.insert(separator.character, at: pos) }
                }
            }
            text = chars.joined()
            if format.ordinal {
                let digits = Array(text)
                let last = digits.last
                var suffix: String
                switch last {
                case "1": suffix = "st"
                case "2": suffix = "nd"
                case "3": suffix = "rd"
                default: suffix = "th"
                }
                if digits.count > 1 && digits[digits.count - 2] == "1" { suffix = "th" }
                text += suffix
            }
        case .sequence:
            var e = JSONataError("D3130")
            e.setValue(.string(format.token))
            throw e
        }
        return negative ? "-" + text : text
    }

    static func formatIntegerFunction(_ v: Value, _ picture: Value) throws(JSONataError) -> Value {
        guard case .number(let d) = v else { return .undefined }
        guard case .string(let p) = picture else { throw undefinedPicture("lastIndexOf") }
        return .string(try formatInteger(d.rounded(.down), try analyseIntegerPicture(p)))
    }

    static let few = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
        "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ]
    static let ordinals = [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
        "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth",
        "Nineteenth",
    ]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func toWords(_ value: Double, ordinal: Bool) -> String {
        func lookup(_ num: Double, _ prev: Bool, _ ord: Bool) -> String {
            var words = ""
            if num <= 19 {
                let i = Int(num)
                words = (prev ? " and " : "") + (ord ? ordinals[i] : few[i])
            } else if num < 100 {
                let tens = Int((num / 10).rounded(.down))
                let remainder = num.truncatingRemainder(dividingBy: 10)
                words = (prev ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(remainder, false, ord)
                } else if ord {
                    words = String(words.dropLast()) + "ieth"
                }
            } else if num < 1000 {
                let hundreds = Int((num / 100).rounded(.down))
                let remainder = num.truncatingRemainder(dividingBy: 100)
                words = (prev ? ", " : "") + few[hundreds] + " Hundred"
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            } else {
                var mag = Int((log10(num) / 3).rounded(.down))
                if mag > magnitudes.count { mag = magnitudes.count }
                let factor = pow(10, Double(mag * 3))
                let mant = (num / factor).rounded(.down)
                let remainder = num - mant * factor
                words = (prev ? ", " : "") + lookup(mant, false, false) + " " + magnitudes[mag - 1]
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            }
            return words
        }
        return lookup(value, false, ordinal)
    }

    static let wordValues: [String: Double] = {
        var values: [String: Double] = [:]
        for (i, w) in few.enumerated() { values[w.lowercased()] = Double(i) }
        for (i, w) in ordinals.enumerated() { values[w.lowercased()] = Double(i) }
        for (i, w) in decades.enumerated() {
            let l = w.lowercased()
            values[l] = Double((i + 2) * 10)
            values[String(l.dropLast()) + "ieth"] = Double((i + 2) * 10)
        }
        values["hundredth"] = 100
        for (i, w) in magnitudes.enumerated() {
            let l = w.lowercased()
            let v = pow(10, Double((i + 1) * 3))
            values[l] = v
            values[l + "th"] = v
        }
        return values
    }()

    static func wordsToNumber(_ text: String) -> Double {
        // split on ", ", " and ", whitespace and '-'
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "," && i + 1 < chars.count && chars[i + 1].isWhitespace {
                parts.append(current)
                current = ""
                i += 2
                continue
            }
            if chars[i].isWhitespace && i + 4 < chars.count && String(chars[(i + 1)...(i + 3)]) == "and"
                && chars[i + 4].isWhitespace
            {
                parts.append(current)
                current = ""
                i += 5
                continue
            }
            if chars[i].isWhitespace || chars[i] == "-" || chars[i] == "\\" {
                parts.append(current)
                current = ""
                i += 1
                continue
            }
            current.append(chars[i])
            i += 1
        }
        parts.append(current)
        var segments: [Double] = [0]
        for part in parts {
            guard let value = wordValues[part] else {
                segments = [.nan]
                break
            }
            if value < 100 {
                var top = segments.popLast() ?? 0
                if top >= 1000 {
                    segments.append(top)
                    top = 0
                }
                segments.append(top + value)
            } else {
                segments.append((segments.popLast() ?? 0) * value)
            }
        }
        return segments.reduce(0, +)
    }

    static func toRoman(_ value: Double) -> String {
        let numerals: [(Double, String)] = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]
        var v = value
        var out = ""
        // a very large value would make a huge string: keep it bounded
        if v > 1e7 { v = 1e7 }
        for (n, letters) in numerals {
            while v >= n {
                out += letters
                v -= n
            }
        }
        return out
    }

    static func romanToDecimal(_ roman: String) -> Double {
        let values: [Character: Double] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
        var decimal = 0.0
        var maxValue = 1.0
        for c in roman.reversed() {
            let v = values[c] ?? .nan
            if v < maxValue {
                decimal -= v
            } else {
                maxValue = v
                decimal += v
            }
        }
        return decimal
    }

    static func toLetters(_ value: Double, upper: Bool) -> String {
        let a: UInt32 = upper ? 0x41 : 0x61
        var v = value
        var letters: [Character] = []
        while v > 0 && letters.count < 1000 {
            let code = a + UInt32((v - 1).truncatingRemainder(dividingBy: 26))
            letters.insert(Character(Unicode.Scalar(code) ?? "a"), at: 0)
            v = ((v - 1) / 26).rounded(.down)
        }
        return String(letters)
    }

    static func lettersToDecimal(_ letters: String, upper: Bool) -> Double {
        let a = upper ? 0x41 : 0x61
        var decimal = 0.0
        let scalars = Array(letters.unicodeScalars)
        for i in 0..<scalars.count {
            let c = Int(scalars[scalars.count - i - 1].value)
            decimal += Double(c - a + 1) * pow(26, Double(i))
        }
        return decimal
    }

    /// Parses `text` with an integer format (jsonata's `generateRegex(...).parse`).
    static func parseInteger(_ text: String, _ format: IntegerFormat) throws(JSONataError) -> Double? {
        switch format.primary {
        case .letters:
            return lettersToDecimal(text, upper: format.letterCase == .upper)
        case .roman:
            return romanToDecimal(format.letterCase == .upper ? text : text.uppercased())
        case .words:
            return wordsToNumber(text.lowercased())
        case .decimal:
            var digits = text
            if format.ordinal { digits = String(digits.dropLast(2)) }
            if format.regular {
                digits = digits.split(separator: ",", omittingEmptySubsequences: false).joined()
            } else {
                for s in format.separators {
                    digits = jsSplit(digits, s.character).joined()
                }
            }
            if format.zeroCode != 0x30 {
                var out = String.UnicodeScalarView()
                for u in digits.unicodeScalars {
                    out.append(Unicode.Scalar(u.value &- format.zeroCode &+ 0x30) ?? u)
                }
                digits = String(out)
            }
            return jsParseInt(digits)
        case .sequence:
            var e = JSONataError("D3130")
            e.setValue(.string(format.token))
            throw e
        }
    }

    /// JavaScript's `parseInt(text, 10)`: leading whitespace and sign, then digits; NaN if none.
    static func jsParseInt(_ text: String) -> Double? {
        var chars = Substring(text).drop(while: { $0.isWhitespace })
        var negative = false
        if chars.first == "-" || chars.first == "+" {
            negative = chars.first == "-"
            chars = chars.dropFirst()
        }
        var value = 0.0
        var any = false
        for c in chars {
            guard let d = c.wholeNumberValue, c.isASCII else { break }
            value = value * 10 + Double(d)
            any = true
        }
        guard any else { return nil }
        return negative ? -value : value
    }

    static func parseIntegerFunction(_ v: Value, _ picture: Value) throws(JSONataError) -> Value {
        guard case .string(let s) = v else { return .undefined }
        guard case .string(let p) = picture else { throw undefinedPicture("lastIndexOf") }
        let format = try analyseIntegerPicture(p)
        guard let result = try parseInteger(s, format) else { return .number(.nan) }
        return .number(result)
    }

    /// jsonata-js calls a string method on an undefined picture.
    static func undefinedPicture(_ method: String) -> JSONataError {
        JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading '\(method)')")
    }

    // MARK: - $formatNumber

    static func formatNumber(_ v: Value, _ pictureValue: Value, _ options: Value) throws(JSONataError) -> Value {
        guard case .number(let value) = v else { return .undefined }
        guard case .string(let picture) = pictureValue else { throw undefinedPicture("split") }
        var properties: [String: String] = [
            "decimal-separator": ".", "grouping-separator": ",", "exponent-separator": "e", "infinity": "Infinity",
            "minus-sign": "-", "NaN": "NaN", "percent": "%", "per-mille": "\u{2030}", "zero-digit": "0", "digit": "#",
            "pattern-separator": ";",
        ]
        for (k, val) in options.objectPairs {
            if case .string(let s) = val { properties[k] = s }
        }
        func prop(_ k: String) -> String { properties[k] ?? "" }
        let zeroScalar = prop("zero-digit").unicodeScalars.first?.value ?? 0x30
        var digitFamily: [String] = []
        for i in 0..<10 { digitFamily.append(String(Unicode.Scalar(zeroScalar + UInt32(i)) ?? "0")) }
        let decimalSep = prop("decimal-separator")
        let groupingSep = prop("grouping-separator")
        let exponentSep = prop("exponent-separator")
        let percent = prop("percent")
        let perMille = prop("per-mille")
        let digitSign = prop("digit")
        let activeChars = digitFamily + [decimalSep, exponentSep, groupingSep, digitSign, prop("pattern-separator")]

        let subPictures = jsSplit(picture, prop("pattern-separator"))
        if subPictures.count > 2 { throw JSONataError("D3080") }

        var pictures: [Picture] = []
        for sub in subPictures {
            let parts = splitParts(
                Array(sub).map(String.init), activeChars: activeChars, exponent: exponentSep, decimal: decimalSep)
            try validate(parts, digitFamily: digitFamily, activeChars: activeChars, properties: properties)
            pictures.append(analyse(parts, digitFamily: digitFamily, properties: properties))
        }
        if pictures.count == 1 {
            var negative = pictures[0]
            negative.prefix = prop("minus-sign") + negative.prefix
            pictures.append(negative)
        }
        let pic = value >= 0 ? pictures[0] : pictures[1]
        var adjusted = value
        if pic.picture.contains(percent) && !percent.isEmpty {
            adjusted = value * 100
        } else if pic.picture.contains(perMille) && !perMille.isEmpty {
            adjusted = value * 1000
        }
        // scaled on the magnitude: jsonata 2.0.6 looped forever on negative numbers (fixed in 2.1.1)
        var mantissa = pic.minimumExponentSize > 0 ? Swift.abs(adjusted) : adjusted
        var exponent: Int? = nil
        if pic.minimumExponentSize > 0 {
            let maxMantissa = pow(10, Double(pic.scalingFactor))
            let minMantissa = pow(10, Double(pic.scalingFactor - 1))
            var e = 0
            // jsonata-js scales until the mantissa is in range: an infinite one never is
            if mantissa.isInfinite { throw Evaluator.timeoutError() }
            if mantissa != 0 && mantissa.isFinite {
                while mantissa < minMantissa {
                    mantissa *= 10
                    e -= 1
                }
                while mantissa > maxMantissa {
                    mantissa /= 10
                    e += 1
                }
            }
            exponent = e
        }
        guard
            case .number(let rounded) = Library.round(.number(mantissa), .number(Double(pic.maximumFractionalPartSize)))
        else { return .undefined }
        if pic.maximumFractionalPartSize > 100 {
            throw JSONataError.javaScript("RangeError", "toFixed() digits argument must be between 0 and 100")
        }
        func makeString(_ x: Double, _ dp: Int) -> String {
            var str = toFixed(Swift.abs(x), dp)
            if prop("zero-digit") != "0" {
                str = String(
                    str.map { c -> String in
                        if let d = c.wholeNumberValue, c.isASCII { return digitFamily[d] }
                        return String(c)
                    }.joined())
            }
            return str
        }
        var s = Array(makeString(rounded, pic.maximumFractionalPartSize)).map(String.init)
        if let dot = s.firstIndex(of: ".") {
            s[dot] = decimalSep
        } else {
            s.append(decimalSep)
        }
        let zero = prop("zero-digit")
        while s.first == zero { s.removeFirst() }
        while s.last == zero { s.removeLast() }
        var decimalPos = s.firstIndex(of: decimalSep) ?? s.count
        let padLeft = pic.minimumIntegerPartSize - decimalPos
        let padRight = pic.minimumFractionalPartSize - (s.count - decimalPos - 1)
        if padLeft > 0 { s = Array(repeating: zero, count: padLeft) + s }
        if padRight > 0 { s += Array(repeating: zero, count: padRight) }
        decimalPos = s.firstIndex(of: decimalSep) ?? s.count
        if pic.regularGrouping > 0 {
            let groupCount = (decimalPos - 1) / pic.regularGrouping
            if groupCount >= 1 {
                for group in 1...groupCount {
                    let at = decimalPos - group * pic.regularGrouping
                    if at >= 0 && at <= s.count { s.insert(groupingSep, at: at) }
                }
            }
        } else {
            for pos in pic.integerPartGroupingPositions {
                let at = decimalPos - pos
                if at >= 0 && at <= s.count { s.insert(groupingSep, at: at) }
                decimalPos += 1
            }
        }
        decimalPos = s.firstIndex(of: decimalSep) ?? s.count
        for pos in pic.fractionalPartGroupingPositions {
            let at = pos + decimalPos + 1
            if at >= 0 && at <= s.count { s.insert(groupingSep, at: at) }
        }
        decimalPos = s.firstIndex(of: decimalSep) ?? s.count
        if pic.minimumFractionalPartSize == 0 && decimalPos == s.count - 1 { s.removeLast() }
        var result = s.joined()
        if let exponent {
            var stringExponent = makeString(Double(exponent), 0)
            let pad = pic.minimumExponentSize - stringExponent.count
            if pad > 0 { stringExponent = String(repeating: zero, count: pad) + stringExponent }
            result += exponentSep + (exponent < 0 ? prop("minus-sign") : "") + stringExponent
        }
        return .string(pic.prefix + result + pic.suffix)
    }

    /// `x.toFixed(dp)` (0 ≤ dp ≤ 100): "NaN", JavaScript's `toString` from 1e21 up (so
    /// "Infinity" and "1e+21"), else the exact value rounded half up at `dp` places.
    static func toFixed(_ x: Double, _ dp: Int) -> String {
        if x.isNaN { return "NaN" }
        if Swift.abs(x) >= 1e21 { return JSNumber.string(x) }
        let digits = Swift.max(0, Swift.min(dp, 100))
        // 30 more digits than needed settle the half-way cases (printf itself rounds ties to even)
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList([Int32(digits + 30), Swift.abs(x)]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 512, "%.*f", args) }
        }
        var chars = Array(buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
        let point = chars.firstIndex(of: UInt8(ascii: ".")) ?? chars.count
        let roundUp = chars[point + digits + 1] >= UInt8(ascii: "5")
        chars.removeSubrange((digits == 0 ? point : point + digits + 1)...)
        if roundUp {
            var i = chars.count - 1
            while i >= 0 {
                if chars[i] == UInt8(ascii: ".") {
                    i -= 1
                    continue
                }
                if chars[i] == UInt8(ascii: "9") {
                    chars[i] = UInt8(ascii: "0")
                    i -= 1
                } else {
                    chars[i] += 1
                    break
                }
            }
            if i < 0 { chars.insert(UInt8(ascii: "1"), at: 0) }
        }
        return (x < 0 ? "-" : "") + String(decoding: chars, as: UTF8.self)
    }

    /// JavaScript's `split` with a string separator.
    static func jsSplit(_ s: String, _ separator: String) -> [String] {
        if separator.isEmpty { return s.map(String.init) }
        var parts: [String] = []
        let u = Array(s.utf16)
        let sep = Array(separator.utf16)
        var position = 0
        while let i = Functions.indexOf(u, sep, from: position) {
            parts.append(Functions.utf16String(u[position..<i]))
            position = i + sep.count
        }
        parts.append(Functions.utf16String(u[position...]))
        return parts
    }

    struct Parts {
        var prefix: [String]
        var suffix: [String]
        var activePart: [String]
        var mantissaPart: [String]
        var exponentPart: [String]?
        var integerPart: [String]
        var fractionalPart: [String]
        var subpicture: [String]
    }

    struct Picture {
        var integerPartGroupingPositions: [Int]
        var regularGrouping: Int
        var minimumIntegerPartSize: Int
        var scalingFactor: Int
        var prefix: String
        var fractionalPartGroupingPositions: [Int]
        var minimumFractionalPartSize: Int
        var maximumFractionalPartSize: Int
        var minimumExponentSize: Int
        var suffix: String
        var picture: String
    }

    static func splitParts(_ sub: [String], activeChars: [String], exponent: String, decimal: String) -> Parts {
        var prefixEnd = sub.count
        for (i, ch) in sub.enumerated() where activeChars.contains(ch) && ch != exponent {
            prefixEnd = i
            break
        }
        var suffixStart = prefixEnd
        for i in stride(from: sub.count - 1, through: 0, by: -1)
        where activeChars.contains(sub[i]) && sub[i] != exponent {
            suffixStart = i + 1
            break
        }
        if suffixStart < prefixEnd { suffixStart = prefixEnd }
        let prefix = Array(sub[..<prefixEnd])
        let suffix = Array(sub[suffixStart...])
        let active = Array(sub[prefixEnd..<suffixStart])
        var mantissa = active
        var exponentPart: [String]? = nil
        if let ePos = sub[prefixEnd...].firstIndex(of: exponent), ePos <= sub.count - suffix.count {
            // jsonata-js indexes the active part with the position in the whole sub-picture
            mantissa = Array(active[..<Swift.min(ePos, active.count)])
            exponentPart = ePos + 1 <= active.count ? Array(active[(ePos + 1)...]) : []
        }
        var integerPart = mantissa
        var fractionalPart = suffix
        if let d = mantissa.firstIndex(of: decimal) {
            integerPart = Array(mantissa[..<d])
            fractionalPart = Array(mantissa[(d + 1)...])
        }
        return Parts(
            prefix: prefix, suffix: suffix, activePart: active, mantissaPart: mantissa, exponentPart: exponentPart,
            integerPart: integerPart, fractionalPart: fractionalPart, subpicture: sub)
    }

    static func validate(_ parts: Parts, digitFamily: [String], activeChars: [String], properties: [String: String])
        throws(JSONataError)
    {
        func prop(_ k: String) -> String { properties[k] ?? "" }
        let sub = parts.subpicture
        var error: String? = nil
        let decimalSep = prop("decimal-separator")
        let grouping = prop("grouping-separator")
        let digit = prop("digit")
        func count(_ x: String) -> Int { sub.filter { $0 == x }.count }
        let decimalPos = sub.firstIndex(of: decimalSep)
        if count(decimalSep) > 1 { error = "D3081" }
        if count(prop("percent")) > 1 { error = "D3082" }
        if count(prop("per-mille")) > 1 { error = "D3083" }
        if count(prop("percent")) > 0 && count(prop("per-mille")) > 0 { error = "D3084" }
        if !parts.mantissaPart.contains(where: { digitFamily.contains($0) || $0 == digit }) { error = "D3085" }
        if parts.activePart.contains(where: { !activeChars.contains($0) }) { error = "D3086" }
        if let d = decimalPos {
            if (d > 0 && sub[d - 1] == grouping) || (d + 1 < sub.count && sub[d + 1] == grouping) { error = "D3087" }
        } else if parts.integerPart.last == grouping {
            error = "D3088"
        }
        for i in 0..<Swift.max(0, sub.count - 1) where sub[i] == grouping && sub[i + 1] == grouping { error = "D3089" }
        if let opt = parts.integerPart.firstIndex(of: digit),
            parts.integerPart[..<opt].contains(where: { digitFamily.contains($0) })
        {
            error = "D3090"
        }
        if let opt = parts.fractionalPart.lastIndex(of: digit),
            parts.fractionalPart[opt...].contains(where: { digitFamily.contains($0) })
        {
            error = "D3091"
        }
        if let exp = parts.exponentPart {
            if !exp.isEmpty && (count(prop("percent")) > 0 || count(prop("per-mille")) > 0) { error = "D3092" }
            if exp.isEmpty || exp.contains(where: { !digitFamily.contains($0) }) { error = "D3093" }
        }
        if let error { throw JSONataError(error) }
    }

    static func analyse(_ parts: Parts, digitFamily: [String], properties: [String: String]) -> Picture {
        let grouping = properties["grouping-separator"] ?? ","
        let digit = properties["digit"] ?? "#"
        func isDigitChar(_ c: String) -> Bool { digitFamily.contains(c) || c == digit }
        func groupingPositions(_ part: [String], toLeft: Bool) -> [Int] {
            var positions: [Int] = []
            var idx = part.firstIndex(of: grouping)
            while let g = idx {
                let slice = toLeft ? Array(part[..<g]) : Array(part[g...])
                positions.append(slice.filter(isDigitChar).count)
                // jsonata-js searches the integer part for the next separator, whichever part it scans
                let next = g + 1
                idx = next < parts.integerPart.count ? parts.integerPart[next...].firstIndex(of: grouping) : nil
            }
            return positions
        }
        let integerPositions = groupingPositions(parts.integerPart, toLeft: false)
        var regularGrouping = 0
        if !integerPositions.isEmpty {
            let factor = integerPositions.reduce(integerPositions[0]) { gcd($0, $1) }
            regularGrouping = factor
            if factor > 0 {
                for index in 1...integerPositions.count where !integerPositions.contains(index * factor) {
                    regularGrouping = 0
                }
            }
        }
        let fractionalPositions = groupingPositions(parts.fractionalPart, toLeft: true)
        var minimumIntegerPartSize = parts.integerPart.filter { digitFamily.contains($0) }.count
        let scalingFactor = minimumIntegerPartSize
        var minimumFractionalPartSize = parts.fractionalPart.filter { digitFamily.contains($0) }.count
        var maximumFractionalPartSize = parts.fractionalPart.filter(isDigitChar).count
        let exponentPresent = parts.exponentPart != nil
        if minimumIntegerPartSize == 0 && maximumFractionalPartSize == 0 {
            if exponentPresent {
                minimumFractionalPartSize = 1
                maximumFractionalPartSize = 1
            } else {
                minimumIntegerPartSize = 1
            }
        }
        if exponentPresent && minimumIntegerPartSize == 0 && parts.integerPart.contains(digit) {
            minimumIntegerPartSize = 1
        }
        if minimumIntegerPartSize == 0 && minimumFractionalPartSize == 0 { minimumFractionalPartSize = 1 }
        let minimumExponentSize = parts.exponentPart.map { $0.filter { digitFamily.contains($0) }.count } ?? 0
        return Picture(
            integerPartGroupingPositions: integerPositions, regularGrouping: regularGrouping,
            minimumIntegerPartSize: minimumIntegerPartSize, scalingFactor: scalingFactor,
            prefix: parts.prefix.joined(), fractionalPartGroupingPositions: fractionalPositions,
            minimumFractionalPartSize: minimumFractionalPartSize,
            maximumFractionalPartSize: maximumFractionalPartSize, minimumExponentSize: minimumExponentSize,
            suffix: parts.suffix.joined(), picture: parts.subpicture.joined())
    }
}
