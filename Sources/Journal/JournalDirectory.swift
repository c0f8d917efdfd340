#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of a journal's directory and the operations on them as wholes: creation, recovery, snapshot files.
///
/// `LOCK` is locked while the journal is open (see `DirectoryLock`); `journal.sfnj` is the journal;
/// `journal.sfnj.tmp` is a snapshot being written (a leftover one is deleted on open: it was never renamed into
/// place, so it was never acknowledged).
struct JournalDirectory: Sendable {
    /// The directory.
    let path: String
    /// The journal file.
    var journal: String { path + "/journal.sfnj" }
    /// Where a snapshot is written before it is renamed over `journal`.
    var temporary: String { journal + ".tmp" }
    /// A snapshot frame stops growing past this size; frames only bound checksum work, any size would do.
    static let snapshotFrameBytes = 1 << 20

    /// Creates the directory and its missing parents, fsyncing each parent so the new entries survive a power loss.
    func create() throws(JournalError) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            let parent = prefix.isEmpty ? "/" : prefix
            prefix += "/" + component
            if mkdir(prefix, 0o755) == 0 {
                try syncDirectory(parent)
            } else if errno != EEXIST {
                throw .system("mkdir", path: prefix)
            }
        }
    }

    /// fsyncs the directory `directory`, making a rename or a new file in it durable.
    func syncDirectory(_ directory: String? = nil) throws(JournalError) {
        let file = try FileDescriptor.open(directory ?? path, O_RDONLY | O_DIRECTORY)
        defer { file.close() }
        try file.syncAll()
    }

    /// Writes `records` as a new journal file at `temporary` and fsyncs it; returns it opened for appending, and its
    /// size. The caller renames it into place with `install`.
    func writeSnapshot(_ records: [[UInt8]]) throws(JournalError) -> (file: FileDescriptor, end: Int) {
        let file = try FileDescriptor.open(temporary, O_RDWR | O_CREAT | O_TRUNC)
        do throws(JournalError) {
            // Frame by frame, so that memory stays at one frame whatever the state's size; the header, which says
            // where the frames end, goes last (the file only counts once renamed, so the order doesn't matter).
            var frame: [UInt8] = []
            frame.reserveCapacity(Self.snapshotFrameBytes + JournalFormat.frameHeaderLength)
            var end = JournalFormat.headerLength
            var index = 0
            while index < records.count {
                frame.removeAll(keepingCapacity: true)
                let start = JournalFormat.beginFrame(in: &frame)
                repeat {
                    JournalFormat.appendRecord(records[index], to: &frame)
                    index += 1
                } while index < records.count
                    && frame.count - start + JournalFormat.recordHeaderLength + records[index].count
                        <= Self.snapshotFrameBytes
                JournalFormat.finishFrame(startingAt: start, in: &frame)
                try file.write(frame, at: end)
                end += frame.count
            }
            let header = JournalFormat.encode(.init(snapshotRecords: records.count, snapshotEnd: end))
            try file.write(header, at: 0)
            try file.sync()
            return (file, end)
        } catch {
            file.close()
            unlink(temporary)
            throw error
        }
    }

    /// Renames the snapshot at `temporary` over `journal` (atomic: readers see the old file or the new one).
    /// The caller then calls `syncDirectory` to make the rename durable.
    func install() throws(JournalError) {
        guard rename(temporary, journal) == 0 else {
            let error = JournalError.system("rename", path: temporary)
            unlink(temporary)
            throw error
        }
    }

    /// Opens `journal` (creating an empty one), recovers its records and cuts off a torn tail; returns the file
    /// opened for appending, where the next frame goes, and what was found.
    func recover(options: Journal.Options) throws(JournalError) -> (file: FileDescriptor, end: Int, Journal.Recovery) {
        // A leftover temporary snapshot was never renamed into place, so nobody was told it was written.
        if unlink(temporary) != 0 && errno != ENOENT { throw .system("unlink", path: temporary) }
        if access(journal, F_OK) != 0 {
            guard errno == ENOENT else { throw .system("access", path: journal) }
            let (file, end) = try writeSnapshot([])
            do throws(JournalError) {
                try install()
                try syncDirectory()
            } catch {
                file.close()
                throw error
            }
            return (file, end, Journal.Recovery(records: [], snapshotRecords: 0))
        }
        let file = try FileDescriptor.open(journal, O_RDWR)
        // Closed exactly once: the salvage path closes it before salvaging, and an error of the salvage must not
        // close it again (the number may belong to another thread's new descriptor by then).
        var fileOpen = true
        do throws(JournalError) {
            let size = try file.size()
            let bytes = try file.readAll(size: size)
            let scan = try Self.scan(bytes, path: journal)
            guard let damage = scan.damage else {
                return (
                    file, bytes.count, Journal.Recovery(records: scan.records, snapshotRecords: scan.snapshotRecords)
                )
            }
            if damage.isTornTail {
                // The normal aftermath of a crash mid-write: that write was never acknowledged.
                try file.truncate(to: damage.offset)
                try file.sync()
                let recovery = Journal.Recovery(
                    records: scan.records, snapshotRecords: scan.snapshotRecords,
                    discardedBytes: bytes.count - damage.offset,
                    damage: "discarded \(bytes.count - damage.offset) bytes at offset \(damage.offset) of \(journal): "
                        + "an incomplete last write (\(damage.reason)), which was never acknowledged")
                return (file, damage.offset, recovery)
            }
            guard options.onCorruption == .truncate else {
                throw JournalError.corrupt(path: journal, offset: damage.offset, damage.explanation)
            }
            file.close()
            fileOpen = false
            return try salvage(bytes, scan: scan, damage: damage)
        } catch {
            if fileOpen { file.close() }
            throw error
        }
    }

    /// `CorruptionPolicy.truncate`: keeps a copy of the damaged file, then replaces it with a snapshot of the
    /// records before the damage.
    private func salvage(_ bytes: [UInt8], scan: Scan, damage: Scan.Damage) throws(JournalError)
        -> (file: FileDescriptor, end: Int, Journal.Recovery)
    {
        let copy = journal + ".damaged-\(time(nil))"
        let copyFile = try FileDescriptor.open(copy, O_WRONLY | O_CREAT | O_EXCL)
        do throws(JournalError) {
            try copyFile.write(bytes, at: 0)
            try copyFile.sync()
            copyFile.close()
        } catch {
            copyFile.close()
            throw error
        }
        let (file, end) = try writeSnapshot(scan.records)
        do throws(JournalError) {
            try install()
            try syncDirectory()
        } catch {
            file.close()
            throw error
        }
        let recovery = Journal.Recovery(
            records: scan.records, snapshotRecords: scan.records.count, discardedBytes: bytes.count - damage.offset,
            damage: "discarded \(bytes.count - damage.offset) bytes from offset \(damage.offset) of \(journal) "
                + "(\(damage.explanation)); the damaged file was kept as \(copy)",
            damagedCopy: copy)
        return (file, end, recovery)
    }

    /// What a journal file holds: its intact records and the first damage, if any.
    struct Scan {
        /// Where a file stops being intact.
        struct Damage {
            /// The offset of the first bad byte range (a frame that is incomplete or fails its checksum).
            var offset: Int
            /// What is wrong there.
            var reason: String
            /// Where an intact frame follows the damage, proving it is not a torn tail.
            var nextValidFrame: Int?
            /// Whether the damage is in the snapshot, which was fsync'ed before it was renamed into place.
            var inSnapshot: Bool

            /// Whether this is the unsynced end of a crash's last write, which `open` may cut off.
            var isTornTail: Bool { nextValidFrame == nil && !inSnapshot }

            /// Why this damage is not a torn tail.
            var explanation: String {
                if inSnapshot {
                    return "\(reason) inside the snapshot, which was complete and fsync'ed when it was installed"
                }
                return "\(reason), yet an intact frame follows at offset \(nextValidFrame ?? -1), so this is not "
                    + "the unfinished last write of a crash, and recovering would silently drop acknowledged records"
            }
        }

        /// The intact records, in order.
        var records: [[UInt8]]
        /// How many of them the snapshot holds (when the damage is in the snapshot: how many it should hold).
        var snapshotRecords: Int
        /// The first damage, or nil for a clean file.
        var damage: Damage?
    }

    /// Reads the header, the snapshot (which must be intact) and the appended frames (whose tail may be torn).
    static func scan(_ bytes: [UInt8], path: String) throws(JournalError) -> Scan {
        let result: Result<Scan, JournalError> = bytes.withUnsafeBytes { raw in
            let header: JournalFormat.Header
            switch JournalFormat.decodeHeader(raw) {
            case .success(let decoded): header = decoded
            case .failure(var error):
                error.path = path
                error.message = "\(path): \(error.message)"
                return .failure(error)
            }
            var scan = Scan(records: [], snapshotRecords: header.snapshotRecords)
            scan.records.reserveCapacity(header.snapshotRecords)
            var offset = JournalFormat.headerLength
            let snapshotEnd = min(header.snapshotEnd, raw.count)
            let snapshot = UnsafeRawBufferPointer(rebasing: raw[0..<snapshotEnd])
            while offset < snapshotEnd {
                switch JournalFormat.frame(at: offset, in: snapshot) {
                case .valid(let payload, let end):
                    JournalFormat.appendRecords(in: payload, of: raw, to: &scan.records)
                    offset = end
                case .invalid(let reason):
                    scan.damage = Scan.Damage(offset: offset, reason: reason, inSnapshot: true)
                    return .success(scan)
                }
            }
            if header.snapshotEnd > raw.count {
                scan.damage = Scan.Damage(
                    offset: raw.count,
                    reason: "the file ends before the snapshot's end at offset \(header.snapshotEnd)", inSnapshot: true)
                return .success(scan)
            }
            guard scan.records.count == header.snapshotRecords else {
                scan.damage = Scan.Damage(
                    offset: JournalFormat.headerLength,
                    reason:
                        "the snapshot holds \(scan.records.count) records, its header says \(header.snapshotRecords)",
                    inSnapshot: true)
                return .success(scan)
            }
            while offset < raw.count {
                switch JournalFormat.frame(at: offset, in: raw) {
                case .valid(let payload, let end):
                    JournalFormat.appendRecords(in: payload, of: raw, to: &scan.records)
                    offset = end
                case .invalid(let reason):
                    scan.damage = Scan.Damage(
                        offset: offset, reason: reason,
                        nextValidFrame: JournalFormat.nextValidFrame(after: offset, in: raw), inSnapshot: false)
                    return .success(scan)
                }
            }
            return .success(scan)
        }
        return try result.get()
    }
}
