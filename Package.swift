// swift-tools-version:6.0
import PackageDescription
import Foundation

// The numeric kernels are written for a CPU with FMA (DESIGN §6): on x86-64 the
// package is compiled for the Haswell feature level (AVX2 + FMA + BMI2:
// every Intel since 2013 and every AMD Zen), so
// `SIMD.addProduct` is one vfmadd instruction instead of a libm call per lane.
// Set NNC_PORTABLE=1 when building to target baseline x86-64 instead (correct
// everywhere, much slower). arm64 always has FMA and needs no flag.
let portable = ProcessInfo.processInfo.environment["NNC_PORTABLE"] == "1"
var cpu: [SwiftSetting] = []
#if arch(x86_64)
if !portable {
    cpu.append(.unsafeFlags(["-target-cpu", "haswell"]))
}
#endif
// The runtime's hot loops index raw arena pointers whose bounds lowering proved;
// only there are the remaining checks dropped in release builds.
let kernels: [SwiftSetting] = cpu + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "nnc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnc", targets: ["nnc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "NNCDiagnostics"),
        .target(name: "NNCSyntax", dependencies: ["CYAML", "NNCDiagnostics"]),
        .target(name: "NNCFiles", dependencies: ["NNCDiagnostics"]),
        .target(name: "NNCVocabulary"),
        .target(name: "NNCSpec", dependencies: ["NNCVocabulary", "NNCSyntax", "NNCDiagnostics", "NNCFiles"]),
        .target(name: "NNCCheck", dependencies: ["NNCSpec"]),
        .target(name: "NNCPlan", dependencies: ["NNCVocabulary"]),
        .target(name: "NNCLowering", dependencies: ["NNCSpec", "NNCPlan", "NNCDiagnostics"]),
        .target(name: "NNCRuntime", dependencies: ["NNCPlan"], swiftSettings: kernels),
        .target(name: "NNCTrain", dependencies: ["NNCRuntime", "NNCSpec", "NNCLowering"], swiftSettings: cpu),
        .target(name: "NNCLint", dependencies: ["NNCCheck"]),
        .target(name: "NNCReport", dependencies: ["NNCTrain", "NNCLowering", "NNCPlan", "NNCSpec"]),
        .target(name: "NNCExport", dependencies: ["NNCTrain", "NNCLowering", "NNCSpec"]),
        .executableTarget(
            name: "nnc",
            dependencies: [
                "NNCLint", "NNCPlan", "NNCLowering", "NNCTrain", "NNCReport", "NNCExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: cpu
        ),
        .testTarget(name: "NNCDiagnosticsTests", dependencies: ["NNCDiagnostics"]),
        .testTarget(name: "NNCSyntaxTests", dependencies: ["NNCSyntax"]),
        .testTarget(name: "NNCFilesTests", dependencies: ["NNCFiles"], exclude: ["Fixtures"]),
        .testTarget(name: "NNCSpecTests", dependencies: ["NNCSpec"]),
        .testTarget(name: "NNCCheckTests", dependencies: ["NNCCheck"]),
        .testTarget(name: "NNCPlanTests", dependencies: ["NNCPlan", "NNCLowering", "NNCCheck"], exclude: ["Golden"]),
        .testTarget(name: "NNCRuntimeTests", dependencies: ["NNCRuntime", "NNCLowering"], swiftSettings: cpu),
        .testTarget(name: "NNCTrainTests", dependencies: ["NNCTrain", "NNCCheck"], exclude: ["PhysicsStep"]),
        .testTarget(name: "NNCLintTests", dependencies: ["NNCLint"]),
        .testTarget(name: "NNCReportTests", dependencies: ["NNCReport"]),
        .testTarget(name: "NNCExportTests", dependencies: ["NNCExport", "NNCSpec", "NNCTrain"]),
        .testTarget(name: "CLITests", dependencies: ["nnc"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v5]
)
