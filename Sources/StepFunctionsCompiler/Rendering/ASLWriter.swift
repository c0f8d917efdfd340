/// Writes a ``StateMachineDefinition`` as Amazon States Language JSON in the canonical form.
///
/// Output is deterministic: every object's keys follow the one canonical order of ``ASLField`` (`Type`
/// first, the data-flow fields in the order they apply, `Retry`/`Catch`, then `Next`/`End`), states
/// keep declaration order, payload keys keep the author's order, and paths and intrinsic calls get
/// their `.$` key suffix. Every field the model holds is written, so reading then writing keeps the
/// author's content (an empty `"Retry": []` included).
public struct ASLWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// The definition as ordered JSON.
    public func json(_ definition: StateMachineDefinition) -> JSONValue { .object(object(definition.fields)) }

    /// The definition as JSON text: pretty (two-space, trailing newline) or compact.
    public func text(_ definition: StateMachineDefinition, pretty: Bool = true) -> String {
        let value = json(definition)
        return pretty ? JSONWriter.pretty.string(value) + "\n" : JSONWriter.compact.string(value)
    }

    /// One state as ordered JSON.
    public func json(_ state: State) -> JSONValue { .object(object(state.fields, type: state.type)) }

    /// The fields of any ASL object, in canonical order (``ASLField``'s), with `Type` first for a state.
    public func object(_ fields: FieldSet, type: StateType? = nil) -> JSONObject {
        var o = JSONObject(minimumCapacity: fields.count + 1)
        if let type { o.append(key: "Type", value: .string(type.rawValue)) }
        for entry in fields { o.append(key: entry.field.rawValue, value: value(entry.value)) }
        return o
    }

    /// One field's value as JSON.
    public func value(_ v: FieldValue) -> JSONValue {
        switch v {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d): return number(d)
        case .strings(let list): return .array(list.map(JSONValue.string))
        case .dynamicInteger(let d): return dynamic(d, literal: JSONValue.int)
        case .dynamicNumber(let d): return dynamic(d, literal: number)
        case .dynamicString(let d): return dynamic(d, literal: JSONValue.string)
        case .dynamicStrings(let d): return dynamic(d) { .array($0.map(JSONValue.string)) }
        case .path(let p): return .string(p.source)
        case .nullablePath(let p): return nullablePath(p)
        case .pathOrIntrinsic(let p): return .string(p.source)
        case .template(let t): return template(t)
        case .json(let j): return j
        case .resource(let r): return .string(r.arn)
        case .object(let f): return .object(object(f))
        case .objects(let list): return .array(list.map { .object(object($0)) })
        case .rules(let rules): return .array(rules.map(rule))
        case .states(let list):
            var o = JSONObject(minimumCapacity: list.count)
            for entry in list { o.append(key: entry.name, value: json(entry.state)) }
            return .object(o)
        }
    }

    /// A payload template as JSON: `.$` keys for paths and intrinsic calls, `{% %}` for expressions.
    public func template(_ t: PayloadTemplate) -> JSONValue {
        switch t {
        case .literal(let v): return v
        case .path(let p): return .string(p.source)
        case .intrinsic(let f): return .string(f.source)
        case .expression(let e): return .string(e.delimited)
        case .array(let items): return .array(items.map(template))
        case .object(let fields):
            var o = JSONObject(minimumCapacity: fields.count)
            for f in fields {
                let key = f.value.needsDollarSuffix ? f.name + ".$" : f.name
                o[key] = template(f.value)
            }
            return .object(o)
        }
    }

    // MARK: Parts

    private func nullablePath(_ p: NullablePath) -> JSONValue {
        switch p {
        case .null: return .null
        case .path(let path): return .string(path.source)
        }
    }

    /// A dynamic field: its literal as `literal` writes it, an expression as `{% %}`, a placeholder as written.
    private func dynamic<V>(_ v: DynamicValue<V>, literal: (V) -> JSONValue) -> JSONValue {
        switch v {
        case .literal(let x): return literal(x)
        case .expression(let e): return .string(e.delimited)
        case .placeholder(let p): return .string(p)
        }
    }

    /// A number, integral values written without a fraction (`2`, not `2.0`).
    private func number(_ d: Double) -> JSONValue {
        .number(d.rounded() == d && abs(d) < 1e15 ? .int(Int64(d)) : .double(d))
    }

    private func rule(_ r: ChoiceRule) -> JSONValue {
        var o = JSONObject()
        o.set("Comment", r.comment.map(JSONValue.string))
        condition(r.condition, into: &o)
        o.set("Output", r.output.map(template))
        o.set("Assign", r.assign.map(template))
        o["Next"] = .string(r.next)
        return .object(o)
    }

    private func condition(_ c: Condition, into o: inout JSONObject) {
        switch c {
        case .and(let items): o["And"] = .array(items.map(conditionObject))
        case .or(let items): o["Or"] = .array(items.map(conditionObject))
        case .not(let inner): o["Not"] = conditionObject(inner)
        case .jsonata(let v): o["Condition"] = dynamic(v, literal: JSONValue.bool)
        case .commented(let comment, let inner):
            o["Comment"] = .string(comment)
            condition(inner, into: &o)
        case .comparison(let cmp):
            o["Variable"] = .string(cmp.variable.source)
            let key = cmp.operatorPlaceholder ?? cmp.op.rawValue
            switch cmp.operand {
            case .value(let v): o[key] = v
            case .path(let p): o[key] = .string(p.source)
            }
        }
    }

    private func conditionObject(_ c: Condition) -> JSONValue {
        var o = JSONObject()
        condition(c, into: &o)
        return .object(o)
    }

}

extension JSONObject {
    /// Sets `key` only when `value` is present (absent optional fields are not written).
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}
