import Foundation
import Testing

@testable import Journal

/// What `open` does with files damaged by crashes, by bit rot and by other programs.
@Suite struct JournalRecoveryTests {
    /// Writes each of `records` as its own commit (so its own frame); returns each frame's offset and the file's size.
    func writeFrames(_ records: [String], in directory: TemporaryDirectory) throws -> (offsets: [Int], size: Int) {
        let (journal, _) = try Journal.open(directory: directory.path, options: .init(fsync: false))
        var offsets: [Int] = []
        for record in records {
            offsets.append(journal.statistics.fileSize)
            try journal.appendSync(bytes(record))
        }
        let size = journal.statistics.fileSize
        journal.close()
        return (offsets, size)
    }

    @Test func everyPossibleCutOfTheLastFrameIsATornTail() throws {
        let directory = TemporaryDirectory()
        let (offsets, size) = try writeFrames(["first", "second", "third record"], in: directory)
        let original = directory.read(directory.journal)
        #expect(original.count == size)
        for cut in (offsets[2] + 1)..<size {
            directory.write(directory.journal, Array(original[..<cut]))
            let (journal, recovery) = try Journal.open(directory: directory.path)
            journal.close()
            #expect(strings(recovery.records) == ["first", "second"], "cut at \(cut)")
            #expect(recovery.discardedBytes == cut - offsets[2])
            #expect(recovery.damage?.contains("offset \(offsets[2])") == true)
            #expect(directory.read(directory.journal).count == offsets[2], "the tail is cut off on disk")
        }
    }

