import Foundation

/// The benchmark workloads built into nnc, so that `nnc bench tiny` runs from
/// any folder: the spec texts of `bench/specs/` (the readable copies; a test
/// checks they are identical to these), and for `wide` its data file, written
/// with a temporary spec when the workload is loaded.
enum BenchWorkload: String, CaseIterable {
    case tiny, replicas, wide

    /// The spec, exactly as in `bench/specs/<name>.yaml`.
    var specText: String {
        switch self {
        case .tiny: return Self.tinyText
        case .replicas: return Self.replicasText
        case .wide: return Self.wideText
        }
    }

    /// Data files the spec names, relative to its folder, with their contents.
    /// `wide` reads a CSV of 128 rows of 784 inputs and 10 one-hot labels; the
    /// bench fills its buffers with seeded random values itself, so the file
    /// only needs the right columns and rows (bench/specs/data holds the one
    /// `bench/tools/make_wide_csv.py` made, for training on it).
    var dataFiles: [(path: String, contents: String)] {
        switch self {
        case .tiny, .replicas: return []
        case .wide:
            let header = (0..<784).map { "x\($0)" } + (0..<10).map { "y\($0)" }
            var lines = [header.joined(separator: ",")]
            let zeros = [String](repeating: "0", count: 784).joined(separator: ",")
            for row in 0..<128 {
                let label = (0..<10).map { $0 == row % 10 ? "1" : "0" }.joined(separator: ",")
                lines.append(zeros + "," + label)
            }
            return [("data/wide-128.csv", lines.joined(separator: "\n") + "\n")]
        }
    }

    /// Writes the spec and its data files into a temporary folder, calls body
    /// with the spec's path (the front end and lowering read the files), and
    /// removes the folder again.
    func withSpecFile<T>(_ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnc-bench-\(rawValue)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("\(rawValue).yaml")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try specText.write(to: spec, atomically: true, encoding: .utf8)
            for file in dataFiles {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            throw CLI.ioFailure("cannot write the \(rawValue) workload to \(folder.path): \(error.localizedDescription)")
        }
        return try body(spec.path)
    }

    static let tinyText = """
        nnc: 1
        name: bench-tiny
        # The `tiny` workload of ../shared/bench (peers.py): a 1-25-25-1 tanh network on
        # 256 log-spaced points, MSE, Adam 1e-3, full batch. `nnc bench tiny` times its
        # training steps.
        inputs: [x]
        outputs: [y]

        network:
          init: glorot_normal
          layers:
            - {dense: 25, activation: tanh}
            - {dense: 25, activation: tanh}
            - {dense: 1, activation: linear}

        data:
          generate:
            truth: "x^-0.1 * (1 - x)^5"
            x: {logspace: [1.0e-3, 1.0], points: 256}

        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full
          epochs: 1000
          seed: 1

        """

    static let replicasText = """
        nnc: 1
        name: bench-replicas
        # The `tiny` ×100 workload of ../shared/bench (peers.py jaxvmap): 100 independent
        # replicas of the tiny fit, each on its own 5% Gaussian fluctuation of the data,
        # trained together on all cores. `nnc bench replicas` reports µs per replica-step.
        inputs: [x]
        outputs: [y]

        network:
          init: glorot_normal
          layers:
            - {dense: 25, activation: tanh}
            - {dense: 25, activation: tanh}
            - {dense: 1, activation: linear}

        data:
          generate:
            truth: "x^-0.1 * (1 - x)^5"
            x: {logspace: [1.0e-3, 1.0], points: 256}
            noise: {relative: 0.05}
            seed: 7

        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full
          epochs: 1000
          replicas: 100
          seed: 1

        """

    static let wideText = """
        nnc: 1
        name: bench-wide
        # The `wide` workload of ../shared/bench (peers.py): a 784-512-512-10 relu
        # network with a softmax output, categorical cross-entropy, Adam 1e-3, batch
        # 128. The CSV holds 128 random inputs with one-hot labels (made by
        # bench/tools/make_wide_csv.py); `nnc bench wide` times training steps on it.
        inputs: 784
        outputs: 10

        network:
          init: glorot_normal
          layers:
            - {dense: 512, activation: relu}
            - {dense: 512, activation: relu}
            - {dense: 10, activation: softmax}

        data:
          train: {csv: data/wide-128.csv}

        training:
          loss: categorical_crossentropy
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: 128
          epochs: 100
          seed: 1

        """
}
