import JSONCore

/// `$fromMillis`, `$toMillis` and `$now` with XPath F&O 3.1 date/time picture strings, computed
/// in UTC with the proleptic Gregorian calendar (no locale, no Foundation calendar).
enum DateTimeFunctions {
    static let millisInADay = 86_400_000.0
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    // MARK: - Calendar arithmetic

    /// Days since 1970-01-01 of a proleptic Gregorian date (month 1...12).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// The date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) { CivilCalendar.civilFromDays(days) }

    /// JavaScript's `Date.UTC(year, month0, day, h, m, s, ms)` (months and days may overflow).
    static func utc(
        _ year: Double, _ month0: Double, _ day: Double = 1, _ h: Double = 0, _ m: Double = 0,
        _ s: Double = 0, _ ms: Double = 0
    ) -> Double {
        guard year.isFinite, month0.isFinite, day.isFinite, h.isFinite, m.isFinite, s.isFinite, ms.isFinite,
            Swift.abs(year) < 400_000, Swift.abs(month0) < 5_000_000
        else { return .nan }
        let y = Int(year.rounded(.towardZero)) + Int((month0 / 12).rounded(.down))
        var mo = Int(month0.rounded(.towardZero)) % 12
        if mo < 0 { mo += 12 }
        let daysCount = Double(daysFromCivil(y, mo + 1, 1)) + day.rounded(.towardZero) - 1
        return daysCount * millisInADay + h.rounded(.towardZero) * 3_600_000 + m.rounded(.towardZero) * 60_000
            + s.rounded(.towardZero) * 1000 + ms.rounded(.towardZero)
    }

    /// The UTC fields of a time value.
    struct Fields {
        let millis: Double
        let year: Int
        let month: Int  // 0...11
        let day: Int
        let hours: Int
        let minutes: Int
        let seconds: Int
        let milliseconds: Int
        let weekday: Int  // 0 = Sunday

        /// Whether the time is a valid JavaScript date; an invalid one ("Invalid Date") has
        /// NaN for every field.
        let valid: Bool

        /// The fields of `millis` as JavaScript's `new Date(millis)` has them: truncated to whole
        /// milliseconds, and invalid beyond ±8.64e15 ms.
        init(_ raw: Double) {
            valid = raw.isFinite && Swift.abs(raw) <= 8.64e15
            let millis = valid ? raw.rounded(.towardZero) : 0
            self.millis = millis
            let dayNumber = (millis / DateTimeFunctions.millisInADay).rounded(.down)
            let civil = DateTimeFunctions.civilFromDays(Int(dayNumber))
            year = civil.year
            month = civil.month - 1
            day = civil.day
            var rest = Int(millis - dayNumber * DateTimeFunctions.millisInADay)
            hours = rest / 3_600_000
            rest %= 3_600_000
            minutes = rest / 60_000
            rest %= 60_000
            seconds = rest / 1000
            milliseconds = rest % 1000
            var wd = (Int(dayNumber) + 4) % 7
            if wd < 0 { wd += 7 }
            weekday = wd
        }
    }

    static func startOfFirstWeek(_ year: Int, _ month0: Int) -> Double {
        let jan1 = utc(Double(year), Double(month0))
        var dayOfJan1 = Fields(jan1).weekday
        if dayOfJan1 == 0 { dayOfJan1 = 7 }
        return dayOfJan1 > 4 ? jan1 + Double(8 - dayOfJan1) * millisInADay : jan1 - Double(dayOfJan1 - 1) * millisInADay
    }

    static func nextMonth(_ y: Int, _ m: Int) -> (Int, Int) { m == 11 ? (y + 1, 0) : (y, m + 1) }
    static func previousMonth(_ y: Int, _ m: Int) -> (Int, Int) { m == 0 ? (y - 1, 11) : (y, m - 1) }

    static func deltaWeeks(_ start: Double, _ end: Double) -> Double { (end - start) / (millisInADay * 7) + 1 }

