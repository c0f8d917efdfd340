import JSONCore
import StepFunctionsSimulator
import Testing

/// `UnsafePointer.withBorrowedPointee` lends the value where it is stored: no reference count
/// changes, the value seen whole, and a copy made while lent retained as any copy.
@Suite struct BorrowedPointeeTests {
    final class Box {
        let n: Int
        init(_ n: Int) { self.n = n }
    }

    enum Held {
        case none
        case box(Box, String)
        case boxes([Box])
    }

    @Test func lendsWithoutRetainingAndCopiesRetain() {
        var held: [Held] = [.box(Box(7), "a text longer than fifteen bytes"), .boxes([Box(1), Box(2)]), .none]
        var kept: [Box] = []
        var texts: [String] = []
        held.withUnsafeBufferPointer { items in
            for i in 0..<items.count {
                let seen: Int = (items.baseAddress! + i).withBorrowedPointee { v in
                    switch v {
                    case .none: return 0
                    case .box(let b, let s):
                        kept.append(b)
                        texts.append(s)
                        return b.n
                    case .boxes(let list):
                        kept.append(contentsOf: list)
                        return list.reduce(0) { $0 + $1.n }
                    }
                }
                #expect(seen == [7, 3, 0][i])
            }
        }
        // The copies made while lent are the values' own, retained: not unique while kept.
        #expect(kept.map(\.n) == [7, 1, 2])
        #expect(texts == ["a text longer than fifteen bytes"])
        guard case .box(var box, _) = held[0] else {
            Issue.record("changed")
            return
        }
        held[0] = .none
        #expect(!isKnownUniquelyReferenced(&box))
        kept.removeAll()
        // Lent, not retained nor released: the storage's and this reference are all there are.
        #expect(isKnownUniquelyReferenced(&box))
        #expect(box.n == 7)
    }

    @Test func lentValuesAreNotReleased() {
        var box = Box(5)
        let values: [Held] = [.box(box, "")]
        values.withUnsafeBufferPointer { items in
            for _ in 0..<1000 {
                _ = items.baseAddress!.withBorrowedPointee { v in if case .box(let b, _) = v { b.n } else { 0 } }
            }
        }
        // Still held by `values` (a release per lending would have freed it long ago).
        #expect(!isKnownUniquelyReferenced(&box))
        #expect(values.count == 1)
        withExtendedLifetime(values) {}
    }

    @Test func lendsAJSONValue() {
        let v: JSONValue = ["a": [1, "two", ["three": nil]], "b": true]
        let written = withUnsafePointer(to: v) { $0.withBorrowedPointee { JSONWriter.compact.string($0) } }
        #expect(written == #"{"a":[1,"two",{"three":null}],"b":true}"#)
    }
}
