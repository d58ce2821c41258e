/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0301: layer width out of range.
    public static let layerWidthRange: DiagnosticCode = "E0301"
    /// E0302: learning rate not positive.
    public static let learningRateNotPositive: DiagnosticCode = "E0302"
    /// E0303: dropout out of range.
    public static let dropoutRange: DiagnosticCode = "E0303"
    /// E0304: negative l2.
    public static let negativeL2: DiagnosticCode = "E0304"
    /// E0305: epochs out of range.
    public static let epochsRange: DiagnosticCode = "E0305"
    /// E0306: batch size out of range.
    public static let batchSizeRange: DiagnosticCode = "E0306"
    /// E0307: stopping parameter out of range.
    public static let stoppingRange: DiagnosticCode = "E0307"
    /// E0308: replicas out of range.
    public static let replicasRange: DiagnosticCode = "E0308"
    /// E0309: sampling points out of range.
    public static let samplingPointsRange: DiagnosticCode = "E0309"
    /// E0310: sampling range out of order.
    public static let samplingRangeOrder: DiagnosticCode = "E0310"
    /// E0311: negative noise.
    public static let negativeNoise: DiagnosticCode = "E0311"
    /// E0312: validation fraction out of range.
    public static let validationFractionRange: DiagnosticCode = "E0312"
    /// E0313: optimizer parameter out of range.
    public static let optimizerParameterRange: DiagnosticCode = "E0313"
    /// E0314: parameter out of range.
    public static let wordParameterRange: DiagnosticCode = "E0314"
    /// E0401: outputs do not match the last layer.
    public static let outputWidthMismatch: DiagnosticCode = "E0401"
    /// E0402: softmax on a hidden layer.
    public static let softmaxHidden: DiagnosticCode = "E0402"
    /// E0403: softmax without categorical cross-entropy.
    public static let softmaxWithoutCategorical: DiagnosticCode = "E0403"
    /// E0404: categorical cross-entropy without softmax.
    public static let categoricalWithoutSoftmax: DiagnosticCode = "E0404"
    /// E0405: classification with one output.
    public static let singleClass: DiagnosticCode = "E0405"
    /// E0406: binary cross-entropy without sigmoid.
    public static let binaryWithoutSigmoid: DiagnosticCode = "E0406"
    /// E0407: stopping without validation.
    public static let stoppingWithoutValidation: DiagnosticCode = "E0407"
    /// E0408: chi2 without uncertainties.
    public static let chi2WithoutUncertainties: DiagnosticCode = "E0408"
    /// E0409: sampling of a name that is not an input.
    public static let samplingNotInput: DiagnosticCode = "E0409"
    /// E0410: input without sampling.
    public static let inputWithoutSampling: DiagnosticCode = "E0410"
    /// E0411: duplicate layer name.
    public static let duplicateLayerName: DiagnosticCode = "E0411"
    /// E0412: covariance loss with mini-batches.
    public static let covarianceMiniBatch: DiagnosticCode = "E0412"
}

