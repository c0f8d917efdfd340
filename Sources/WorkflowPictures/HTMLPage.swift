import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel

/// One self-contained page: the graph as inline SVG, the page's data as JSON in a script element,
/// and a small inline script (zoom, fitting names, selecting states, and for a run: colouring the
/// path taken, choosing Map iterations, the details of each visit). Nothing is loaded from the
/// network; the page works opened from disk.
struct HTMLPage {
    var picture: WorkflowPicture
    var trace: ExecutionTrace?
    /// Lines shown under the header (a test's differences from its recording).
    var notes: [String] = []

    /// The longest payload shown whole (input, output, definition); longer ones are cut.
    static let payloadLimit = 20_000

    func render() -> String {
        let title = picture.title ?? "Workflow"
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<meta name=\"generator\" content=\"swift-step-functions\">\n"
        s += "<title>" + Markup.xml(title + (trace == nil ? "" : " — run")) + "</title>\n"
        s +=
            "<style>" + PageAssets.style + "</style>\n</head>\n<body class=\"" + (trace == nil ? "graph" : "run")
            + "\">\n"
        // First of all: any script error is written into the page (the browser test reads it).
        s += "<script>" + PageAssets.errorCatcher + "</script>\n"
        s += header(title)
        s += "<main>\n<section class=\"graph-pane\">\n"
        s += """
            <div class="toolbar"><button type="button" data-zoom="out" title="Zoom out">−</button>\
            <span id="zoom-level">100%</span><button type="button" data-zoom="in" title="Zoom in">+</button>\
            <button type="button" data-zoom="fit" title="Fit the window">Fit</button>\
            <button type="button" data-zoom="reset" title="Actual size">1:1</button>
            """
        s += legend() + "</div>\n"
        s += "<div class=\"viewport\" id=\"viewport\">\n" + picture.svg() + "</div>\n</section>\n"
        s += "<aside class=\"side\">\n"
        if let trace {
            s += "<div id=\"selectors\"></div>\n"
            s += "<section id=\"details\" class=\"details\"><p class=\"hint\">Click a state, or a line of the "
            s += "timeline, to see its input, output and errors.</p></section>\n"
            s += timeline(trace)
        } else {
            s += "<section id=\"details\" class=\"details\"><p class=\"hint\">Click a state to see its definition."
            s += "</p></section>\n"
        }
        s += "</aside>\n</main>\n"
        s += "<pre id=\"sfn-errors\" hidden></pre>\n"
        s += "<script type=\"application/json\" id=\"sfn-data\">"
        s += Markup.scriptSafe(JSONWriter.compact.string(data())) + "</script>\n"
        s += "<script>" + PageAssets.script + "</script>\n</body>\n</html>\n"
        return s
    }

    func header(_ title: String) -> String {
        var s = "<header>\n<h1>" + Markup.xml(title) + "</h1>\n"
        if let comment = picture.definition.comment, comment != title {
            s += "<p class=\"comment\">" + Markup.xml(comment) + "</p>\n"
        }
        guard let trace else {
            let count = picture.graph.states.count
            s += "<p class=\"facts\">\(count) state\(count == 1 ? "" : "s")</p>\n</header>\n"
            return s
        }
        let status = ExecutionTrace.visitStatus(executionStatus: trace.status)
        s += "<p class=\"facts\"><span class=\"badge st-\(status)\" id=\"run-status\">"
        s += Markup.xml(trace.status) + "</span> in " + Markup.duration(trace.duration) + " (virtual time)"
        if let start = trace.startDate { s += " · started " + Markup.xml(start) }
        s += " · \(trace.visits.count) state\(trace.visits.count == 1 ? "" : "s") entered</p>\n"
        if !notes.isEmpty {
            s += "<pre class=\"notes\">" + Markup.xml(notes.joined(separator: "\n")) + "</pre>\n"
        }
        if trace.error != nil || trace.cause != nil {
            s += "<p class=\"failure\">"
            if let error = trace.error { s += "<b>" + Markup.xml(error) + "</b>" }
            if let cause = trace.cause { s += (trace.error == nil ? "" : ": ") + Markup.xml(cause) }
            s += "</p>\n"
        }
        return s + "</header>\n"
    }

