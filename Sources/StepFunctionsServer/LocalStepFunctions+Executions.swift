import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import StepFunctionsSimulator

extension LocalStepFunctions {
    /// What a start request runs: the machine, the revision, and the version or alias it came through.
    struct Target {
        var machine: MachineRecord
        var revision: Revision
        var versionArn: String?
        var aliasArn: String?
        /// The Step Functions Local test case named after `#` in the ARN.
        var testCase: String?
    }

    /// Resolves a `stateMachineArn` (a machine, a version, an alias, optionally `#TestCase`).
    func target(_ arn: String) throws(AWSError) -> Target {
        var text = arn
        var testCase: String?
        if let hash = arn.lastIndex(of: "#") {
            text = String(arn[..<hash])
            testCase = String(arn[arn.index(after: hash)...])
        }
        let reference = try machineReference(text)
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> Target in
            guard let machine = d.machines[reference.machineName] else { throw .stateMachineDoesNotExist(text) }
            switch reference {
            case .machine:
                return Target(machine: machine, revision: machine.current, testCase: testCase)
            case .version(_, let n):
                guard let version = machine.versions[n] else { throw .stateMachineDoesNotExist(text) }
                return Target(machine: machine, revision: version.revision, versionArn: version.arn, testCase: testCase)
            case .alias(_, let name):
                guard let alias = machine.aliases[name] else { throw .resourceNotFound(text) }
                let versionArn = Self.route(alias.routing)
                guard case .version(_, let n) = try arns.machineReference(versionArn), let version = machine.versions[n]
                else { throw .resourceNotFound(versionArn) }
                return Target(
                    machine: machine, revision: version.revision, versionArn: versionArn, aliasArn: alias.arn,
                    testCase: testCase)
            }
        }
    }

    /// `arns.machineReference(text)`, remembered (a valid ARN parses the same way every time).
    func machineReference(_ text: String) throws(AWSError) -> MachineReference {
        if let known = machineReferences.withLock({ $0[text] }) { return known }
        let reference = try arns.machineReference(text)
        machineReferences.withLock { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[text] = reference
        }
        return reference
    }

    /// Picks a version by the routing weights.
    static func route(_ routing: [RoutingEntry]) -> String {
        var pick = Int.random(in: 0..<max(1, routing.reduce(0) { $0 + $1.weight }))
        for entry in routing {
            if pick < entry.weight { return entry.versionArn }
            pick -= entry.weight
        }
        return routing.last?.versionArn ?? ""
    }

    // MARK: Start

    func startExecution(_ r: Request) throws(AWSError) -> JSONValue {
        let target = try target(try r.string("stateMachineArn"))
        let name = try r.optionalString("name") ?? Self.uuid()
        try Self.checkName(name)
        let inputText = try r.optionalString("input") ?? "{}"
        let input = try Self.parseInput(inputText)
        let traceHeader = try r.optionalString("traceHeader")
        let machine = target.machine
        let express = machine.type == .express
        let arn =
            express
            ? arns.expressExecution(machine.name, name, run: Self.uuid()) : arns.execution(machine.name, name)
        let now = Self.now()
        var record = ExecutionRecord(
            arn: arn, name: name, machineName: machine.name, machineArn: machine.arn, versionArn: target.versionArn,
            aliasArn: target.aliasArn, express: express, inputText: inputText, status: .running, startDate: now,
            revision: target.revision, traceHeader: traceHeader)
        record.testCase = target.testCase
        if !express {
            let existing = try data.withLock { (d: inout ServiceData) throws(AWSError) -> ExecutionRecord? in
                guard let existing = d.executions[arn] else {
                    d.executions[arn] = record
                    d.executionsByMachine[machine.name, default: []].append(arn)
                    persist(StoreRecord.execution(record), in: &d)
                    return nil
                }
                // Starting the same execution again while it runs answers as the first start did.
                guard existing.status == .running, existing.inputText == inputText else {
                    throw .executionAlreadyExists(arn)
                }
                return existing
            }
            if let existing {
                return ["executionArn": .string(existing.arn), "startDate": Self.timestamp(existing.startDate)]
            }
        }
        record.startDate = now
        launch(record, input: input, target: target)
        return ["executionArn": .string(arn), "startDate": Self.timestamp(now)]
    }

    func startSyncExecution(_ r: Request) async throws(AWSError) -> JSONValue {
        let target = try target(try r.string("stateMachineArn"))
        guard target.machine.type == .express else { throw .typeNotSupported }
        let name = try r.optionalString("name") ?? Self.uuid()
        try Self.checkName(name)
        let inputText = try r.optionalString("input") ?? "{}"
        let input = try Self.parseInput(inputText)
        let traceHeader = try r.optionalString("traceHeader")
        let machine = target.machine
        let arn = arns.expressExecution(machine.name, name, run: Self.uuid())
        let now = Self.now()
        // The history is only read by a logging configuration: without one it is not recorded.
        let logged = (target.revision.logging["level"]?.stringValue ?? "OFF") != "OFF"
        let simulator = try prepared(target, executionName: name, startDate: now, recordHistory: logged)
        let execution = await simulator.run(input: input, inputText: inputText)
        writeLogs(execution.history, executionArn: arn, revision: target.revision)
        var o: JSONObject = [
            "executionArn": .string(arn), "stateMachineArn": .string(machine.arn), "name": .string(name),
            "startDate": Self.timestamp(now), "stopDate": Self.timestamp(execution.stopDate),
            "status": .string(ExecutionState(execution.status).rawValue), "input": .string(inputText),
            "inputDetails": ["included": true],
        ]
        if let output = execution.output {
            o["output"] = .string(JSONWriter.compactJava.string(output))
            o["outputDetails"] = ["included": true]
        }
        if let error = execution.error { o["error"] = .string(error) }
        if let cause = execution.cause { o["cause"] = .string(cause) }
        if let traceHeader { o["traceHeader"] = .string(traceHeader) }
        // AWS bills Express executions by 100 ms at 64 MB.
        let millis = max(0, execution.stopDate.timeIntervalSince(now) * 1000)
        o["billingDetails"] = [
            "billedMemoryUsedInMB": 64,
            "billedDurationInMilliseconds": .int(max(100, Int((millis / 100).rounded(.up)) * 100)),
        ]
        return .object(o)
    }

    /// Reads an execution input, failing as AWS does (its JSON parser's words).
    static func parseInput(_ text: String) throws(AWSError) -> JSONValue {
        if text.isEmpty { throw .invalidExecutionInput("Invalid execution input.") }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw .invalidExecutionInput(JacksonMessage.describe(text))
        }
    }

    /// A simulator for `target`, set up for one execution.
    func prepared(
        _ target: Target, executionName: String, startDate: Date, recordHistory: Bool = true
    ) throws(AWSError) -> Simulator {
        var simulator = try baseSimulator(target)
        var o = simulator.options
        o.recordHistory = recordHistory
        o.executionName = executionName
        o.stateMachineName = target.machine.name
        o.startDate = startDate
        // Each execution draws its own task tokens and random values (with one seed for all, two
        // executions waiting at the same step would wait on the same token).
        o.seed = Self.seed(target.machine.name, executionName, startDate)
        o.roleArn = target.revision.roleArn
        simulator.options = o
        let objects = s3Objects
        if !objects.isEmpty { simulator.objects = objects }
        return simulator
    }

    /// A seed for one execution: FNV-1a of its machine, name and start.
    static func seed(_ machine: String, _ name: String, _ start: Date) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(machine)\u{0}\(name)\u{0}\(start.timeIntervalSince1970)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The simulator for a revision (and mock test case), built once and kept.
    private func baseSimulator(_ target: Target) throws(AWSError) -> Simulator {
        let key =
            "\(target.machine.type.rawValue)\u{0}\(target.testCase ?? "")\u{0}\(target.machine.name)\u{0}"
            + target.revision.definitionText
        if let cached = simulators.withLock({ $0[key] }) { return cached }
        let document = ASLDocument(
            text: target.revision.definitionText,
            validation: ASLValidator.Options(stateMachineType: target.machine.type, warnings: false))
        guard let definition = document.definition else {
            throw .invalidDefinition(document.errors.first?.message ?? "unreadable definition")
        }
        var options = simulatorOptions()
        options.stateMachineType = target.machine.type
        options.stateMachineName = target.machine.name
        options.unansweredTaskAdvice =
            "answer it with a mock configuration (sfn serve --mock-config FILE, and start the execution with stateMachineArn#TestCase), "
            + "a .waitForTaskToken integration answered by SendTaskSuccess, an activity worker, or --lambda-endpoint for Lambda tasks"
        var simulator = Simulator(definition, options: options)
        var mocked: Set<String> = []
        if let testCase = target.testCase {
            guard let config = self.options.mockConfiguration else {
                throw .validation(
                    "The state machine ARN names the mock test case '\(testCase)', but sfn serve was started without --mock-config"
                )
            }
            do {
                let responses = try config.responses(testCase: testCase, stateMachine: target.machine.name)
                simulator.useMocks(responses)
                mocked = Set(responses.byState.filter { !$0.value.isEmpty }.keys)
            } catch {
                throw .validation("Mock test case '\(testCase)': \(error)")
            }
        }
        simulator.useActivities(activityHub)
        installIntegrations(&simulator, definition: definition)
        installSQS(&simulator, definition: definition, mocked: mocked)
        if let lambda { installLambda(&simulator, definition: definition, mocked: mocked, endpoint: lambda) }
        simulators.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[key] = simulator
        }
        return simulator
    }

    /// Runs a STANDARD (or asynchronous EXPRESS) execution in the background.
    func launch(_ record: ExecutionRecord, input: JSONValue, target: Target) {
        let arn = record.arn
        let simulator: Simulator
        do {
            simulator = try prepared(target, executionName: record.name, startDate: record.startDate)
        } catch {
            finishFailed(arn, error: "States.Runtime", cause: error.message)
            return
        }
        let run = RunIdentity()
        let observer = observer(for: arn, machineArn: record.machineArn, run: run)
        data.withLock { d in
            let handle = simulator.start(input: input, inputText: record.inputText, observer: observer)
            track(handle, observer: observer, run: run, record: record, in: &d)
        }
    }

    /// What watches `run` of `arn`: the task tokens it issues, the Map Runs it ends (ignored once
    /// the run no longer counts: the execution was stopped, and maybe redriven since).
    func observer(for arn: String, machineArn: String, run: RunIdentity) -> ExecutionObserver {
        ExecutionObserver(
            onTaskToken: { [data] token in
                data.withLock { d in
                    guard Self.counts(run, of: arn, in: d) else { return }
                    d.tokens[token] = arn
                    d.live[arn]?.tokens.append(token)
                }
            },
            onMapRun: { [weak self] report in
                self?.recordMapRun(report, executionArn: arn, machineArn: machineArn, run: run)
            })
    }

    /// Whether `run` is the current run of `arn` (an asynchronous EXPRESS execution has no record to check).
    static func counts(_ run: RunIdentity, of arn: String, in d: ServiceData) -> Bool {
        d.live[arn]?.run === run || d.executions[arn] == nil
    }

    /// Keeps a run going in the background and records how it ends (a STANDARD execution's run is
    /// live until then). `logsFrom`: the first event its logs write (a redrive's come after the
    /// earlier ones).
    func track(
        _ handle: RunningExecution, observer: ExecutionObserver, run: RunIdentity, record: ExecutionRecord,
        logsFrom: Int = 0, in d: inout ServiceData
    ) {
        let arn = record.arn
        let task = Task { [weak self] in
            // Cancelling this task (StopExecution, DeleteStateMachine, shutdown) stops the run itself:
            // a stopped execution runs no further states and its waits end.
            let result = await withTaskCancellationHandler {
                await handle.result()
            } onCancel: {
                handle.cancel()
            }
            guard self?.finish(arn, result, run: handle) == true else { return }
            self?.writeLogs(
                Array(result.history.dropFirst(logsFrom)), executionArn: arn, revision: record.revision,
                redriveCount: record.redriveCount)
        }
        if !record.express {
            d.live[arn] = LiveExecution(
                handle: handle, observer: observer, task: task, run: run, journaledEvents: logsFrom)
        }
    }

    /// Keeps a distributed Map's run for DescribeMapRun and ListMapRuns.
    func recordMapRun(_ report: MapRunReport, executionArn: String, machineArn: String, run identity: RunIdentity) {
        // `mapRun:MACHINE/LABEL:ID` → the machine's ARN with `/LABEL`.
        let label = report.mapRunArn.split(separator: ":").dropLast().last.map(String.init) ?? ""
        let labelPart = label.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        var counts = JSONObject()
        counts["aborted"] = .int(report.aborted)
        counts["failed"] = .int(report.failed)
        counts["pending"] = .int(report.pending)
        counts["resultsWritten"] = .int(report.succeeded + report.failed)
        counts["running"] = 0
        counts["succeeded"] = .int(report.succeeded)
        counts["timedOut"] = 0
        counts["total"] = .int(report.total)
        var run = MapRunRecord(
            arn: report.mapRunArn, executionArn: executionArn, machineArn: machineArn + "/" + labelPart,
            startDate: report.startDate, stopDate: report.stopDate, status: report.status,
            maxConcurrency: report.maxConcurrency, toleratedFailureCount: report.toleratedFailureCount,
            toleratedFailurePercentage: report.toleratedFailurePercentage, itemCounts: counts, executionCounts: counts)
        run.redriveCount = report.redriveCount
        run.redriveDate = report.redriveDate
        run.childOutputs = report.childOutputs
        data.withLock { d in
            guard Self.counts(identity, of: executionArn, in: d) else { return }
            if let earlier = d.mapRuns[run.arn] {
                // A redrive of the execution redrove this run: it is the same Map Run, started then.
                run.startDate = earlier.startDate
                run.machineArn = earlier.machineArn
            } else {
                d.executions[executionArn]?.mapRuns.append(run.arn)
            }
            d.mapRuns[run.arn] = run
            persist(StoreRecord.mapRun(run), in: &d)
        }
    }

    /// What a redrive needs of an execution's Map Runs: each as the simulator reported it.
    static func report(_ m: MapRunRecord) -> MapRunReport {
        MapRunReport(
            mapRunArn: m.arn, startDate: m.startDate, stopDate: m.stopDate ?? m.startDate, status: m.status,
            maxConcurrency: m.maxConcurrency, toleratedFailureCount: m.toleratedFailureCount,
            toleratedFailurePercentage: m.toleratedFailurePercentage, total: m.itemCounts["total"]?.intValue ?? 0,
            succeeded: m.itemCounts["succeeded"]?.intValue ?? 0, failed: m.itemCounts["failed"]?.intValue ?? 0,
            aborted: m.itemCounts["aborted"]?.intValue ?? 0, pending: m.itemCounts["pending"]?.intValue ?? 0,
            redriveCount: m.redriveCount, redriveDate: m.redriveDate,
            childOutputs: m.childOutputs)
    }

    /// Records how a run ended, unless it no longer counts (the execution was stopped, or stopped
    /// and redriven, first); says whether it did.
    @discardableResult
    func finish(_ arn: String, _ execution: Execution, run: RunningExecution) -> Bool {
        let recorded = data.withLock { d -> Bool in
            guard !d.stopping else { return false }
            if let live = d.live[arn] {
                guard live.handle === run else { return false }
                d.live.removeValue(forKey: arn)
                for token in live.tokens { d.tokens.removeValue(forKey: token) }
            }
            // An asynchronous EXPRESS execution keeps no record: only its logs are written.
            guard var e = d.executions[arn] else { return true }
            guard e.status == .running else { return false }
            e.status = ExecutionState(execution.status)
            e.stopDate = execution.stopDate
            e.outputText = execution.output.map { JSONWriter.compactJava.string($0) }
            e.error = execution.error
            e.cause = execution.cause
            e.history = execution.history
            d.executions[arn] = e
            persist(StoreRecord.execution(e), in: &d)
            Self.notifyEnded(arn, in: &d)
            return true
        }
        if recorded { storeWritten(execution.objectsWritten) }
        return recorded
    }

    /// Ends an execution that could not start its run.
    func finishFailed(_ arn: String, error: String, cause: String) {
        data.withLock { d in
            guard var e = d.executions[arn], e.status == .running else { return }
            let now = Self.now()
            e.status = .failed
            e.stopDate = now
            e.error = error
            e.cause = cause
            e.history = [
                Self.startedEvent(e),
                HistoryEvent(
                    id: 2, previousEventId: 0, timestamp: now, type: .executionFailed,
                    details: [("error", .value(.string(error))), ("cause", .value(.string(cause)))]),
            ]
            d.executions[arn] = e
            persist(StoreRecord.execution(e), in: &d)
            Self.notifyEnded(arn, in: &d)
        }
    }

    /// The `ExecutionStarted` event of an execution whose run recorded none yet.
    static func startedEvent(_ e: ExecutionRecord) -> HistoryEvent {
        HistoryEvent(
            id: 1, previousEventId: 0, timestamp: e.startDate, type: .executionStarted,
            details: [
                ("input", .text(e.inputText)), ("inputDetails", .notTruncated),
                ("roleArn", .value(.string(e.revision.roleArn))),
            ])
    }

    /// At a start from the data directory: executions that were running when the server stopped
    /// cannot continue (their tasks, waits and callbacks were in the old process), so they end as
    /// FAILED with `States.Runtime` after the events recorded so far. They can be redriven: the
    /// redrive continues from the last state those events show.
    func recoverInterrupted() {
        data.withLock { d in
            for (arn, var e) in d.executions where e.status == .running {
                let now = Self.now()
                if e.history.isEmpty { e.history.append(Self.startedEvent(e)) }
                // A redrive whose run recorded nothing yet: its ExecutionRedriven event still counts it.
                let redriven = e.history.reduce(0) { $0 + ($1.type == .executionRedriven ? 1 : 0) }
                if redriven < e.redriveCount, let date = e.redriveDate, let previous = e.history.last?.id {
                    e.history.append(
                        HistoryEvent(
                            id: previous + 1, previousEventId: previous, timestamp: date, type: .executionRedriven,
                            details: [("redriveCount", .value(.int(e.redriveCount)))]))
                }
                let cause =
                    "The execution was running when sfn serve stopped. Redrive it (RedriveExecution) to continue "
                    + "from the last state its history recorded, or start it again."
                let last = e.history.last?.id ?? 1
                e.history.append(
                    HistoryEvent(
                        id: last + 1, previousEventId: last, timestamp: now, type: .executionFailed,
                        details: [("error", .value("States.Runtime")), ("cause", .value(.string(cause)))]))
                e.status = .failed
                e.stopDate = now
                e.error = "States.Runtime"
                e.cause = cause
                d.executions[arn] = e
                persist(StoreRecord.execution(e), in: &d)
            }
        }
    }

    // MARK: Describe, list, stop, history

    /// An execution's record, its history included (the live one while it runs).
    func execution(_ arn: String) throws(AWSError) -> ExecutionRecord {
        let reference = try arns.executionReference(arn)
        if reference.express { throw .expressNotValidHere() }
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> ExecutionRecord in
            guard var e = d.executions[arn] else { throw .executionDoesNotExist(arn) }
            if e.status == .running, var live = d.live[arn] {
                e.history = live.observer.history.snapshot
                // What a client is shown of a running execution survives a crash: its events are
                // journaled before the answer (see recoverInterrupted()).
                if store != nil && live.journaledEvents < e.history.count {
                    persist(StoreRecord.events(arn, e.history[live.journaledEvents...]), in: &d)
                    live.journaledEvents = e.history.count
                    d.live[arn] = live
                }
            }
            return e
        }
    }

    func describeExecution(_ r: Request) throws(AWSError) -> JSONValue {
        let e = try execution(try r.string("executionArn"))
        var o: JSONObject = [
            "executionArn": .string(e.arn), "stateMachineArn": .string(e.machineArn), "name": .string(e.name),
            "status": .string(e.status.rawValue), "startDate": Self.timestamp(e.startDate),
            "input": .string(e.inputText), "inputDetails": ["included": true],
        ]
        if let stop = e.stopDate { o["stopDate"] = Self.timestamp(stop) }
        if let output = e.outputText {
            o["output"] = .string(output)
            o["outputDetails"] = ["included": true]
        }
        if let error = e.error { o["error"] = .string(error) }
        if let cause = e.cause { o["cause"] = .string(cause) }
        if let version = e.versionArn { o["stateMachineVersionArn"] = .string(version) }
        if let alias = e.aliasArn { o["stateMachineAliasArn"] = .string(alias) }
        if let trace = e.traceHeader { o["traceHeader"] = .string(trace) }
        o["redriveCount"] = .int(e.redriveCount)
        if let redrive = e.redriveDate { o["redriveDate"] = Self.timestamp(redrive) }
        if let reason = redriveRefusal(e, at: wallNow()) {
            o["redriveStatus"] = "NOT_REDRIVABLE"
            o["redriveStatusReason"] = .string(reason)
        } else {
            o["redriveStatus"] = "REDRIVABLE"
        }
        return .object(o)
    }

    /// Why AWS would refuse to redrive an execution at `date`, in AWS's words (DescribeExecution's
    /// `redriveStatusReason`); nil when it can be redriven.
    func redriveRefusal(_ e: ExecutionRecord, at date: Date) -> String? {
        switch e.status {
        case .failed, .timedOut, .aborted: break
        case .running, .pendingRedrive: return "Execution is RUNNING and cannot be redriven"
        case .succeeded: return "Execution is SUCCEEDED and cannot be redriven"
        }
        // A deleted state machine's executions stay visible here, and cannot be redriven (a machine
        // created again under the name is another one).
        let machine = data.withLock { $0.machines[e.machineName] }
        guard let machine, machine.creationDate <= e.startDate else { return "State machine is in DELETING status." }
        return Execution(history: e.history).redriveStatusReason(at: date)
    }

    /// The wall clock where AWS's rules count days (``ServiceOptions/wallClock``).
    func wallNow() -> Date { options.wallClock?() ?? Self.now() }

    func listExecutions(_ r: Request) throws(AWSError) -> JSONValue {
        let machineArn = try r.optionalString("stateMachineArn")
        let mapRunArn = try r.optionalString("mapRunArn")
        let statusFilter = try r.optionalString("statusFilter")
        let redriveFilter = try r.optionalString("redriveFilter")
        let page = try Page(r)
        let executions: [ExecutionRecord]
        if let mapRunArn {
            executions = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [ExecutionRecord] in
                guard d.mapRuns[mapRunArn] != nil else { throw .resourceNotFound(mapRunArn) }
                return []
            }
        } else if let machineArn {
            let reference = try arns.machineReference(machineArn)
            executions = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [ExecutionRecord] in
                guard let machine = d.machines[reference.machineName] else {
                    throw .stateMachineDoesNotExist(machineArn)
                }
                if machine.type == .express { throw .typeNotSupported }
                var all = (d.executionsByMachine[machine.name] ?? []).reversed().compactMap { d.executions[$0] }
                switch reference {
                case .machine: break
                case .version: all = all.filter { $0.versionArn == machineArn }
                case .alias: all = all.filter { $0.aliasArn == machineArn }
                }
                return all
            }
        } else {
            throw .validation("Must provide a StateMachine ARN or MapRun ARN")
        }
        var filtered = executions
        if let statusFilter { filtered = filtered.filter { $0.status.rawValue == statusFilter } }
        if let redriveFilter {
            filtered = filtered.filter { ($0.redriveCount > 0) == (redriveFilter == "REDRIVEN") }
        }
        let (items, next) = try page.slice(filtered.map(\.arn), of: filtered)
        var o: JSONObject = [
            "executions": .array(
                items.map { e in
                    var item: JSONObject = [
                        "executionArn": .string(e.arn), "stateMachineArn": .string(e.machineArn),
                        "name": .string(e.name), "status": .string(e.status.rawValue),
                        "startDate": Self.timestamp(e.startDate),
                    ]
                    if let stop = e.stopDate { item["stopDate"] = Self.timestamp(stop) }
                    if let version = e.versionArn { item["stateMachineVersionArn"] = .string(version) }
                    if let alias = e.aliasArn { item["stateMachineAliasArn"] = .string(alias) }
                    item["redriveCount"] = .int(e.redriveCount)
                    if let redrive = e.redriveDate { item["redriveDate"] = Self.timestamp(redrive) }
                    return .object(item)
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    func stopExecution(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("executionArn")
        let error = try r.optionalString("error")
        let cause = try r.optionalString("cause")
        let reference = try arns.executionReference(arn)
        if reference.express { throw .expressNotValidHere() }
        let now = Self.now()
        let (stopped, task): (ExecutionRecord, Task<Void, Never>?) = try data.withLock {
            (d: inout ServiceData) throws(AWSError) -> (ExecutionRecord, Task<Void, Never>?) in
            guard var e = d.executions[arn] else { throw .executionDoesNotExist(arn) }
            guard e.status == .running else { return (e, nil) }
            let live = d.live.removeValue(forKey: arn)
            for token in live?.tokens ?? [] { d.tokens.removeValue(forKey: token) }
            var history = live?.observer.history.snapshot ?? e.history
            // Stopped before its run recorded anything: the history still starts as AWS's does.
            if history.isEmpty { history.append(Self.startedEvent(e)) }
            let last = history.last?.id ?? 0
            var details: [(key: String, value: EventField)] = []
            if let error { details.append(("error", .value(.string(error)))) }
            if let cause { details.append(("cause", .value(.string(cause)))) }
            history.append(
                HistoryEvent(
                    id: last + 1, previousEventId: last, timestamp: now, type: .executionAborted, details: details))
            e.history = history
            e.status = .aborted
            e.stopDate = now
            e.error = error
            e.cause = cause
            d.executions[arn] = e
            persist(StoreRecord.execution(e), in: &d)
            Self.notifyEnded(arn, in: &d)
            return (e, live?.task)
        }
        task?.cancel()
        return ["stopDate": Self.timestamp(stopped.stopDate ?? now)]
    }

    func getExecutionHistory(_ r: Request) throws(AWSError) -> JSONValue {
        let e = try execution(try r.string("executionArn"))
        let reverse = try r.bool("reverseOrder") ?? false
        let includeData = try r.bool("includeExecutionData") ?? true
        let page = try Page(r)
        var events = e.history
        if reverse { events.reverse() }
        let (items, next) = try page.slice(events.map { String($0.id) }, of: events)
        var o: JSONObject = [
            "events": .array(
                items.map { event in
                    var json = StoreRecord.event(event)
                    if !includeData { json = Self.withoutData(json) }
                    return json
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    /// An event without its input and output (`includeExecutionData: false`).
    static func withoutData(_ event: JSONValue) -> JSONValue {
        guard case .object(var o) = event else { return event }
        for i in 0..<o.count {
            let (key, value) = o[position: i]
            guard key.hasSuffix("EventDetails"), case .object(var details) = value else { continue }
            for field in ["input", "output", "parameters"] { _ = details.removeValue(forKey: field) }
            o[key] = .object(details)
        }
        return .object(o)
    }

    /// RedriveExecution: the execution continues from its unsuccessful step (see
    /// ``Simulator/redrive(_:at:)``), RUNNING again, its history continuing; a `clientToken` used
    /// for it in the last 15 minutes answers as it did then.
    func redriveExecution(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("executionArn")
        let clientToken = try r.optionalString("clientToken")
        let now = wallNow()
        let e = try execution(arn)
        if let clientToken, let used = Self.redriveToken(clientToken, of: e, at: now) {
            return ["redriveDate": Self.timestamp(used.redriveDate)]
        }
        if let reason = redriveRefusal(e, at: now) { throw AWSError("ExecutionNotRedrivable", reason) }
        guard let machine = data.withLock({ $0.machines[e.machineName] }) else {
            throw AWSError("ExecutionNotRedrivable", "State machine is in DELETING status.")
        }
        // The same definition (the revision it ran), version, alias and mock test case.
        let target = Target(
            machine: machine, revision: e.revision, versionArn: e.versionArn, aliasArn: e.aliasArn,
            testCase: e.testCase)
        let simulator = try prepared(target, executionName: e.name, startDate: e.startDate)
        // On the virtual clock an execution's time may run ahead of the wall clock: a redrive
        // never happens before the execution stopped.
        let date = max(now, e.stopDate ?? now)
        let run = RunIdentity()
        let observer = observer(for: arn, machineArn: e.machineArn, run: run)
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard var current = d.executions[arn] else { throw .executionDoesNotExist(arn) }
            if let clientToken, let used = Self.redriveToken(clientToken, of: current, at: now) {
                return ["redriveDate": Self.timestamp(used.redriveDate)]
            }
            // Another request may have redriven it meanwhile.
            guard current.status != .running, current.history.count == e.history.count else {
                throw AWSError("ExecutionNotRedrivable", "Execution is RUNNING and cannot be redriven")
            }
            let reports = current.mapRuns.compactMap { d.mapRuns[$0].map(Self.report) }
            let handle: RunningExecution
            do throws(RedriveError) {
                handle = try simulator.startRedrive(
                    Execution(history: current.history, mapRuns: reports), at: date, observer: observer)
            } catch {
                throw AWSError("ExecutionNotRedrivable", error.reason)
            }
            current.status = .running
            current.stopDate = nil
            current.outputText = nil
            current.error = nil
            current.cause = nil
            current.redriveCount += 1
            current.redriveDate = date
            if let clientToken {
                current.redriveTokens.append(RedriveToken(token: clientToken, used: now, redriveDate: date))
                current.redriveTokens = Array(current.redriveTokens.suffix(RedriveToken.kept))
            }
            d.executions[arn] = current
            persist(StoreRecord.execution(current), in: &d)
            track(handle, observer: observer, run: run, record: current, logsFrom: current.history.count, in: &d)
            return ["redriveDate": Self.timestamp(date)]
        }
    }

    /// A `clientToken` that redrove `e` less than 15 minutes before `now`.
    static func redriveToken(_ token: String, of e: ExecutionRecord, at now: Date) -> RedriveToken? {
        e.redriveTokens.last { $0.token == token && now.timeIntervalSince($0.used) <= RedriveToken.validity }
    }

    // MARK: Callbacks

    /// The running execution waiting on `token`.
    private func handle(for token: String) throws(AWSError) -> RunningExecution {
        try data.withLock { (d: inout ServiceData) throws(AWSError) -> RunningExecution in
            guard let arn = d.tokens[token] else { throw .invalidToken }
            guard let live = d.live[arn] else { throw .taskTimedOut }
            return live.handle
        }
    }

    func sendTaskSuccess(_ r: Request) throws(AWSError) -> JSONValue {
        let token = try r.string("taskToken")
        let outputText = try r.string("output")
        let output: JSONValue
        do {
            output = try JSONParser.parse(outputText)
        } catch {
            throw AWSError("InvalidOutput", "Invalid Output: '\(JacksonMessage.describe(outputText))'")
        }
        try answer(token) { try $0.sendTaskSuccess(taskToken: token, output: output) }
        forget(token)
        return [:]
    }

    func sendTaskFailure(_ r: Request) throws(AWSError) -> JSONValue {
        let token = try r.string("taskToken")
        let error = try r.optionalString("error")
        let cause = try r.optionalString("cause")
        try answer(token) { try $0.sendTaskFailure(taskToken: token, error: error, cause: cause) }
        forget(token)
        return [:]
    }

    func sendTaskHeartbeat(_ r: Request) throws(AWSError) -> JSONValue {
        let token = try r.string("taskToken")
        try answer(token) { try $0.sendTaskHeartbeat(taskToken: token) }
        return [:]
    }

    /// Answers the execution waiting on `token` with `send`; a wait that has ended (timed out,
    /// stopped) is AWS's TaskTimedOut.
    private func answer(_ token: String, _ send: (RunningExecution) throws -> Void) throws(AWSError) {
        let execution = try handle(for: token)
        do {
            try send(execution)
        } catch {
            throw .taskTimedOut
        }
    }

    /// A token answered once is answered (AWS: a second answer finds the task gone).
    private func forget(_ token: String) {
        data.withLock { _ = $0.tokens.removeValue(forKey: token) }
    }
}
