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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``format(_:)``'s text for a time in milliseconds since 1970 (rounded down), digit by digit.
    package static func write(millis totalMillis: Int64, into out: inout [UInt8]) {
        var days = Int(totalMillis / 86_400_000)
        var millisOfDay = Int(totalMillis % 86_400_000)
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        let (y, m, d) = CivilCalendar.civilFromDays(days)
        guard (0...9999).contains(y) else {
            // Outside four-digit years: zero-padded as text, as before.
            func p(_ v: Int, _ w: Int) -> String { String(v).leftPadded(to: w) }
            let h = millisOfDay / 3_600_000, mi = millisOfDay / 60_000 % 60, s = millisOfDay / 1000 % 60
            let text = "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(millisOfDay % 1000, 3))Z"
            out.append(contentsOf: text.utf8)
            return
        }
        @inline(__always) func digits(_ v: Int, _ width: Int, _ separator: UInt8) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: v / divisor % 10) &+ 0x30)
                divisor /= 10
            }
            out.append(separator)
        }
        digits(y, 4, UInt8(ascii: "-"))
        digits(m, 2, UInt8(ascii: "-"))
        digits(d, 2, UInt8(ascii: "T"))
        digits(millisOfDay / 3_600_000, 2, UInt8(ascii: ":"))
        digits(millisOfDay / 60_000 % 60, 2, UInt8(ascii: ":"))
        digits(millisOfDay / 1000 % 60, 2, UInt8(ascii: "."))
        digits(millisOfDay % 1000, 3, UInt8(ascii: "Z"))
    }
}
