import Foundation

/// RFC 3339 / ISO-8601 extended offset date-times as Step Functions reads and writes them.
package enum Timestamp {
    /// Parses `2026-01-31T12:00:00Z`, `2026-01-31T12:00:00.123+02:00`; `nil` when the text is not
    /// a valid date-time with an offset (a missing `T` or zone, month 13, hour 25...).
    package static func parse(_ text: String) -> Date? {
        RFC3339.secondsSince1970(text).map(Date.init(timeIntervalSince1970:))
    }

    /// Formats as the context object shows times (`$$.Execution.StartTime`, `$$.State.EnteredTime`):
    /// ``format(_:)`` without a zero fraction, `2026-11-23T05:23:07Z` (the context object page: "When
    /// a timestamp has zero fractional seconds, Step Functions removes the trailing zeros").
    package static func contextFormat(_ date: Date) -> String {
        let text = format(date)
        return text.hasSuffix(".000Z") ? String(text.dropLast(5)) + "Z" : text
    }

    /// Formats as AWS writes timestamps in histories and service results: `2026-11-23T05:23:07.000Z`
    /// (UTC, milliseconds).
    package static func format(_ date: Date) -> String {
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
