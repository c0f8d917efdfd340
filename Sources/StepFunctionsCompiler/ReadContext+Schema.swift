/// Reading driven by ``ASLSchema``: every object of a definition is read the same way, field by
/// field according to the kind its schema gives, then checked against the schema's presence rules.
extension ReadContext {
    // MARK: Definition and graphs

    func readDefinition(_ json: JSONValue) -> StateMachineDefinition? {
        guard let o = object(json, .root, what: "a state machine definition") else { return nil }
        machineLanguage =
            o["QueryLanguage"].flatMap { $0.stringValue.flatMap(QueryLanguage.init(rawValue:)) } ?? .jsonPath
        guard
            let fields = readFields(
                o, ASLSchema.machine, at: .root, what: "the state machine", language: machineLanguage),
            fields.contains(.startAt), fields.contains(.states)
        else { return nil }
        return StateMachineDefinition(fields: fields)
    }

    /// A graph's `States`: each state read (an unreadable one is left out and remembered). Paths,
    /// here and below, are built only for a diagnostic (a definition without any builds none).
    func readStates(_ v: JSONValue, at path: @autoclosure () -> FieldPath) -> StateList? {
        guard let statesObject = object(v, path(), what: "'States'") else { return nil }
        var list: [StateList.Entry] = []
        list.reserveCapacity(statesObject.count)
        for (name, value) in statesObject {
            if let state = readState(value, at: path().appending(name), name: name) {
                list.append(.init(name, state))
            } else {
                unreadableStates.insert(name)
            }
        }
        return StateList(list)
    }

    // MARK: States

    func readState(_ v: JSONValue, at path: @autoclosure () -> FieldPath, name: String) -> State? {
        guard let o = object(v, path(), what: "state '\(name)'") else { return nil }
        guard let typeValue = o["Type"] else {
            error(
                .missingField,
                "state '\(name)' needs a 'Type' (Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map)",
                at: path(), aws: AWSWording("These fields are required: [Type]", at: path()))
            return nil
        }
        guard case .string(let typeName) = typeValue else {
            error(
                .wrongType, "'Type' of state '\(name)' must be a string, but it is \(describe(typeValue))",
                at: path().appending("Type"))
            return nil
        }
        guard let type = StateType(name: typeName) else {
            var message =
                "state '\(name)' has Type '\(typeName)', which is not one of Task, Pass, Choice, Wait, "
                + "Succeed, Fail, Parallel, Map"
            if let s = Suggestions.closest(to: typeName, in: StateType.allCases.map(\.rawValue)) {
                message += "; did you mean '\(s)'?"
            }
            error(
                .unknownStateType, message, at: path().appending("Type"),
                aws: AWSWording(
                    "The field 'Type' should have one of these values: [\(ReadContext.awsStateTypes)]",
                    at: path().appending("Type")))
            return nil
        }
        let language =
            o["QueryLanguage"].flatMap { $0.stringValue.flatMap(QueryLanguage.init(rawValue:)) } ?? machineLanguage
        guard
            let fields = readFields(
                o, ASLSchema.state(type), at: path(), what: "\(typeName) state '\(name)'", language: language)
        else { return nil }
        return State(type: type, fields: fields)
    }

    /// The state types in the order AWS lists them when `Type` is none of them.
    static let awsStateTypes = "Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map"

    // MARK: Objects

