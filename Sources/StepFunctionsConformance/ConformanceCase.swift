import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import StepFunctionsSimulator

/// A recorded test case in the conformance format (definition, input, mocks, expected result and
/// history), as in `conformance/localstack/`; what `sfn test` runs.
public struct ConformanceCase: Sendable {
    /// The case's name.
    public var name: String
    /// Its group (`base`, `map_inline`...).
    public var group: String
    /// The raw case JSON (for a case read by `init(readingLazily:fileName:)`, parsed from its text
    /// each time it is read, its kept texts `null`).
    public var json: JSONValue {
        get {
            guard let lazy, case .object(var o)? = try? JSONParser.parse(lazy.text) else { return members }
            o["definition"] = .null
            if lazy.eventsCut, case .object(var expected)? = o["expected"] {
                expected["events"] = .null
                o["expected"] = .object(expected)
            }
            for (key, value) in overrides { o[key] = value }
            return .object(o)
        }
        set {
            members = newValue
            lazy = nil
            overrides = []
        }
    }

    /// The case JSON as `run(configure:)` reads it: all of it, or for a case read by
    /// `init(readingLazily:fileName:)` only the members it reads (``runMembers(_:_:)``).
    package private(set) var members: JSONValue
    /// The case's text when `members` holds only what `run(configure:)` reads (read by
    /// `init(readingLazily:fileName:)`): `json` parses it when asked.
    private var lazy: LazyText?
    /// Members set by `setMember(_:to:)` since `lazy` was read, which `json` shows over it.
    private var overrides: [(key: String, value: JSONValue)] = []

    /// A case file's text and where its top-level member names are.
    private struct LazyText: Sendable {
        /// The whole file.
        var text: String
        /// The byte ranges of its top-level member names.
        var names: [Range<Int>]
        /// Whether the expected events were kept as text (`null` in `json`, as the definition is).
        var eventsCut: Bool
    }

    /// Reads a case from its JSON text.
    public init(text: String, fileName: String) throws(ConformanceError) {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch {
            throw ConformanceError(message: "\(fileName): not JSON: \(error)")
        }
        guard case .object(let o) = json, o["definition"] != nil else {
            throw ConformanceError(message: "\(fileName): not a test case (no 'definition')")
        }
        members = json
        name = o["name"]?.stringValue ?? fileName
        group = o["group"]?.stringValue ?? "ungrouped"
    }

    /// Whether the case has a top-level member `key` (without building `json`).
    package func hasMember(_ key: String) -> Bool {
        if overrides.contains(where: { $0.key == key }) { return true }
        guard var text = lazy?.text, let names = lazy?.names else { return members[key] != nil }
        return text.withUTF8 { bytes in
            names.contains { $0.count == key.utf8.count && bytes[$0].elementsEqual(key.utf8) }
        }
    }

    /// Sets the top-level member `key` (as `json[key] = value` would, without building `json`);
    /// nothing when the case is not an object.
    package mutating func setMember(_ key: String, to value: JSONValue) {
        guard case .object(var o) = members else { return }
        o[key] = value
        members = .object(o)
        if lazy != nil { overrides.append((key, value)) }
    }

    /// The definition's own text, when the case was read by `init(readingLazily:fileName:)`: then
    /// `json["definition"]` is `null` and this text is the definition (parsed only when its text
    /// has not been seen before).
    package var definitionText: String?
    /// The text of `expected.events`, when the case was read by `init(readingLazily:fileName:)`:
    /// then `json["expected"]["events"]` is `null` and the events are compared on this text.
    package var eventsText: String?
    /// Whether `eventsText` was taken unread, not checked as JSON (read with `checkingEvents`
    /// false): see ``run(fileText:fileName:configure:keepRun:prepare:)``.
    package private(set) var eventsUnchecked = false

    /// Whether `eventsText` is JSON as the case reader's skim reads it (true when there is none).
    package var eventsTextIsValid: Bool {
        guard var text = eventsText else { return true }
        return text.withUTF8 { CaseTextSkim.checksEvents($0) }
    }

