import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

@testable import WorkflowPictures

/// The HTML pages opened in a real headless browser (Chromium): the inline script runs without an
/// error, every state is an element, a run's failed state is coloured, and a screenshot is taken
/// of each page for a look by eye.
///
/// Without Chromium the test says why and passes, unless `SFN_REQUIRE_CHROMIUM=1` (CI sets it and
/// installs Chromium). Screenshots go to `SFN_SCREENSHOTS` (default: a folder in the temporary
/// directory, printed). Each browser run is stopped after `timeout` seconds.
@Suite(.serialized) struct BrowserTests {
    static let timeout: Double = 90

    /// The browser: `SFN_CHROMIUM`, else the first of Chromium's usual names on the `PATH`.
    static func chromium() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SFN_CHROMIUM"], !path.isEmpty { return path }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    static var screenshots: URL {
        if let folder = ProcessInfo.processInfo.environment["SFN_SCREENSHOTS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("sfn-screenshots")
    }

    /// The seed workflows (`Samples/*/Goldens/NAME.asl.json`).
    static func seed(_ name: String) throws -> StateMachineDefinition {
        let file = try #require(LayoutStabilityTests.samples.first { $0.0 == name + ".asl.json" })
        return file.1
    }

    /// Runs `browser` with `arguments`; stdout and stderr go to files (a page's DOM is larger than a
    /// pipe). A shell opens the files in the child, so this process holds no descriptor while the
    /// browser runs (the HTTP server's tests count this process's descriptors meanwhile).
    static func run(_ browser: String, _ arguments: [String]) async throws -> (status: Int32, out: String, err: String)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-browser-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // A profile of its own, so that runs never share (or wait for) another browser's lock.
        let browserArguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + folder.appendingPathComponent("profile").path, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000",
            ] + arguments
        process.arguments =
            [
                "-c", #"out="$1"; err="$2"; shift 2; exec "$@" > "$out" 2> "$err" < /dev/null"#, "sh", outURL.path,
                errURL.path, browser,
            ] + browserArguments
        try process.run()
        let started = ContinuousClock.now
        while process.isRunning {
            if ContinuousClock.now - started > .seconds(timeout) {
                process.terminate()
                process.waitUntilExit()
                Issue.record("\(browser) did not finish within \(Int(timeout)) s: \(arguments.last ?? "")")
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }

    /// Opens `html` (written as `name.html` beside its screenshot), checks it and screenshots it;
    /// returns the DOM after the scripts ran.
    static func check(_ html: String, name: String, states: [String], browser: String) async throws -> String {
        let folder = screenshots
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent(name + ".html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        let dump = try await run(browser, ["--dump-dom", page.absoluteString])
        #expect(dump.status == 0, "\(name): the browser exited with \(dump.status)\n\(dump.err.suffix(2000))")
        let dom = dump.out
        #expect(dom.contains("data-ready=\"true\""), "\(name): the page's script did not run to its end")
        #expect(dom.contains("<pre id=\"sfn-errors\" hidden=\"\"></pre>"), "\(name): script errors: \(errors(dom))")
        // Chromium logs what pages write to the console, and uncaught errors, on stderr.
        for line in dump.err.split(separator: "\n") where line.contains("CONSOLE") || line.contains("Uncaught") {
            #expect(!line.contains("Uncaught") && !line.contains("ERROR:CONSOLE"), "\(name): \(line)")
        }
        for state in states {
            #expect(dom.contains("data-state=\"\(state)\""), "\(name): no element for the state \(state)")
        }

        let shot = folder.appendingPathComponent(name + ".png")
        try? FileManager.default.removeItem(at: shot)
        let screenshot = try await run(
            browser, ["--window-size=1400,1000", "--screenshot=" + shot.path, page.absoluteString])
        #expect(screenshot.status == 0, "\(name): the screenshot failed\n\(screenshot.err.suffix(2000))")
        let png = (try? Data(contentsOf: shot)) ?? Data()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name): no PNG at \(shot.path)")
        print("screenshot: \(shot.path)")
        return dom
    }

    static func errors(_ dom: String) -> String {
        guard let start = dom.range(of: "<pre id=\"sfn-errors\"") else { return "(no error element)" }
        return String(dom[start.lowerBound...].prefix(600))
    }

    /// The element of `state` in a dumped DOM (its opening tag).
    static func element(of state: String, in dom: String) -> String? {
        guard let at = dom.range(of: "data-state=\"\(state)\"") else { return nil }
        let start = dom[..<at.lowerBound].range(of: "<g ", options: .backwards)?.lowerBound ?? at.lowerBound
        let end = dom[at.upperBound...].firstIndex(of: ">") ?? dom.endIndex
        return String(dom[start..<end])
    }

    @Test func seedWorkflowsAndFailedRunsOpenInABrowserWithoutErrors() async throws {
        guard let browser = Self.chromium() else {
            let reason = "Chromium is not installed (apt-get install -y chromium, or set SFN_CHROMIUM)"
            if ProcessInfo.processInfo.environment["SFN_REQUIRE_CHROMIUM"] == "1" {
                Issue.record("SFN_REQUIRE_CHROMIUM=1, but \(reason)")
            } else {
                print("BrowserTests skipped: \(reason)")
            }
            return
        }
        print("BrowserTests: \(browser); screenshots in \(Self.screenshots.path)")

        // The seed workflow, drawn.
        let payment = try Self.seed("payment-processing")
        let paymentStates = [
            "ValidateOrder", "CheckInventory", "ProcessPayment", "ParallelPostProcessing", "UpdateDatabase",
            "SendConfirmation", "RefundPayment", "HandleFailure",
        ]
        _ = try await Self.check(
            payment.picture(name: "payment-processing").html(), name: "payment-processing", states: paymentStates,
            browser: browser)

        // A failed run of it: the confirmation cannot be sent, so the Parallel and the run fail.
        var simulator = Simulator(payment)
        for state in paymentStates where state != "SendConfirmation" && state != "ParallelPostProcessing" {
            simulator.handle(state: state) { call in call.input }
        }
        simulator.handle(state: "SendConfirmation") { _ in
            throw TaskError(error: "SNS.InternalErrorException", cause: "SNS is unavailable")
        }
        let failed = await simulator.run(input: ["orderId": "o-1", "confirmationMessage": "thanks"])
        #expect(failed.status == .failed)
        let runPage = payment.picture(name: "payment-processing").html(run: try ExecutionTrace(history: failed.json))
        let dom = try await Self.check(
            runPage, name: "payment-processing-failed-run", states: paymentStates, browser: browser)
        #expect(Self.element(of: "SendConfirmation", in: dom)?.contains("st-failed") == true)
        #expect(Self.element(of: "ParallelPostProcessing", in: dom)?.contains("st-failed") == true)
        #expect(Self.element(of: "UpdateDatabase", in: dom)?.contains("st-succeeded") == true)
        #expect(Self.element(of: "RefundPayment", in: dom)?.contains("st-none") == true)
        #expect(dom.contains("SNS is unavailable"))
        // What a click shows: a state's visits, a line of the timeline, a branch.
        let folder = Self.screenshots.appendingPathComponent("payment-processing-failed-run.html").absoluteString
        let links = [
            ("#state=UpdateDatabase", "<h2>UpdateDatabase</h2>"),
            ("#visit=0", "<h2>ValidateOrder</h2>"),
            ("#branch=c-ParallelPostProcessing_branch_2", "<h2>Branch 2</h2>"),
            ("#state=RefundPayment", "Not reached on the path shown."),
        ]
        for (link, shown) in links {
            let clicked = try await Self.run(browser, ["--dump-dom", folder + link])
            #expect(clicked.out.contains(shown), "\(link) does not show \(shown)")
            #expect(
                clicked.out.contains("<pre id=\"sfn-errors\" hidden=\"\"></pre>"),
                "\(link): \(Self.errors(clicked.out))")
        }

        // A Map whose second item fails: its iterations can be chosen, the failed one is shown.
        let lineItems = try Self.seed("order-processing-line-items")
        var mapSimulator = Simulator(lineItems)
        mapSimulator.handle(state: "ValidateOrder") { _ in ["Payload": ["ok": true]] }
        mapSimulator.handle(state: "ProcessItem") { call in
            if call.input["item"] == "b" { throw TaskError(error: "ItemError", cause: "item b is out of range") }
            return ["Payload": ["done": true]]
        }
        let mapRun = await mapSimulator.run(input: ["orderId": "o-2", "order": ["items": ["a", "b", "c"]]])
        #expect(mapRun.status == .failed)
        let mapDOM = try await Self.check(
            lineItems.picture(name: "order-processing-line-items").html(run: try ExecutionTrace(history: mapRun.json)),
            name: "order-processing-line-items-failed-item", states: ["ProcessLineItems", "ProcessItem"],
            browser: browser)
        #expect(Self.element(of: "ProcessItem", in: mapDOM)?.contains("st-failed") == true)
        #expect(mapDOM.contains("<select data-map=\"ProcessLineItems\">"))
        #expect(mapDOM.contains("iteration 1 — failed"))

        // The workflow's page shows a state's definition when it is clicked.
        let definitionPage = Self.screenshots.appendingPathComponent("payment-processing.html").absoluteString
        let shown = try await Self.run(browser, ["--dump-dom", definitionPage + "#state=ProcessPayment"])
        #expect(shown.out.contains("&quot;Type&quot;: &quot;Task&quot;") || shown.out.contains("\"Type\": \"Task\""))
        #expect(shown.out.contains("<pre id=\"sfn-errors\" hidden=\"\"></pre>"), "\(Self.errors(shown.out))")
    }
}
