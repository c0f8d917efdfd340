import Foundation
import SFNCLI

// The project's corpus-wide checks (not part of the `sfn` product): the real-world corpus and the
// conformance definitions against AWS's verdicts, jsonata-js's own test suite, and the execution
// histories recorded on AWS read as the run pages read them.
// Usage: swift run CorpusChecks <corpus|jsonata-suite|histories> ...
let overview = """
    The project's corpus-wide checks against verdicts recorded from AWS and jsonata-js's suite
    (run by .ci/run; the corpora live in ../shared).
    """
exit(
    runCommandLine(
        Array(CommandLine.arguments.dropFirst()),
        commands: [corpusCommand, importCheckCommand, jsonataSuiteCommand, historiesCommand],
        tool: "CorpusChecks", overview: overview, version: SFN.version, io: .standard))