    /// Reads a case as `init(text:fileName:)` does, but keeps its definition and expected events
    /// as text (`definitionText`, `eventsText`): `sfn test` keys its caches by the definition's
    /// text and compares the events on their bytes. Only the members `run(configure:)` reads are
    /// made trees (`members`), each parsed from its own bytes; the others are only checked
    /// (``CaseTextSkim``). A file the quick skim cannot vouch for is read whole, with the same errors as
    /// `init(text:fileName:)`. With `checkingEvents` false, an events array ending the file is
    /// taken unread (``eventsUnchecked``): the file may not be JSON, nor `eventsText` the events
    /// (see ``run(fileText:fileName:configure:keepRun:prepare:)``, the only reader of a case so).
    package init(readingLazily text: String, fileName: String, checkingEvents: Bool = true) throws(ConformanceError) {
        var text = text
        // (The skim is kept out of the closure's result: copying it with the members costs more.)
        var skim: CaseTextSkim?
        let members: JSONValue? = text.withUTF8 { bytes in
            guard let read = CaseTextSkim.skim(bytes, checkingEvents: checkingEvents), read.definition != nil else {
                return Optional.none
            }
            skim = read
            return ConformanceCase.runMembers(bytes, read)
        }
        guard let skim, let members, let definition = skim.definition else {
            self = try ConformanceCase(text: text, fileName: fileName)
            return
        }
        self.members = members
        lazy = LazyText(text: text, names: skim.names, eventsCut: skim.events != nil)
        // A text known to be ASCII (as `sfn test` reads most files) is cut with no UTF-8 check: its
        // parts are ASCII too. Any other is made by `String(decoding:)` (a substring's copy skips
        // the check but costs more).
        var ascii = false
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) { ascii = text.utf8Span.isKnownASCII }
        func part(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if ascii, #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
                return String(copying: UTF8Span(unchecked: slice.span, isKnownASCII: true))
            }
            return String(decoding: slice, as: UTF8.self)
        }
        (definitionText, eventsText) = text.withUTF8 { bytes in
            (part(bytes, definition), skim.events.map { part(bytes, $0) })
        }
        eventsUnchecked = !skim.eventsChecked
        name = members["name"]?.stringValue ?? fileName
        group = members["group"]?.stringValue ?? "ungrouped"
    }

    /// Reads the case file `text` as `sfn test` does and runs it, as reading it with
    /// `init(readingLazily:fileName:)`, then `prepare` (false: the case is not run, and the answer
    /// is nil), then `run(configure:keepRun:)` would, but with expected events that end the file
    /// taken unread (``CaseTextSkim/eventsTail(_:)``): a history that matches them on their text
    /// (``EventsTextMatch``, which accepts only text the reader would have checked, one JSON array)
    /// settles them read once. Any other way out (a difference, a failure before the comparison,
    /// a case not run, an error of `prepare`) checks them first as the reader would have; text it
    /// would not have read (not JSON, or not the events' own text) makes the file read, prepared
    /// and run again as before, so every answer and message is the one of the reading that checks
    /// them.
    ///
    /// A `configure` (handlers, which run commands) is only given a case read as before: a file
    /// read whole for its events would run them twice.
    package nonisolated(nonsending) static func run(
        fileText text: String, fileName: String, configure: (@Sendable (inout Simulator, JSONValue) -> Void)?,
        keepRun: Bool, prepare: (inout ConformanceCase) throws(ConformanceError) -> Bool
    ) async throws(ConformanceError) -> ConformanceResult? {
        var c = try ConformanceCase(readingLazily: text, fileName: fileName, checkingEvents: configure != nil)
        do throws(ConformanceError) {
            if try prepare(&c) {
                let result = await c.run(configure: configure, keepRun: keepRun)
                if result.eventsMatchedOnText || !c.eventsUnchecked || c.eventsTextIsValid { return result }
            } else if !c.eventsUnchecked || c.eventsTextIsValid {
                return nil
            }
        } catch {
            if !c.eventsUnchecked || c.eventsTextIsValid { throw error }
        }
        // Not the events' own text, or not text the reader would have read: the file read as before.
        var read = try ConformanceCase(readingLazily: text, fileName: fileName)
        return try prepare(&read) ? await read.run(configure: configure, keepRun: keepRun) : nil
    }

    /// The members of the case that `run(configure:)` and `ConformanceComparison` read, as trees,
    /// each parsed from its range in `bytes` (`skim`'s): of `expected`, `execution`, `provenance`
    /// and each of `taskCalls` only the members they read, when they are objects (a member the
    /// reading code starts to read must be added to `CaseTextSkim`'s names). `definition`, and
    /// `expected.events` when kept as text, are `null`. Nil when one of them is not JSON.
    static func runMembers(_ bytes: UnsafeBufferPointer<UInt8>, _ skim: CaseTextSkim) -> JSONValue? {
        let values = skim.values
        // One set of the parser's stacks for all the members (allocated at the first container).
        var stacks = JSONParserStacks()
        /// The value at `range`, in a container `depth` deep (as deep as the whole file's parser reads).
        func parse(_ range: Range<Int>, depth: Int, _ stacks: inout JSONParserStacks) -> JSONValue? {
            let parser = depth == 1 ? memberParsers.0 : depth == 2 ? memberParsers.1 : memberParsers.2
            return parser.parseValue(exactly: UnsafeBufferPointer(rebasing: bytes[range]), stacks: &stacks)
        }
        /// The object of the members `keys` whose ranges are in `values` from `first`.
        func object(
            _ keys: [String], from first: Int, depth: Int, events: Bool = false, _ stacks: inout JSONParserStacks
        ) -> JSONValue? {
            var o = JSONObject(minimumCapacity: keys.count + 1)
            for (i, key) in keys.enumerated() where !values[first + i].isEmpty {
                guard let value = parse(values[first + i], depth: depth, &stacks) else { return Optional.none }
                o.append(key: key, value: value)
            }
            if events { o.append(key: "events", value: .null) }
            return .object(o)
        }
        var o = JSONObject(minimumCapacity: topKeys.count)
        for (k, key) in topKeys.enumerated() {
            let range = values[k]
            if range.isEmpty { continue }
            if k == CaseTextSkim.Slot.definition {
                o.append(key: key, value: .null)
                continue
            }
            let value: JSONValue?
            let opening = bytes[range.lowerBound]
            switch k {
            case CaseTextSkim.Slot.expected where opening == UInt8(ascii: "{"):
                value = object(
                    expectedKeys, from: CaseTextSkim.Slot.expectedMembers, depth: 2, events: skim.events != nil, &stacks
                )
            case CaseTextSkim.Slot.execution where opening == UInt8(ascii: "{"):
                value = object(executionKeys, from: CaseTextSkim.Slot.executionMembers, depth: 2, &stacks)
            case CaseTextSkim.Slot.provenance where opening == UInt8(ascii: "{"):
                value = object(provenanceKeys, from: CaseTextSkim.Slot.provenanceMembers, depth: 2, &stacks)
            case CaseTextSkim.Slot.taskCallList where opening == UInt8(ascii: "["):
                var calls: [JSONValue] = []
                var item = CaseTextSkim.Slot.taskCalls
                calls.reserveCapacity((values.count - item) / 4)
                while item < values.count {
                    let call =
                        bytes[values[item].lowerBound] == UInt8(ascii: "{")
                        ? object(taskCallKeys, from: item + 1, depth: 3, &stacks)
                        : parse(values[item], depth: 2, &stacks)
                    guard let call else { return Optional.none }
                    calls.append(call)
                    item += 4
                }
                value = .array(calls)
            default:
                value = parse(range, depth: 1, &stacks)
            }
            guard let value else { return Optional.none }
            o.append(key: key, value: value)
        }
        return .object(o)
    }

    /// Parsers of a value in a container one, two or three deep: as deep as the whole file's reads it.
    static let memberParsers = (
        JSONParser(options: JSONParser.Options(maxDepth: JSONParser.Options().maxDepth - 1)),
        JSONParser(options: JSONParser.Options(maxDepth: JSONParser.Options().maxDepth - 2)),
        JSONParser(options: JSONParser.Options(maxDepth: JSONParser.Options().maxDepth - 3))
    )
    /// `CaseTextSkim`'s names as keys.
    static let topKeys = CaseTextSkim.topNames.map { "\($0)" }
    /// `CaseTextSkim.expectedNames` as keys.
    static let expectedKeys = CaseTextSkim.expectedNames.map { "\($0)" }
    /// `CaseTextSkim.executionNames` as keys.
    static let executionKeys = CaseTextSkim.executionNames.map { "\($0)" }
    /// `CaseTextSkim.provenanceNames` as keys.
    static let provenanceKeys = CaseTextSkim.provenanceNames.map { "\($0)" }
    /// `CaseTextSkim.taskCallNames` as keys.
    static let taskCallKeys = CaseTextSkim.taskCallNames.map { "\($0)" }

    /// The expected status.
    public var expectedStatus: String { members["expected"]?["status"]?.stringValue ?? "" }

    /// Runs the case and compares the result as the conformance README describes.
    public func run() async -> ConformanceResult { await run(configure: nil) }

    /// Runs the case with `configure` changing its simulator after the case's mocks are set (handlers
    /// registered there answer before the mocks); it gets the case's definition JSON.
    /// With `keepRun` false the result holds neither the definition nor the execution (`sfn test`
    /// without `--html`: they are dropped as the case ends, not copied into the result first).
    package nonisolated(nonsending) func run(
        configure: (@Sendable (inout Simulator, JSONValue) -> Void)?, keepRun: Bool = true
    ) async -> ConformanceResult {
        guard definitionText != nil || members["definition"] != nil else {
            return ConformanceResult(name: name, group: group, outcome: .failed(["no definition"]))
        }
        let expected = members["expected"] ?? .null
        let expectedStatus = expected["status"]?.stringValue ?? ""
        guard ConformanceCase.comparable(expectedStatus) else {
            return ConformanceResult(
                name: name, group: group,
                outcome: .skipped("the case records no result to compare (expected.status is '\(expectedStatus)')"))
        }
        // The definition as JSON, its text (the caches' key) and its checks. A definition kept as
        // text is parsed only when its text is new, or when its JSON is asked for.
        let definitionJSON: () -> JSONValue
        let cacheKey: String
        let checked: CheckedDefinition
        if let raw = definitionText {
            do throws(JSONParseError) {
                checked = try ConformanceCase.checkedRawDefinitions.value(for: raw) { () throws(JSONParseError) in
                    CheckedDefinition(try JSONParser.parse(raw))
                }
            } catch {
                return ConformanceResult(
                    name: name, group: group, outcome: .failed(["the definition is not JSON: \(error)"]))
            }
            cacheKey = raw
            definitionJSON = { (try? JSONParser.parse(raw)) ?? .null }
        } else {
            let value = members["definition"] ?? .null
            cacheKey = JSONWriter.compact.string(value)
            checked = ConformanceCase.checkedDefinitions.value(for: cacheKey) { CheckedDefinition(value) }
            definitionJSON = { value }
        }
        let diagnostics = checked.errors
        let validationErrors = diagnostics.map(\.description)
        if expectedStatus == "INVALID_DEFINITION" {
            if validationErrors.isEmpty {
                return ConformanceResult(
                    name: name, group: group,
                    outcome: .failed(["expected INVALID_DEFINITION, but the definition was accepted"]))
            }
            let cause = expected["cause"]?.stringValue ?? ""
            let compactText = definitionText == nil ? cacheKey : JSONWriter.compact.string(definitionJSON())
            let joined = AWSWording.invalidDefinitionMessage(for: diagnostics, definition: compactText)
            let matched =
                joined.map { ConformanceComparison.text(cause, $0, tokens: []) } == true
                || diagnostics.contains { d in ConformanceComparison.text(cause, d.awsCause ?? d.message, tokens: []) }
            if matched { return ConformanceResult(name: name, group: group, outcome: .passed) }
            // AWS's message ends "at /States/<state>/<field>": say whether we reject the same field.
            var place = "another field"
            if let range = cause.range(of: " at /", options: .backwards) {
                let awsPath = String(cause[cause.index(after: range.lowerBound)...].dropFirst(3)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "'"))
                if diagnostics.contains(where: { $0.path.slashDescription.hasPrefix(awsPath) }) {
                    place = "the same field (\(awsPath))"
                }
            }
            return ConformanceResult(
                name: name, group: group,
                outcome: .failed([
                    "rejected at \(place), but AWS's message differs: ours '\(diagnostics.first?.message ?? "")', AWS '\(cause)'"
                ]))
        }
        guard let definition = checked.definition, validationErrors.isEmpty else {
            return ConformanceResult(
                name: name, group: group,
                outcome: .failed(["the definition was rejected: \(validationErrors.prefix(2).joined(separator: "; "))"])
            )
        }
        var sim: Simulator
        // The options are filled in place and moved into the simulator (a copy of them cost ~500
        // instructions a case; returned by a call, they were copied out of it).
        var options = Simulator.Options()
        setSimulatorOptions(&options)
        if let planned = checked.planned {
            sim = Simulator(planned, options: consume options)
        } else {
            sim = Simulator(definition, text: cacheKey, options: consume options)
        }
        if let mocks = members["mocks"], case .object(let m) = mocks, !m.isEmpty {
            do {
                var responses = try MockedResponses(json: mocks)
                // What each `.sync`/`.waitForTaskToken` call answered at submission, as AWS recorded it.
                var calls: [String: Int] = [:]
                for call in members["taskCalls"]?.arrayValue ?? [] {
                    guard let state = call["state"]?.stringValue else { continue }
                    let index = calls[state, default: 0]
                    calls[state] = index + 1
                    if call["submitted"]?.boolValue == true, let out = call["submittedOutput"],
                        var list = responses.byState[state], let last = list.last
                    {
                        // A call past the list repeats its last answer: spelled out, to hold this one's.
                        while list.count <= index { list.append(last) }
                        list[index].submitted = out
                        responses.byState[state] = list
                    }
                }
                sim.useMocks(responses)
            } catch {
                return ConformanceResult(name: name, group: group, outcome: .failed(["bad mocks: \(error)"]))
            }
        }
        configure?(&sim, definitionJSON())
        let input = members["input"] ?? .object(JSONObject())
        let inputText = members["inputText"]?.stringValue
        // In this task. No one can send a task token here: an unanswered callback ends at its limits.
        let execution = await sim.runOwningInput(input: input, inputText: inputText)
        var comparison = ConformanceComparison(case: members)
        comparison.eventsText = eventsText
        let differences = comparison.compare(execution)
        var result: ConformanceResult
        if keepRun {
            result = ConformanceResult(
                name: name, group: group, outcome: differences.isEmpty ? .passed : .failed(differences),
                definition: definition, execution: execution)
        } else {
            result = ConformanceResult(
                name: name, group: group, outcome: differences.isEmpty ? .passed : .failed(differences))
        }
        result.eventsMatchedOnText = comparison.eventsMatchedOnText
        return result
    }
}