    @Test func garbageOrZerosAfterTheLastFrameAreATornTail() throws {
        let directory = TemporaryDirectory()
        let (_, size) = try writeFrames(["a", "b"], in: directory)
        let original = directory.read(directory.journal)
        var generator = SystemRandomNumberGenerator()
        let tails: [[UInt8]] = [
            [0], [UInt8](repeating: 0, count: 4096),
            (0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) },
            [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1],
        ]
        for tail in tails {
            directory.write(directory.journal, original + tail)
            let (journal, recovery) = try Journal.open(directory: directory.path)
            // The journal appends where the intact part ends, and that survives the next open.
            try journal.appendSync(bytes("c"))
            journal.close()
            #expect(strings(recovery.records) == ["a", "b"])
            #expect(recovery.discardedBytes == tail.count)
            let (reopened, again) = try Journal.open(directory: directory.path)
            reopened.close()
            #expect(strings(again.records) == ["a", "b", "c"])
            #expect(again.damage == nil)
            directory.write(directory.journal, Array(directory.read(directory.journal)[..<size]))
        }
    }

    @Test func aBitFlipInTheLastFrameIsATornTail() throws {
        // What a power loss can leave: the last (unsynced) frame whole in length but not in content.
        let directory = TemporaryDirectory()
        let (offsets, size) = try writeFrames(["a", "b", "last"], in: directory)
        var damaged = directory.read(directory.journal)
        damaged[size - 1] ^= 0x01
        directory.write(directory.journal, damaged)
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["a", "b"])
        #expect(recovery.damage?.contains("checksum") == true)
        #expect(directory.read(directory.journal).count == offsets[2])
    }

    @Test func aTornAtomicGroupIsDroppedWhole() throws {
        let directory = TemporaryDirectory()
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            try journal.appendSync(bytes("alone"))
            try journal.appendSync([bytes("group-1"), bytes("group-2"), bytes("group-3")])
            journal.close()
        }
        let original = directory.read(directory.journal)
        directory.write(directory.journal, Array(original.dropLast(3)))
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["alone"])
    }

    @Test func damageFollowedByIntactFramesIsCorruptionNamingFileAndOffset() throws {
        let directory = TemporaryDirectory()
        let (offsets, _) = try writeFrames(["one", "two", "three", "four"], in: directory)
        let original = directory.read(directory.journal)
        // A flipped payload byte, a flipped checksum, and a length pointing past the end of the file.
        for (position, mask) in [(offsets[1] + 13, UInt8(0x20)), (offsets[1] + 5, 0x01), (offsets[1] + 3, 0x40)] {
            var damaged = original
            damaged[position] ^= mask
            directory.write(directory.journal, damaged)
            let error = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
            #expect(error?.kind == .corrupt)
            #expect(error?.offset == offsets[1])
            #expect(error?.path == directory.journal)
            #expect(error?.description.contains("\(directory.journal) is corrupt at offset \(offsets[1])") == true)
            #expect(error?.description.contains("intact frame follows at offset \(offsets[2])") == true)
            // Refusing leaves the file as it was, and the directory unlocked.
            #expect(directory.read(directory.journal) == damaged)
        }
    }

    @Test func truncatePolicyKeepsACopyAndTheRecordsBeforeTheDamage() async throws {
        let directory = TemporaryDirectory()
        let (offsets, _) = try writeFrames(["one", "two", "three"], in: directory)
        var damaged = directory.read(directory.journal)
        damaged[offsets[1] + 12] ^= 0xFF
        directory.write(directory.journal, damaged)
        do {
            let (journal, recovery) = try Journal.open(
                directory: directory.path, options: .init(onCorruption: .truncate))
            #expect(strings(recovery.records) == ["one"])
            #expect(recovery.discardedBytes == damaged.count - offsets[1])
            let copy = try #require(recovery.damagedCopy)
            #expect(directory.read(copy) == damaged)
            #expect(recovery.damage?.contains(copy) == true)
            try await journal.append(bytes("four"))
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["one", "four"])
        #expect(recovery.damage == nil)
    }

    @Test func aSalvageThatFailsLeavesTheJournalAsItWas() throws {
        let directory = TemporaryDirectory()
        let (offsets, _) = try writeFrames(["one", "two", "three"], in: directory)
        var damaged = directory.read(directory.journal)
        damaged[offsets[1] + 12] ^= 0xFF
        directory.write(directory.journal, damaged)
        // Damage before the last frame is no torn tail: the truncate policy salvages. The damaged copy's names for the next seconds are taken, so the salvage fails (O_EXCL).
        let now = Int(time(nil))
        let taken = (now..<(now + 5)).map { directory.journal + ".damaged-\($0)" }
        for name in taken { directory.write(name, []) }
        #expect(throws: JournalError.self) {
            try Journal.open(directory: directory.path, options: .init(onCorruption: .truncate))
        }
        // Nothing changed, and the directory is not left locked.
        #expect(directory.read(directory.journal) == damaged)
        for name in taken { unlink(name) }
        let (journal, recovery) = try Journal.open(directory: directory.path, options: .init(onCorruption: .truncate))
        journal.close()
        #expect(strings(recovery.records) == ["one"])
    }

    @Test func damageInsideTheSnapshotIsAlwaysCorruption() throws {
        let directory = TemporaryDirectory()
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            try journal.snapshotSync((0..<5).map { bytes("snapshot \($0)") })
            journal.close()
        }
        let original = directory.read(directory.journal)
        // Even at the very end of the file, a damaged snapshot is not a torn tail: it was fsync'ed before its rename.
        var flipped = original
        flipped[original.count - 1] ^= 0x01
        directory.write(directory.journal, flipped)
        let flipError = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(flipError?.kind == .corrupt)
        #expect(flipError?.description.contains("snapshot") == true)
        directory.write(directory.journal, Array(original.dropLast(2)))
        let cutError = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(cutError?.kind == .corrupt)
    }

    @Test func foreignFilesAndOtherVersionsAreRefused() throws {
        let directory = TemporaryDirectory()
        directory.write(directory.journal, bytes("{\"not\": \"a journal\"}\n"))
        let foreign = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(foreign?.kind == .unsupportedFormat)
        #expect(foreign?.description.contains(directory.journal) == true)

        var header = JournalFormat.encode(.init(snapshotRecords: 0, snapshotEnd: JournalFormat.headerLength))
        header[8] = 2
        directory.write(directory.journal, header)
        let version = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(version?.kind == .unsupportedFormat)
        #expect(version?.description.contains("version 2") == true)

        directory.write(directory.journal, [])
        let empty = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(empty?.kind == .unsupportedFormat)
    }

    @Test func aLeftoverTemporarySnapshotIsIgnoredAndRemoved() throws {
        let directory = TemporaryDirectory()
        _ = try writeFrames(["kept"], in: directory)
        directory.write(directory.journal + ".tmp", bytes("half a snapshot"))
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["kept"])
        #expect(!FileManager.default.fileExists(atPath: directory.journal + ".tmp"))
    }

    @Test func openCreatesMissingDirectories() throws {
        let directory = TemporaryDirectory()
        let nested = directory.path + "/a/b/c"
        let (journal, _) = try Journal.open(directory: nested)
        try journal.appendSync(bytes("x"))
        journal.close()
        #expect(FileManager.default.fileExists(atPath: nested + "/journal.sfnj"))
        let (reopened, recovery) = try Journal.open(directory: nested)
        reopened.close()
        #expect(strings(recovery.records) == ["x"])
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(bytes("123456789")) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let split = CRC32C.checksum(Array(data[500...]), continuing: CRC32C.checksum(Array(data[..<500])))
        #expect(split == CRC32C.checksum(data))
    }
}
