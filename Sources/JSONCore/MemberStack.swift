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
        // Made by the array's initializer from a collection, which allocates the storage once and
        // has the collection fill it (`MovedElements` moves its elements in, one `memcpy`): appending
        // paid the uniqueness and capacity checks for each element (~500 instructions an array).
        // The standard library's `init(unsafeUninitializedCapacity:)` is not specialized, and looks
        // the array's storage type up at run time.
        return Array(MovedElements(base: base + start, count: n))
    }

    /// The elements from `start` on, moved into an array one `append` at a time: the reference
    /// for `moveOut(from:)`, kept for the tests.
    mutating func moveOutAppending(from start: Int) -> [Element] {
        let n = count - start
        count = start
        var array = [Element]()
        array.reserveCapacity(n)
        for i in start..<start + n { array.append((base + i).move()) }
        return array
    }
}

/// Initialized elements that an array made from them takes over: `_copyContents` moves them into
/// the array's storage (leaving them uninitialized), so no element is retained and released. Only
/// `Array(_:)` may read it, once; its subscript and iterator copy (they are not used there).
struct MovedElements<Element>: Collection {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    let count: Int

    /// 0.
    var startIndex: Int { 0 }
    /// The number of elements.
    var endIndex: Int { count }
    /// A copy of the element at `position`.
    subscript(position: Int) -> Element { base[position] }
    /// `i + 1`.
    func index(after i: Int) -> Int { i + 1 }

    /// Copies of the elements from `position` on.
    struct Iterator: IteratorProtocol {
        /// The first element.
        let base: UnsafeMutablePointer<Element>
        /// The number of elements.
        let count: Int
        /// The next element's index.
        var position: Int

        /// A copy of the next element, nil at the end.
        mutating func next() -> Element? {
            guard position < count else { return nil }
            position += 1
            return base[position - 1]
        }
    }

    /// An iterator from the first element.
    func makeIterator() -> Iterator { Iterator(base: base, count: count, position: 0) }

    /// Moves every element into `buffer` (which has room for them): the array initializer's copy.
    /// The iterator returned is at the end (nothing is left to read).
    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<Element>) -> (Iterator, Int) {
        let n = Swift.min(count, buffer.count)
        if n > 0, let target = buffer.baseAddress {
            // A few elements one by one, inline: `memcpy`'s call cost more than a small object's
            // moves (a 1,000-item Map's input of small objects: +64 k instructions a case).
            if n <= 8 {
                for i in 0..<n { (target + i).initialize(to: (base + i).move()) }
            } else {
                target.moveInitialize(from: base, count: n)
            }
        }
        return (Iterator(base: base, count: n, position: n), n)
    }
}