extension ConformanceCase {
    /// Sets the simulator options of the case in `options`: its recorded names, type, region,
    /// account, role and dates, with the runner's settings.
    func setSimulatorOptions(_ options: inout Simulator.Options) {
        let exec = members["execution"] ?? .null
        if let v = exec["name"]?.stringValue { options.executionName = v }
        if let v = exec["stateMachineName"]?.stringValue { options.stateMachineName = v }
        if exec["stateMachineType"]?.stringValue == "EXPRESS" { options.stateMachineType = .express }
        if let v = exec["region"]?.stringValue { options.region = v }
        if let v = exec["accountId"]?.stringValue { options.accountId = v }
        if let v = exec["roleArn"]?.stringValue { options.roleArn = v }
        options.startDate = exec["startDate"]?.stringValue.flatMap(Timestamp.parse) ?? ConformanceCase.defaultStartDate
        options.concurrent = false
        // The recordings show AWS's answers, its error paths for resources that do not exist included.
        options.strict = false
        // The recordings were read within minutes of the start: an execution still going after a day
        // of virtual time was RUNNING when AWS's history was read.
        options.horizon = 86_400
        options.historyAsOf = members["provenance"]?["recordedDate"]?.stringValue.flatMap(ConformanceCase.recordedDate)
    }

