import Foundation
import StepFunctionsSimulator

/// `sfn serve` as a child process of a test: started with its own arguments, its port read from
/// the line it prints, stopped (or killed) at the end. Bounded: every wait has a deadline.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Pipe()

    /// The `sfn` executable built next to the test bundle (`swift test` builds every product).
    static var executable: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sfn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Starts `sfn serve --port 0 ARGUMENTS` and waits (up to 20 s) for the port it listens on.
    init(_ arguments: [String]) throws {
        guard let executable = Self.executable else { throw ServeError("no sfn executable next to the tests") }
        process.executableURL = executable
        process.arguments = ["serve", "--port", "0"] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens; it is read on a thread of its own so that a
        // server that never prints cannot hang the test past the deadline.
        let handle = output.fileHandleForReading
        let firstLine = Locked("")
        let ready = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var text = ""
            while !text.contains("\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            firstLine.withLock { $0 = text }
            ready.signal()
        }
        guard ready.wait(timeout: .now() + 20) == .success else {
            process.terminate()
            throw ServeError("sfn serve printed no address within 20 s")
        }
        let text = firstLine.withLock { $0 }
        // "sfn serve: the Step Functions API on http://127.0.0.1:PORT (...)"
        guard let range = text.range(of: "http://127.0.0.1:"),
            let port = Int(text[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw ServeError("no port in: \(text)")
        }
        self.port = port
    }

    /// Stops it (SIGTERM) and waits for it to exit; after 20 s it is killed, so a server that
    /// does not stop fails its test instead of hanging the run. Returns whether it stopped by itself.
    @discardableResult
    func stop() -> Bool {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        guard process.isRunning else {
            process.waitUntilExit()
            return true
        }
        kill()
        return false
    }

    /// Kills it (SIGKILL: no clean-up at all) and waits for it to exit.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// A failure of the test harness itself.
struct ServeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
