/// The specs rule examples start from. `gluon` is DESIGN §2's example exactly
/// (also `specs/gluon-closure.yaml`; a test keeps the two equal); `classifier`
/// is a small CSV classifier with its data inline.
public enum BaseSpecs {
    public static let gluon = """
        nnc: 1                          # spec format version (required)
        name: gluon-closure             # names the plan, the run folder, the checkpoint

        inputs: [x]                     # named input features (or a count: `inputs: 3`)
        outputs: [xg]                   # named targets (or a count)

        network:
          init: glorot_normal           # default for every dense layer
          layers:
            - dense: 25
              activation: tanh
            - dense: 20
              activation: tanh
              dropout: 0.1              # dropout on this layer's output, training only
            - dense: 1
              activation: linear
              name: out                 # optional; default names dense_0, dense_1, ...

        data:
          generate:                     # pseudo-data from a known truth (closure test)
            truth: "x^-0.1 * (1 - x)^5"
            x: {logspace: [1.0e-3, 1.0], points: 200}   # or linspace / uniform
            noise: {relative: 0.05}
            seed: 7
          # or:  train: {csv: data/train.csv}   columns chosen by the names in inputs/outputs
          validation: {fraction: 0.25, seed: 1} # or {csv: data/val.csv}

        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full              # or a number
          epochs: 20000
          stopping: {patience: 2000, restore_best: true}   # look-back on validation loss
          seed: 42

        """

    public static let classifier = """
        nnc: 1
        name: iris-like
        inputs: [a, b]
        outputs: [p, q, r]
        network:
          layers:
            - {dense: 8, activation: relu, init: he_normal}
            - {dense: 3, activation: softmax}
        data:
          train: {csv: train.csv}
          validation: {csv: val.csv}
        training:
          loss: categorical_crossentropy
          optimizer: adam
          batch_size: 4
          epochs: 100

        """

    public static let classifierFiles: [String: String] = [
        "train.csv": "a,b,p,q,r\n" + (0..<12).map { "\(Double($0) / 10),\(Double(12 - $0) / 10),\($0 % 3 == 0 ? 1 : 0),\($0 % 3 == 1 ? 1 : 0),\($0 % 3 == 2 ? 1 : 0)" }.joined(separator: "\n") + "\n",
        "val.csv": "a,b,p,q,r\n0.15,0.95,1,0,0\n0.55,0.45,0,1,0\n0.95,0.05,0,0,1\n",
    ]
}
