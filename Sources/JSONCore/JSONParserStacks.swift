/// The stacks ``JSONParser`` builds a tree's containers on: kept by a reader that parses many
/// values of one text (``JSONParser/parseValue(exactly:stacks:)``), so they are allocated once,
/// at its first container, not for each value.
package struct JSONParserStacks: ~Copyable {
    /// An open array or object: where its members start on the member stacks, and for a large
    /// object, which of the open key indexes is its own (duplicates are found without a linear scan).
    struct Frame {
        let isObject: Bool
        let valueStart: Int
        let keyStart: Int
        var indexSlot = -1
    }

    /// A key on the key stack: its hash and where it is written.
    struct KeyPlace {
        let hash: UInt64
        let offset: Int
    }

    /// The open containers, innermost last.
    var frames: [Frame] = []
    /// The members of every open container: values, and keys with their hashes and offsets.
    var values: MemberStack<JSONValue>
    var keys: MemberStack<String>
    var places: MemberStack<KeyPlace>
    /// The key indexes of the open objects that have one, innermost last.
    var indexes: [[String: Int]] = []
    /// The decoded bytes of strings with escapes (``ParserState/scratch``), kept between parses.
    var scratch: ByteBuffer? = nil

    /// Empty stacks, allocated at their first push.
    package init() {
        values = MemberStack(capacity: 0)
        keys = MemberStack(capacity: 0)
        places = MemberStack(capacity: 0)
    }

    /// Stacks for one document: room for a modest one allocated at once.
    init(forDocument: Void) {
        values = MemberStack(capacity: 64)
        keys = MemberStack(capacity: 32)
        places = MemberStack(capacity: 32)
    }

    /// Empties the stacks a failed parse left members on.
    mutating func removeAll() {
        frames.removeAll(keepingCapacity: true)
        values.removeAll(from: 0)
        keys.removeAll(from: 0)
        places.removeAll(from: 0)
        indexes.removeAll()
    }
}
