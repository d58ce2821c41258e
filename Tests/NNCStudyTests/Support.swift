import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec
import NNCStudy
import Testing

/// A spec decoded and checked from text, as if read from a fresh folder.
func studySpec(_ text: String) throws -> Spec {
    let folder = NSTemporaryDirectory() + "nnc-study-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let result = Frontend.compile(text: text, path: folder + "/spec.yaml", sources: SourceManager())
    #expect(!result.hasErrors, "\(result.diagnostics.map(\.message))")
    return try #require(result.spec)
}

/// A tiny closure fit with a search over width, activation and learning rate.
func tinySearch(name: String = "tiny", trials: Int = 6, epochs: Int = 20, sampler: String = "random", extra: String = "") -> String {
    """
    nnc: 1
    name: \(name)
    inputs: [x]
    outputs: [y]
    network:
      layers:
        - {dense: 8, activation: tanh}
        - {dense: 1, activation: linear}
    data:
      generate:
        truth: "x^-0.1 * (1 - x)^5"
        x: {logspace: [1.0e-3, 1.0], points: 64}
        noise: {relative: 0.05}
        seed: 7
      validation: {fraction: 0.25, seed: 1}
    training:
      loss: mse
      optimizer: {adam: {learning_rate: 1.0e-3}}
      batch_size: full
      epochs: \(epochs)
      seed: 42
    hyperopt:
      trials: \(trials)
      sampler: \(sampler)
      seed: 3
    \(extra)  space:
        network.layers[0].dense: {int: [2, 12]}
        network.layers[:-1].activation: {choice: [tanh, sigmoid]}
        training.optimizer.*.learning_rate: {log_uniform: [1.0e-3, 1.0e-1]}

    """
}

/// A new SQLite file in a fresh folder.
func temporarySQLite() -> StoreLocation {
    .sqlite(path: NSTemporaryDirectory() + "nnc-store-\(UUID().uuidString)/study.sqlite")
}

/// The PostgreSQL server of Tests/run (NNC_TEST_POSTGRES_URL), with a new
/// database for the caller; nil (and a visible skip) when there is none,
/// a failure when NNC_REQUIRE_TOOLS=1.
func temporaryPostgres() throws -> StoreLocation? {
    let env = ProcessInfo.processInfo.environment
    guard let url = env["NNC_TEST_POSTGRES_URL"] else {
        if env["NNC_REQUIRE_TOOLS"] == "1" {
            Issue.record("NNC_TEST_POSTGRES_URL is not set but NNC_REQUIRE_TOOLS=1: Tests/run starts PostgreSQL")
        } else {
            print("skipped: no PostgreSQL (set NNC_TEST_POSTGRES_URL, as Tests/run does)")
        }
        return nil
    }
    return try StoreLocation(url: url).newPostgresDatabase(prefix: "nnc_test_")
}
