import JSONCore
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

    /// ``whitespace()`` for pretty-printed text: a line break and an indentation of up to seven
    /// bytes before a token are passed inline, in one word; any other run takes the call.
    @inline(__always)
    mutating func indentation() {
        guard pos < b.count, b[pos] <= 0x20 else { return }
        if b[pos] == 0x0A && pos &+ 9 <= b.count, let base = b.baseAddress {
            let other =
                UInt64(littleEndian: UnsafeRawPointer(base + (pos &+ 1)).loadUnaligned(as: UInt64.self))
                ^ 0x2020_2020_2020_2020
            if other != 0 {
                let next = pos &+ 1 &+ other.trailingZeroBitCount &>> 3
                if base[next] > 0x20 {
                    pos = next
                    return
                }
            }
        }
        skipWhitespace()
    }

    /// ``whitespace()`` after a member's `:`: the single space a pretty printer writes there is
    /// passed without the call.
    @inline(__always)
    mutating func whitespaceAfterColon() {
        guard pos < b.count, b[pos] <= 0x20 else { return }
        if b[pos] == 0x20 && pos &+ 1 < b.count && b[pos &+ 1] > 0x20 {
            pos &+= 1
            return
        }
        skipWhitespace()
    }

    /// ``whitespace()`` past its first byte check (kept out of line: the callers' loops stay tight).
    @inline(never)
    mutating func skipWhitespace() {
        guard let base = b.baseAddress else { return }
        pos = JSONBytes.whitespaceEnd(base, from: pos, to: b.count)
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
