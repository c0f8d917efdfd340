import Foundation
import StepFunctionsCompiler

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `bytes` to file descriptor 1 after what `print` holds in its buffer.
@Sendable private func writeToStandardOutput(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let base = bytes.baseAddress else { return }
    fflush(nil)
    var done = 0
    while done < bytes.count {
        let n = write(1, base + done, bytes.count - done)
        if n > 0 {
            done += n
        } else if n < 0 && errno != EINTR {
            return
        }
    }
}

/// Where a command writes and reads: the process's standard streams, or buffers in a test.
package struct CommandIO: Sendable {
    /// Writes a line to standard output.
    package var out: @Sendable (String) -> Void
    /// Writes text to standard output as is (no newline added).
    package var write: @Sendable (String) -> Void
    /// Writes a line to standard error.
    package var err: @Sendable (String) -> Void
    /// Reads all of standard input.
    package var readStandardInput: @Sendable () -> String
    /// Writes bytes to standard output as they are (UTF-8 text in pieces, such as `sfn run --json`'s
    /// millions of events, without making a `String` of each piece); ``write`` by default.
    package var writeBytes: @Sendable (UnsafeBufferPointer<UInt8>) -> Void
    /// Colour for text output (``Style/plain`` unless standard output is a terminal; `--no-color`
    /// and `NO_COLOR` turn it off; a test may set it to check coloured output).
    package var style: Style = .plain

    /// Creates an IO from its four functions.
    package init(
        out: @escaping @Sendable (String) -> Void, write: @escaping @Sendable (String) -> Void,
        err: @escaping @Sendable (String) -> Void, readStandardInput: @escaping @Sendable () -> String
    ) {
        self.out = out
        self.write = write
        self.err = err
        self.readStandardInput = readStandardInput
        writeBytes = { write(String(decoding: $0, as: UTF8.self)) }
    }

    /// The process's standard output, error and input; colour when standard output is a terminal
    /// and `NO_COLOR` is not set.
    package static let standard: CommandIO = {
        var io = CommandIO(
            out: { print($0) }, write: { print($0, terminator: "") },
            err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
            readStandardInput: { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) })
        io.style = .forTerminal(environment: Style.colorEnvironment())
        io.writeBytes = writeToStandardOutput
        return io
    }()
}

extension CommandIO {
    /// What a command wrote to an IO made by ``capturing(input:)``.
    package final class Captured: @unchecked Sendable {
        private let lock = NSLock()
        private var out = ""
        private var err = ""

        /// Everything written to standard output.
        package var output: String { lock.withLock { out } }
        /// Everything written to standard error.
        package var errors: String { lock.withLock { err } }

        func append(out text: String) { lock.withLock { out += text } }
        func append(err text: String) { lock.withLock { err += text } }
    }

    /// An IO that keeps what is written (for tests) and reads `input` as standard input.
    package static func capturing(input: String = "") -> (CommandIO, Captured) {
        let captured = Captured()
        let io = CommandIO(
            out: { captured.append(out: $0 + "\n") }, write: { captured.append(out: $0) },
            err: { captured.append(err: $0 + "\n") }, readStandardInput: { input })
        return (io, captured)
    }
}

/// One `sfn` subcommand.
package struct Command: Sendable {
    /// The word after `sfn`.
    package let name: String
    /// One line for the command list.
    package let summary: String
    /// The full help text (USAGE, arguments, options).
    package let help: String
    /// Runs the command with the arguments after its name; returns the exit status.
    package let run: @Sendable ([String], CommandIO) -> Int32

    /// Creates a command.
    package init(name: String, summary: String, help: String, run: @escaping @Sendable ([String], CommandIO) -> Int32) {
        self.name = name
        self.summary = summary
        self.help = help
        self.run = run
    }
}

/// Exit statuses (Docs/CLI.md, "Exit statuses"): 0 and 1 as test tools use them, the others as
/// sysexits numbers them.
package enum ExitStatus {
    /// Success: the run succeeded, every test passed, every definition is valid.
    package static let ok: Int32 = 0
    /// The answer is no: an execution that did not succeed, a failed test, an invalid definition
    /// (`validate`), a file `format --check` would change.
    package static let failure: Int32 = 1
    /// `run` and `test --definition`: the definition to run has errors, so nothing ran (EX_DATAERR).
    package static let invalidDefinition: Int32 = 65
    /// A usage error: an unknown option, a missing or malformed value (EX_USAGE).
    package static let usage: Int32 = 64
    /// A file that cannot be read: missing, unreadable, a directory, binary or not UTF-8 (EX_NOINPUT).
    package static let fileProblem: Int32 = 66
}

