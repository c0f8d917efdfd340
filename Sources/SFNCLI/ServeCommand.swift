import Dispatch
import Foundation
import StepFunctionsServer
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sfn serve`: the Step Functions API on localhost, until SIGINT or SIGTERM.
let serveCommand = Command(
    name: "serve",
    summary: "Serve the Step Functions API on localhost (for the AWS CLI and every AWS SDK)",
    help: """
        OVERVIEW: Serve the AWS Step Functions API (AWS JSON 1.0) over HTTP until interrupted. Point the
        AWS CLI or an AWS SDK at it with an endpoint URL (e.g. aws stepfunctions --endpoint-url
        http://127.0.0.1:8083 list-state-machines). Credentials are accepted and not checked.

        USAGE: sfn serve [--port PORT] [--host HOST] [options]

        OPTIONS:
          --port PORT             The port (default: 8083; 0 picks a free port, printed at start).
          --host HOST             The address to bind (default: 127.0.0.1, this machine only).
          --account-id ID         The account in every ARN (default: 123456789012).
          --region REGION         The region in every ARN (default: us-east-1).
          --clock real|virtual    real (default): a 10 s Wait takes 10 s; virtual: Waits and retry
                                  delays end at once while timestamps advance.
          --time-scale X          On the real clock, the wall time of one simulated second
                                  (0.1: ten times faster; default 1).
          --data-dir DIR          Keep everything in DIR across restarts (default: in memory).
          --recover-truncate      When DIR's journal is damaged (not just a torn last record), keep
                                  the records before the damage instead of refusing to start.
          --mock-config FILE      A Step Functions Local mock configuration (also SFN_MOCK_CONFIG);
                                  start executions with stateMachineArn#TestCase to use a test case.
          --lambda-endpoint URL   Answer Lambda tasks with a local Lambda endpoint
                                  (sam local start-lambda), e.g. http://127.0.0.1:3001.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn serve [--port PORT] [--host HOST] [options]"
        var options = ServiceOptions()
        var listening = StepFunctionsEndpoint.Listening()
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--recover-truncate"],
                options: [
                    "--port", "--host", "--account-id", "--region", "--clock", "--time-scale", "--data-dir",
                    "--mock-config", "--lambda-endpoint",
                ])
            guard args.positionals.isEmpty else {
                throw UsageError(message: "unexpected argument '\(args.positionals[0])'")
            }
            if let port = args.value("--port") {
                guard let p = Int(port), (0...65535).contains(p) else {
                    throw UsageError(message: "--port is '\(port)'; give a number from 0 to 65535")
                }
                listening.port = p
            }
            if let host = args.value("--host") { listening.host = host }
            if let account = args.value("--account-id") {
                guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw UsageError(message: "--account-id is '\(account)'; an account id is 12 digits")
                }
                options.accountId = account
            }
            if let region = args.value("--region") { options.region = region }
            switch args.value("--clock") ?? "real" {
            case "real": options.clock = .real
            case "virtual": options.clock = .virtual
            case let other: throw UsageError(message: "--clock is '\(other)'; use real or virtual")
            }
            if let scale = args.value("--time-scale") {
                guard let x = Double(scale), x > 0, x.isFinite else {
                    throw UsageError(message: "--time-scale is '\(scale)'; give a positive number such as 0.1")
                }
                options.timeScale = x
            }
            options.dataDirectory = args.value("--data-dir")
            options.recoverTruncated = args.has("--recover-truncate")
            if options.recoverTruncated && options.dataDirectory == nil {
                throw UsageError(message: "--recover-truncate needs --data-dir")
            }
            if let path = args.value("--mock-config") ?? ProcessInfo.processInfo.environment["SFN_MOCK_CONFIG"] {
                let text = try readTextFile(path, io: io)
                do {
                    options.mockConfiguration = try MockConfiguration(text: text)
                } catch {
                    throw UsageError(message: "\(path): \(error)")
                }
            }
            if let url = args.value("--lambda-endpoint") {
                guard url.hasPrefix("http://") else {
                    throw UsageError(
                        message: "--lambda-endpoint is '\(url)'; give an http:// URL such as http://127.0.0.1:3001")
                }
                options.lambdaEndpoint = url
            }
        } catch {
            return error.report(usage: usage, io: io)
        }
        // Before the address line is printed: a client may signal as soon as it reads it.
        installTerminationHandlers()
        let endpoint: StepFunctionsEndpoint
        let port: Int
        do {
            endpoint = try StepFunctionsEndpoint(options: options, listening: listening)
            port = try endpoint.start()
            if let notice = endpoint.startNotice { io.err("sfn serve: \(notice)") }
        } catch {
            io.err("Error: \(error)")
            return ExitStatus.failure
        }
        io.out(
            "sfn serve: the Step Functions API on http://\(listening.host):\(port) (account \(options.accountId), \(options.region))"
        )
        // Scripts and tests read the port from this line: flush it even when stdout is a pipe
        // (nil flushes every stream; naming `stdout` is not concurrency-safe).
        fflush(nil)
        waitForTermination()
        io.err("sfn serve: stopping")
        Simulator.runBlocking { await endpoint.shutdown() }
        return ExitStatus.ok
    })

/// Posted by the SIGINT/SIGTERM handler (`sem_post` is async-signal-safe). A pointer, not a
/// global `sem_t`: the handler's access would overlap `sem_wait`'s under exclusivity checking.
private nonisolated(unsafe) let terminationSemaphore: UnsafeMutablePointer<sem_t> = .allocate(capacity: 1)

/// Installs SIGINT and SIGTERM handlers synchronously, with no descriptor: a dispatch signal
/// source registers later, on libdispatch's manager thread, and needs a descriptor for it; a
/// signal sent before that, or with the descriptors exhausted, was lost and `sfn serve` never
/// stopped.
private func installTerminationHandlers() {
    sem_init(terminationSemaphore, 0, 0)
    signal(SIGINT) { _ in sem_post(terminationSemaphore) }
    signal(SIGTERM) { _ in sem_post(terminationSemaphore) }
    // A parent may start us with the signals blocked (the mask is inherited; Foundation's
    // `Process` in a test runner does): this thread takes them.
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
}

/// Blocks until SIGINT or SIGTERM.
private func waitForTermination() {
    while sem_wait(terminationSemaphore) != 0 && errno == EINTR {}
}
