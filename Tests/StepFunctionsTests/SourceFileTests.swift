import StepFunctions
import Testing

/// DSL locations are written from the package's root: the first of the known folders on.
@Suite struct SourceFileTests {
    @Test(arguments: [
        ("/home/me/app/Sources/App/Orders.swift", "Sources/App/Orders.swift"),
        ("/home/me/app/Tests/AppTests/OrdersTests.swift", "Tests/AppTests/OrdersTests.swift"),
        // The first root in the path wins, whichever it is.
        ("/w/Samples/Payment/Sources/Payment.swift", "Samples/Payment/Sources/Payment.swift"),
        ("/w/Tests/Sources/x.swift", "Tests/Sources/x.swift"),
        ("/w/Benchmarks/B/Sources/b.swift", "Benchmarks/B/Sources/b.swift"),
        // Under no root, or a root without its leading slash: as given.
        ("/tmp/scratch/main.swift", "/tmp/scratch/main.swift"),
        ("Sources/App/x.swift", "Sources/App/x.swift"),
        ("/w/Sourcesx/a.swift", "/w/Sourcesx/a.swift"),
        ("/w/é/Sources/ü.swift", "Sources/ü.swift"),
        ("", ""),
    ])
    func relativePaths(file: String, expected: String) {
        #expect(SourceFile.relative(file) == expected)
    }
}
