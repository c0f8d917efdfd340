import Foundation
import HTTPTestSupport
import Testing

#if os(Linux)
    /// At its descriptor limit, the server must leave new connections waiting (not spin, not
    /// crash) and serve them once descriptors are available again. It keeps a reserve of free
    /// descriptors: taking the last one crashed `sfn serve` in about one run in three, in
    /// libdispatch's worker monitor, which traps when it cannot open `/proc/self/task/N/stat`.
    ///
    /// The limit is lowered on a `sfn serve` child process (with `prlimit`), never on the test
    /// process: a lowered limit there made every other test that opened a file, a socket or a
    /// process in those 300 ms fail (CI saw `Process.run` fail with EBADF).
    /// glibc's `prlimit(2)` wrapper, which Swift's Glibc module leaves out (it is `_GNU_SOURCE`).
    private let prlimitFunction:
        (@convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32)? = {
            // A null handle is RTLD_DEFAULT: the symbol from whichever loaded library has it.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prlimit") else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32).self
            )
        }()

    /// Sets and/or reads another process's descriptor limit; 0 on success.
    private func setLimit(_ pid: pid_t, _ new: UnsafePointer<rlimit>?, _ old: UnsafeMutablePointer<rlimit>?) -> Int32 {
        guard let prlimitFunction else { return -1 }
        return prlimitFunction(pid, Int32(RLIMIT_NOFILE.rawValue), new, old)
    }

    /// A process's user and system CPU time in clock ticks (`/proc/PID/stat` fields 14 and 15).
    private func cpuTicks(_ pid: pid_t) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; the fields after it start past its ")".
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }

    @Suite("sfn serve: out of descriptors")
    struct DescriptorExhaustionTests {
        @Test func descriptorExhaustionIsSurvived() async throws {
            let serve = try ServeProcess([])
            defer { serve.kill() }
            let pid = serve.process.processIdentifier
            let served = try await offPool { () -> Int in
                var saved = rlimit()
                try check(setLimit(pid, nil, &saved) == 0, "prlimit")
                let descriptors = Set(
                    try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) })
                let open = descriptors.count
                // Room for one more connection at most (a new descriptor takes the lowest free
                // number, which must be below the limit): the rest wait in the listen backlog.
                let lowestFree = (0...).first { !descriptors.contains($0) }!
                var lowered = saved
                lowered.rlim_cur = rlim_t(lowestFree + 1)
                try check(setLimit(pid, &lowered, nil) == 0, "prlimit")
                var clients: [RawClient] = []
                for _ in 0..<4 { clients.append(try RawClient(port: serve.port, timeout: 10)) }
                let request =
                    head(
                        "POST / HTTP/1.1", "Host: h", "Content-Type: application/x-amz-json-1.0",
                        "X-Amz-Target: AWSStepFunctions.ListStateMachines", "Content-Length: 2") + "{}"
                for client in clients { try client.send(request) }
                let ticksBefore = try cpuTicks(pid)
                usleep(300_000)  // the server hits EMFILE and backs off meanwhile
                // A server retrying accept in a loop would burn the whole 300 ms (30 ticks).
                let ticksSpent = try cpuTicks(pid) - ticksBefore
                try check(ticksSpent < 15, "sfn serve spun on EMFILE: \(ticksSpent) ticks of CPU in 300 ms")
                let heldAtTheLimit = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
                try check(heldAtTheLimit <= open + 1, "the limit held: \(heldAtTheLimit) descriptors open")
                try check(serve.process.isRunning, "sfn serve survived EMFILE")
                try check(setLimit(pid, &saved, nil) == 0, "prlimit")
                var served = 0
                for client in clients where try client.readResponse().status == 200 { served += 1 }
                try check(serve.process.isRunning, "sfn serve survived")
                // And it still stops on SIGTERM with its clients' connections open.
                try check(serve.stop(), "sfn serve did not stop within 20 s of SIGTERM")
                return served
            }
            #expect(served == 4)
        }
    }
#endif
