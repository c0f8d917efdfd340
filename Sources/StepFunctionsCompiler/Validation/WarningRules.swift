/// Warnings: legal constructs that are likely mistakes.
extension ValidationContext {
    mutating func checkWarnings(_ state: State, scope: StateScope) {
        guard options.warnings else { return }
        switch state {
        case .task(let t) where t.timeoutSeconds == nil && t.timeoutSecondsPath == nil:
            warning(
                .taskWithoutTimeout,
                "Task state '\(scope.name)' has no 'TimeoutSeconds'; if the resource never answers, the execution "
                    + "waits until its own timeout (up to a year). Add \"TimeoutSeconds\"", at: scope.path)
        case .choice(let c) where c.default == nil:
            warning(
                .choiceWithoutDefault,
                "Choice state '\(scope.name)' has no 'Default'; input that matches no rule fails the execution with "
                    + "States.NoChoiceMatched. Add \"Default\"", at: scope.path)
        default:
            break
        }
        guard scope.language == .jsonPath else { return }
        for (i, c) in state.catch.enumerated() where c.resultPath == nil {
            warning(
                .catchDropsInput,
                "catcher #\(i + 1) of state '\(scope.name)' has no 'ResultPath', so the error output replaces the "
                    + "state input at '\(c.next)'; add \"ResultPath\": \"$.error\" to keep the input",
                at: scope.path.appending("Catch").appending(i))
        }
    }
}
