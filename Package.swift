// swift-tools-version:6.0
import PackageDescription

/// Settings every target shares: Swift 6 language mode (strict concurrency) plus upcoming features.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// The seed workflows written in the DSL (`Samples/NAME/Sources`), each with its tests and goldens,
/// plus `swift run samples` (the main job), which compiles them all to `samples-out/` and simulates one.
let sampleNames = ["Payment", "ECommerce", "DurableOrder", "OrderProcessing", "Microservices"]
let samples: [Target] =
    sampleNames.flatMap { name -> [Target] in
        [
            .target(
                name: name + "Sample", dependencies: ["StepFunctions"], path: "Samples/\(name)/Sources",
                swiftSettings: sharedSettings),
            .testTarget(
                name: name + "SampleTests",
                dependencies: [
                    .target(name: name + "Sample"), "StepFunctions", "StepFunctionsSimulator", "StepFunctionsTesting",
                ],
                path: "Samples/\(name)/Tests", swiftSettings: sharedSettings),
        ]
    } + [
        .executableTarget(
            name: "samples",
            dependencies: ["StepFunctions", "StepFunctionsSimulator", "StepFunctionsWorkflowTool"]
                + sampleNames.map { .target(name: $0 + "Sample") },
            path: "Samples/samples", swiftSettings: sharedSettings)
    ]

/// libFuzzer harnesses (`Tests/Fuzz`), declared only when `SFN_FUZZ=1`: they build with
/// `-sanitize=fuzzer`, which an ordinary build cannot link (how to run them: Docs/Fuzzing.md, Scripts/fuzz.sh).
let fuzzTargets: [Target] =
    Context.environment["SFN_FUZZ"] == "1"
    ? [
        .target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport", swiftSettings: sharedSettings),
        .executableTarget(
            name: "JSONataFuzz", dependencies: ["FuzzSupport", "JSONata", "JSONCore"], path: "Tests/Fuzz/JSONataFuzz",
            swiftSettings: sharedSettings),
        .executableTarget(
            name: "ASLFuzz", dependencies: ["FuzzSupport", "StepFunctionsCompiler"], path: "Tests/Fuzz/ASLFuzz",
            swiftSettings: sharedSettings),
        .executableTarget(
            name: "PathFuzz", dependencies: ["FuzzSupport", "StepFunctionsModel"], path: "Tests/Fuzz/PathFuzz",
            swiftSettings: sharedSettings),
        .executableTarget(
            name: "YAMLFuzz", dependencies: ["FuzzSupport", "YAML"], path: "Tests/Fuzz/YAMLFuzz",
            swiftSettings: sharedSettings),
        .executableTarget(
            name: "JSONFuzz", dependencies: ["FuzzSupport", "JSONCore"], path: "Tests/Fuzz/JSONFuzz",
            swiftSettings: sharedSettings),
        .executableTarget(
            name: "SimulatorFuzz", dependencies: ["FuzzSupport", "StepFunctionsCompiler", "StepFunctionsSimulator"],
            path: "Tests/Fuzz/SimulatorFuzz", swiftSettings: sharedSettings),
        .executableTarget(
            name: "HTTPRequestFuzz", dependencies: ["FuzzSupport", "HTTPServer"], path: "Tests/Fuzz/HTTPRequestFuzz",
            exclude: ["seeds"], swiftSettings: sharedSettings),
    ] : []

