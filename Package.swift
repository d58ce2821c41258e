// swift-tools-version:6.0
import PackageDescription

// The numeric kernels are C (target NNCKernels), compiled in one variant per
// instruction set: baseline x86-64 (SSE2), AVX2 + FMA and AVX-512, each
// variant's functions carrying their own target attribute; the runtime reads
// the CPU's features once and calls the best variant (docs/plan.md, "Kernel
// variants"). Everything else compiles for the architecture's baseline, so the
// binary runs on any x86-64 CPU and needs no build setting for speed.
// The kernels are optimised in debug builds too (the tests run them), and
// a·b + c is never contracted behind the code's back: each variant says where
// it fuses.
let kernelFlags: [CSetting] = [.unsafeFlags(["-O2", "-ffp-contract=off"])]
// The runtime's hot loops index raw arena pointers whose bounds lowering proved;
// only there are the remaining checks dropped in release builds.
let runtime: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "nnc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnc", targets: ["nnc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "NNCDiagnostics"),
        .target(name: "NNCSyntax", dependencies: ["CYAML", "NNCDiagnostics"]),
        .target(name: "NNCFiles", dependencies: ["NNCDiagnostics"]),
        .target(name: "NNCVocabulary"),
        .target(name: "NNCSpec", dependencies: ["NNCVocabulary", "NNCSyntax", "NNCDiagnostics", "NNCFiles"]),
        .target(name: "NNCCheck", dependencies: ["NNCSpec"]),
        .target(name: "NNCPlan", dependencies: ["NNCVocabulary"]),
        .target(name: "NNCLowering", dependencies: ["NNCSpec", "NNCPlan", "NNCDiagnostics"]),
        .target(name: "NNCKernels", cSettings: kernelFlags),
        .target(name: "NNCRuntime", dependencies: ["NNCPlan", "NNCKernels"], swiftSettings: runtime),
        .target(name: "NNCTrain", dependencies: ["NNCRuntime", "NNCSpec", "NNCLowering"]),
        .target(name: "NNCLint", dependencies: ["NNCCheck"]),
        .target(
            name: "NNCStudy",
            dependencies: [
                "NNCTrain", "NNCLowering", "NNCCheck", "NNCReport", "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "NNCReport", dependencies: ["NNCTrain", "NNCLowering", "NNCPlan", "NNCSpec"]),
        .target(name: "NNCExport", dependencies: ["NNCTrain", "NNCLowering", "NNCSpec"]),
        .executableTarget(
            name: "nnc",
            dependencies: [
                "NNCLint", "NNCPlan", "NNCLowering", "NNCTrain", "NNCReport", "NNCExport", "NNCStudy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NNCDiagnosticsTests", dependencies: ["NNCDiagnostics"]),
        .testTarget(name: "NNCSyntaxTests", dependencies: ["NNCSyntax"]),
        .testTarget(name: "NNCFilesTests", dependencies: ["NNCFiles"], exclude: ["Fixtures"]),
        .testTarget(name: "NNCSpecTests", dependencies: ["NNCSpec"]),
        .testTarget(name: "NNCCheckTests", dependencies: ["NNCCheck"]),
        .testTarget(name: "NNCPlanTests", dependencies: ["NNCPlan", "NNCLowering", "NNCCheck"], exclude: ["Golden"]),
        .testTarget(name: "NNCRuntimeTests", dependencies: ["NNCRuntime", "NNCLowering", "NNCFiles"]),
        .testTarget(name: "NNCTrainTests", dependencies: ["NNCTrain", "NNCCheck"], exclude: ["PhysicsStep"]),
        .testTarget(name: "NNCLintTests", dependencies: ["NNCLint"]),
        .testTarget(name: "NNCReportTests", dependencies: ["NNCReport"]),
        .testTarget(name: "NNCExportTests", dependencies: ["NNCExport", "NNCSpec", "NNCTrain"]),
        .testTarget(name: "NNCStudyTests", dependencies: ["NNCStudy"]),
        .testTarget(name: "CLITests", dependencies: ["nnc", "NNCStudy"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v5]
)

// The libFuzzer target over the front end and the data readers (docs/fuzzing.md)
// links libFuzzer's main, so it exists only when asked for: Tests/Fuzz/run builds
// it with NNC_FUZZ=1 and -sanitize=fuzzer,address in .build-fuzz. `swift build`
// and `swift test` never see it.
if Context.environment["NNC_FUZZ"] == "1" {
    package.products.append(.executable(name: "nnc-fuzz", targets: ["nnc-fuzz"]))
    package.targets.append(
        .executableTarget(name: "nnc-fuzz", dependencies: ["NNCCheck", "NNCFiles"], path: "Tests/Fuzz", exclude: ["run"]))
}
