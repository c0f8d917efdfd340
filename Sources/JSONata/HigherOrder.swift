/// `$map`, `$filter`, `$single`, `$reduce`, `$sift`, `$each` and `$sort`.
enum HigherOrder {
    /// The arguments jsonata-js's `hofFuncArgs` passes: the value, then index and array if the
    /// function takes them.
    static func arguments(_ c: NativeContext, _ fn: Value, _ value: Value, _ index: Value, _ all: Value) -> [Value] {
        let arity = c.evaluator.arity(fn)
        var args = [value]
        if arity >= 2 { args.append(index) }
        if arity >= 3 { args.append(all) }
        return args
    }

    static func map(_ c: NativeContext, _ arr: Value, _ fn: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        let items = arr.arrayItems
        try c.evaluator.charge(items.count)
        var result: [Value] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            try c.evaluator.checkLoop()
            let r = try c.evaluator.call(fn, arguments(c, fn, item, .number(Double(i)), arr), c)
            if !r.isUndefined { result.append(r) }
        }
        return .array(result, .sequence)
    }

    static func filter(_ c: NativeContext, _ arr: Value, _ fn: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        let items = arr.arrayItems
        var result: [Value] = []
        for (i, item) in items.enumerated() {
            try c.evaluator.checkLoop()
            let r = try c.evaluator.call(fn, arguments(c, fn, item, .number(Double(i)), arr), c)
            if try Functions.boolean(r) == true { result.append(item) }
        }
        return .array(result, .sequence)
    }

    static func single(_ c: NativeContext, _ arr: Value, _ fn: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        var found: Value? = nil
        for (i, item) in arr.arrayItems.enumerated() {
            try c.evaluator.checkLoop()
            var positive = true
            if !fn.isUndefined {
                let r = try c.evaluator.call(fn, arguments(c, fn, item, .number(Double(i)), arr), c)
                positive = try Functions.boolean(r) == true
            }
            if positive {
                if found != nil {
                    var e = JSONataError("D3138")
                    e.details["index"] = .number(.int(Int64(i)))
                    throw e
                }
                found = item
            }
        }
        guard let found else { throw JSONataError("D3139") }
        return found
    }

    static func reduce(_ c: NativeContext, _ arr: Value, _ fn: Value, _ initial: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        let arity = c.evaluator.arity(fn)
        if arity < 2 {
            var e = JSONataError("D3050")
            e.details["index"] = 1
            throw e
        }
        let items = arr.arrayItems
        var result: Value
        var index: Int
        if initial.isUndefined && !items.isEmpty {
            result = items[0]
            index = 1
        } else {
            result = initial
            index = 0
        }
        while index < items.count {
            try c.evaluator.checkLoop()
            var args = [result, items[index]]
            if arity >= 3 { args.append(.number(Double(index))) }
            if arity >= 4 { args.append(arr) }
            result = try c.evaluator.call(fn, args, c)
            index += 1
        }
        return result
    }

    static func sift(_ c: NativeContext, _ obj: Value, _ fn: Value) throws(JSONataError) -> Value {
        if obj.isUndefined { return .undefined }
        let box = ObjectBox()
        for (k, v) in obj.objectPairs {
            try c.evaluator.checkLoop()
            let r = try c.evaluator.call(fn, arguments(c, fn, v, .string(k), obj), c)
            if try Functions.boolean(r) == true { box.set(k, v) }
        }
        if box.count == 0 { return .undefined }
        return .object(box)
    }

    static func each(_ c: NativeContext, _ obj: Value, _ fn: Value) throws(JSONataError) -> Value {
        if obj.isUndefined { return .undefined }
        var result: [Value] = []
        for (k, v) in obj.objectPairs {
            try c.evaluator.checkLoop()
            let r = try c.evaluator.call(fn, arguments(c, fn, v, .string(k), obj), c)
            if !r.isUndefined { result.append(r) }
        }
        return .array(result, .sequence)
    }

    static func sort(_ c: NativeContext, _ arr: Value, _ fn: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        let items = arr.arrayItems
        if items.count <= 1 { return arr }
        if fn.isUndefined {
            // jsonata-js's isArrayOfNumbers: infinities raise D1001, NaN is not a number
            var allNumbers = true
            for item in items {
                guard case .number(let d) = item else {
                    allNumbers = false
                    continue
                }
                try Functions.checkFinite(d)
                if d.isNaN { allNumbers = false }
            }
            let allStrings = items.allSatisfy { $0.isString }
            guard allNumbers || allStrings else {
                var e = JSONataError("D3070")
                e.details["index"] = 1
                throw e
            }
            try c.evaluator.charge(items.count)
            let evaluator = c.evaluator
            let sorted = try Functions.mergeSort(items) { (a: Value, b: Value) throws(JSONataError) -> Bool in
                try evaluator.checkLoop()
                switch (a, b) {
                case (.number(let x), .number(let y)): return x > y
                case (.string(let x), .string(let y)): return Functions.jsLess(y, x)
                default: return false
                }
            }
            return .array(sorted, [])
        }
        let evaluator = c.evaluator
        let sorted = try Functions.mergeSort(items) { (a: Value, b: Value) throws(JSONataError) -> Bool in
            try evaluator.checkLoop()
            return Functions.truthy(try evaluator.call(fn, [a, b], c))
        }
        return .array(sorted, [])
    }
}
