/// RFC 3339 date-times as Step Functions uses them: `YYYY-MM-DDTHH:MM:SS`, an optional fraction,
/// then `Z` or `+HH:MM`/`-HH:MM`, with a real date and time.
package enum RFC3339 {
    /// The seconds since 1970-01-01T00:00:00Z that `text` names, or `nil` when it is not such a
    /// date-time (a missing `T` or zone, month 13, hour 25...).
    ///
    /// - Parameters:
    ///   - uppercaseOnly: accept only `T` and `Z` (as AWS's definition check does), not `t`/`z`.
    ///   - allowLeapSecond: accept second 60.
    package static func secondsSince1970(_ text: String, uppercaseOnly: Bool = false, allowLeapSecond: Bool = false)
        -> Double?
    {
        let u = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = u[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        func letter(_ upper: UInt8) -> Bool {
            guard i < u.count, u[i] == upper || (!uppercaseOnly && u[i] == upper + 32) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
            letter(84),  // T
            let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2)
        else { return nil }
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                fraction += Double(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < u.count else { return nil }
        var offset = 0
        if letter(90) {  // Z
        } else if u[i] == 43 || u[i] == 45 {
            let sign = u[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year), hour < 24,
            minute < 60, second < (allowLeapSecond ? 61 : 60)
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