    /// A definition read and validated: cases that share a definition (a suite of cases for one
    /// workflow, or `sfn test --definition`) check it once.
    struct CheckedDefinition: Sendable {
        /// The definition, when it could be read.
        let definition: StateMachineDefinition?
        /// The reader's and the validator's errors.
        let errors: [Diagnostic]
        /// The definition planned, when it was read without errors: the cases that share it make
        /// their simulators from this plan (not through the simulator's plan cache, which would hash
        /// the text again and keep a second entry for it).
        let planned: Simulator.Planned?

        init(_ json: JSONValue) {
            let read = ASLReader().read(json: json)
            var errors = read.diagnostics.filter { $0.severity == .error }
            // Only errors are kept, so warnings are not looked for.
            if let d = read.definition {
                errors += ASLValidator(options: .init(warnings: false)).validate(d).filter { $0.severity == .error }
            }
            definition = read.definition
            self.errors = errors
            planned = errors.isEmpty ? read.definition.map(Simulator.Planned.init) : nil
        }
    }

    /// Definitions checked, by their compact JSON text. Room for a thousand: a suite meets its
    /// definitions in runs, so a smaller cache gains no hits, and each definition pushed out was
    /// freed on the way (the corpus's 417 definitions through 256 places freed 148, ~2 M
    /// instructions). Memory stays bounded by the keys' bytes (32 MB of definition text).
    static let checkedDefinitions = TextKeyedCache<CheckedDefinition>(capacity: 1024, byteCapacity: 32 << 20)
    /// Definitions checked, by their text as the case file holds it (`definitionText`).
    static let checkedRawDefinitions = TextKeyedCache<CheckedDefinition>(capacity: 1024, byteCapacity: 32 << 20)

    /// Whether `actual` matches the expected text with its `<...>` placeholders and the mask
    /// `tokens` as wildcards (the comparison's rule for strings).
    package static func textMatches(
        _ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []
    )
        -> Bool
    {
        ConformanceComparison.text(expected, actual, tokens: tokens, literals: literals)
    }

    /// ``textMatches(_:_:tokens:literals:)``'s rule past its first checks, read by bytes (nil when
    /// the text or a token is not plain ASCII) and by characters: for tests comparing the two.
    package static func textMatchesReadBy(
        bytes: Bool, _ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []
    ) -> Bool? {
        bytes
            ? ConformanceComparison.asciiText(expected, actual, tokens: tokens, literals: literals)
            : ConformanceComparison.characterText(expected, actual, tokens: tokens, literals: literals)
    }