    /// Reads the fields of `o` as `schema` describes them, reporting unknown fields, values of the
    /// wrong kind and broken presence rules. `language` is the query language of the state the object
    /// belongs to (templates of fields both languages have are read in it). Returns nil when the
    /// object is too broken to use (a Wait without its one duration field, a Map without a processor).
    /// `what` (a message's name for the object) is built only for a diagnostic.
    func readFields(
        _ o: JSONObject, _ schema: ObjectSchema, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String,
        language: QueryLanguage
    )
        -> FieldSet?
    {
        let start = diagnostics.count
        var fields = FieldSet()
        fields.reserveCapacity(o.count)
        var unknown = false
        // The specs are read in place (copying one retained each of its parts).
        schema.fields.withUnsafeBufferPointer { specs in
            for (key, value) in o {
                guard let field = ASLField(name: key), let position = schema.position(of: field) else {
                    unknown = true
                    continue
                }
                if let v = readValue(
                    value, specs.baseAddress! + position, at: path().appending(key), owner: what(),
                    language: specs[position].language ?? language)
                {
                    fields[field] = v
                }
            }
        }
        // Unknown fields are reported before the values' diagnostics (the names checked only when
        // some key has no field).
        if unknown {
            let before = diagnostics.count
            checkFields(o, allowed: schema.names, at: path(), in: schema.name)
            if before > start {
                let reported = Array(diagnostics[before...])
                diagnostics.removeSubrange(before...)
                diagnostics.insert(contentsOf: reported, at: start)
            }
        }
        return checkPresence(schema.rules, o, fields, at: path(), what: what()) ? fields : nil
    }

