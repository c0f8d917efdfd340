extension Journal {
    /// Counters for deciding when to compact and for a server's metrics.
    package struct Statistics: Sendable, Hashable {
        /// Records accepted since the last snapshot (recovered ones included), whether or not durable yet.
        package var appendedSinceSnapshot: Int
        /// Bytes those records take in the file (frame overhead included, approximately).
        package var bytesSinceSnapshot: Int
        /// Records in the latest snapshot.
        package var snapshotRecords: Int
        /// The file's size after the last commit.
        package var fileSize: Int
        /// Group commits (one write and, with `fsync`, one fdatasync each) since `open`.
        package var commits: Int
        /// Records made durable since `open`; divided by `commits`, the average group size.
        package var recordsCommitted: Int
        /// Snapshots written since `open`.
        package var snapshots: Int

        /// Creates statistics.
        package init(
            appendedSinceSnapshot: Int = 0, bytesSinceSnapshot: Int = 0, snapshotRecords: Int = 0, fileSize: Int = 0,
            commits: Int = 0, recordsCommitted: Int = 0, snapshots: Int = 0
        ) {
            self.appendedSinceSnapshot = appendedSinceSnapshot
            self.bytesSinceSnapshot = bytesSinceSnapshot
            self.snapshotRecords = snapshotRecords
            self.fileSize = fileSize
            self.commits = commits
            self.recordsCommitted = recordsCommitted
            self.snapshots = snapshots
        }
    }
}
