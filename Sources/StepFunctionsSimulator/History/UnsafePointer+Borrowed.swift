extension UnsafePointer {
    /// Calls `body` with the value at this pointer, lent without a copy: no reference count
    /// changes, where reading `pointee` (or switching on it, binding a payload) retains each reference
    /// it holds and releases it after. The value must stay alive and unchanged while `body` runs
    /// (the caller holds its storage: a history or payload compared while it is kept); `body` may
    /// copy it, and a copy retains as usual.
    @inlinable @inline(__always)
    package func withBorrowedPointee<R>(_ body: (borrowing Pointee) -> R) -> R {
        // The value's bits are read into a temporary, handed over as a borrow, and put back into the
        // temporary, which is given up without destroying them: the value stays owned by its storage.
        withUnsafeTemporaryAllocation(of: Pointee.self, capacity: 1) { slot in
            let place = slot.baseAddress!
            UnsafeMutableRawPointer(place).copyMemory(from: self, byteCount: MemoryLayout<Pointee>.size)
            let lent = place.move()
            let result = body(lent)
            place.initialize(to: consume lent)
            return result
        }
    }
}
