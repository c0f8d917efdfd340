import StepFunctionsSimulator

/// A position in a JSON text's bytes: what the case reader's skim (``CaseTextSkim``) and the
/// events matcher (``EventsTextMatch``) share.
protocol JSONByteScanning {
    /// The text.
    var b: UnsafeBufferPointer<UInt8> { get }
    /// The offset of the next byte to read.
    var pos: Int { get set }
}

extension JSONByteScanning {
    /// The byte at `pos`, or 0 at the end.
    var byte: UInt8 { pos < b.count ? b[pos] : 0 }

    /// Moves `pos` past JSON whitespace.
    @inline(__always)
    mutating func whitespace() {
        // Every JSON token starts above 0x20: most calls end here, inlined.
        guard pos < b.count, b[pos] <= 0x20 else { return }
        skipWhitespace()
    }

    mutating func skipWhitespace() {
        while pos < b.count {
            let c = b[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
            // Indentation (a pretty-printed file's line breaks are followed by runs of spaces):
            // past the spaces eight at a time, to the first other byte.
            while pos + 8 <= b.count, let base = b.baseAddress {
                let other = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
                if other != 0 {
                    pos += other.trailingZeroBitCount >> 3
                    break
                }
                pos += 8
            }
        }
    }
}

/// An event's detail fields as `HistoryEvent.json` writes them: `input` and `output` payloads each
/// followed by its `inputDetails`/`outputDetails` (a plain value has none).
func jsonDetailFields(_ details: [(key: String, value: EventField)]) -> [(key: String, value: EventField)] {
    var fields: [(key: String, value: EventField)] = []
    fields.reserveCapacity(details.count + 2)
    for (k, v) in details {
        fields.append((k, v))
        if k == "input" || k == "output", case .value = v {
        } else if k == "input" || k == "output" {
            fields.append((k + "Details", EventField.notTruncated))
        }
    }
    return fields
}