    /// Whether a case can be compared on `status` (one of the statuses below; a switch, not a set:
    /// hashing the status cost more than comparing it with the commonest first).
    static func comparable(_ status: String) -> Bool {
        switch status {
        case "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING", "INVALID_DEFINITION": return true
        default: return false
        }
    }

    /// A case's start date when it records none.
    static let defaultStartDate = Timestamp.parse("2026-11-23T05:23:07.000Z")

    /// A recording's date (`"15-11-2024, 13:56:59"`, day first) at midnight UTC.
    package static func recordedDate(_ text: String) -> Date? {
        // The recordings' form, "DD-MM-YYYY", read on its bytes (splitting and `Int(_:)` on
        // substrings cost ~8,000 instructions a case); anything else as before.
        let b = Array(text.utf8.prefix(10))
        func digits(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        if b.count == 10, b[2] == UInt8(ascii: "-"), b[5] == UInt8(ascii: "-"), let day = digits(0..<2),
            let month = digits(3..<5), let year = digits(6..<10),
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year)
        {
            return Date(
                timeIntervalSince1970: Double(CivilCalendar.daysFromCivil(year: year, month: month, day: day)) * 86_400)
        }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let (day, month, year) = (parts[0], parts[1], parts[2])
        // A real date is counted directly: Foundation's calendar took ~12,000 instructions a case.
        if (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year) {
            let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        }
        var c = DateComponents()
        (c.day, c.month, c.year) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: c)
    }
}

/// The outcome of one case.
public struct ConformanceResult: Sendable {
    /// Passed, failed with differences, or skipped with a reason.
    public enum Outcome: Sendable {
        case passed
        case failed([String])
        case skipped(String)
    }

    /// The case's name.
    public var name: String
    /// Its group.
    public var group: String
    /// What happened.
    public var outcome: Outcome
    /// The definition run, when the case got as far as running it.
    public var definition: StateMachineDefinition?
    /// The simulated execution, when the case ran.
    public var execution: Execution?
    /// Whether the expected events (kept as text) matched the history on their text.
    package var eventsMatchedOnText = false

    /// Creates a result.
    public init(
        name: String, group: String, outcome: Outcome, definition: StateMachineDefinition? = nil,
        execution: Execution? = nil
    ) {
        self.name = name
        self.group = group
        self.outcome = outcome
        self.definition = definition
        self.execution = execution
    }
}

/// A case file that cannot be read.
public struct ConformanceError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
    /// Creates an error.
    package init(message: String) { self.message = message }
}

/// Compares a simulated execution with a recorded case: status, output, error, cause and events,
/// with placeholders and mask tokens as wildcards and JSON text compared as JSON.
struct ConformanceComparison {
    let expected: JSONValue
    let tokens: Set<String>
    let literals: Set<String>
    let flags: JSONValue
    let reencoded: Bool
    /// The expected events as text (`ConformanceCase.eventsText`), compared on their bytes first.
    var eventsText: String?
    /// Whether `compare(_:)` found the events matching on their text.
    var eventsMatchedOnText = false

    init(case json: JSONValue) {
        expected = json["expected"] ?? .null
        var t = Set<String>()
        for v in json["literalMaskTokens"]?.arrayValue ?? [] { if let s = v.stringValue { t.insert(s) } }
        for m in json["snapshotMasks"]?.arrayValue ?? [] { if let s = m["replacement"]?.stringValue { t.insert(s) } }
        tokens = t
        literals = Set((json["literalValuesNotPlaceholders"]?.arrayValue ?? []).compactMap(\.stringValue))
        flags = json["flags"] ?? .null
        reencoded = !(flags["reencodedJsonText"]?.arrayValue ?? []).isEmpty
    }

    mutating func compare(_ execution: Execution) -> [String] {
        var diffs: [String] = []
        let status = expected["status"]?.stringValue ?? ""
        if status != execution.status.rawValue {
            var line = "status: expected \(status), got \(execution.status.rawValue)"
            if let e = execution.error { line += " (\(e): \(execution.cause ?? "")" + ")" }
            diffs.append(line)
            return diffs
        }
        if let out = expected["output"], !out.isNull || execution.output != nil, status == "SUCCEEDED" {
            // Equal values (`==`: numbers by value, members in any order) are never a difference.
            let actual = execution.output ?? .null
            if out != actual, let d = value(out, actual, at: "output") { diffs.append(d) }
        }
        if let d = optionalText(expected["error"], execution.error, what: "error") { diffs.append(d) }
        if let d = optionalText(expected["cause"], execution.cause, what: "cause") { diffs.append(d) }
        if let eventsText {
            // A history that matches as recorded is settled on the text; otherwise the events are
            // parsed and compared as before (which also words the differences).
            if EventsTextMatch.matches(eventsText, execution.history, tokens: tokens, literals: literals) {
                eventsMatchedOnText = true
            } else if case .array(let events)? = try? JSONParser.parse(eventsText) {
                diffs += compareEvents(events, execution.history)
            }
        } else if case .array(let events)? = expected["events"] {
            diffs += compareEvents(events, execution.history)
        }
        return diffs
    }

    func optionalText(_ expected: JSONValue?, _ actual: String?, what: String) -> String? {
        let e = expected?.stringValue
        if e == nil && actual == nil { return nil }
        guard let e, let actual else {
            return "\(what): expected \(e.map { "'\($0)'" } ?? "none"), got \(actual.map { "'\($0)'" } ?? "none")"
        }
        if ConformanceComparison.text(e, actual, tokens: tokens, literals: literals) { return nil }
        if let pe = try? JSONParser.parse(e), let pa = try? JSONParser.parse(actual),
            pe.objectValue != nil || reencoded,
            value(pe, pa, at: what) == nil
        {
            return nil
        }
        return "\(what): expected '\(e.prefix(300))', got '\(actual.prefix(300))'"
    }

