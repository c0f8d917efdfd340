import Foundation
import Testing

@testable import Journal

/// SIGKILLs a real process that appends, and checks that every append it acknowledged is recovered.
@Suite struct JournalCrashTests {
    /// The child executable, built beside the tests (a test target's dependencies land in the same directory).
    static var childPath: String {
        #if os(Linux)
            // The test binary itself: .build/<triple>/debug/<package>PackageTests.xctest.
            let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #else
            // macOS loads the tests as a bundle, .build/debug/<package>PackageTests.xctest, into a runner elsewhere.
            let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
            let directory = bundle.bundleURL.deletingLastPathComponent()
        #endif
        return directory.appendingPathComponent("JournalCrashChild").path
    }

    /// The number of a record written by the child (`N:` and `(N * 7919) % 1500` dots), or nil if malformed.
    static func number(_ record: [UInt8]) -> Int? {
        guard let colon = record.firstIndex(of: UInt8(ascii: ":")),
            let n = Int(String(decoding: record[..<colon], as: UTF8.self)),
            record.count - colon - 1 == (n &* 7919) % 1500,
            record[(colon + 1)...].allSatisfy({ $0 == UInt8(ascii: ".") })
        else { return nil }
        return n
    }

    /// What one run of the child did.
    struct Run: Sendable {
        /// The numbers it acknowledged.
        var acknowledged: [Int]
        /// Whether it was still running when it was killed (it should have been: it only stops on errors).
        var wasRunning: Bool
        /// Whether it died of a signal.
        var killed: Bool
        /// What it wrote to stderr.
        var stderr: String
    }

