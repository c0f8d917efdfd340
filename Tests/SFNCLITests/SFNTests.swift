import SFNCLI
import Testing

@Suite("sfn: the command line, run in-process")
struct SFNTests {
    @Test func helpListsEverySubcommand() {
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["--help"], io: io) == 0)
        for command in SFN.commands { #expect(captured.output.contains(command.name)) }
    }
}