    /// Whether `actual` matches the expected text, `<...>` placeholders and mask tokens matching anything.
    static func text(_ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []) -> Bool {
        if expected == actual { return true }
        if literals.contains(expected) { return false }
        if tokens.contains(expected) { return true }
        if let matched = asciiText(expected, actual, tokens: tokens, literals: literals) { return matched }
        return characterText(expected, actual, tokens: tokens, literals: literals)
    }

    /// ``text(_:_:tokens:literals:)`` past its first three checks, read by characters.
    static func characterText(
        _ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []
    ) -> Bool {
        guard expected.contains("<") || tokens.contains(where: { expected.contains($0) }) else { return false }
        // Placeholders (and mask tokens standing alone as words) become wildcards between literal
        // pieces; the text matches when the pieces come in order, the first at its start and the
        // last at its end (what the regular expression `^piece(.*?)piece…$` this replaced matched).
        var pieces: [String] = [""]
        // The tokens that can stand for a word, in the set's order (the first that fits is taken).
        var wordTokens: [String] = []
        for t in tokens where t.count >= 4 { wordTokens.append(t) }
        var i = expected.startIndex
        while i < expected.endIndex {
            if expected[i] == "<", let close = expected[i...].firstIndex(of: ">"),
                !expected[expected.index(after: i)..<close].contains("<"), close > expected.index(after: i)
            {
                let token = String(expected[i...close])
                if literals.contains(token) {
                    pieces[pieces.count - 1] += token
                } else {
                    pieces.append("")
                }
                i = expected.index(after: close)
                continue
            }
            var matchedToken = false
            for t in wordTokens where t.first == expected[i] && expected[i...].hasPrefix(t) {
                let before = i == expected.startIndex ? " " : expected[expected.index(before: i)]
                let afterIndex = expected.index(i, offsetBy: t.count)
                let after = afterIndex < expected.endIndex ? expected[afterIndex] : " "
                if !before.isLetter && !after.isLetter {
                    pieces.append("")
                    i = afterIndex
                    matchedToken = true
                    break
                }
            }
            if matchedToken { continue }
            pieces[pieces.count - 1].append(expected[i])
            i = expected.index(after: i)
        }
        return ConformanceComparison.matches(pieces, actual)
    }

