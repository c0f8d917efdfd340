/// The members of the parser's open containers: a stack whose elements are moved, not copied,
/// into the arrays built from them, so no member is retained and released on the way.
struct MemberStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of elements.
    private(set) var count = 0

    /// A stack with room for `capacity` elements; with 0, it allocates at its first push.
    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        base =
            capacity > 0
            ? .allocate(capacity: capacity)
            : UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment).unsafelyUnwrapped
    }

    deinit {
        base.deinitialize(count: count)
        if capacity > 0 { base.deallocate() }
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let larger = max(capacity * 2, 16)
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        bigger.moveInitialize(from: base, count: count)
        if capacity > 0 { base.deallocate() }
        base = bigger
        capacity = larger
    }

    /// The element at `index` (below `count`).
    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// Removes the elements from `start` on.
    @inline(__always)
    mutating func removeAll(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }

    /// The elements from `start` on, moved into an array of their exact size.
    @inline(__always)
    mutating func moveOut(from start: Int) -> [Element] {
        let n = count - start
        count = start
        // `reserveCapacity` and `append` are specialized for the element type; the standard
        // library's `init(unsafeUninitializedCapacity:)` is not, and looks the array's storage type
        // up at run time, which costs more than the appends.
        var array = [Element]()
        array.reserveCapacity(n)
        for i in start..<start + n { array.append((base + i).move()) }
        return array
    }
}
