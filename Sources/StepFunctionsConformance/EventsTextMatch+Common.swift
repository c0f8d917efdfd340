import StepFunctionsSimulator

/// ``EventsTextMatch/details(of:)`` for one of the common events, its members read in
/// `GetExecutionHistory`'s order (as `sfn` writes them, and as sorted keys put all but
/// `TaskScheduled`'s), each compared as the visitor walk compares it when it finds it where it
/// asks for it: the walk's own path for a history in that order, without its call and member
/// table per member. `pos` is just past the details' opening brace. False when a member is not
/// there as expected, or does not match: the caller then reads the details again with the walk,
/// which decides (and is the only one to answer false for a difference).
extension EventsTextMatch: CommonDetailsReader {
    package mutating func entered(input: EventField, name: String) -> Bool {
        memberHere("input") && field(input) && afterMemberHere()
            && memberHere("inputDetails") && notTruncated() && afterMemberHere()
            && memberHere("name") && nameMatches(name) && lastMemberHere()
    }

    package mutating func exited(name: String, output: EventField) -> Bool {
        memberHere("name") && nameMatches(name) && afterMemberHere()
            && memberHere("output") && field(output) && afterMemberHere()
            && memberHere("outputDetails") && notTruncated() && lastMemberHere()
    }

    package mutating func output(_ output: EventField) -> Bool {
        memberHere("output") && field(output) && afterMemberHere()
            && memberHere("outputDetails") && notTruncated() && lastMemberHere()
    }

    package mutating func taskOutput(_ output: EventField, resource: String, resourceType: String) -> Bool {
        memberHere("output") && field(output) && afterMemberHere()
            && memberHere("outputDetails") && notTruncated() && afterMemberHere()
            && memberHere("resource") && string(matching: resource) && afterMemberHere()
            && memberHere("resourceType") && string(matching: resourceType) && lastMemberHere()
    }

    package mutating func taskResource(resource: String, resourceType: String) -> Bool {
        memberHere("resource") && string(matching: resource) && afterMemberHere()
            && memberHere("resourceType") && string(matching: resourceType) && lastMemberHere()
    }

    package mutating func lambdaScheduled(input: EventField, resource: String) -> Bool {
        memberHere("input") && field(input) && afterMemberHere()
            && memberHere("inputDetails") && notTruncated() && afterMemberHere()
            && memberHere("resource") && string(matching: resource) && lastMemberHere()
    }

    package mutating func taskScheduled(
        resource: String, resourceType: String, region: String, parameters: EventField
    ) -> Bool {
        memberHere("resource") && string(matching: resource) && afterMemberHere()
            && memberHere("resourceType") && string(matching: resourceType) && afterMemberHere()
            && memberHere("region") && string(matching: region) && afterMemberHere()
            && memberHere("parameters") && field(parameters) && lastMemberHere()
    }

    package mutating func iteration(index: Int, name: String) -> Bool {
        memberHere("index") && value(.int(index)) && afterMemberHere()
            && memberHere("name") && nameMatches(name) && lastMemberHere()
    }

    /// The details' `name` matches as the walk's `string(.name, …)` compares it: exactly for a
    /// state's (part of the event's label), else as any string.
    @inline(__always)
    mutating func nameMatches(_ name: String) -> Bool {
        exactName ? string(equalTo: name) : string(matching: name)
    }

    /// Whether the member name at `pos` is `name`; if so, reads it and its colon (as ``nameHere``).
    @inline(__always)
    mutating func memberHere(_ name: StaticString) -> Bool {
        nameHere(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), details: false) != nil
    }

    /// After a member's value that is not the last: its `,` (as the walk's ``afterMember()`` reads it).
    @inline(__always)
    mutating func afterMemberHere() -> Bool {
        var ended = false
        return next(UInt8(ascii: "}"), ended: &ended)
    }

    /// After the last member's value: the details' closing brace.
    @inline(__always)
    mutating func lastMemberHere() -> Bool {
        var ended = false
        return !next(UInt8(ascii: "}"), ended: &ended) && ended
    }
}
