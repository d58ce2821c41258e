/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// W0101: deep stack of saturating activations.
    public static let deepSaturatingStack: DiagnosticCode = "W0101"
    /// W0102: He initialisation on a sigmoid or tanh layer.
    public static let heInitSaturating: DiagnosticCode = "W0102"
    /// W0103: Glorot initialisation in a deep ReLU stack.
    public static let glorotDeepReLU: DiagnosticCode = "W0103"
    /// W0104: zeros initialisation of a hidden layer.
    public static let zerosHiddenInit: DiagnosticCode = "W0104"
    /// W0105: selu without lecun_normal.
    public static let seluWithoutLecun: DiagnosticCode = "W0105"
    /// W0201: bounded output activation with a regression loss.
    public static let boundedOutputRegression: DiagnosticCode = "W0201"
    /// W0202: dropout on the output layer.
    public static let outputDropout: DiagnosticCode = "W0202"
    /// W0301: learning rate outside its optimiser's sensible range.
    public static let learningRateUnusual: DiagnosticCode = "W0301"
    /// W0302: epoch count outside any sensible range.
    public static let epochsUnusual: DiagnosticCode = "W0302"
    /// W0303: mini-batch of more than half the training set.
    public static let largeBatch: DiagnosticCode = "W0303"
    /// W0401: many more parameters than training values, with no regularisation.
    public static let overparameterised: DiagnosticCode = "W0401"
    /// W0901: suppression without a reason.
    public static let suppressionWithoutReason: DiagnosticCode = "W0901"
    /// W0902: suppression names an unknown code.
    public static let suppressionUnknownCode: DiagnosticCode = "W0902"
    /// W0903: suppression that suppresses nothing.
    public static let suppressionUnused: DiagnosticCode = "W0903"
    /// W0904: code that cannot be suppressed.
    public static let suppressionNotAllowed: DiagnosticCode = "W0904"
    /// W0905: malformed suppression comment.
    public static let suppressionMalformed: DiagnosticCode = "W0905"
    /// E0901: malformed lint configuration.
    public static let lintConfigurationMalformed: DiagnosticCode = "E0901"
    /// E0902: unknown code in the lint configuration.
    public static let lintConfigurationUnknownCode: DiagnosticCode = "E0902"
    /// E0903: lint configuration changes an error.
    public static let lintConfigurationChangesError: DiagnosticCode = "E0903"
}

