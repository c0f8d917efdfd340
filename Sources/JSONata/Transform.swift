/// The transform operator `| pattern | update [, delete] |`.
///
/// jsonata-js clones the input, evaluates the pattern against the clone and changes the matched
/// objects in place. The clone here is made of ``ObjectBox`` references, so the matches the
/// pattern returns are the very objects inside the clone and can be updated the same way.
enum Transform {
    static func run(_ evaluator: Evaluator, _ node: Node, _ frame: Frame, _ object: Value) throws(JSONataError)
        -> Value
    {
        if object.isUndefined { return .undefined }
        let cloneFunction = frame.lookup("clone")
        guard cloneFunction.isFunction else { throw JSONataError("T2013", position: node.position) }
        let result: Value
        if case .builtin(let b) = cloneFunction, b.name == "clone" {
            result = try deepClone(object, evaluator.guardian)
        } else {
            let cloned = try evaluator.apply(cloneFunction, [object], .null, frame, token: "clone")
            result = try deepClone(cloned, evaluator.guardian)
        }
        let found = try evaluator.eval(node.pattern!, result, frame)
        if found.isUndefined { return result }
        let matches = found.isArray ? found.arrayItems : [found]
        for match in matches {
            try evaluator.checkLoop()
            let update = try evaluator.eval(node.update!, match, frame)
            if !update.isUndefined {
                guard update.isObject else {
                    var e = JSONataError("T2011", position: node.update!.position)
                    e.setValue(update.errorJSON)
                    throw e
                }
                if case .object(let box) = match {
                    for (k, v) in update.objectPairs { box.set(k, v) }
                }
            }
            if let deleteNode = node.delete {
                let deletions = try evaluator.eval(deleteNode, match, frame)
                if deletions.isUndefined { continue }
                let keys = deletions.isArray ? deletions.arrayItems : [deletions]
                var names: [String] = []
                for k in keys {
                    guard case .string(let s) = k else {
                        var e = JSONataError("T2012", position: deleteNode.position)
                        e.setValue(deletions.errorJSON)
                        throw e
                    }
                    names.append(s)
                }
                if case .object(let box) = match {
                    for name in names { box.remove(name) }
                }
            }
        }
        return result
    }

    /// `JSON.parse($string(value))`: a deep copy made of fresh boxes, numbers rounded to 15
    /// significant digits and functions turned into `""`.
    static func deepClone(_ v: Value, _ guardian: StackGuard) throws(JSONataError) -> Value {
        if guardian.exhausted {
            return try guardian.extended { (fresh: StackGuard) throws(JSONataError) in try deepClone(v, fresh) }
        }
        switch v {
        case .number(let d):
            try Functions.checkFinite(d)
            return d.isNaN ? .null : .number(JSNumber.toPrecision15(d))
        case .function, .builtin: return .string("")
        case .jarray, .list:
            var items: [Value] = []
            for item in v.arrayItems { items.append(item.isUndefined ? .null : try deepClone(item, guardian)) }
            return .array(items, [])
        case .jobject, .object:
            let box = ObjectBox(capacity: v.objectKeys.count)
            for (k, value) in v.objectPairs where !value.isUndefined { box.set(k, try deepClone(value, guardian)) }
            return .object(box)
        case .tupleBox(let b): return try deepClone(b.tuple.focus, guardian)
        default: return v
        }
    }
}