    func legend() -> String {
        var s = "<span class=\"legend\">"
        if trace == nil {
            for (cls, text) in [
                ("t-task", "Task"), ("t-choice", "Choice"), ("t-pass", "Pass"), ("t-wait", "Wait"),
                ("t-succeed", "Succeed"), ("t-fail", "Fail"),
            ] {
                s += "<span class=\"key \(cls)\">\(text)</span>"
            }
            s += "<span class=\"key k-parallel\">Parallel</span><span class=\"key k-map\">Map</span>"
            s += "<span class=\"key catch\">Catch</span>"
        } else {
            for (cls, text) in [
                ("st-succeeded", "succeeded"), ("st-caught", "caught"), ("st-failed", "failed"),
                ("st-timedOut", "timed out"), ("st-aborted", "aborted"), ("st-none", "not reached"),
            ] {
                s += "<span class=\"key \(cls)\">\(text)</span>"
            }
            s += "<span class=\"key retried\">↻ retries</span>"
        }
        return s + "</span>"
    }

    /// The timeline: one row per visit, indented by branch and iteration, with a bar in virtual time.
    func timeline(_ trace: ExecutionTrace) -> String {
        var s = "<section class=\"timeline\"><h2>Timeline</h2>\n<ol id=\"timeline\">\n"
        let total = max(trace.duration, 0.000_001)
        var depth = [Int](repeating: 0, count: trace.scopes.count)
        for (i, scope) in trace.scopes.enumerated() where i > 0 {
            depth[i] = (scope.parent.map { depth[$0] } ?? 0) + 1
        }
        var lastScope = 0
        for (i, visit) in trace.visits.enumerated() {
            if visit.scope != lastScope, visit.scope != 0, trace.scopes[visit.scope].visits.first == i {
                // A branch or iteration begins: say which.
                s += "<li class=\"tl-scope\" style=\"--depth:\(depth[visit.scope])\">"
                s += Markup.xml(trace.path(of: visit.scope)) + "</li>\n"
            }
            lastScope = visit.scope
            let end = visit.end ?? trace.duration
            let left = Markup.number(visit.start / total * 100)
            let width = Markup.number(max(0, end - visit.start) / total * 100)
            s += "<li class=\"tl-row st-\(visit.status)\" data-visit=\"\(i)\" tabindex=\"0\" "
            s += "style=\"--depth:\(depth[visit.scope])\">"
            s += "<span class=\"tl-time\">+" + Markup.seconds(visit.start) + "s</span>"
            s += "<span class=\"tl-name\">" + Markup.xml(visit.state)
            if visit.retries > 0 { s += " <span class=\"tl-retries\">↻\(visit.retries)</span>" }
            if let error = visit.error { s += " <span class=\"tl-error\">" + Markup.xml(error) + "</span>" }
            s += "</span><span class=\"tl-track\"><span class=\"tl-bar\" style=\"left:\(left)%;width:\(width)%\">"
            s += "</span></span><span class=\"tl-duration\">"
            s += visit.end == nil ? "—" : Markup.duration(end - visit.start)
            s += "</span></li>\n"
        }
        return s + "</ol></section>\n"
    }

    /// Everything the script needs: each state's element, region and definition; for a run, the
    /// scopes and visits.
    func data() -> JSONValue {
        var states = JSONObject()
        for box in picture.graph.states where states[box.name] == nil {
            var o = JSONObject()
            let isCluster = box.state.type == .parallel || box.state.type == .map
            o["el"] = .string((isCluster ? "c-" : "n-") + box.id)
            o["type"] = .string(box.state.type.rawValue)
            o["region"] = .string(box.region.map { "c-" + $0 } ?? "")
            o["regions"] = .array(box.regions.map { .string("c-" + $0) })
            if case .map(let m) = box.state, m.isDistributed { o["distributed"] = true }
            var shown = box.state
            // A Parallel's branches and a Map's processor are drawn; their text would only repeat them.
            if case .parallel(var p) = shown {
                p.fields[.branches] = nil
                shown = .parallel(p)
            } else if case .map(var m) = shown {
                m.fields[.itemProcessor] = nil
                m.fields[.iterator] = nil
                shown = .map(m)
            }
            o["definition"] = .string(
                Markup.shortened(JSONWriter.pretty.string(ASLWriter().json(shown)), to: Self.payloadLimit))
            states[box.name] = .object(o)
        }
        var root = JSONObject()
        root["name"] = .string(picture.title ?? "")
        root["states"] = .object(states)
        if let trace { root["run"] = run(trace) }
        return .object(root)
    }