// The codes of nnc lint: W01xx-W04xx are the warning rules of NNCCheck/Warnings
// (one file per rule, with its examples), W09xx and E09xx are lint's own
// findings about suppression comments and `.nnc-lint.yaml`.
extension Catalogue {
    static let lintCodes: [CodeInfo] = [
        CodeInfo(
            .deepSaturatingStack, "deep stack of saturating activations",
            """
            Many hidden layers use sigmoid or tanh. Back-propagation multiplies the gradient by \
            the activation's slope once per layer: sigmoid's slope is at most 1/4 and tanh's at \
            most 1, and both fall towards 0 as soon as a unit leaves the origin. Through a deep \
            stack the gradient that reaches the first layers is tiny, so they barely learn (the \
            vanishing-gradient problem; Hochreiter 1991, Glorot & Bengio 2010).

            The rule fires from 4 hidden sigmoid/tanh layers, or from 3 hidden sigmoid layers \
            (three slopes of at most 1/4 already cut the gradient at least 64-fold). One or two \
            tanh layers, as in most physics fits, are fine. The output layer is not counted.

            Example that triggers it:

                layers:
                  - {dense: 16, activation: tanh}
                  - {dense: 16, activation: tanh}
                  - {dense: 16, activation: tanh}
                  - {dense: 16, activation: tanh}
                  - {dense: 1}

            Fix: use fewer saturating layers (two tanh layers fit most smooth functions), or a \
            non-saturating activation (relu, gelu, swish, elu) with he_normal for deep stacks.
            """),
        CodeInfo(
            .heInitSaturating, "He initialisation on a sigmoid or tanh layer",
            """
            A sigmoid or tanh layer is initialised with he_normal or he_uniform. He et al. (2015) \
            derive the weight variance 2/fan_in for relu, which zeroes half of its inputs: the \
            factor 2 makes up for the lost half. sigmoid and tanh zero nothing, so with He \
            weights their pre-activations start about 1.4 times wider than intended and more \
            units sit in the flat tails; for tanh, weight variance 2/fan_in lies on the chaotic \
            side of the order-to-chaos transition (Poole et al. 2016), where gradients grow with \
            depth. In a shallow network the harm is small, but the choice is a mismatch.

            Example that triggers it:

                network:
                  init: he_normal
                  layers:
                    - {dense: 16, activation: tanh}
                    - {dense: 1}

            Fix: use glorot_uniform or glorot_normal (variance 2/(fan_in + fan_out)) or \
            lecun_normal (1/fan_in) for sigmoid and tanh layers; keep he_* for relu-like layers.
            """),
        CodeInfo(
            .glorotDeepReLU, "Glorot initialisation in a deep ReLU stack",
            """
            At least 5 hidden relu (or leaky_relu) layers are initialised with glorot_uniform or \
            glorot_normal. Glorot scaling keeps the signal's variance through an activation of \
            slope 1; relu zeroes half of its inputs, so with Glorot weights the variance halves \
            at every relu layer, going forward and going back (He et al. 2015). After 5 layers \
            the signal has 1/32 of its variance and plain sgd's effective step is as much \
            smaller; He et al. found 30-layer Glorot relu networks did not train at all.

            The threshold is 5 hidden layers: below it the shrinkage (at most 16-fold in \
            variance) is easily absorbed by biases and adaptive optimisers.

            Example that triggers it:

                network:
                  init: glorot_uniform
                  layers: [{dense: 32, activation: relu}, {dense: 32, activation: relu},
                           {dense: 32, activation: relu}, {dense: 32, activation: relu},
                           {dense: 32, activation: relu}, {dense: 1}]

            Fix: use he_normal or he_uniform for relu layers (variance 2/fan_in).
            """),
        CodeInfo(
            .zerosHiddenInit, "zeros initialisation of a hidden layer",
            """
            A hidden layer is initialised with zeros in a way it can never recover from. All its \
            units start identical. If the next layer also starts at zero, each unit of the \
            hidden layer receives exactly the same gradient at every step, so they stay copies \
            of each other for ever: the network has one unit where you wrote many (the symmetry \
            is never broken). If the hidden layer is relu, each unit sits at 0, where relu's \
            slope is 0, so the layer never receives any gradient at all.

            A zero hidden layer with a non-zero slope at 0 (tanh, linear, ...) followed by \
            randomly initialised weights does recover, because the next layer's weights differ \
            per unit, and is not reported; nor is a zero output layer.

            Example that triggers it:

                network:
                  init: zeros
                  layers:
                    - {dense: 16, activation: tanh}
                    - {dense: 1}

            Fix: initialise hidden layers randomly (glorot_uniform, the default, or he_normal \
            for relu); `zeros` is fine for the output layer alone.
            """),
        CodeInfo(
            .seluWithoutLecun, "selu without lecun_normal",
            """
            A selu layer is initialised with something other than lecun_normal. selu's \
            constants (scale 1.0507, alpha 1.6733) are chosen so that activations converge to \
            zero mean and unit variance from layer to layer, and the proof assumes weights of \
            variance 1/fan_in, which is lecun_normal (Klambauer et al. 2017). With other scales \
            the self-normalisation is lost.

            Example that triggers it:

                layers:
                  - {dense: 16, activation: selu, init: he_normal}

            Fix: write init: lecun_normal on selu layers (or on the network).
            """),
        CodeInfo(
            .boundedOutputRegression, "bounded output activation with a regression loss",
            """
            The output layer is sigmoid (values in (0, 1)) or tanh (values in (-1, 1)) and the \
            loss is a regression loss (mse, mae, huber, chi2), but the targets are not known to \
            lie inside that range. A target outside can never be fitted, and a target near the \
            bound asks for an infinite pre-activation where the slope vanishes.

            For generated data, nnc evaluates the truth on the sampling grid (at most 10,000 \
            points, an even grid standing in for `uniform` sampling) and widens it by three \
            standard deviations of the noise; the rule fires only if that range leaves the \
            activation's. For a CSV, the output columns' range is read when the file can be \
            read. When the targets cannot be seen, the rule fires: nothing guarantees they fit.

            Example that triggers it:

                data:
                  generate: {truth: "2 * x + 0.5", x: {linspace: [0, 1], points: 100}}
                network:
                  layers: [{dense: 16, activation: tanh}, {dense: 1, activation: sigmoid}]

            Fix: use activation: linear on the output layer for regression, or rescale the \
            targets into the range. If you know they fit, suppress the warning with a reason.
            """),
        CodeInfo(
            .outputDropout, "dropout on the output layer",
            """
            The output layer has dropout. Dropout zeroes a random part of a layer's output \
            during training (and rescales the rest); on the output layer that output is the \
            prediction, so the loss compares the targets with randomly corrupted predictions. \
            That adds noise to the fit instead of regularising the features.

            Example that triggers it:

                layers:
                  - {dense: 16, activation: tanh}
                  - {dense: 1, dropout: 0.2}

            Fix: remove the dropout from the output layer, and put it on hidden layers.
            """),
        CodeInfo(
            .learningRateUnusual, "learning rate outside its optimiser's sensible range",
            """
            The learning rate is outside the range in which its optimiser ever works:

              adam, adamw, rmsprop   1e-6 to 0.1
              adagrad                1e-5 to 1
              sgd                    1e-5 to 1

            Adaptive optimisers (adam, adamw, rmsprop) move each weight by about the learning \
            rate per step whatever the gradient's scale; above 0.1 a single step is as large \
            as the weights of a typical layer (about 1/sqrt(fan_in)) and the fit thrashes, \
            below 1e-6 ten thousand steps move a weight by at most 0.01. adagrad's steps shrink \
            as it accumulates squared gradients, so larger rates are usual. sgd's step is the \
            rate times the gradient; gradient descent is stable only for rates below \
            2/curvature, and for losses of unit-scale targets rates above 1 diverge. Rates \
            that are not positive are errors reported by the checker, not this warning.

            Example that triggers it:

                optimizer: {adam: {learning_rate: 0.5}}

            Fix: start from the optimiser's default (1e-3 for adam and adamw, 0.01 for sgd, \
            rmsprop and adagrad) and tune by factors of 3.
            """),
        CodeInfo(
            .epochsUnusual, "epoch count outside any sensible range",
            """
            The number of epochs gives too few optimiser steps to fit anything, or so many that \
            the run goes on long after convergence with nothing to stop it.

            Too few: a run takes epochs × (batches per epoch) steps; under 100 steps in all, \
            no optimiser takes a network from its random start to a fit (adam at its default \
            rate moves a weight by at most 0.1 in 100 steps). The rule counts steps, not \
            epochs, so a few epochs over a large data set with small batches are fine.

            Too many: more than 1,000,000 epochs with no early stopping. Such a run spends most \
            of its time after the fit has converged, and with nothing to stop it, fitting the \
            noise. With early stopping a large epoch count is only a cap and is not reported.

            Example that triggers it:

                training: {loss: mse, optimizer: adam, batch_size: full, epochs: 20}

            Fix: train for more steps, or add stopping: {patience: ...} with a validation set.
            """),
        CodeInfo(
            .largeBatch, "mini-batch of more than half the training set",
            """
            batch_size is more than half of the training points (those left after the \
            validation split) but less than all of them. An epoch is then one step on \
            batch_size points and one step on the small remainder (the last, smaller batch is \
            kept): two steps of very different noise, with neither the steady gradient of \
            full-batch training nor the many cheap steps that make mini-batches worth having. \
            (A batch larger than the training set is the error E0306.)

            Example that triggers it (200 points, 50 held out, 150 left, batches of 120 and 30):

                data:
                  generate: {truth: "sin(x)", x: {linspace: [0, 1], points: 200}}
                  validation: {fraction: 0.25}
                training: {batch_size: 120}

            Fix: write batch_size: full, or choose at most half of the training points \
            (ideally a divisor of it, so the batches are equal).
            """),
        CodeInfo(
            .overparameterised, "many more parameters than training values, with no regularisation",
            """
            The network has more than 10 parameters per training target value (training points \
            after the validation split, times the number of outputs), and nothing regularises \
            the fit: no early stopping, no dropout, no l2 and no weight decay. A network with \
            far more free parameters than targets can pass through every training point, noise \
            included, and will do so given the epochs; its predictions between the points then \
            follow the noise.

            Why 10: a network with somewhat more parameters than points is normal and usually \
            fits well, because gradient descent learns smooth functions first (the spectral \
            bias) and the noise last. From about ten parameters per value on, the noise is \
            within reach of an ordinary epoch budget. The finding points at the layer that \
            holds the most parameters.

            Example that triggers it: a 1-64-64-1 network (4,353 parameters) trained on 30 \
            points for 20,000 epochs without stopping.

            Fix: add stopping: {patience: ...} with a validation set (the usual choice), or \
            dropout or l2 on the large layers, or adamw, or use a smaller network.
            """),
        CodeInfo(
            .suppressionWithoutReason, "suppression without a reason",
            """
            A suppression comment (`# nnc: disable ...` or `# nnc: disable-next-line ...`) does \
            not say why the warning is wrong here. Suppressions are reviewed like code: the \
            reason is what the next reader needs to trust it. The suppression still applies.

            Example that triggers it:

                # nnc: disable-next-line W0201
                activation: sigmoid

            Fix: add the reason after two dashes:

                # nnc: disable-next-line W0201 -- targets are scaled into (0, 1)
            """),
        CodeInfo(
            .suppressionUnknownCode, "suppression names an unknown code",
            """
            A suppression comment names a code that nnc does not have (a typo, or a code from \
            another tool). It suppresses nothing.

            Example that triggers it:

                # nnc: disable W3010 -- tuned by hand

            Fix: write the code of the warning as lint prints it (`nnc explain CODE` shows it), \
            or remove the comment.
            """),
        CodeInfo(
            .suppressionUnused, "suppression that suppresses nothing",
            """
            A suppression comment names a warning that does not occur where the comment \
            applies: on the next line (disable-next-line) or in the file (disable). Perhaps \
            the spec changed and the warning went away, or the comment is above the wrong line. \
            A stale suppression would hide the warning if it came back somewhere else.

            disable-next-line applies to the next line that is neither blank nor only a \
            comment, so several suppression comments can be stacked above one line.

            Example that triggers it:

                # nnc: disable-next-line W0301 -- we know
                epochs: 2000

            Fix: remove the comment, or move it above the line the warning points at.
            """),
        CodeInfo(
            .suppressionNotAllowed, "code that cannot be suppressed",
            """
            A suppression comment names an error code (E....) or one of lint's own codes \
            (W09..). Errors cannot be suppressed: the spec is wrong and nnc build would refuse \
            it; fix the spec instead. Lint's findings about suppressions themselves are turned \
            off only in .nnc-lint.yaml, so that a comment cannot hide its own problems.

            Example that triggers it:

                # nnc: disable-next-line E0201 -- experimental activation

            Fix: correct the error, or for W09xx codes set their severity in .nnc-lint.yaml.
            """),
        CodeInfo(
            .suppressionMalformed, "malformed suppression comment",
            """
            A comment starting with `nnc:` looks like a suppression but cannot be read. The \
            forms are:

                # nnc: disable-next-line W0301 -- reason
                # nnc: disable W0301, W0302 -- reason

            `disable-next-line` applies to the next line that is not blank or a comment; \
            `disable` applies to the whole file. Codes are separated by commas, and the reason \
            follows two dashes.

            Fix: correct the directive's spelling or list the codes to suppress.
            """),
        CodeInfo(
            .lintConfigurationMalformed, "malformed lint configuration",
            """
            The lint configuration file `.nnc-lint.yaml` cannot be used: it is not valid YAML, \
            not a mapping, has a key other than `rules`, or gives a rule a setting other than \
            off, note, warning or error. nnc lint stops with exit status 2, because checking \
            with a configuration other than the one written would give misleading results.

            The file sits at the repository root (the nearest folder above the spec that holds \
            .nnc-lint.yaml, searched up to the folder that contains .git):

                rules:
                  W0301: off       # turn the rule off
                  W0401: error     # make it fail the build
                  W0201: note      # report it, never fail

            Fix: correct the file as the diagnostic says.
            """),
        CodeInfo(
            .lintConfigurationUnknownCode, "unknown code in the lint configuration",
            """
            `.nnc-lint.yaml` configures a code that nnc does not have, so the setting would \
            silently do nothing. nnc lint stops with exit status 2.

            Example that triggers it:

                rules:
                  W3010: off

            Fix: use a code that lint prints (W0101 to W0401, W0901 to W0905); `nnc explain \
            CODE` shows each.
            """),
        CodeInfo(
            .lintConfigurationChangesError, "lint configuration changes an error",
            """
            `.nnc-lint.yaml` gives an error code (E....) a setting. Errors are not rules of \
            thumb: a spec with an error cannot be built, so its severity cannot be lowered or \
            turned off. nnc lint stops with exit status 2.

            Example that triggers it:

                rules:
                  E0201: off

            Fix: remove the entry and correct the specs that have the error.
            """),
    ]
}
