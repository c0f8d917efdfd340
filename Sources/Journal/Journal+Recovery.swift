extension Journal {
    /// What `open` found on disk.
    package struct Recovery: Sendable {
        /// Every record: the latest snapshot's, then each appended after it, in order.
        package var records: [[UInt8]]
        /// How many of `records` come from the snapshot.
        package var snapshotRecords: Int
        /// Bytes dropped from the end of the file: a torn last write (normal after a crash) or, with
        /// `CorruptionPolicy.truncate`, everything from the damage on.
        package var discardedBytes: Int
        /// What was dropped and why, for the owner's log (nil when the file was clean).
        package var damage: String?
        /// Where `CorruptionPolicy.truncate` kept the damaged file.
        package var damagedCopy: String?

        /// Creates a recovery report.
        package init(
            records: [[UInt8]], snapshotRecords: Int, discardedBytes: Int = 0, damage: String? = nil,
            damagedCopy: String? = nil
        ) {
            self.records = records
            self.snapshotRecords = snapshotRecords
            self.discardedBytes = discardedBytes
            self.damage = damage
            self.damagedCopy = damagedCopy
        }
    }
}
