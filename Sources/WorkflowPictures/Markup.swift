/// Text helpers shared by the renderers: escaping for XML, DOT and Mermaid, and numbers written
/// without Foundation (the module imports none, as the DSL that re-exports it).
package enum Markup {
    /// Escapes the characters XML text and attribute values may not contain literally.
    package static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Makes JSON text safe inside an HTML `<script>` element (`</script>` and `<!--` cannot occur).
    static func scriptSafe(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for c in json {
            switch c {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal and no exponent (what SVG expects).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0
            ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }

    /// Seconds with three decimals (`1.250`), as the text timeline prints them.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return "0.000" }
        let millis = Int((value * 1000).rounded())
        let sign = millis < 0 ? "-" : ""
        let magnitude = abs(millis)
        let fraction = String(magnitude % 1000)
        return sign + String(magnitude / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// A duration for people: `0 ms`, `250 ms`, `1.5 s`, `2 min 5 s`, `3 h 2 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 {
            let tenths = Int((seconds * 10).rounded())
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s" }
        if whole < 86_400 {
            let minutes = whole / 60 % 60
            return minutes == 0 ? "\(whole / 3600) h" : "\(whole / 3600) h \(minutes) min"
        }
        let hours = whole / 3600 % 24
        return hours == 0 ? "\(whole / 86_400) d" : "\(whole / 86_400) d \(hours) h"
    }

    /// An identifier made of ASCII letters, digits and `_` (Mermaid and DOT ids, SVG element ids).
    static func identifier(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let ok = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
            out.append(ok ? Character(scalar) : "_")
        }
        if out.isEmpty || out.first?.isNumber == true { out = "s_" + out }
        return out
    }

    /// `text` cut to `limit` characters with an ellipsis when longer.
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}