    /// The value of one picture component for a date (jsonata's `getDateTimeFragment`).
    static func fragment(_ f: Fields, _ component: Character) -> Value {
        if !f.valid {
            // every getter of an invalid date is NaN; `NaN >= 12` is false, so "am"
            switch component {
            case "P": return .string("am")
            case "C", "E": return .string("ISO")
            case "Z", "z": return .undefined
            default: return .number(.nan)
            }
        }
        switch component {
        case "Y": return .number(Double(f.year))
        case "M": return .number(Double(f.month + 1))
        case "D": return .number(Double(f.day))
        case "d":
            let firstJan = utc(Double(f.year), 0)
            return .number(((f.millis - firstJan) / millisInADay).rounded(.down) + 1)
        case "F": return .number(Double(f.weekday == 0 ? 7 : f.weekday))
        case "W":
            let start = startOfFirstWeek(f.year, 0)
            let now = utc(Double(f.year), Double(f.month), Double(f.day))
            var week = deltaWeeks(start, now)
            if week > 52 {
                if now >= startOfFirstWeek(f.year + 1, 0) { week = 1 }
            } else if week < 1 {
                week = deltaWeeks(startOfFirstWeek(f.year - 1, 0), now)
            }
            return .number(week.rounded(.down))
        case "w":
            let start = startOfFirstWeek(f.year, f.month)
            let now = utc(Double(f.year), Double(f.month), Double(f.day))
            var week = deltaWeeks(start, now)
            if week > 4 {
                let (ny, nm) = nextMonth(f.year, f.month)
                if now >= startOfFirstWeek(ny, nm) { week = 1 }
            } else if week < 1 {
                let (py, pm) = previousMonth(f.year, f.month)
                week = deltaWeeks(startOfFirstWeek(py, pm), now)
            }
            return .number(week.rounded(.down))
        case "X":
            let start = startOfFirstWeek(f.year, 0)
            let end = startOfFirstWeek(f.year + 1, 0)
            if f.millis < start { return .number(Double(f.year - 1)) }
            if f.millis >= end { return .number(Double(f.year + 1)) }
            return .number(Double(f.year))
        case "x":
            let start = startOfFirstWeek(f.year, f.month)
            let (ny, nm) = nextMonth(f.year, f.month)
            let end = startOfFirstWeek(ny, nm)
            if f.millis < start { return .number(Double(previousMonth(f.year, f.month).1 + 1)) }
            if f.millis >= end { return .number(Double(nm + 1)) }
            return .number(Double(f.month + 1))
        case "H": return .number(Double(f.hours))
        case "h":
            var h = f.hours % 12
            if h == 0 { h = 12 }
            return .number(Double(h))
        case "P": return .string(f.hours >= 12 ? "pm" : "am")
        case "m": return .number(Double(f.minutes))
        case "s": return .number(Double(f.seconds))
        case "f": return .number(Double(f.milliseconds))
        case "C", "E": return .string("ISO")
        default: return .undefined
        }
    }

    // MARK: - Pictures

    enum NameCase { case lower, upper, title }