    /// One field's value, parsed as its kind says; nil (with a diagnostic) when it cannot be. The
    /// spec is read in place (a copy retained and released each of its parts, for every field read).
    func readValue(
        _ v: JSONValue, _ spec: UnsafePointer<FieldSpec>, at path: @autoclosure () -> FieldPath,
        owner: @autoclosure () -> String,
        language: QueryLanguage
    )
        -> FieldValue?
    {
        let key = spec.pointee.field.rawValue
        switch spec.pointee.kind {
        case .stateType:
            return nil
        case .string:
            return string(v, key, path()).map(FieldValue.string)
        case .enumeration(let allowed):
            guard let s = string(v, key, path()) else { return nil }
            guard allowed.contains(s) else {
                error(
                    .invalidValue,
                    "'\(key)' is '\(s)', but it must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))",
                    at: path())
                return nil
            }
            return .string(s)
        case .bool:
            if case .bool(let b) = v { return .bool(b) }
            error(.wrongType, "'\(key)' must be true or false, but it is \(describe(v))", at: path())
            return nil
        case .integer:
            if case .number(let n) = v, n.isIntegral, let i = n.intValue { return .integer(i) }
            error(.wrongType, "'\(key)' must be an integer, but it is \(describe(v))", at: path())
            return nil
        case .number:
            if case .number(let n) = v { return .number(n.doubleValue) }
            error(.wrongType, "'\(key)' must be a number, but it is \(describe(v))", at: path())
            return nil
        case .errorNames:
            return .strings(errorNames(v, at: path()))
        case .dynamicInteger:
            if case .number(let n) = v, n.isIntegral, let i = n.intValue { return .dynamicInteger(.literal(i)) }
            if let d: DynamicValue<Int> = dynamicText(v) { return .dynamicInteger(d) }
            error(
                .wrongType,
                "'\(key)' must be an integer (or a {% %} JSONata expression in a JSONata state), "
                    + "but it is \(describe(v))", at: path())
            return nil
        case .dynamicNumber:
            if case .number(let n) = v { return .dynamicNumber(.literal(n.doubleValue)) }
            if let d: DynamicValue<Double> = dynamicText(v) { return .dynamicNumber(d) }
            error(
                .wrongType,
                "'\(key)' must be a number (or a {% %} JSONata expression in a JSONata state), "
                    + "but it is \(describe(v))", at: path())
            return nil
        case .dynamicString:
            guard case .string(let s) = v else {
                error(.wrongType, "'\(key)' must be a string, but it is \(describe(v))", at: path())
                return nil
            }
            if let e = JSONataExpression(delimited: s) { return .dynamicString(.expression(e)) }
            if Placeholder.name(in: s) != nil { return .dynamicString(.placeholder(s)) }
            return .dynamicString(.literal(s))
        case .dynamicStrings:
            if let d: DynamicValue<[String]> = dynamicText(v) { return .dynamicStrings(d) }
            return stringArray(v, key, path()).map { .dynamicStrings(.literal($0)) }
        case .path:
            guard let s = string(v, key, path()) else { return nil }
            return parsePath(s, at: path(), field: key).map(FieldValue.path)
        case .nullablePath:
            if case .null = v { return .nullablePath(.null) }
            guard let s = string(v, key, path()) else { return nil }
            return parsePath(s, at: path(), field: key).map { .nullablePath(.path($0)) }
        case .pathOrIntrinsic:
            guard let s = string(v, key, path()) else { return nil }
            return parsePathOrIntrinsic(s, at: path(), field: key).map(FieldValue.pathOrIntrinsic)
        case .template(let shape):
            switch shape {
            case .any: break
            case .object:
                guard case .object = v else {
                    error(
                        .wrongType, "'\(key)' must be an object of variable names and values, but it is \(describe(v))",
                        at: path())
                    return nil
                }
            case .credentials:
                guard case .object = v else {
                    error(
                        .invalidCredentials, "'\(key)' must be an object with 'RoleArn', but it is \(describe(v))",
                        at: path())
                    return nil
                }
            case .arrayOrExpression:
                var ok = false
                switch v {
                case .array: ok = true
                case .string(let s): ok = JSONataExpression(delimited: s) != nil || Placeholder.name(in: s) != nil
                default: ok = false
                }
                guard ok else {
                    error(
                        .wrongType, "'\(key)' must be an array or a {% %} JSONata expression, but it is \(describe(v))",
                        at: path())
                    return nil
                }
            }
            return .template(language == .jsonPath ? jsonPathTemplate(v, at: path()) : jsonataTemplate(v, at: path()))
        case .json:
            return .json(v)
        case .resource:
            return string(v, key, path()).map { .resource(TaskResource($0)) }
        case .object(let schema):
            guard let o = object(v, path(), what: "'\(key)'") else { return nil }
            return readFields(o, schema, at: path(), what: "'\(key)' of \(owner())", language: language).map(
                FieldValue.object)
        case .objects(let schema):
            guard case .array(let items) = v else {
                error(.wrongType, "'\(key)' must be an array, but it is \(describe(v))", at: path())
                return nil
            }
            if items.isEmpty && spec.pointee.required == .nonEmpty {
                error(
                    .missingField, "\(owner()) needs at least one entry in '\(key)'", at: path(),
                    aws: AWSWording("Value cannot be empty", at: path()))
            }
            var out: [FieldSet] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard let io = object(item, path().appending(i), what: schema.name),
                    let f = readFields(
                        io, schema, at: path().appending(i),
                        what: spec.pointee.field == .branches ? "branch \(i) of \(owner())" : schema.name,
                        language: language)
                else { continue }
                out.append(f)
            }
            return .objects(out)
        case .choiceRules:
            guard case .array(let items) = v else {
                error(.wrongType, "'\(key)' must be an array of rules, but it is \(describe(v))", at: path())
                return nil
            }
            if items.isEmpty {
                error(
                    .missingField, "\(owner()) needs at least one rule in '\(key)'", at: path(),
                    aws: AWSWording("Value cannot be empty", at: path()))
            }
            return .rules(
                items.enumerated().compactMap {
                    readRule($0.element, at: path().appending($0.offset), language: language)
                })
        case .states:
            return readStates(v, at: path()).map(FieldValue.states)
        }
    }

    /// Checks `rules` against the object as written (`o`) and as read (`fields`); false when the object
    /// cannot be used.
    func checkPresence(
        _ rules: [PresenceRule], _ o: JSONObject, _ fields: FieldSet, at path: @autoclosure () -> FieldPath,
        what: @autoclosure () -> String
    )
        -> Bool
    {
        var usable = true
        // Whether `o` has the field: a field read is one `o` has (`fields` holds only keys of `o`), so
        // the object is searched only for a field that was not read.
        func isWritten(_ field: ASLField) -> Bool { fields.contains(field) || o[field.rawValue] != nil }
        for rule in rules {
            switch rule {
            case .required(let field, let text, let alternative):
                if !isWritten(field) && alternative.map({ !isWritten($0) }) ?? true {
                    // With an alternative (a Map's ItemProcessor or Iterator) AWS's words are not known.
                    let aws =
                        alternative == nil
                        ? AWSWording("These fields are required: [\(field.rawValue)]", at: path()) : nil
                    error(.missingField, "\(what()) \(text)", at: path(), aws: aws)
                }
                if let alternative, !fields.contains(field), !fields.contains(alternative) { usable = false }
            case .exactlyOne(let candidates):
                let written = candidates.filter(isWritten)
                if written.count != 1 {
                    let list = candidates.map(\.rawValue)
                    let choices = list.dropLast().joined(separator: ", ") + " or " + (list.last ?? "")
                    let message =
                        written.isEmpty
                        ? "\(what()) needs exactly one of \(choices)"
                        : "\(what()) has \(written.map(\.rawValue).joined(separator: " and ")); it needs exactly one of \(choices)"
                    error(
                        written.isEmpty ? .missingField : .conflictingFields, message,
                        at: written.count > 1 ? path().appending(written[1].rawValue) : path())
                    usable = false
                } else if !fields.contains(written[0]) {
                    usable = false  // its value was reported
                }
            case .atMostOne(let candidates, let text):
                let written = candidates.filter(isWritten)
                if written.count > 1 {
                    error(
                        .conflictingFields,
                        "\(what()) has both \(written.map { "'\($0.rawValue)'" }.joined(separator: " and ")); \(text)",
                        at: path().appending(written[1].rawValue))
                }
            case .transition:
                let next = fields.string(.next)
                let end = fields.bool(.end) ?? false
                if let next, end {
                    error(
                        .invalidTransition, "\(what()) has both 'Next' (\"\(next)\") and 'End': true; keep one",
                        at: path().appending("End"))
                } else if !isWritten(.next) && !isWritten(.end) || (!isWritten(.next) && fields.bool(.end) == false) {
                    error(.invalidTransition, "\(what()) needs 'Next' (the state to go to) or 'End': true", at: path())
                }
            case .graphStates:
                if let v = o["States"] {
                    if case .object(let states) = v, states.isEmpty {
                        error(
                            .missingField, "'States' of \(what()) is empty; it needs at least one state",
                            at: path().appending("States"))
                    }
                } else {
                    error(
                        .missingField, "\(what()) needs 'States', an object of named states", at: path(),
                        aws: AWSWording("These fields are required: [States]", at: path()))
                }
            }
        }
        return usable
    }

    // MARK: Values

    /// A `{% %}` expression or a `${Name}` placeholder written where a value of another type goes.
    func dynamicText<V>(_ v: JSONValue) -> DynamicValue<V>? {
        guard case .string(let s) = v else { return nil }
        if let e = JSONataExpression(delimited: s) { return .expression(e) }
        if Placeholder.name(in: s) != nil { return .placeholder(s) }
        return nil
    }

    /// `ErrorEquals`: items of the wrong type are reported, and kept as their JSON text so that the
    /// list is not taken for empty.
    func errorNames(_ v: JSONValue, at path: @autoclosure () -> FieldPath) -> [String] {
        guard case .array(let items) = v else {
            error(.wrongType, "'ErrorEquals' must be an array of strings, but it is \(describe(v))", at: path())
            return []
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item {
                out.append(s)
            } else {
                error(
                    .wrongType, "'ErrorEquals' must hold strings only, but item \(i) is \(describe(item))",
                    at: path().appending(i))
                out.append(JSONWriter.compact.string(item))
            }
        }
        return out
    }
}
