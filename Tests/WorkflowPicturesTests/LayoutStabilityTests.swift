import Foundation
import GraphLayout
import StepFunctionsCompiler
import Testing

@testable import WorkflowPictures

/// Adding a state keeps every other state where it was relative to its neighbours: the same
/// vertical order, and the same left-to-right order within a row, in every sample workflow.
@Suite struct LayoutStabilityTests {
    /// The sample workflows' definitions (`Samples/*/Goldens/*.asl.json`), by file name.
    static let samples: [(String, StateMachineDefinition)] = {
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let samples = root.appendingPathComponent("Samples")
        var out: [(String, StateMachineDefinition)] = []
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        for folder in folders.sorted() {
            let goldens = samples.appendingPathComponent(folder).appendingPathComponent("Goldens")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: goldens.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".asl.json") {
                let path = goldens.appendingPathComponent(file).path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                    let definition = ASLDocument(text: text, fileName: file).definition
                else { continue }
                out.append((file, definition))
            }
        }
        return out
    }()

    @Test func everySampleIsFound() {
        #expect(Self.samples.count >= 9)
    }

    /// `definition` with a Pass state `name` inserted after `state` (a top-level state with `Next`),
    /// or after a state that ends the execution.
    static func inserting(_ name: String, after state: String, in definition: StateMachineDefinition)
        -> StateMachineDefinition?
    {
        var states = definition.states
        guard let old = states[state], old.type != .choice, old.type != .succeed, old.type != .fail else { return nil }
        var fields = old.fields
        var inserted = FieldSet()
        if let next = old.transition?.nextState {
            inserted[.next] = .string(next)
        } else {
            fields[.end] = nil
            inserted[.end] = .bool(true)
        }
        fields[.next] = .string(name)
        states[state] = State(type: old.type, fields: fields)
        states[name] = State(type: .pass, fields: inserted)
        var out = definition
        out.states = states
        return out
    }

    /// Where each box is, which graph level (the cluster around it) it belongs to, and the boxes
    /// below it along the flow (edges the layout did not turn around to break a loop).
    struct Boxes {
        var frames: [String: LayoutRect] = [:]
        var level: [String: String] = [:]
        var below: [String: Set<String>] = [:]
    }

    static func boxes(_ definition: StateMachineDefinition) throws -> Boxes {
        let layout = try PictureLayout(PictureGraph(definition))
        var out = Boxes()
        for (node, placed) in zip(layout.graph.nodes, layout.positioned.nodes) {
            out.frames[node.id] = placed.frame
            out.level[node.id] = node.cluster ?? ""
        }
        for (cluster, placed) in zip(layout.graph.clusters, layout.positioned.clusters) {
            out.frames[cluster.id] = placed.frame
            out.level[cluster.id] = cluster.parent ?? ""
        }
        var next: [String: [String]] = [:]
        for edge in layout.positioned.edges where !edge.isReversed { next[edge.from, default: []].append(edge.to) }
        for id in out.frames.keys {
            var seen: Set<String> = []
            var stack = next[id] ?? []
            while let n = stack.popLast() {
                guard !seen.contains(n) else { continue }
                seen.insert(n)
                stack += next[n] ?? []
            }
            out.below[id] = seen
        }
        return out
    }

    /// Every box that the flow reaches from another stays below it; two boxes of one level side by
    /// side (their spans apart) never swap sides.
    static func relativeOrderKept(_ before: Boxes, _ after: Boxes) -> [String] {
        var problems: [String] = []
        let ids = before.frames.keys.sorted()
        for u in ids {
            for v in ids where u != v {
                guard let bu = before.frames[u], let bv = before.frames[v], let au = after.frames[u],
                    let av = after.frames[v]
                else { continue }
                if before.below[u]?.contains(v) == true, bu.maxY <= bv.y, au.maxY > av.y {
                    problems.append("\(v) is no longer below \(u)")
                }
                if before.level[u] == before.level[v], bu.maxX <= bv.x, av.maxX <= au.x {
                    problems.append("\(u) and \(v) swapped sides")
                }
            }
        }
        return problems
    }

    @Test(arguments: 0..<9)
    func insertingAStateKeepsTheOthersRelativeOrder(sample: Int) throws {
        try #require(sample < Self.samples.count)
        let (file, definition) = Self.samples[sample]
        let before = try Self.boxes(definition)
        var tried = 0
        for name in definition.states.names {
            guard let changed = Self.inserting("Inserted", after: name, in: definition) else { continue }
            tried += 1
            let after = try Self.boxes(changed)
            let problems = Self.relativeOrderKept(before, after)
            #expect(problems.isEmpty, "\(file), a state inserted after \(name): \(problems.prefix(5))")
        }
        #expect(tried > 0)
    }

    @Test func theCheckNoticesAMirroredOrFlippedPicture() throws {
        let before = try Self.boxes(try #require(Self.samples.first).1)
        var mirrored = before
        var flipped = before
        for (id, f) in before.frames {
            mirrored.frames[id] = LayoutRect(x: 10_000 - f.maxX, y: f.y, width: f.width, height: f.height)
            flipped.frames[id] = LayoutRect(x: f.x, y: 10_000 - f.maxY, width: f.width, height: f.height)
        }
        #expect(Self.relativeOrderKept(before, mirrored).contains { $0.hasSuffix("swapped sides") })
        #expect(Self.relativeOrderKept(before, flipped).contains { $0.contains("is no longer below") })
    }

    @Test func appendingAStateAtTheEndLeavesEveryOtherStateInPlace() throws {
        let definition = try PictureGraphTests.definition(
            #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#)
        let changed = try #require(Self.inserting("C", after: "B", in: definition))
        let before = try Self.boxes(definition)
        let after = try Self.boxes(changed)
        for id in ["Start", "A", "B"] { #expect(before.frames[id] == after.frames[id], "\(id) moved") }
    }
}
