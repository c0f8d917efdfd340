extension Journal {
    /// How a journal writes and recovers.
    package struct Options: Sendable, Hashable {
        /// Whether `append` waits for `fdatasync` (the default) or only for `write(2)`.
        ///
        /// With `true`, an acknowledged append survives a process crash (`kill -9`), a kernel panic and a power loss,
        /// as far as the drive honours cache flushes. With `false`, it has only reached the kernel's page cache:
        /// that survives `kill -9` (the kernel owns the data once `write` returns) but not a power loss or kernel
        /// crash, which can lose the last seconds of appends and leave damage that `open` reports. Snapshots and
        /// `close` fsync either way: they are rare, and an unsynced rename could replace the journal with an empty
        /// file after a power loss.
        package var fsync: Bool
        /// The largest record accepted, and the largest total for one atomic group of records (64 MiB by default).
        package var maximumRecordSize: Int
        /// What `open` does with damage that is not a crash's torn tail.
        package var onCorruption: CorruptionPolicy
        /// A group commit stops taking queued appends once it holds this many bytes (4 MiB by default), so that
        /// one huge batch doesn't delay the appends at its front; a single append larger than this still goes alone.
        package var maximumBatchBytes: Int

        /// Creates options; the defaults are right for a server.
        package init(
            fsync: Bool = true, maximumRecordSize: Int = 64 << 20, onCorruption: CorruptionPolicy = .fail,
            maximumBatchBytes: Int = 4 << 20
        ) {
            self.fsync = fsync
            self.maximumRecordSize = maximumRecordSize
            self.onCorruption = onCorruption
            self.maximumBatchBytes = maximumBatchBytes
        }
    }

    /// What `open` does when a frame is damaged and intact frames follow it (so it is not a crash's torn tail).
    package enum CorruptionPolicy: Sendable, Hashable {
        /// Throw a `.corrupt` error naming the file and offset (the default: the owner refuses to start).
        case fail
        /// Keep a copy of the damaged file (`journal.sfnj.damaged-UNIXTIME`), then continue with the records before
        /// the damage, rewritten as a snapshot. `Recovery.damage` says what was dropped. For explicit recovery only.
        case truncate
    }
}