let package = Package(
    name: "swift-step-functions",
    // `Duration` and the Swift Concurrency clock APIs need macOS 13; Linux has no minimum.
    platforms: [.macOS(.v13)],
    products: [
        // Write workflows in Swift (re-exports the model and the compiler).
        .library(name: "StepFunctions", targets: ["StepFunctions"]),
        // Run them in-process with AWS's semantics (link it from test targets).
        .library(name: "StepFunctionsSimulator", targets: ["StepFunctionsSimulator"]),
        // Golden files for workflow tests (link it from test targets).
        .library(name: "StepFunctionsTesting", targets: ["StepFunctionsTesting"]),
        // `WorkflowTool.main([...])`: a command-line tool over a package's own workflows.
        .library(name: "StepFunctionsWorkflowTool", targets: ["StepFunctionsWorkflowTool"]),
        // ASL JSON in and out, validation and renderers, without the DSL.
        .library(name: "StepFunctionsCompiler", targets: ["StepFunctionsCompiler"]),
        // Pictures of workflows and of runs: Mermaid, Graphviz DOT and self-contained HTML (re-exported by the DSL).
        .library(name: "WorkflowPictures", targets: ["WorkflowPictures"]),
        .library(name: "StepFunctionsModel", targets: ["StepFunctionsModel"]),
        .library(name: "JSONata", targets: ["JSONata"]),
        .library(name: "JSONCore", targets: ["JSONCore"]),
        .executable(name: "sfn", targets: ["sfn"]),
    ],
    targets: [
        // JSON values, parser and writer: the ground everything stands on.
        .target(name: "JSONCore", swiftSettings: sharedSettings),
        // A standalone JSONata 2.0.6 engine.
        .target(name: "JSONata", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        // A YAML 1.2 reader for the templates definitions live in (CloudFormation's short-form tags).
        .target(name: "YAML", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        // A small HTTP/1.1 server on the platform's sockets (epoll, keep-alive, limits): `sfn serve`'s transport.
        .target(name: "HTTPServer", swiftSettings: sharedSettings),
        // A crash-safe append-only record log with snapshots: sfn serve's data directory.
        .target(name: "Journal", swiftSettings: sharedSettings),
        // A deterministic layered graph layout with nested clusters: the pictures' geometry.
        .target(name: "GraphLayout", swiftSettings: sharedSettings),
        // ASL as plain data, and the one description of ASL's fields (the schema).
        .target(name: "StepFunctionsModel", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        // Frontends (ASL JSON, CloudFormation/SAM templates -> model) and backends (validator, ASL JSON / CloudFormation / Terraform renderers).
        .target(
            name: "StepFunctionsCompiler", dependencies: ["StepFunctionsModel", "JSONata", "YAML"],
            swiftSettings: sharedSettings),
        // Pictures of a definition and of a run on it (Mermaid, DOT, HTML with inline SVG): a backend.
        .target(
            name: "WorkflowPictures",
            dependencies: ["StepFunctionsModel", "StepFunctionsCompiler", "GraphLayout", "JSONCore"],
            swiftSettings: sharedSettings),
        // The DSL users import: a frontend producing the model.
        .target(
            name: "StepFunctions", dependencies: ["StepFunctionsModel", "StepFunctionsCompiler", "WorkflowPictures"],
            swiftSettings: sharedSettings),
        // Runs a model in-process with AWS's semantics.
        .target(
            name: "StepFunctionsSimulator",
            dependencies: ["StepFunctionsModel", "StepFunctionsCompiler", "JSONata"],
            swiftSettings: sharedSettings),
        // The Step Functions API, served over HTTP (`sfn serve`), with executions run by the simulator.
        .target(
            name: "StepFunctionsServer",
            dependencies: [
                "JSONCore", "HTTPServer", "Journal", "StepFunctionsModel", "StepFunctionsCompiler",
                "StepFunctionsSimulator",
            ],
            swiftSettings: sharedSettings),
        // Golden-file support, and the simulator typed to a workflow (`WorkflowSimulator`).
        .target(
            name: "StepFunctionsTesting", dependencies: ["StepFunctions", "StepFunctionsSimulator"],
            swiftSettings: sharedSettings),
        // `WorkflowTool`: compile/validate a package's workflows from the command line.
        .target(name: "StepFunctionsWorkflowTool", dependencies: ["StepFunctions"], swiftSettings: sharedSettings),
        // Runs recorded test cases (definition, input, mocks, expected result and history) and compares.
        .target(
            name: "StepFunctionsConformance",
            dependencies: ["StepFunctionsModel", "StepFunctionsCompiler", "StepFunctionsSimulator"],
            swiftSettings: sharedSettings),
        // The `sfn` commands, as a library so that tests run them in-process.
        .target(
            name: "SFNCLI",
            dependencies: [
                "StepFunctionsCompiler", "StepFunctionsSimulator", "StepFunctionsConformance", "StepFunctionsServer",
                "JSONata", "WorkflowPictures",
            ],
            swiftSettings: sharedSettings),
        // The command-line tool.
        .executableTarget(name: "sfn", dependencies: ["SFNCLI"], swiftSettings: sharedSettings),
        // The project's corpus checks (real-world corpus, conformance definitions, jsonata-js's suite).
        .executableTarget(
            name: "CorpusChecks", dependencies: ["SFNCLI", "StepFunctionsCompiler", "JSONata", "WorkflowPictures"],
            swiftSettings: sharedSettings),
        // Generates the DSL's simple modifiers from ASLSchema (Scripts/generate-dsl.sh).
        .executableTarget(name: "GenerateDSL", dependencies: ["StepFunctionsModel"], swiftSettings: sharedSettings),
        // Benchmarks (run with `swift run -c release StepFunctionsBenchmarks`), including HTTP load
        // generation (`http`) and sfn serve against moto (`serve`).
        .executableTarget(
            name: "StepFunctionsBenchmarks",
            dependencies: [
                "StepFunctions", "StepFunctionsCompiler", "StepFunctionsSimulator", "StepFunctionsConformance",
                "JSONata", "Journal", "HTTPServer", "StepFunctionsServer", "SFNCLI",
            ],
            swiftSettings: sharedSettings),

        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata"], swiftSettings: sharedSettings),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "JSONCore"], swiftSettings: sharedSettings),
        // Raw-socket clients and helpers shared by the tests that talk to servers over sockets.
        .target(
            name: "HTTPTestSupport", dependencies: ["HTTPServer"], path: "Tests/HTTPTestSupport",
            swiftSettings: sharedSettings),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport"], swiftSettings: sharedSettings),
        // Appends numbered records and acknowledges each on stdout; JournalTests' crash tests SIGKILL it.
        .executableTarget(
            name: "JournalCrashChild", dependencies: ["Journal"], path: "Tests/JournalCrashChild",
            swiftSettings: sharedSettings),
        .testTarget(
            name: "JournalTests", dependencies: ["Journal", "JournalCrashChild"], swiftSettings: sharedSettings),
        .testTarget(name: "GraphLayoutTests", dependencies: ["GraphLayout"], swiftSettings: sharedSettings),
        .testTarget(
            name: "WorkflowPicturesTests",
            dependencies: ["WorkflowPictures", "StepFunctionsCompiler", "StepFunctionsSimulator", "GraphLayout"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsModelTests", dependencies: ["StepFunctionsModel"], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsCompilerTests", dependencies: ["StepFunctionsCompiler"],
            exclude: ["Goldens", "Templates"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsTests",
            dependencies: [
                "StepFunctions", "StepFunctionsCompiler", "StepFunctionsTesting", "StepFunctionsWorkflowTool",
                "StepFunctionsSimulator",
            ],
            exclude: ["Goldens", "Import/Fixtures"], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsSimulatorTests",
            dependencies: ["StepFunctionsSimulator", "StepFunctionsCompiler", "StepFunctions"],
            // The TestState calls recorded on AWS (Scripts/generate-teststate-fixture.py).
            resources: [.copy("Fixtures")], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsConformanceTests", dependencies: ["StepFunctionsConformance"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsWorkflowToolTests", dependencies: ["StepFunctionsWorkflowTool"],
            swiftSettings: sharedSettings),
        .testTarget(name: "SFNCLITests", dependencies: ["SFNCLI"], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsServerTests",
            dependencies: [
                "StepFunctionsServer", "StepFunctionsSimulator", "JSONCore", "HTTPServer", "HTTPTestSupport",
            ],
            swiftSettings: sharedSettings),
    ] + samples + fuzzTargets,
    swiftLanguageModes: [.v6]
)
