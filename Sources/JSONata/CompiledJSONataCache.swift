import JSONCore

extension CompiledJSONata {
    /// `source` compiled, shared by every caller in the process that asks for the same text: a
    /// definition's expressions are parsed by the validator's syntax check and again by each plan
    /// of it, and a parse costs far more than a look-up. Syntax errors are not kept (they are
    /// rare, and thrown again). Bounded: the table is emptied when it holds ``sharedCapacity`` texts.
    package static func shared(_ source: String) throws(JSONataError) -> CompiledJSONata {
        if let hit = sharedTable.withLock({ $0[source] }) { return hit }
        let compiled = try CompiledJSONata(source)
        sharedTable.withLock { table in
            if table.count >= sharedCapacity { table.removeAll(keepingCapacity: true) }
            table[source] = compiled
        }
        return compiled
    }

    /// The most texts ``shared(_:)`` keeps.
    package static let sharedCapacity = 4096

    private static let sharedTable = Locked<[String: CompiledJSONata]>([:])
}