    func run(_ trace: ExecutionTrace) -> JSONValue {
        let ids = picture.graph.stateIDs
        let boxes = Dictionary(picture.graph.states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Edge element ids by (from, to, catch?).
        var edgeIDs: [String: String] = [:]
        for edge in picture.graph.edges {
            edgeIDs[edge.from + " " + edge.to + (edge.role == .catch ? " catch" : "")] = SVGRenderer.elementID(edge)
        }
        func edge(_ from: String, _ to: String, caught: Bool) -> String? {
            if caught, let id = edgeIDs[from + " " + to + " catch"] { return id }
            return edgeIDs[from + " " + to] ?? edgeIDs[from + " " + to + " catch"]
        }
        let start = picture.graph.nodes.first { $0.kind == .start }?.id
        let end = picture.graph.nodes.first { $0.kind == .end }?.id
        var scopes: [JSONValue] = []
        for (i, scope) in trace.scopes.enumerated() {
            var o = JSONObject()
            var region = ""
            switch scope.kind {
            case .execution: o["kind"] = "execution"
            case .branch:
                o["kind"] = "branch"
                // The branch whose cluster holds the first state entered, else by position.
                if let first = scope.visits.first, let r = boxes[trace.visits[first].state]?.region {
                    region = "c-" + r
                } else if let owner = scope.owner, let box = boxes[trace.visits[owner].state],
                    let k = trace.visits[owner].children.firstIndex(of: i), box.regions.indices.contains(k)
                {
                    region = "c-" + box.regions[k]
                }
            case .iteration(let index):
                o["kind"] = "iteration"
                o["index"] = .int(index)
                if let owner = scope.owner, let r = boxes[trace.visits[owner].state]?.regions.first {
                    region = "c-" + r
                }
            }
            o["region"] = .string(region)
            o["status"] = .string(scope.status)
            o["label"] = .string(trace.path(of: i))
            if let owner = scope.owner { o["owner"] = .int(owner) }
            if let parent = scope.parent { o["parent"] = .int(parent) }
            o["visits"] = .array(scope.visits.map { .int($0) })
            // The edges this path took, between consecutive states.
            var taken: [String] = []
            if i == 0, let start, let first = scope.visits.first, let to = ids[trace.visits[first].state],
                let id = edge(start, to, caught: false)
            {
                taken.append(id)
            }
            for (a, b) in zip(scope.visits, scope.visits.dropFirst()) {
                guard let from = ids[trace.visits[a].state], let to = ids[trace.visits[b].state] else { continue }
                if let id = edge(from, to, caught: trace.visits[a].status == "caught") { taken.append(id) }
            }
            if i == 0, let end, let last = scope.visits.last, let from = ids[trace.visits[last].state],
                trace.visits[last].status == "succeeded" || trace.visits[last].type == "Fail",
                let id = edge(from, end, caught: false)
            {
                taken.append(id)
            }
            o["edges"] = .array(taken.map { .string($0) })
            scopes.append(.object(o))
        }
        var visits: [JSONValue] = []
        for visit in trace.visits {
            var o = JSONObject()
            o["state"] = .string(visit.state)
            o["type"] = .string(visit.type)
            o["scope"] = .int(visit.scope)
            o["status"] = .string(visit.status)
            o["start"] = .number(.double(visit.start))
            if let end = visit.end { o["end"] = .number(.double(end)) }
            if let at = visit.enteredAt { o["enteredAt"] = .string(at) }
            if let at = visit.exitedAt { o["exitedAt"] = .string(at) }
            o["retries"] = .int(visit.retries)
            if let error = visit.error { o["error"] = .string(error) }
            if let cause = visit.cause { o["cause"] = .string(Markup.shortened(cause, to: Self.payloadLimit)) }
            if let input = visit.input { o["input"] = .string(Self.pretty(input)) }
            if let output = visit.output { o["output"] = .string(Self.pretty(output)) }
            o["attempts"] = .array(
                visit.attempts.map { a in
                    var x = JSONObject()
                    x["start"] = .number(.double(a.start))
                    if let end = a.end { x["end"] = .number(.double(end)) }
                    if let error = a.error { x["error"] = .string(error) }
                    if let cause = a.cause { x["cause"] = .string(Markup.shortened(cause, to: 2000)) }
                    return .object(x)
                })
            o["children"] = .array(visit.children.map { .int($0) })
            visits.append(.object(o))
        }
        var o = JSONObject()
        o["status"] = .string(trace.status)
        if let error = trace.error { o["error"] = .string(error) }
        if let cause = trace.cause { o["cause"] = .string(Markup.shortened(cause, to: Self.payloadLimit)) }
        o["duration"] = .number(.double(trace.duration))
        if let input = trace.input { o["input"] = .string(Self.pretty(input)) }
        if let output = trace.output { o["output"] = .string(Self.pretty(output)) }
        o["scopes"] = .array(scopes)
        o["visits"] = .array(visits)
        return .object(o)
    }

    /// JSON text indented for reading (as is when it is not JSON), cut when very long.
    static func pretty(_ text: String) -> String {
        let shown = (try? JSONParser.parse(text)).map { JSONWriter.pretty.string($0) } ?? text
        return Markup.shortened(shown, to: payloadLimit)
    }
}
