import Foundation

/// RFC 3339 / ISO-8601 extended offset date-times as Step Functions reads and writes them.
public enum Timestamp {
    /// Parses `2026-01-31T12:00:00Z`, `2026-01-31T12:00:00.123+02:00`; `nil` when the text is not
    /// a valid date-time with an offset (a missing `T` or zone, month 13, hour 25...).
    public static func parse(_ text: String) -> Date? {
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
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else { return nil }
        guard i < u.count, u[i] == 84 || u[i] == 116 else { return nil }  // T or t
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2) else { return nil }
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
        if u[i] == 90 || u[i] == 122 {  // Z or z
            i += 1
        } else if u[i] == 43 || u[i] == 45 {
            let sign = u[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats as AWS writes context timestamps: `2026-11-23T05:23:07.000Z` (UTC, milliseconds).
    public static func format(_ date: Date) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = Int(totalMillis / 86_400_000)
        var millisOfDay = Int(totalMillis % 86_400_000)
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        let (y, m, d) = CivilCalendar.civilFromDays(days)
        let h = millisOfDay / 3_600_000
        let mi = millisOfDay / 60_000 % 60
        let s = millisOfDay / 1000 % 60
        let ms = millisOfDay % 1000
        func p(_ v: Int, _ w: Int) -> String { String(v).leftPadded(to: w) }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(ms, 3))Z"
    }
}