/// A problem with the command line: a usage error (printed with the command's usage line, exit 64),
/// or, when ``file`` is set, a file that cannot be read (printed as `FILE: error: ...`, exit 66).
package struct UsageError: Error {
    /// What is wrong.
    package let message: String
    /// The file that cannot be read, for a file problem.
    package let file: String?

    /// Creates a usage error.
    package init(message: String) {
        self.message = message
        file = nil
    }

    /// Creates a file problem: `file` cannot be read, for the reason `message` gives.
    package init(file: String, message: String) {
        self.message = message
        self.file = file
    }

    /// The exit status: ``ExitStatus/fileProblem`` for a file problem, else ``ExitStatus/usage``.
    package var exitStatus: Int32 { file == nil ? ExitStatus.usage : ExitStatus.fileProblem }

    /// Prints the error (a usage error with `usage`, the command's usage line) and returns its exit status.
    package func report(usage: String, io: CommandIO) -> Int32 {
        if let file {
            io.err("\(file): " + io.style.failed("error") + ": \(message)")
        } else {
            io.err("Error: \(message)\n\(usage)")
        }
        return exitStatus
    }
}

/// Hand-written argument parsing: flags, options with a value, and positionals.
package struct ArgumentList {
    package private(set) var positionals: [String] = []
    private var flags: Set<String> = []
    private var values: [String: [String]] = [:]

    /// Parses `arguments`; `valueOptions` take the next argument (or `--name=value`).
    package init(_ arguments: [String], flags allowedFlags: Set<String>, options valueOptions: Set<String>)
        throws(UsageError)
    {
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if onlyPositionals || !a.hasPrefix("-") || a == "-" {
                positionals.append(a)
                continue
            }
            if a == "--" {
                onlyPositionals = true
                continue
            }
            var name = a
            var inlineValue: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                inlineValue = String(a[a.index(after: eq)...])
            }
            if allowedFlags.contains(name) {
                if inlineValue != nil { throw UsageError(message: "option '\(name)' takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard i < arguments.count else { throw UsageError(message: "option '\(name)' needs a value") }
                    values[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                var message = "unknown option '\(name)'"
                let known = Array(allowedFlags) + Array(valueOptions)
                if let s = closestWord(to: name, in: known) { message += "; did you mean '\(s)'?" }
                throw UsageError(message: message)
            }
        }
    }

    /// Whether a flag was given.
    package func has(_ flag: String) -> Bool { flags.contains(flag) }
    /// The last value of an option.
    package func value(_ option: String) -> String? { values[option]?.last }
    /// Every value of a repeatable option.
    package func allValues(_ option: String) -> [String] { values[option] ?? [] }
}

/// The closest word by edit distance, for "did you mean" hints.
package func closestWord(to word: String, in candidates: [String]) -> String? {
    Suggestions.closest(to: word, in: candidates)
}

/// Reads a whole file as UTF-8 text, or throws a file problem naming the file: missing, a
/// directory, unreadable, binary (a NUL byte) or not UTF-8. `regular` says the directory listing
/// that named the file called it a regular file (`sfn test`'s): a small one is then read without
/// asking its size.
package func readTextFile(_ path: String, io: CommandIO, regular: Bool = false) throws(UsageError) -> String {
    if path == "-" { return io.readStandardInput() }
    // The common case (`sfn test` reads thousands of small files) in one open, fstat and read and
    // one UTF-8 check; anything else takes the checks below, which word the error.
    if let text = readPlainTextFile(path, regular: regular) { return text }
    var directory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
        throw UsageError(file: path, message: "no such file")
    }
    if directory.boolValue { throw UsageError(file: path, message: "is a directory, not a file") }
    guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
    else {
        throw UsageError(file: path, message: "cannot be read (permission denied)")
    }
    // On the bytes: `Data.firstIndex(of:)` goes through the generic collection path, an exclusivity
    // check per byte (most of what `sfn test` spent reading a case).
    let nul: Int? = data.withUnsafeBytes { raw in
        guard let base = raw.baseAddress, let hit = memchr(base, 0, raw.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }
    if let nul {
        throw UsageError(file: path, message: "is a binary file (a NUL byte at offset \(nul)), not text")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw UsageError(file: path, message: "is not UTF-8 text")
    }
    return text
}

/// The text of the regular file at `path`, read at once; nil when it cannot be read so (no such
/// file, not a regular file, no permission, a NUL byte, not UTF-8, a byte 0xEF, as a byte order
/// mark starts, which `String(data:encoding:)` drops) and `readTextFile` should look into why.
///
/// Four system calls (open, fstat, one read of the size fstat gave, close): a regular file's read
/// returns what it has, so the read that would only see the end is left out. A file its directory
/// listing called `regular` is read first without the fstat (~1 µs of system time a file): one read
/// of up to 8 KiB and a byte, which is the whole file when it returns less. An all-ASCII file of
/// up to 8 KiB becomes a string with no UTF-8 check beyond the one pass that finds it ASCII.
private func readPlainTextFile(_ path: String, regular: Bool) -> String? {
    #if canImport(Glibc) || canImport(Darwin)
        // (`withCString`: a path passed as a `String` is copied to a new array first.)
        // (O_NONBLOCK: a file that stopped being regular since the listing, a FIFO, must not block
        // the open; a regular file's reads ignore it.)
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | (regular ? O_NONBLOCK : 0)) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if regular {
            let base = UnsafeMutablePointer<UInt8>.allocate(capacity: smallFileCapacity)
            defer { base.deallocate() }
            var n: Int
            repeat { n = read(fd, base, smallFileLimit + 1) } while n < 0 && errno == EINTR
            guard n >= 0 else { return nil }
            if n <= smallFileLimit { return smallText(base, count: n, capacity: (n + 1 + 63) & ~63) }
            // Larger: read again from the start, as any file is.
            guard lseek(fd, 0, SEEK_SET) == 0 else { return nil }
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 30 else { return nil }
        let size = Int(info.st_size)
        // The file's bytes (one byte more than the size asked for, to see that the file grew) at
        // `base`, or nil when it cannot be read or grew.
        func readAll(into base: UnsafeMutablePointer<UInt8>) -> Int? {
            var done = 0
            while true {
                let n = read(fd, base + done, size + 1 - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if n == 0 { break }
                done += n
                // The whole size read: the end (a larger file shows by the byte more asked for).
                if done >= size { break }
            }
            return done <= size ? done : nil
        }
        // A text above 8 KiB is read into the string's own storage and checked there: its copy
        // (glibc's `memcpy` turns to `rep movsb` there) would cost more than the check saved.
        guard size <= smallFileLimit else {
            var plain = true
            let text = String(unsafeUninitializedCapacity: size + 1) { buffer -> Int in
                guard let base = buffer.baseAddress, let done = readAll(into: base),
                    memchr(base, 0, done) == nil, memchr(base, 0xEF, done) == nil
                else {
                    plain = false
                    return 0
                }
                return done
            }
            guard plain else { return nil }
            return repaired(text) ? nil : text
        }
        // Room to scan 64 bytes at a time.
        let capacity = (size + 1 + 63) & ~63
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { base.deallocate() }
        guard let done = readAll(into: base) else { return nil }
        return smallText(base, count: done, capacity: capacity)
    #else
        return nil
    #endif
}

/// The largest file read into a buffer and copied into its string (larger ones are read into the
/// string's own storage), and that buffer's size: room for a byte more, rounded up to 64 bytes.
private let smallFileLimit = 8192
private let smallFileCapacity = (smallFileLimit + 1 + 63) & ~63

/// The text of the `count` bytes at `base` (room for `capacity`, a multiple of 64, above them),
/// or nil when they are not plain UTF-8 text (as `readPlainTextFile` says).
private func smallText(_ base: UnsafeMutablePointer<UInt8>, count done: Int, capacity: Int) -> String? {
    guard memchr(base, 0, done) == nil else { return nil }
    let bytes = UnsafeBufferPointer(start: base, count: done)
    // Spaces past the end (not above 0x7F) let the scan read whole blocks.
    (base + done).initialize(repeating: 0x20, count: capacity - done)
    if allASCII(UnsafeRawPointer(base), count: capacity) {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: true))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    if memchr(base, 0xEF, done) != nil { return nil }
    let text = String(decoding: bytes, as: UTF8.self)
    return repaired(text) ? nil : text
}

/// Whether a string made from bytes without a byte 0xEF holds U+FFFD (EF BF BD): the string
/// repaired bytes that are not UTF-8.
private func repaired(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in utf8.baseAddress.map { memchr($0, 0xEF, utf8.count) != nil } ?? false }
}

/// Whether the `count` bytes at `p` (a multiple of 64) are all ASCII: 64 bytes at a time.
private func allASCII(_ p: UnsafeRawPointer, count: Int) -> Bool {
    var flags = SIMD16<UInt8>()
    var i = 0
    while i < count {
        flags |=
            p.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            | p.loadUnaligned(fromByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
            | p.loadUnaligned(fromByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
            | p.loadUnaligned(fromByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
        i &+= 64
    }
    let words = unsafeBitCast(flags & SIMD16(repeating: 0x80), to: SIMD2<UInt64>.self)
    return words[0] | words[1] == 0
}