    struct Marker {
        var component: Character
        var presentation1 = ""
        var presentation2: Character?
        var ordinal = false
        var names: NameCase?
        var widthMin: Int?
        var widthMax: Int?
        var integerFormat: NumberFormatting.IntegerFormat?
        var yearWidth = -1
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    static let defaultPresentation: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    static func analysePicture(_ picture: String) throws(JSONataError) -> [Part] {
        let chars = Array(picture)
        var parts: [Part] = []
        func addLiteral(_ start: Int, _ end: Int) {
            guard end > start else { return }
            let literal = String(chars[start..<end])
            parts.append(.literal(NumberFormatting.jsSplit(literal, "]]").joined(separator: "]")))
        }
        var start = 0
        var pos = 0
        while pos < chars.count {
            if chars[pos] == "[" {
                if pos + 1 < chars.count && chars[pos + 1] == "[" {
                    addLiteral(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = chars[start...].firstIndex(of: "]") else { throw JSONataError("D3135") }
                pos = close
                let markerText = String(chars[(start + 1)..<pos].filter { !$0.isWhitespace })
                guard let component = markerText.first else { throw JSONataError("D3132") }
                var marker = Marker(component: component)
                var presentation: Substring
                if let comma = markerText.lastIndex(of: ",") {
                    let width = markerText[markerText.index(after: comma)...]
                    func parseWidth(_ w: Substring?) -> Int? {
                        guard let w, w != "*" else { return nil }
                        return NumberFormatting.jsParseInt(String(w)).map {
                            Int(Swift.max(-1_000_000, Swift.min($0, 1_000_000)))
                        }
                    }
                    if let dash = width.firstIndex(of: "-") {
                        marker.widthMin = parseWidth(width[..<dash])
                        marker.widthMax = parseWidth(width[width.index(after: dash)...])
                    } else {
                        marker.widthMin = parseWidth(width)
                    }
                    let afterComponent = markerText.index(after: markerText.startIndex)
                    presentation = afterComponent <= comma ? markerText[afterComponent..<comma] : ""

                } else {
                    presentation = markerText.dropFirst()
                }
                if presentation.count == 1 {
                    marker.presentation1 = String(presentation)
                } else if presentation.count > 1 {
                    let last = presentation.last!
                    if "atco".contains(last) {
                        marker.presentation2 = last
                        if last == "o" { marker.ordinal = true }
                        marker.presentation1 = String(presentation.dropLast())
                    } else {
                        marker.presentation1 = String(presentation)
                    }
                } else {
                    guard let d = defaultPresentation[component] else {
                        var e = JSONataError("D3132")
                        e.setValue(.string(String(component)))
                        throw e
                    }
                    marker.presentation1 = d
                }
                let p = Array(marker.presentation1)
                if p.first == "n" {
                    marker.names = .lower
                } else if p.first == "N" {
                    marker.names = p.count > 1 && p[1] == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(component) {
                    var pattern = marker.presentation1
                    if let p2 = marker.presentation2 { pattern += ";" + String(p2) }
                    var format = try NumberFormatting.analyseIntegerPicture(pattern)
                    if let min = marker.widthMin, format.mandatoryDigits < min { format.mandatoryDigits = min }
                    if component == "Y" {
                        marker.yearWidth = -1
                        if let max = marker.widthMax {
                            marker.yearWidth = max
                            format.mandatoryDigits = max
                        } else {
                            let w = format.mandatoryDigits + format.optionalDigits
                            if w >= 2 { marker.yearWidth = w }
                        }
                    }
                    marker.integerFormat = format
                }
                if component == "Z" || component == "z" {
                    marker.integerFormat = try NumberFormatting.analyseIntegerPicture(marker.presentation1)
                }
                if !"YMDdFWwXxHhmsfZzPCE".contains(component) {
                    var e = JSONataError("D3132")
                    e.setValue(.string(String(component)))
                    throw e
                }
                parts.append(.marker(marker))
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
        return parts
    }

    // MARK: - Formatting

    static let isoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    static func formatDateTime(_ millis: Double, _ picture: String?, _ timezone: String?) throws(JSONataError) -> String
    {
        var offsetHours = 0.0
        var offsetMinutes = 0.0
        if let timezone {
            // parseInt: NaN for text without digits; the date then is an Invalid Date, and a
            // huge offset leaves the date range the same way (see Fields)
            let offset = NumberFormatting.jsParseInt(timezone) ?? .nan
            offsetHours = (offset / 100).rounded(.down)
            offsetMinutes = offset.truncatingRemainder(dividingBy: 100)
        }
        let parts = try analysePicture(picture ?? isoPicture)
        let offsetMillis = (60 * offsetHours + offsetMinutes) * 60 * 1000
        let fields = Fields(millis + offsetMillis)
        var result = ""
        for part in parts {
            switch part {
            case .literal(let s): result += s
            case .marker(let m):
                result += try formatComponent(fields, m, offsetHours: offsetHours, offsetMinutes: offsetMinutes)
            }
        }
        return result
    }

    static func formatComponent(_ f: Fields, _ m: Marker, offsetHours: Double, offsetMinutes: Double)
        throws(JSONataError) -> String
    {
        let value = fragment(f, m.component)
        if "YMDdFWwXxHhms".contains(m.component) {
            guard case .number(var n) = value else { return "" }
            if m.component == "Y" && m.yearWidth != -1 {
                n = n.truncatingRemainder(dividingBy: pow10(m.yearWidth))
            }
            if let names = m.names {
                var name: String
                if m.component == "M" || m.component == "x" {
                    guard !n.isNaN else { return try undefinedName(names, m) }
                    name = months[Int(n) - 1]
                } else if m.component == "F" {
                    guard !n.isNaN else { return try undefinedName(names, m) }
                    name = days[Int(n)]
                } else {
                    var e = JSONataError("D3133")
                    e.setValue(.string(String(m.component)))
                    throw e
                }
                if names == .upper {
                    name = name.uppercased()
                } else if names == .lower {
                    name = name.lowercased()
                }
                if let max = m.widthMax, name.count > max { name = String(name.prefix(max)) }
                return name
            }
            guard let format = m.integerFormat else { return "" }
            return try NumberFormatting.formatInteger(n, format)
        }
        if m.component == "f" {
            guard case .number(let n) = value, let format = m.integerFormat else { return "" }
            return try NumberFormatting.formatInteger(n, format)
        }
        if m.component == "Z" || m.component == "z" {
            guard let format = m.integerFormat else { return "" }
            let offset = offsetHours * 100 + offsetMinutes
            var text: String
            if format.regular {
                text = try NumberFormatting.formatInteger(offset, format)
            } else {
                let digits = format.mandatoryDigits
                if digits == 1 || digits == 2 {
                    text = try NumberFormatting.formatInteger(offsetHours, format)
                    if offsetMinutes != 0 {
                        text +=
                            ":"
                            + (try NumberFormatting.formatInteger(
                                offsetMinutes, try NumberFormatting.analyseIntegerPicture("00")))
                    }
                } else if digits == 3 || digits == 4 {
                    text = try NumberFormatting.formatInteger(offset, format)
                } else {
                    var e = JSONataError("D3134")
                    e.setValue(.number(.int(Int64(digits))))
                    throw e
                }
            }
            if offset >= 0 { text = "+" + text }
            if m.component == "z" { text = "GMT" + text }
            if offset == 0 && m.presentation2 == "t" { text = "Z" }
            return text
        }
        if m.component == "P" {
            guard case .string(var s) = value else { return "" }
            if m.names == .upper { s = s.uppercased() }
            return s
        }
        if case .string(let s) = value { return s }
        return ""
    }

    /// The name of an invalid date's month or day: jsonata-js looks up `names[NaN]`, gets
    /// undefined, and either prints it or fails calling a string method on it.
    static func undefinedName(_ names: NameCase, _ m: Marker) throws(JSONataError) -> String {
        switch names {
        case .upper:
            throw JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading 'toUpperCase')")
        case .lower:
            throw JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading 'toLowerCase')")
        case .title:
            if m.widthMin != nil || m.widthMax != nil {
                throw JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading 'length')")
            }
            return "undefined"
        }
    }

    static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(0, n) { r *= 10 }
        return r
    }

    static func fromMillis(_ millis: Value, _ picture: Value, _ timezone: Value) throws(JSONataError) -> Value {
        guard case .number(let ms) = millis else { return .undefined }
        let p: String? = { if case .string(let s) = picture { return s } else { return nil } }()
        let tz: String? = { if case .string(let s) = timezone { return s } else { return nil } }()
        return .string(try formatDateTime(ms, p, tz))
    }

    // MARK: - Parsing

    static func toMillis(_ timestamp: Value, _ picture: Value, now: Double) throws(JSONataError) -> Value {
        guard case .string(let s) = timestamp else { return .undefined }
        if case .string(let p) = picture { return try parseDateTime(s, p, now: now) }
        guard isISO8601(s) else {
            var e = JSONataError("D3110")
            e.setValue(.string(s))
            throw e
        }
        guard let ms = parseISO(s) else { return .number(.nan) }
        return .number(ms)
    }

    /// `^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`
    static func isISO8601(_ s: String) -> Bool {
        let pattern = #"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$"#
        guard let re = try? RegexProgram(pattern: pattern, flags: "") else { return false }
        let units = Array(s.utf16)
        return ((try? re.firstMatch(in: units, from: 0, evaluator: nil)) ?? nil) != nil
    }

    /// JavaScript's `Date.parse` for the ISO 8601 forms (date-only and date-time forms are UTC).
    static func parseISO(_ s: String) -> Double? {
        let c = Array(s.utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= c.count else { return nil }
            var v = 0
            for k in 0..<n {
                let d = Int(c[i + k]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            i += n
            return v
        }
        func take(_ ch: Character) -> Bool {
            if i < c.count && c[i] == UInt8(ascii: ch.unicodeScalars.first!) {
                i += 1
                return true
            }
            return false
        }
        guard let year = num(4) else { return nil }
        var month = 1
        var day = 1
        var h = 0
        var m = 0
        var sec = 0
        var ms = 0.0
        var offset = 0
        if take("-") {
            guard let mo = num(2) else { return nil }
            month = mo
            if take("-") {
                guard let d = num(2) else { return nil }
                day = d
            }
        }
        if take("T") {
            guard let hh = num(2), take(":"), let mm = num(2) else { return nil }
            h = hh
            m = mm
            if take(":") {
                guard let ss = num(2) else { return nil }
                sec = ss
                if take(".") {
                    var frac = 0.0
                    var scale = 100.0
                    var any = false
                    while i < c.count, c[i] >= 48, c[i] <= 57 {
                        frac += Double(c[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                    ms = frac.rounded(.down)
                }
            }
            if take("Z") {
                offset = 0
            } else if i < c.count && (c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-")) {
                let sign = c[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = num(2) else { return nil }
                _ = take(":")
                guard let om = num(2), oh <= 23 else { return nil }  // V8 refuses "+24:00"
                offset = sign * (oh * 60 + om)
            }
        }
        guard i == c.count, month >= 1, month <= 12, day >= 1, day <= 31, h <= 24, m <= 59, sec <= 59 else {
            return nil
        }
        if h == 24 && (m != 0 || sec != 0 || ms != 0) { return nil }
        let base = utc(Double(year), Double(month - 1), Double(day), Double(h), Double(m), Double(sec), ms)
        return base - Double(offset) * 60_000
    }

    struct Matcher {
        var regex: String
        var component: Character?
        var parse: ((String) -> Double?)?
    }

    static func escapeRegex(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ".*+?^${}()|[]\\".contains(ch) { out += "\\" }
            out.append(ch)
        }
        return out
    }

    static func integerMatcher(_ format: NumberFormatting.IntegerFormat) throws(JSONataError) -> Matcher {
        let upper = format.letterCase == .upper
        switch format.primary {
        case .letters:
            return Matcher(
                regex: upper ? "[A-Z]+" : "[a-z]+", parse: { NumberFormatting.lettersToDecimal($0, upper: upper) })
        case .roman:
            return Matcher(
                regex: upper ? "[MDCLXVI]+" : "[mdclxvi]+",
                parse: { NumberFormatting.romanToDecimal(upper ? $0 : $0.uppercased()) })
        case .words:
            let words = NumberFormatting.wordValues.keys.sorted { $0.count > $1.count } + ["and", "[\\-, ]"]
            return Matcher(
                regex: "(?:" + words.joined(separator: "|") + ")+",
                parse: { NumberFormatting.wordsToNumber($0.lowercased()) })
        case .decimal:
            // at least the mandatory digits, so that adjacent fields like [Y0001][M01] split correctly
            var regex = format.mandatoryDigits > 1 ? "[0-9]{\(format.mandatoryDigits),}" : "[0-9]+"
            if format.ordinal { regex += "(?:th|st|nd|rd)" }
            return Matcher(regex: regex, parse: { try? NumberFormatting.parseInteger($0, format) })
        case .sequence:
            var e = JSONataError("D3130")
            e.setValue(.string(format.token))
            throw e
        }
    }

    static func parseDateTime(_ timestamp: String, _ picture: String, now: Double) throws(JSONataError) -> Value {
        let parts = try analysePicture(picture)
        var matchers: [Matcher] = []
        for part in parts {
            switch part {
            case .literal(let s):
                matchers.append(Matcher(regex: escapeRegex(s)))
            case .marker(let marker):
                if marker.component == "Z" || marker.component == "z" {
                    let format = marker.integerFormat
                    let separator: String? = format.flatMap { $0.regular ? $0.regularSeparator.character : nil }
                    var regex = marker.component == "z" ? "GMT" : ""
                    regex += "[-+][0-9]+"
                    if let separator { regex += escapeRegex(separator) + "[0-9]+" }
                    let isGMT = marker.component == "z"
                    matchers.append(
                        Matcher(
                            regex: regex, component: marker.component,
                            parse: { text in
                                var value = text
                                if isGMT { value = String(value.dropFirst(3)) }
                                var hours = 0.0
                                var minutes = 0.0
                                if let separator, let sep = value.range(ofSeparator: separator) {
                                    hours = NumberFormatting.jsParseInt(String(value[..<sep.lowerBound])) ?? .nan
                                    minutes = NumberFormatting.jsParseInt(String(value[sep.upperBound...])) ?? .nan
                                } else {
                                    let digits = value.count - 1
                                    if digits <= 2 {
                                        hours = NumberFormatting.jsParseInt(value) ?? .nan
                                    } else {
                                        hours = NumberFormatting.jsParseInt(String(value.prefix(3))) ?? .nan
                                        minutes = NumberFormatting.jsParseInt(String(value.dropFirst(3))) ?? .nan
                                    }
                                }
                                return hours * 60 + minutes
                            }))
                } else if let format = marker.integerFormat {
                    var m = try integerMatcher(format)
                    m.component = marker.component
                    matchers.append(m)
                } else {
                    var lookup: [String: Double] = [:]
                    if marker.component == "M" || marker.component == "x" {
                        for (i, name) in months.enumerated() {
                            lookup[marker.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i + 1)
                        }
                    } else if marker.component == "F" {
                        for (i, name) in days.enumerated() where i > 0 {
                            lookup[marker.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i)
                        }
                    } else if marker.component == "P" {
                        lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
                    } else {
                        var e = JSONataError("D3133")
                        e.setValue(.string(String(marker.component)))
                        throw e
                    }
                    let table = lookup
                    matchers.append(Matcher(regex: "[a-zA-Z]+", component: marker.component, parse: { table[$0] }))
                }
            }
        }
        let full = "^" + matchers.map { "(" + $0.regex + ")" }.joined() + "$"
        guard let re = try? RegexProgram(pattern: full, flags: "i") else { return .undefined }
        let units = Array(timestamp.utf16)
        guard let match = try re.firstMatch(in: units, from: 0, evaluator: nil) else { return .undefined }
        let groups = match.groupStrings(units)
        var components: [Character: Double] = [:]
        for (i, matcher) in matchers.enumerated() {
            guard let parse = matcher.parse, let component = matcher.component, i < groups.count, let text = groups[i]
            else { continue }
            if let v = parse(text) { components[component] = v } else { components[component] = .nan }
        }
        if components.isEmpty { return .undefined }

        func mask(_ letters: String) -> Int {
            var m = 0
            for ch in letters {
                m <<= 1
                if let v = components[ch], v != 0, !v.isNaN { m += 1 }
            }
            return m
        }
        func isType(_ type: Int, _ m: Int) -> Bool { (~type & m) == 0 && (type & m) != 0 }
        let dateMask = mask("YXMxWwdD")
        let dateA = isType(161, dateMask)
        let dateB = !dateA && isType(130, dateMask)
        let dateC = isType(84, dateMask)
        let dateD = !dateC && isType(72, dateMask)
        let timeMask = mask("PHhmsf")
        let timeA = isType(23, timeMask)
        let timeB = !timeA && isType(47, timeMask)
        let dateComps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComps = timeB ? "Phmsf" : "Hmsf"
        let nowFields = Fields(now)
        var startSpecified = false
        var endSpecified = false
        for part in dateComps + timeComps {
            if components[part] == nil {
                if startSpecified {
                    components[part] = "MDd".contains(part) ? 1 : 0
                    endSpecified = true
                } else {
                    if case .number(let v) = fragment(nowFields, part) { components[part] = v }
                }
            } else {
                startSpecified = true
                if endSpecified { throw JSONataError("D3136") }
            }
        }
        if let m = components["M"], m > 0 {
            components["M"] = m - 1
        } else {
            components["M"] = 0
        }
        if dateB {
            let firstJan = utc(components["Y"] ?? 0, 0)
            let derived = Fields(firstJan + ((components["d"] ?? 1) - 1) * millisInADay)
            components["M"] = Double(derived.month)
            components["D"] = Double(derived.day)
        }
        if dateC || dateD { throw JSONataError("D3136") }
        if timeB {
            let h = components["h"] ?? 0
            components["H"] = h == 12 ? 0 : h
            if components["P"] == 1 { components["H"] = (components["H"] ?? 0) + 12 }
        }
        var millis = utc(
            components["Y"] ?? 0, components["M"] ?? 0, components["D"] ?? 1, components["H"] ?? 0,
            components["m"] ?? 0, components["s"] ?? 0, components["f"] ?? 0)
        let zone = components["Z"] ?? components["z"]
        if let zone, zone != 0 { millis -= zone * 60 * 1000 }
        return .number(millis)
    }
}

extension String {
    /// The range of the first occurrence of `separator` (no Foundation).
    fileprivate func range(ofSeparator separator: String) -> Range<String.Index>? {
        guard !separator.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(separator) { return i..<index(i, offsetBy: separator.count) }
            i = index(after: i)
        }
        return nil
    }
}