    /// Runs `body` on a thread of its own: the crash test waits in `poll` and `waitUntilExit`, which must not hold
    /// one of the cooperative pool's few threads (the other tests run meanwhile).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs the child on `directory`, lets it append for a random while after its first acknowledgement, SIGKILLs
    /// it, and returns what it acknowledged. (No expectations here: this runs outside the test's task.)
    static func runAndKill(
        directory: String, fsync: Bool, appenders: Int, snapshotEvery: Int, killAfter: Duration
    ) throws -> Run {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: childPath)
        child.arguments = [directory, fsync ? "1" : "0", "\(appenders)", "\(snapshotEvery)"]
        let output = Pipe()
        let errors = Pipe()
        child.standardOutput = output
        child.standardError = errors
        try child.run()
        let fd = output.fileHandleForReading.fileDescriptor
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        /// Reads what is available within `timeout` milliseconds; false at end of file.
        func readSome(timeout: Int32) -> Bool {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeout) > 0 else { return true }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { return false }
            received.append(contentsOf: buffer[..<count])
            return true
        }
        // Wait (generously, the machine may be busy) for the first acknowledgement, then for the random moment.
        let firstDeadline = ContinuousClock.now + .seconds(30)
        while !received.contains(UInt8(ascii: "\n")) && ContinuousClock.now < firstDeadline && child.isRunning {
            _ = readSome(timeout: 50)
        }
        let killAt = ContinuousClock.now + killAfter
        while ContinuousClock.now < killAt && child.isRunning {
            _ = readSome(timeout: 10)
        }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        // Everything the child wrote before dying is in the pipe now; drain it without waiting.
        while readSome(timeout: 0) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) <= 0 { break }
        }
        let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
        // A line cut off by the kill was never fully acknowledged: only complete lines count.
        let lines = received.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        return Run(
            acknowledged: lines.compactMap { Int(String(decoding: $0, as: UTF8.self)) }, wasRunning: wasRunning,
            killed: child.terminationReason == .uncaughtSignal, stderr: stderr)
    }

    /// Kills the child twice on the same directory (the second run recovers and continues), then checks.
    func crashTwiceAndVerify(fsync: Bool, appenders: Int, snapshotEvery: Int) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.childPath), "build JournalCrashChild first")
        let directory = TemporaryDirectory()
        var acknowledged: [Int] = []
        for _ in 0..<2 {
            let delay = Duration.milliseconds(Int.random(in: 20...400))
            let path = directory.path
            let run = try await Self.onThread {
                try Self.runAndKill(
                    directory: path, fsync: fsync, appenders: appenders, snapshotEvery: snapshotEvery,
                    killAfter: delay)
            }
            #expect(run.wasRunning && run.killed, "the child stopped by itself: \(run.stderr)")
            acknowledged += run.acknowledged
        }
        #expect(!acknowledged.isEmpty)
        #expect(Set(acknowledged).count == acknowledged.count, "a number was acknowledged twice")
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        var recovered: [Int] = []
        for record in recovery.records {
            let n = try #require(Self.number(record), "a malformed record: \(record.prefix(40))")
            recovered.append(n)
        }
        let recoveredSet = Set(recovered)
        #expect(recoveredSet.count == recovered.count, "a record was recovered twice")
        let lost = Set(acknowledged).subtracting(recoveredSet)
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.sorted().prefix(20))")
        // Unacknowledged records may or may not be there (written but killed before the answer), but they are few.
        #expect(recoveredSet.count - Set(acknowledged).count <= 2 * appenders * 2)
    }

    @Test func anotherProcessHoldingTheDirectoryIsNamedAndItsDeathReleasesIt() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path
        let outcome = try await Self.onThread { () -> (pid: Int32, error: JournalError?, reopened: Bool) in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: Self.childPath)
            child.arguments = [path, "0", "1", "0"]
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            // Its first acknowledgement means it holds the lock.
            _ = output.fileHandleForReading.readData(ofLength: 1)
            var error: JournalError?
            do throws(JournalError) {
                try Journal.open(directory: path).journal.close()
            } catch let caught {
                error = caught
            }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            // The kernel drops a dead process's locks at once: no stale lock file to clean up by hand.
            let reopened = (try? Journal.open(directory: path).journal.close()) != nil
            return (child.processIdentifier, error, reopened)
        }
        #expect(outcome.error?.kind == .locked)
        let expected = "\(path)/LOCK is locked by process \(outcome.pid): another server is using the data directory"
        #expect(outcome.error?.description == "\(expected) \(path)")
        #expect(outcome.reopened)
    }

    @Test func aFailedWriteStopsTheJournalAndLosesNothingAcknowledged() async throws {
        // The child's file size limit makes a write fail part-way (a short write, then EFBIG), as a full disk would.
        let directory = TemporaryDirectory()
        let path = directory.path
        let output = try await Self.onThread { () -> String in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: Self.childPath)
            child.arguments = [path, "1", "1", "0", "50000"]
            let pipe = Pipe()
            child.standardOutput = pipe
            try child.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let lines = output.split(separator: "\n").map(String.init)
        // The failing append reports the system call's error; every later one says the journal stopped.
        #expect(lines.suffix(2) == ["error:io", "error:failed"])
        let acknowledged = lines.compactMap { Int($0) }
        #expect(acknowledged.count > 10)
        let (journal, recovery) = try Journal.open(directory: path)
        journal.close()
        #expect(recovery.records.compactMap(Self.number) == acknowledged)
    }

    @Test func killNineWithFsyncLosesNothingAcknowledged() async throws {
        try await crashTwiceAndVerify(fsync: true, appenders: 8, snapshotEvery: 500)
    }

    @Test func killNineWithoutFsyncLosesNothingAcknowledged() async throws {
        // write(2) alone suffices for a process crash: the page cache belongs to the kernel, which outlives us.
        try await crashTwiceAndVerify(fsync: false, appenders: 8, snapshotEvery: 500)
    }

    @Test func killNineWithOneAppenderAndFrequentSnapshots() async throws {
        try await crashTwiceAndVerify(fsync: true, appenders: 1, snapshotEvery: 40)
    }
}
