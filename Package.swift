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
                dependencies: [.target(name: name + "Sample"), "StepFunctions", "StepFunctionsSimulator"],
                path: "Samples/\(name)/Tests", swiftSettings: sharedSettings),
        ]
    } + [
        .executableTarget(
            name: "samples",
            dependencies: ["StepFunctions", "StepFunctionsSimulator"] + sampleNames.map { .target(name: $0 + "Sample") },
            path: "Samples/samples", swiftSettings: sharedSettings)
    ]

let package = Package(
    name: "swift-step-functions",
    // `Duration` and the Swift Concurrency clock APIs need macOS 13; Linux has no minimum.
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StepFunctions", targets: ["StepFunctions"]),
        .library(name: "StepFunctionsSimulator", targets: ["StepFunctionsSimulator"]),
        .library(name: "StepFunctionsCompiler", targets: ["StepFunctionsCompiler"]),
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
        // ASL as plain data.
        .target(name: "StepFunctionsModel", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        // ASL JSON <-> model, validation, renderers.
        .target(
            name: "StepFunctionsCompiler", dependencies: ["StepFunctionsModel", "JSONata"],
            swiftSettings: sharedSettings),
        // The DSL users import.
        .target(
            name: "StepFunctions", dependencies: ["StepFunctionsModel", "StepFunctionsCompiler"],
            swiftSettings: sharedSettings),
        // Runs a model in-process with AWS's semantics.
        .target(
            name: "StepFunctionsSimulator",
            dependencies: ["StepFunctionsModel", "StepFunctionsCompiler", "JSONata"],
            swiftSettings: sharedSettings),
        // The command-line tool.
        .executableTarget(
            name: "sfn",
            dependencies: ["StepFunctionsCompiler", "StepFunctionsSimulator", "JSONata"],
            swiftSettings: sharedSettings),
        // Benchmarks (run with `swift run -c release StepFunctionsBenchmarks`).
        .executableTarget(
            name: "StepFunctionsBenchmarks",
            dependencies: ["StepFunctions", "StepFunctionsCompiler", "StepFunctionsSimulator", "JSONata"],
            swiftSettings: sharedSettings),

        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"], swiftSettings: sharedSettings),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata"], swiftSettings: sharedSettings),
        .testTarget(name: "StepFunctionsModelTests", dependencies: ["StepFunctionsModel"], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsCompilerTests", dependencies: ["StepFunctionsCompiler"], exclude: ["Goldens"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsTests", dependencies: ["StepFunctions", "StepFunctionsCompiler"],
            exclude: ["Goldens"], swiftSettings: sharedSettings),
        .testTarget(
            name: "StepFunctionsSimulatorTests",
            dependencies: ["StepFunctionsSimulator", "StepFunctionsCompiler", "StepFunctions"],
            swiftSettings: sharedSettings),
    ] + samples,
    swiftLanguageModes: [.v6]
)