/// Codes of the checker (NNCCheck): E03xx values out of range, E04xx rules
/// that relate several fields. Each rule's file in Sources/NNCCheck/Errors/
/// holds its triggering and non-triggering examples.
extension Catalogue {
    static let checkCodes: [CodeInfo] = [
        CodeInfo(.layerWidthRange, "layer width out of range", """
            A dense layer's width (`dense: N`) must be a whole number from 1 to 100,000.
            Zero units compute nothing; widths in the hundreds of thousands are typos
            long before they are networks that fit in memory.

            Example:

                - dense: 0

            Fix: give the number of units you mean, such as `dense: 25`.
            """),
        CodeInfo(.learningRateNotPositive, "learning rate not positive", """
            The optimizer's `learning_rate` must be above 0. A zero rate never moves the
            weights; a negative one climbs the loss instead of descending it.

            Example:

                optimizer: {adam: {learning_rate: -1.0e-3}}

            Fix: a positive rate. Typical values are 1e-4 to 1e-2 for adam and adamw,
            1e-3 to 1e-1 for sgd.
            """),
        CodeInfo(.dropoutRange, "dropout out of range", """
            A layer's `dropout` is the probability of zeroing each of its outputs during
            training, so it lies in [0, 1). At 1 every unit is dropped (and inverted
            dropout would divide by zero).

            Example:

                dropout: 1.5

            Fix: a rate such as 0.1 to 0.5, or 0 (the default) for none.
            """),
        CodeInfo(.negativeL2, "negative l2", """
            A layer's `l2` coefficient adds l2 * sum(w^2) to the loss. A negative value
            rewards large weights and makes the fit diverge.

            Example:

                l2: -1.0e-4

            Fix: 0 (the default) for none, or a small positive value such as 1e-4.
            """),
        CodeInfo(.epochsRange, "epochs out of range", """
            `training.epochs` is the number of passes over the training data: at least
            1 and at most 100,000,000.

            Example:

                epochs: 0

            Fix: a positive count. For long runs, add early stopping
            (`stopping: {patience: N}`) to end when the validation loss stops improving.
            """),
        CodeInfo(.batchSizeRange, "batch size out of range", """
            `batch_size` is `full` (every training point at each step) or a positive
            integer not above the number of training points. The count is known for
            generated data (the points of the grid, less the validation share) and for
            CSV data (its data rows).

            Example:

                data:
                  generate: {truth: "sin(x)", x: {linspace: [0, 1], points: 100}}
                  validation: {fraction: 0.2}
                training:
                  batch_size: 100       # only 80 training points

            Fix: a smaller batch, or `batch_size: full`.
            """),
        CodeInfo(.stoppingRange, "stopping parameter out of range", """
            Early stopping's `patience` (epochs without improvement before stopping)
            must be at least 1, and `min_delta` (the smallest decrease of the validation
            loss that counts as improvement) must not be negative.

            Example:

                stopping: {patience: 0}

            Fix: `stopping: {patience: 100}`; `min_delta` defaults to 0 (which
            weights are written is `training.keep`, `best` by default).
            """),
        CodeInfo(.replicasRange, "replicas out of range", """
            `training.replicas` is the number of independent fits (each with its own
            seed and its own fluctuation of the data), from 1 to 1024.

            Example:

                replicas: 0

            Fix: 1 (the default) for a plain fit, or the number of replicas you want.
            """),
        CodeInfo(.samplingPointsRange, "sampling points out of range", """
            Each input under `data.generate` is sampled at `points` values: at least 2,
            and the grid of all inputs (the product of their counts) at most 10,000,000.

            Example:

                x: {linspace: [0, 1], points: 1}

            Fix: more points, such as `points: 100`; with several inputs keep the
            product of the counts reasonable.
            """),
        CodeInfo(.samplingRangeOrder, "sampling range out of order", """
            A sampling range is `[low, high]` with low < high; `logspace` spaces points
            evenly in log(x), so its low bound must also be above 0.

            Examples:

                x: {linspace: [1, 0], points: 50}
                x: {logspace: [0, 1], points: 50}

            Fix: write the smaller bound first; for logspace start above 0
            (`[1.0e-3, 1]`), or use linspace for a range through 0.
            """),
        CodeInfo(.negativeNoise, "negative noise", """
            The noise scale of generated data is a standard deviation (relative:
            sigma = s * |truth|; absolute: sigma = s), so it is not negative.

            Example:

                noise: {relative: -0.05}

            Fix: a positive scale, or 0 (or no `noise`) for exact values.
            """),
        CodeInfo(.validationFractionRange, "validation fraction out of range", """
            `validation: {fraction: f}` holds out round(f * points) of the training
            points. The fraction lies strictly between 0 and 1, and must leave at least
            one point for validation and one for training.

            Example:

                validation: {fraction: 1.0}

            Fix: a fraction such as 0.2, or remove `validation` to train without one.
            """),
        CodeInfo(.optimizerParameterRange, "optimizer parameter out of range", """
            An optimizer parameter is outside its range: `momentum` (sgd), `beta1`,
            `beta2` (adam, adamw) and `alpha` (rmsprop's decay) lie in [0, 1);
            `epsilon` and `clipnorm` are above 0; `weight_decay` (adamw) is not negative.

            Example:

                optimizer: {adam: {beta2: 1}}

            Fix: a value in range; the defaults (PyTorch's) are beta1 0.9, beta2 0.999,
            epsilon 1e-8, rmsprop alpha 0.99, adamw weight_decay 0.01.
            """),
        CodeInfo(.wordParameterRange, "parameter out of range", """
            A parameter of an activation, initializer or loss is outside its range:
            leaky_relu's `alpha` is in [0, 1] and elu's is not negative; random_uniform's `limit` and
            random_normal's `stddev` are above 0; huber's `delta` is above 0.

            Example:

                loss: {huber: {delta: 0}}

            Fix: a value in range, or drop the parameter for its default (alpha 0.01
            for leaky_relu and 1.0 for elu, limit and stddev 0.05, delta 1.0).
            """),
        CodeInfo(.outputWidthMismatch, "outputs do not match the last layer", """
            The last layer is the network's prediction, one unit per output, so its
            width must equal the number of outputs.

            Example:

                outputs: [y]
                network:
                  layers:
                    - {dense: 16, activation: tanh}
                    - {dense: 2}

            Fix: make the last layer `dense: 1`, or list every output.
            """),
        CodeInfo(.softmaxHidden, "softmax on a hidden layer", """
            softmax turns a layer into a probability distribution over its units. It is
            an output activation: on a hidden layer it couples every unit to every
            other and squashes the signal.

            Example:

                - {dense: 16, activation: softmax}
                - {dense: 3, activation: softmax}

            Fix: use relu, tanh or gelu on hidden layers.
            """),
        CodeInfo(.softmaxWithoutCategorical, "softmax without categorical cross-entropy", """
            The output layer uses softmax, but the loss is not categorical_crossentropy.
            softmax outputs are class probabilities, and nnc trains them with the
            cross-entropy, fused with the softmax for numerical stability.

            Example:

                - {dense: 3, activation: softmax}
                ...
                loss: mse

            Fix: `loss: categorical_crossentropy`; for regression use a linear output.
            """),
        CodeInfo(.categoricalWithoutSoftmax, "categorical cross-entropy without softmax", """
            categorical_crossentropy is the log of the predicted probability of the
            true class, so the output layer must give probabilities: softmax. Other
            outputs can be negative or not sum to 1, and the loss is NaN or meaningless.

            Example:

                - {dense: 3, activation: relu}
                ...
                loss: categorical_crossentropy

            Fix: `activation: softmax` on the output layer.
            """),
        CodeInfo(.singleClass, "classification with one output", """
            softmax or categorical_crossentropy over a single output: softmax of one
            value is always 1 and the loss is always 0, so nothing is learned.

            Example:

                outputs: [label]
                ... - {dense: 1, activation: softmax}

            Fix: one output per class (`outputs: [cat, dog]`, last layer `dense: 2`), or
            for a yes/no target one sigmoid output with binary_crossentropy.
            """),
        CodeInfo(.binaryWithoutSigmoid, "binary cross-entropy without sigmoid", """
            binary_crossentropy takes log(p) and log(1 - p) of each output, so every
            output must lie in (0, 1). Only a sigmoid output layer guarantees that;
            with another activation the loss is NaN for some inputs.

            Example:

                - {dense: 1, activation: linear}
                ...
                loss: binary_crossentropy

            Fix: `activation: sigmoid` on the output layer.
            """),
        CodeInfo(.stoppingWithoutValidation, "stopping without validation", """
            Early stopping watches the validation loss, but `data` has no validation
            set. (The training loss keeps falling as a network learns the noise, so it
            cannot tell when to stop.)

            Example:

                data:
                  train: {csv: train.csv}
                training:
                  stopping: {patience: 100}

            Fix: add `validation: {fraction: 0.2, seed: 1}` (or `{csv: val.csv}`) under
            `data`, or remove `stopping`.
            """),
        CodeInfo(.chi2WithoutUncertainties, "chi2 without uncertainties", """
            chi2 = sum(((y - f) / sigma)^2) needs the uncertainty sigma of every point.
            With generated data sigma comes from the noise model, so the noise must be
            above 0; with CSV data it comes from a column (`{chi2: {uncertainty: dy}}`)
            or a covariance matrix (`{chi2: {covariance: cov.csv}}`). An uncertainty
            column cannot be used with generated data, which has no columns.

            Example:

                data:
                  train: {csv: train.csv}
                training:
                  loss: chi2

            Fix: `loss: {chi2: {uncertainty: dy}}` naming the column that holds the
            uncertainties; for generated data, `noise: {relative: 0.05}` and `loss: chi2`.
            """),
        CodeInfo(.samplingNotInput, "sampling of a name that is not an input", """
            A key under `data.generate` (other than truth, noise and seed) samples the
            input of that name, but no input has that name.

            Example:

                inputs: [x]
                data:
                  generate:
                    truth: "sin(x)"
                    t: {linspace: [0, 1], points: 50}

            Fix: rename the key to the input (`x:`), or add the input.
            """),
        CodeInfo(.inputWithoutSampling, "input without sampling", """
            Generated data needs a value of every raw input at every point, but an input
            has no sampling under `data.generate`. Raw inputs are the plain names in
            `inputs` and the names that derived inputs (such as `log(t)`) read.

            Example:

                inputs: [x, z]
                data:
                  generate:
                    truth: "x * z"
                    x: {linspace: [0, 1], points: 50}

            Fix: add a sampling for each input, `z: {linspace: [0, 1], points: 50}`.
            With several inputs the points are the grid of all samplings.
            """),
        CodeInfo(.duplicateLayerName, "duplicate layer name", """
            Two layers have the same name. A layer's name names its tensors in the
            weights file (`<name>.weight`, `<name>.bias`), so the two would overwrite
            each other. Layers without a `name` are called dense_0, dense_1, ... by
            position, so a written name can clash with a default one.

            Example:

                - {dense: 8, name: hidden}
                - {dense: 1, name: hidden}

            Fix: give each layer its own name.
            """),
        CodeInfo(.covarianceMiniBatch, "covariance loss with mini-batches", """
            The loss is chi2 with a full covariance matrix, `{chi2: {covariance:
            FILE}}`, and `batch_size` is a number smaller than the training set.
            chi2 with a covariance, rᵀC⁻¹r/N, couples every pair of points: the
            loss of part of the points is not a part of the whole, so the trainer
            computes it only on one batch of every training point.

            Example:

                training:
                  loss: {chi2: {covariance: cov.csv}}
                  batch_size: 32

            Fix: write `batch_size: full`. For large data sets where a full batch
            is too slow, fit with per-point uncertainties instead,
            `{chi2: {uncertainty: COLUMN}}`, which allows mini-batches.
            """),
    ]
}
