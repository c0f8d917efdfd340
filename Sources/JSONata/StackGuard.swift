/// Stops recursion before it overflows the thread's stack.
///
/// Swift Concurrency threads have small stacks (about 512 KB), and the parser, the evaluator and
/// the value walkers all recurse. Each records the stack address where it started and fails with
/// a clear error once it has used `budget` bytes of stack, whatever the frame sizes of the build.
struct StackGuard {
    let base: UInt
    let budget: UInt
    let code: String

    init(budget: Int, code: String = "U1001") {
        self.base = StackGuard.currentAddress()
        self.budget = UInt(max(16 * 1024, budget))
        self.code = code
    }

    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Whether more than the budget has been used.
    @inline(__always)
    var exhausted: Bool {
        let here = StackGuard.currentAddress()
        let used = here > base ? here - base : base - here
        return used > budget
    }

    /// Throws the stack-overflow error once the budget is used up.
    @inline(__always)
    func check() throws(JSONataError) {
        if exhausted { throw StackGuard.overflowError(code: code) }
    }

    static func overflowError(code: String) -> JSONataError {
        if code == "S0218" { return JSONataError("S0218") }
        return JSONataError(
            code: code,
            message:
                "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
        )
    }

    /// Runs `body` with this guard, or, once the budget is used up, on a fresh thread stack
    /// (see ``StackExtension``) with a fresh guard: deep data is walked without overflowing.
    func extended<T>(_ body: (StackGuard) throws(JSONataError) -> T) throws(JSONataError) -> T {
        if !exhausted { return try body(self) }
        var outcome: Result<T, JSONataError> = .failure(StackGuard.overflowError(code: code))
        let budget = StackExtension.stackSize - 1024 * 1024
        let code = self.code
        _ = StackExtension.run {
            do throws(JSONataError) {
                outcome = .success(try body(StackGuard(budget: budget, code: code)))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome.get()
    }
}