    /// ``characterText(_:_:tokens:literals:)`` read by bytes, when `expected` and every token are
    /// ASCII without a carriage return: each character is then one byte (only CR LF makes two ASCII
    /// bytes one character), a character's `isLetter` is A-Z or a-z, and a token is in the text when
    /// its bytes are. Nil for any other text, or an empty token. Reading the
    /// characters of a long message cost ~190 instructions a character.
    static func asciiText(
        _ expected: String, _ actual: String, tokens: Set<String>, literals: Set<String> = []
    ) -> Bool? {
        @inline(__always) func plain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            for c in b where c >= 0x80 || c == 0x0D { return false }
            return true
        }
        @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        var expected = expected
        return expected.withUTF8 { e -> Bool? in
            guard plain(e) else { return nil }
            let n = e.count
            /// Whether `t`'s bytes are at `i` in `e`.
            func at(_ i: Int, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
                guard i + t.count <= n else { return false }
                for k in 0..<t.count where e[i + k] != t[k] { return false }
                return true
            }
            // The tokens that can stand for a word, in the set's order (the first that fits is taken);
            // whether any token is in the text at all.
            var wordTokens: [String] = []
            var anyToken = false
            for t in tokens {
                var t = t
                let ok: Bool = t.withUTF8 { tb in
                    guard plain(tb), !tb.isEmpty else { return false }
                    if !anyToken {
                        for i in 0..<n where at(i, tb) {
                            anyToken = true
                            break
                        }
                    }
                    return true
                }
                guard ok else { return nil }
                if t.utf8.count >= 4 { wordTokens.append(t) }
            }
            guard anyToken || e.contains(UInt8(ascii: "<")) else { return false }
            var pieces: [String] = []
            var piece: [UInt8] = []
            var i = 0
            while i < n {
                if e[i] == UInt8(ascii: "<"), let close = e[(i + 1)...].firstIndex(of: UInt8(ascii: ">")),
                    close > i + 1, !e[(i + 1)..<close].contains(UInt8(ascii: "<"))
                {
                    let token = String(decoding: UnsafeBufferPointer(rebasing: e[i...close]), as: UTF8.self)
                    if literals.contains(token) {
                        piece.append(contentsOf: e[i...close])
                    } else {
                        pieces.append(String(decoding: piece, as: UTF8.self))
                        piece.removeAll(keepingCapacity: true)
                    }
                    i = close + 1
                    continue
                }
                var matchedToken = false
                for t in wordTokens {
                    var t = t
                    let end: Int? = t.withUTF8 { tb in
                        guard tb[0] == e[i], at(i, tb) else { return nil }
                        let before = i == 0 ? UInt8(ascii: " ") : e[i - 1]
                        let after = i + tb.count < n ? e[i + tb.count] : UInt8(ascii: " ")
                        return !isLetter(before) && !isLetter(after) ? i + tb.count : nil
                    }
                    if let end {
                        pieces.append(String(decoding: piece, as: UTF8.self))
                        piece.removeAll(keepingCapacity: true)
                        i = end
                        matchedToken = true
                        break
                    }
                }
                if matchedToken { continue }
                piece.append(e[i])
                i += 1
            }
            pieces.append(String(decoding: piece, as: UTF8.self))
            return ConformanceComparison.matches(pieces, actual)
        }
    }

    /// Whether `actual` is `pieces` with anything between consecutive ones (none before the first or
    /// after the last), compared as UTF-8 bytes (code points, as the regular expression did). As
    /// `$` did, a line terminator ending `actual` may also be left out.
    static func matches(_ pieces: [String], _ actual: String) -> Bool {
        var actual = actual
        return actual.withUTF8 { bytes in
            matchesAllowingFinalLineBreak(bytes) { count in
                matches(pieces, UnsafeBufferPointer(rebasing: bytes[0..<count]))
            }
        }
    }

    /// Whether `match` holds for the first `count` of `bytes`: all of them or, as the regular
    /// expression's `$` allowed, all but one line terminator ending them.
    static func matchesAllowingFinalLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ match: (Int) -> Bool) -> Bool {
        let n = bytes.count
        if match(n) { return true }
        if n >= 2 && bytes[n - 2] == 0x0D && bytes[n - 1] == 0x0A && match(n - 2) { return true }
        if n >= 1 && (0x0A...0x0D).contains(bytes[n - 1]) { return match(n - 1) }
        if n >= 2 && bytes[n - 2] == 0xC2 && bytes[n - 1] == 0x85 { return match(n - 2) }  // U+0085
        if n >= 3 && bytes[n - 3] == 0xE2 && bytes[n - 2] == 0x80 && (bytes[n - 1] == 0xA8 || bytes[n - 1] == 0xA9) {
            return match(n - 3)  // U+2028, U+2029
        }
        return false
    }

    private static func matches(_ pieces: [String], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }
        let first = utf8(pieces[0])
        if pieces.count == 1 { return bytes.elementsEqual(first) }
        let last = utf8(pieces[pieces.count - 1])
        guard bytes.count >= first.count + last.count, bytes.prefix(first.count).elementsEqual(first),
            bytes.suffix(last.count).elementsEqual(last)
        else { return false }
        // The pieces between, each at its first place after the one before (leftmost is never worse).
        var from = first.count
        let end = bytes.count - last.count
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            let p = utf8(piece)
            guard p.count <= end - from else { return false }
            var found = -1
            var at = from
            while at + p.count <= end {
                if bytes[at] == p[0] && bytes[at..<(at + p.count)].elementsEqual(p) {
                    found = at
                    break
                }
                at += 1
            }
            guard found >= 0 else { return false }
            from = found + p.count
        }
        return true
    }

    /// Compares values: numbers by value, placeholders as wildcards, and an expected object against
    /// JSON text. In events (`texts`), an expected number, boolean or null also stands for its JSON
    /// text (the snapshot tool decoded some payloads, e.g. an output `1`). Returns the first difference.
    func value(_ e: JSONValue, _ a: JSONValue, at path: @autoclosure () -> String, texts: Bool = false) -> String? {
        // Equal strings match whatever the placeholders say (the common case, and no set lookups).
        if case .string(let es) = e, case .string(let s) = a, es == s { return nil }
        switch (e, a) {
        case (.number, .string(let s)) where texts, (.bool, .string(let s)) where texts,
            (.null, .string(let s)) where texts:
            if let parsed = try? JSONParser.parse(s), parsed == e { return nil }
            return
                "\(path()): expected \(JSONWriter.compact.string(e).prefix(200)), got \(JSONWriter.compact.string(a).prefix(200))"
        case (.string(let es), _) where tokens.contains(es) && !literals.contains(es):
            return nil
        case (.string(let es), .string(let s)):
            if ConformanceComparison.text(es, s, tokens: tokens, literals: literals) { return nil }
            return
                "\(path()): expected \(JSONWriter.compact.string(e).prefix(200)), got \(JSONWriter.compact.string(a).prefix(200))"
        case (.object, .string(let s)), (.array, .string(let s)):
            guard let parsed = try? JSONParser.parse(s) else {
                return "\(path()): expected JSON \(JSONWriter.compact.string(e).prefix(200)), got text \(s.prefix(200))"
            }
            return value(e, parsed, at: path())
        case (.object(let eo), .object(let ao)):
            let sameKeys = eo.count == ao.count && eo.keys.allSatisfy { ao.contains($0) }
            if !sameKeys {
                let missing = eo.keys.filter { !ao.contains($0) }
                let extra = ao.keys.filter { !eo.contains($0) }
                var parts: [String] = []
                if !missing.isEmpty { parts.append("missing \(missing)") }
                if !extra.isEmpty { parts.append("unexpected \(extra)") }
                return "\(path()): " + parts.joined(separator: ", ")
            }
            for (k, ev) in eo {
                if let d = value(ev, ao[k] ?? .null, at: path() + "." + k, texts: texts) { return d }
            }
            return nil
        case (.array(let ea), .array(let aa)):
            guard ea.count == aa.count else { return "\(path()): expected \(ea.count) items, got \(aa.count)" }
            for i in ea.indices { if let d = value(ea[i], aa[i], at: "\(path())[\(i)]", texts: texts) { return d } }
            return nil
        default:
            if e == a { return nil }
            return
                "\(path()): expected \(JSONWriter.compact.string(e).prefix(200)), got \(JSONWriter.compact.string(a).prefix(200))"
        }
    }

    /// Compares the events with the history as `GetExecutionHistory` would return it, without
    /// rendering it: timestamps (which the comparison ignores) are never formatted, and a payload is
    /// written as JSON text only when it does not match the expected value as it is.
    func compareEvents(_ expected: [JSONValue], _ actual: [HistoryEvent]) -> [String] {
        func label(_ e: JSONValue) -> String {
            let type = e["type"]?.stringValue ?? "?"
            let name =
                e["stateEnteredEventDetails"]?["name"]?.stringValue
                ?? e["stateExitedEventDetails"]?["name"]?.stringValue
            return name.map { "\(type)(\($0))" } ?? type
        }
        /// A `*StateEntered`/`*StateExited` event's state name (what `label` shows after the type).
        func stateName(_ a: HistoryEvent) -> String? {
            let type = a.type.rawValue
            guard type.hasSuffix("StateEntered") || type.hasSuffix("StateExited") else { return nil }
            return a[detail: "name"]?.apiValue.stringValue
        }
        func label(_ a: HistoryEvent) -> String {
            stateName(a).map { "\(a.type.rawValue)(\($0))" } ?? a.type.rawValue
        }
        /// `label(e) == label(a)`, without building the labels.
        func sameLabel(_ e: JSONValue, _ a: HistoryEvent) -> Bool {
            guard e["type"]?.stringValue == a.type.rawValue else { return false }
            let name =
                e["stateEnteredEventDetails"]?["name"]?.stringValue
                ?? e["stateExitedEventDetails"]?["name"]?.stringValue
            return name == stateName(a)
        }
        // Spans normalized by LocalStack (id [0]) are compared as multisets.
        let normalized = expected.map { $0["id"]?.arrayValue != nil }
        if expected.count != actual.count
            || !expected.indices.allSatisfy({ normalized[$0] || sameLabel(expected[$0], actual[$0]) })
        {
            let el = expected.map(label)
            let al = actual.map(label)
            let firstDiff =
                zip(el, al).enumerated().first { !normalized[$0.offset] && $0.element.0 != $0.element.1 }?.offset
                ?? min(el.count, al.count)
            let lo = max(0, firstDiff - 1)
            return [
                "events: \(el.count) expected, \(al.count) got; first difference at #\(firstDiff + 1): expected [\(el[lo..<min(el.count, firstDiff + 3)].joined(separator: ", "))], got [\(al[lo..<min(al.count, firstDiff + 3)].joined(separator: ", "))]"
            ]
        }
        var i = 0
        while i < expected.count {
            if normalized[i] {
                var j = i
                while j < expected.count && normalized[j] { j += 1 }
                var pool = Array(actual[i..<j])
                for k in i..<j {
                    if let match = pool.firstIndex(where: { eventDiff(expected[k], $0, checkIds: false) == nil }) {
                        pool.remove(at: match)
                    } else {
                        return [
                            "events: normalized Parallel span #\(i + 1)-#\(j): no match for \(label(expected[k])) \(JSONWriter.compact.string(expected[k]).prefix(300))"
                        ]
                    }
                }
                i = j
                continue
            }
            if let d = eventDiff(expected[i], actual[i], checkIds: true) {
                return ["events #\(i + 1) \(label(expected[i])): \(d)"]
            }
            i += 1
        }
        return []
    }

    /// The first difference between an expected event and the event as `HistoryEvent.json` writes it.
    func eventDiff(_ e: JSONValue, _ a: HistoryEvent, checkIds: Bool) -> String? {
        guard case .object(let eo) = e else { return "not an object" }
        let details = a.details
        let detailsKey = a.type.detailsKey.flatMap { key in
            !details.isEmpty || HistoryEvent.alwaysHasDetails(a.type) ? key : nil
        }
        for (k, ev) in eo {
            switch k {
            case "timestamp": continue
            case "id", "previousEventId":
                if !checkIds { continue }
                let av = JSONValue.int(k == "id" ? a.id : a.previousEventId)
                if av != ev { return "\(k): expected \(ev), got \(av)" }
            case "type":
                if let d = value(ev, .string(a.type.rawValue), at: k, texts: true) { return d }
            case detailsKey:
                if let d = detailsDiff(ev, a, details, at: k) { return d }
            default:
                return "missing \(k)"
            }
        }
        for k in ["timestamp", "type", "id", "previousEventId", detailsKey] {
            guard let k, eo[k] == nil else { continue }
            let av = a.json[k] ?? .null
            return "unexpected \(k): \(JSONWriter.compact.string(av).prefix(200))"
        }
        return nil
    }

    /// `value(_:_:at:texts:)` for an event's details object, reading the event's fields as they are.
    func detailsDiff(
        _ e: JSONValue, _ a: HistoryEvent, _ details: [(key: String, value: EventField)], at path: String
    ) -> String? {
        guard case .object(let eo) = e else { return value(e, a.json[path] ?? .null, at: path, texts: true) }
        let fields = jsonDetailFields(details)
        let sameKeys = eo.count == fields.count && eo.keys.allSatisfy { k in fields.contains { $0.key == k } }
        let missing = sameKeys ? [] : eo.keys.filter { k in !fields.contains { $0.key == k } }
        let extra = sameKeys ? [] : fields.map(\.key).filter { !eo.contains($0) }
        if !missing.isEmpty || !extra.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing)") }
            if !extra.isEmpty { parts.append("unexpected \(extra)") }
            return "\(path): " + parts.joined(separator: ", ")
        }
        for (k, ev) in eo {
            guard let field = fields.last(where: { $0.key == k })?.value else { continue }
            if let d = fieldDiff(ev, field, at: path + "." + k) { return d }
        }
        return nil
    }

    /// Compares one detail field; a payload is compared as the JSON value it holds when that
    /// matches, and otherwise as the JSON text AWS's API shows (the comparison's own rules for text).
    func fieldDiff(_ e: JSONValue, _ field: EventField, at path: @autoclosure () -> String) -> String? {
        guard case .payload(let v) = field else { return value(e, field.apiValue, at: path(), texts: true) }
        switch e {
        case .object, .array: if value(e, v, at: path()) == nil { return nil }
        case .number, .bool, .null: if e == v { return nil }
        case .string: break
        }
        return value(e, field.apiValue, at: path(), texts: true)
    }
}
