import StepFunctionsModel

/// What every picture shows, read once from a definition: boxes for states and markers, nested
/// boxes for Parallel branches and Map processors, and labelled edges. The renderers (Mermaid,
/// DOT, SVG) only draw it.
///
/// Order is deterministic and follows the flow: states are listed depth-first from `StartAt`
/// (`Next` first, then Choice rules in order, `Default`, Catch targets), then the states nothing
/// reaches, in declaration order. Ids come from state names, so adding a state leaves every other
/// id as it was.
package struct PictureGraph: Sendable {
    /// What a box stands for.
    package enum NodeKind: Sendable, Hashable {
        /// A state that is not a Parallel or a Map (those are clusters).
        case state(StateType)
        /// The execution's start marker.
        case start
        /// The execution's end marker.
        case end
        /// A name that a transition refers to but no state of its graph has.
        case missing
    }

    /// A box.
    package struct Node: Sendable, Hashable {
        /// Unique among node and cluster ids; safe in Mermaid, DOT and SVG.
        package var id: String
        /// What it stands for.
        package var kind: NodeKind
        /// The state's name (or `Start`, `End`).
        package var name: String
        /// A second line: the service a Task calls, a Wait's time, a Fail's error.
        package var subtitle: String
        /// The state's retriers in one line (`Retry ×3`), if it has any.
        package var retry: String?
        /// Each retrier in full, one per line.
        package var retryDetail: String?
        /// The state's `Comment`.
        package var comment: String?
        /// The innermost cluster around it.
        package var cluster: String?
    }

    /// What a cluster stands for.
    package enum ClusterKind: Sendable, Hashable {
        /// A Parallel state: holds one `.branch` cluster per branch.
        case parallel
        /// One branch of a Parallel (from 0).
        case branch(Int)
        /// A Map state: holds its item processor's states.
        case map
    }

    /// A nested box: a Parallel or Map state, or a Parallel's branch.
    package struct Cluster: Sendable, Hashable {
        /// Unique among node and cluster ids.
        package var id: String
        /// Parallel, branch or Map.
        package var kind: ClusterKind
        /// The state's name, or `Branch N`.
        package var name: String
        /// `Parallel`, `Map`, `Distributed Map`; empty for a branch.
        package var subtitle: String
        /// The state's retriers in one line, if it has any.
        package var retry: String?
        /// Each retrier in full, one per line.
        package var retryDetail: String?
        /// The state's `Comment`.
        package var comment: String?
        /// The enclosing cluster.
        package var parent: String?
    }

    /// Why an edge is there.
    package enum EdgeRole: Sendable, Hashable {
        /// From the start marker to `StartAt`.
        case start
        /// `Next`.
        case next
        /// A Choice rule.
        case choice
        /// A Choice's `Default`.
        case defaultRule
        /// A Catch (side flow).
        case `catch`
        /// From a state that ends the execution to the end marker.
        case end
    }

    /// A connection between boxes (a node or a cluster at either end).
    package struct Edge: Sendable, Hashable {
        /// Unique among edges.
        package var id: String
        /// The node or cluster it leaves.
        package var from: String
        /// The node or cluster it enters.
        package var to: String
        /// Why it is there (edges of one role between the same two boxes are merged).
        package var role: EdgeRole
        /// The label, shortened when long (Choice rules, `Default`, the errors a Catch takes).
        package var label: String?
        /// The label in full, when it had to be shortened or when there is more to say.
        package var detail: String?
    }

    /// The boxes, in flow order (start marker first, end marker last).
    package var nodes: [Node] = []
    /// The nested boxes, parents before children.
    package var clusters: [Cluster] = []
    /// The edges, in flow order.
    package var edges: [Edge] = []
    /// The id of the box (node or cluster) of each state, by name (the first, if names repeat).
    package var stateIDs: [String: String] = [:]
    /// Every state, in flow order, with where its box is.
    package var states: [StateBox] = []
    /// The box of the first state (`StartAt`) of each branch and Map processor, by its cluster's id.
    package var regionStarts: [String: String] = [:]

    /// A state and its box.
    package struct StateBox: Sendable {
        /// The state's name.
        package var name: String
        /// The state.
        package var state: State
        /// Its node's id, or its cluster's id for a Parallel or Map.
        package var id: String
        /// The cluster it is drawn in (a branch, a Map), nil at the top level.
        package var region: String?
        /// The clusters holding its own states: one per branch of a Parallel, the Map's own.
        package var regions: [String]
    }

    /// The longest label kept whole; longer ones end in `…` (the full text is the edge's detail).
    static let labelLimit = 48

    /// Reads `definition` into boxes and edges.
    package init(_ definition: StateMachineDefinition) {
        var builder = Builder()
        let start = builder.uniqueID("Start")
        nodes.append(Node(id: start, kind: .start, name: "Start", subtitle: ""))
        let end = builder.uniqueID("End")
        builder.add(definition.graph, cluster: nil, top: (start, end), into: &self)
        nodes.append(Node(id: end, kind: .end, name: "End", subtitle: ""))
    }

    /// The node with this id.
    package func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
    /// The cluster with this id.
    package func cluster(_ id: String) -> Cluster? { clusters.first { $0.id == id } }

    /// Keeps ids unique and builds the graph scope by scope.
    private struct Builder {
        /// Words Mermaid reads as keywords when they stand alone as an id (DOT ids are quoted).
        var used: Set<String> = [
            "end", "subgraph", "graph", "flowchart", "class", "classDef", "click", "style", "linkStyle",
            "direction", "call", "href", "default",
        ]

        mutating func uniqueID(_ name: String) -> String {
            let base = Markup.identifier(name)
            var id = base
            var n = 2
            while used.contains(id) {
                id = base + "_" + String(n)
                n += 1
            }
            used.insert(id)
            return id
        }

        /// Adds one graph (the top level, a branch or a processor): its states in flow order, then
        /// its edges; `top` holds the start and end markers' ids at the top level.
        mutating func add(
            _ graph: StateGraph, cluster: String?, top: (start: String, end: String)?, into picture: inout PictureGraph
        ) {
            let states = graph.states
            var ids: [String: String] = [:]
            for entry in states where ids[entry.name] == nil {
                let id = uniqueID(entry.name)
                ids[entry.name] = id
                if picture.stateIDs[entry.name] == nil { picture.stateIDs[entry.name] = id }
            }
            let order = PictureGraph.flowOrder(graph)
            var missing: [String: String] = [:]
            func target(_ name: String) -> String {
                if let id = ids[name] { return id }
                if let id = missing[name] { return id }
                let id = uniqueID("missing " + name)
                missing[name] = id
                picture.nodes.append(
                    Node(id: id, kind: .missing, name: name, subtitle: "not defined", cluster: cluster))
                return id
            }
            for name in order {
                guard let state = states[name], let id = ids[name] else { continue }
                let (retry, retryDetail) = PictureGraph.retrySummary(state.retry)
                let comment = state.common.comment
                let box = picture.states.count
                picture.states.append(StateBox(name: name, state: state, id: id, region: cluster, regions: []))
                switch state {
                case .parallel(let p):
                    picture.clusters.append(
                        Cluster(
                            id: id, kind: .parallel, name: name, subtitle: PictureGraph.subtitle(state),
                            retry: retry, retryDetail: retryDetail, comment: comment, parent: cluster))
                    for (k, branch) in p.branches.enumerated() {
                        let branchID = uniqueID(name + " branch " + String(k + 1))
                        picture.clusters.append(
                            Cluster(id: branchID, kind: .branch(k), name: "Branch \(k + 1)", subtitle: "", parent: id))
                        picture.states[box].regions.append(branchID)
                        add(branch, cluster: branchID, top: nil, into: &picture)
                    }
                case .map(let m):
                    picture.clusters.append(
                        Cluster(
                            id: id, kind: .map, name: name, subtitle: PictureGraph.subtitle(state), retry: retry,
                            retryDetail: retryDetail, comment: comment, parent: cluster))
                    picture.states[box].regions.append(id)
                    add(m.itemProcessor.graph, cluster: id, top: nil, into: &picture)
                default:
                    picture.nodes.append(
                        Node(
                            id: id, kind: .state(state.type), name: name, subtitle: PictureGraph.subtitle(state),
                            retry: retry, retryDetail: retryDetail, comment: comment, cluster: cluster))
                }
            }
            if let cluster, let first = ids[graph.startAt] { picture.regionStarts[cluster] = first }
            if let top {
                let first = target(graph.startAt)
                picture.edges.append(Edge(id: top.start + "->" + first, from: top.start, to: first, role: .start))
            }
            var edges: [Edge] = []
            func connect(_ from: String, _ to: String, _ role: EdgeRole, _ text: String?) {
                let side = role == .catch
                if let i = edges.firstIndex(where: { $0.from == from && $0.to == to && ($0.role == .catch) == side }) {
                    // Several rules (or catchers) between the same two boxes: one edge, every label.
                    let joined = [edges[i].detail ?? edges[i].label, text].compactMap { $0 }.joined(separator: "; ")
                    edges[i].label = Markup.shortened(joined, to: PictureGraph.labelLimit)
                    edges[i].detail = joined
                    return
                }
                let id = from + (side ? "-catch->" : "->") + to
                edges.append(
                    Edge(
                        id: id, from: from, to: to, role: role,
                        label: text.map { Markup.shortened($0, to: PictureGraph.labelLimit) }, detail: text))
            }
            for name in order {
                guard let state = states[name], let id = ids[name] else { continue }
                if let next = state.transition?.nextState { connect(id, target(next), .next, nil) }
                if case .choice(let c) = state {
                    for rule in c.choices {
                        connect(id, target(rule.next), .choice, ConditionText.text(rule.condition))
                    }
                    if let d = c.default { connect(id, target(d), .defaultRule, "Default") }
                }
                for catcher in state.catch {
                    let errors = catcher.errorEquals.isEmpty ? "Catch" : catcher.errorEquals.joined(separator: ", ")
                    connect(id, target(catcher.next), .catch, errors)
                }
                if let top, state.isTerminal { connect(id, top.end, .end, nil) }
            }
            // A merged edge keeps a detail only when its label had to be cut.
            for i in edges.indices where edges[i].detail == edges[i].label { edges[i].detail = nil }
            picture.edges += edges
        }
    }

    /// The states of `graph` depth-first from `StartAt` (following `Next`, Choice rules, `Default`
    /// and Catch targets in that order), then the states nothing reaches, in declaration order.
    static func flowOrder(_ graph: StateGraph) -> [String] {
        let states = graph.states
        var seen: Set<String> = []
        var order: [String] = []
        var stack = [graph.startAt]
        while let name = stack.popLast() {
            guard states.contains(name), !seen.contains(name) else { continue }
            seen.insert(name)
            order.append(name)
            if let state = states[name] { stack += state.successors.reversed() }
        }
        for name in states.names where !seen.contains(name) {
            seen.insert(name)
            order.append(name)
        }
        return order
    }

    /// The second line of a state's box.
    static func subtitle(_ state: State) -> String {
        switch state {
        case .task(let t): return taskSubtitle(t.resource)
        case .pass: return "Pass"
        case .choice: return "Choice"
        case .succeed: return "Succeed"
        case .fail(let f):
            switch f.error {
            case .literal(let e)?: return "Fail: " + e
            default: return f.errorPath.map { "Fail: \($0)" } ?? "Fail"
            }
        case .wait(let w):
            switch w.duration {
            case .seconds(.literal(let s)): return "Wait " + Markup.duration(Double(s))
            case .seconds: return "Wait (JSONata)"
            case .secondsPath(let p): return "Wait \(p) s"
            case .timestamp(.literal(let t)): return "Wait until " + t
            case .timestamp: return "Wait until (JSONata)"
            case .timestampPath(let p): return "Wait until \(p)"
            }
        case .parallel(let p):
            return "Parallel · \(p.branches.count) branch\(p.branches.count == 1 ? "" : "es")"
        case .map(let m):
            var s = m.isDistributed ? "Distributed Map" : "Map"
            if let path = m.itemsPath { s += " over \(path)" }
            if case .literal(let n)? = m.maxConcurrency, n > 0 { s += " · \(n) at a time" }
            return s
        }
    }

    /// `Lambda: ProcessPayment`, `SNS: Publish`, `DynamoDB: PutItem (sync)`...
    static func taskSubtitle(_ resource: TaskResource) -> String {
        func pattern(_ p: TaskResource.IntegrationPattern) -> String {
            switch p {
            case .requestResponse: return ""
            case .sync, .sync2: return " (wait for job)"
            case .waitForTaskToken: return " (wait for callback)"
            }
        }
        func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
        switch resource.kind {
        case .lambdaFunction(let name, _): return "Lambda: " + name
        case .activity(let name): return "Activity: " + name
        case .integration(let service, let action, let p):
            return serviceName(service) + ": " + capitalized(action) + pattern(p)
        case .sdk(let service, let action, let p): return serviceName(service) + ": " + capitalized(action) + pattern(p)
        case .placeholder(let name): return "Task: ${\(name)}"
        case .unrecognized: return resource.arn.isEmpty ? "Task" : "Task: " + resource.arn
        }
    }

    /// The name people know a service by.
    static func serviceName(_ service: String) -> String {
        let known: [String: String] = [
            "lambda": "Lambda", "sns": "SNS", "sqs": "SQS", "dynamodb": "DynamoDB", "states": "Step Functions",
            "ecs": "ECS", "eks": "EKS", "batch": "Batch", "glue": "Glue", "events": "EventBridge",
            "apigateway": "API Gateway", "s3": "S3", "athena": "Athena", "sagemaker": "SageMaker",
            "codebuild": "CodeBuild", "emr": "EMR", "bedrock": "Bedrock", "http": "HTTP",
            "mediaconvert": "MediaConvert",
        ]
        return known[service] ?? service
    }

    /// `Retry ×3` (one retrier) or `Retry: 2 rules`, and each retrier in full.
    static func retrySummary(_ retriers: [Retrier]) -> (String?, String?) {
        guard !retriers.isEmpty else { return (nil, nil) }
        let summary =
            retriers.count == 1 ? "Retry ×\(retriers[0].maxAttempts ?? 3)" : "Retry: \(retriers.count) rules"
        let lines = retriers.map { r -> String in
            let attempts = r.maxAttempts ?? 3
            var line = r.errorEquals.joined(separator: ", ") + ": up to \(attempts) retr\(attempts == 1 ? "y" : "ies")"
            line += ", every " + Markup.duration(Double(r.intervalSeconds ?? 1))
            let rate = r.backoffRate ?? 2
            if rate != 1 {
                let text = rate == rate.rounded() ? String(Int(rate)) : String(rate)
                line += " ×" + text
            }
            if let cap = r.maxDelaySeconds { line += ", at most " + Markup.duration(Double(cap)) }
            return line
        }
        return (summary, lines.joined(separator: "\n"))
    }
}
