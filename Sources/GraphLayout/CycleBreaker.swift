/// Phase 1: picks the edges to turn around so that the rest form a DAG.
///
/// A depth-first search from the sources, in declaration order, that follows primary edges before secondary
/// ones: every edge that closes a cycle (reaches a node still on the stack) is reversed. Following primary edges
/// first makes them tree edges, so the edges that loop back (a retry path, a Choice returning to an earlier
/// state) are the ones reversed, and the main flow keeps pointing down. Linear time, no recursion.
enum CycleBreaker {
    /// One edge between items `tail` and `head` (indices in declaration order).
    struct Arc {
        var tail: Int
        var head: Int
        var primary: Bool
    }

    /// For each arc, whether it must be reversed; self-loops are never reversed (they do not affect layering).
    static func reversedArcs(itemCount: Int, arcs: [Arc]) -> [Bool] {
        var reversed = [Bool](repeating: false, count: arcs.count)
        guard itemCount > 0, !arcs.isEmpty else { return reversed }
        var out = [[Int]](repeating: [], count: itemCount)
        var hasIn = [Bool](repeating: false, count: itemCount)
        // Primary arcs first, each group in declaration order.
        for pass in [true, false] {
            for (i, arc) in arcs.enumerated() where arc.primary == pass && arc.tail != arc.head {
                out[arc.tail].append(i)
            }
        }
        for arc in arcs where arc.tail != arc.head { hasIn[arc.head] = true }

        // 0: unvisited, 1: on the stack, 2: finished.
        var state = [UInt8](repeating: 0, count: itemCount)
        var stack: [(node: Int, next: Int)] = []
        func search(from root: Int) {
            guard state[root] == 0 else { return }
            state[root] = 1
            stack.append((root, 0))
            while let top = stack.last {
                let edges = out[top.node]
                if top.next == edges.count {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let arcIndex = edges[top.next]
                let head = arcs[arcIndex].head
                switch state[head] {
                case 0:
                    state[head] = 1
                    stack.append((head, 0))
                case 1: reversed[arcIndex] = true
                default: break
                }
            }
        }
        // Sources first so that a graph's entry points start the search; then whatever is left (pure cycles).
        for item in 0..<itemCount where !hasIn[item] { search(from: item) }
        for item in 0..<itemCount { search(from: item) }
        return reversed
    }
}
