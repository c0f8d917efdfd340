/// RFC 3339 timestamps as AWS accepts them in a Wait `Timestamp`: `YYYY-MM-DDTHH:MM:SS`, an
/// optional fraction, then `Z` or `+HH:MM`/`-HH:MM`, with an uppercase `T` and `Z`.
enum RFC3339 {
    /// Whether `text` is such a timestamp with a real date and time.
    static func isValid(_ text: String) -> Bool {
        let c = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= c.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard c[k] >= 0x30 && c[k] <= 0x39 else { return nil }
                v = v * 10 + Int(c[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ ch: UInt8) -> Bool {
            guard i < c.count, c[i] == ch else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2), expect(UInt8(ascii: "T")), let hour = digits(2), expect(UInt8(ascii: ":")),
            let minute = digits(2), expect(UInt8(ascii: ":")), let second = digits(2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year), hour <= 23, minute <= 59,
            second <= 60
        else { return false }
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < c.count else { return false }
        if c[i] == UInt8(ascii: "Z") {
            return i + 1 == c.count
        }
        guard c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let oh = digits(2), expect(UInt8(ascii: ":")), let om = digits(2), oh <= 23, om <= 59 else { return false }
        return i == c.count
    }
}
