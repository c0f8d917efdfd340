/// The kind of state machine: STANDARD (long-running, exactly once) or EXPRESS (short, at least once).
///
/// It is not part of the ASL text (it is chosen when the machine is created), but it changes what a
/// definition may contain (EXPRESS machines cannot use `.sync` or `.waitForTaskToken`) and how it runs
/// (EXPRESS executions last five minutes at most and keep no history on AWS).
public enum StateMachineType: String, Sendable, Hashable, CaseIterable {
    /// Long-running, exactly-once executions (the default).
    case standard = "STANDARD"
    /// Short, high-volume, at-least-once executions.
    case express = "EXPRESS"
}
