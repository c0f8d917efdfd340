import Foundation
import SFNCLI

/// Runs `sfn ARGUMENTS` with `input` on standard input, on a thread of its own: `run`, `test` and
/// `explore` block on the simulator, which must not take a thread of the cooperative pool the tests run on.
func runSFN(_ arguments: [String], input: String = "") async -> (Int32, CommandIO.Captured) {
    let (io, captured) = CommandIO.capturing(input: input)
    let status = await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: SFN.main(arguments, io: io)) }
    }
    return (status, captured)
}
