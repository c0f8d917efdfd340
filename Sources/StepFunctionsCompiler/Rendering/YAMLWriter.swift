/// Writes a JSON value as block-style YAML: mappings and sequences indented by two spaces, strings in
/// double quotes with JSON escapes (valid YAML), keys plain when they are simple words.
struct YAMLWriter {
    /// The YAML text, ending with a newline.
    func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out, inline: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    private func write(_ value: JSONValue, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o) where !o.isEmpty:
            var first = true
            for (k, v) in o {
                if !(first && inline) { out += pad }
                first = false
                out += key(k) + ":"
                writeChild(v, indent: indent + 2, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            var first = true
            for item in items {
                if !(first && inline) { out += pad }
                first = false
                out += "-"
                if case .object(let o) = item, !o.isEmpty {
                    out += " "
                    write(item, indent: indent + 2, into: &out, inline: true)
                } else {
                    writeChild(item, indent: indent + 2, into: &out)
                }
            }
        default:
            out += scalar(value) + "\n"
        }
    }

    /// Writes a mapping value or sequence item: nested collections on the following lines, scalars inline.
    private func writeChild(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let o) where !o.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out, inline: false)
        case .array(let a) where !a.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out, inline: false)
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    private func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return JSONWriter.compact.string(.string(s))
        case .object: return "{}"
        case .array: return "[]"
        default: return JSONWriter.compact.string(value)
        }
    }

    /// A plain key when it is a simple word YAML would not read as anything else, else a quoted one.
    private func key(_ k: String) -> String {
        let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
        let simple =
            !k.isEmpty && k.first?.isLetter == true && !reserved.contains(k.lowercased())
            && k.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return simple ? k : JSONWriter.compact.string(.string(k))
    }
}
