/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0101: missing required key.
    public static let missingKey: DiagnosticCode = "E0101"
    /// E0102: unknown key.
    public static let unknownKey: DiagnosticCode = "E0102"
    /// E0103: wrong type.
    public static let wrongType: DiagnosticCode = "E0103"
    /// E0104: unsupported spec version.
    public static let unsupportedVersion: DiagnosticCode = "E0104"
    /// E0105: missing value.
    public static let missingValue: DiagnosticCode = "E0105"
    /// E0106: cannot read an included file.
    public static let includeUnreadable: DiagnosticCode = "E0106"
    /// E0107: include cycle.
    public static let includeCycle: DiagnosticCode = "E0107"
    /// E0108: duplicate name.
    public static let duplicateName: DiagnosticCode = "E0108"
    /// E0109: invalid name.
    public static let invalidName: DiagnosticCode = "E0109"
    /// E0110: empty or oversized list.
    public static let badCount: DiagnosticCode = "E0110"
    /// E0111: conflicting keys.
    public static let conflictingKeys: DiagnosticCode = "E0111"
    /// E0201: unknown activation.
    public static let unknownActivation: DiagnosticCode = "E0201"
    /// E0202: unknown initializer.
    public static let unknownInitializer: DiagnosticCode = "E0202"
    /// E0203: unknown loss.
    public static let unknownLoss: DiagnosticCode = "E0203"
    /// E0204: unknown optimizer.
    public static let unknownOptimizer: DiagnosticCode = "E0204"
    /// E0205: unknown sampling.
    public static let unknownSampling: DiagnosticCode = "E0205"
    /// E0206: unknown noise.
    public static let unknownNoise: DiagnosticCode = "E0206"
    /// E0207: parameter does not apply.
    public static let inapplicableParameter: DiagnosticCode = "E0207"
    /// E0208: unknown learning-rate schedule.
    public static let unknownSchedule: DiagnosticCode = "E0208"
    /// E0501: expression syntax error.
    public static let expressionSyntax: DiagnosticCode = "E0501"
    /// E0502: unknown name in an expression.
    public static let unknownVariable: DiagnosticCode = "E0502"
    /// E0503: unknown function.
    public static let unknownFunction: DiagnosticCode = "E0503"
    /// E0504: wrong number of arguments.
    public static let wrongArity: DiagnosticCode = "E0504"
    /// E0505: cannot read a data file.
    public static let dataFileUnreadable: DiagnosticCode = "E0505"
    /// E0506: missing column.
    public static let missingColumn: DiagnosticCode = "E0506"
    /// E0507: bad CSV header.
    public static let badHeader: DiagnosticCode = "E0507"
    /// E0508: truth does not match the outputs.
    public static let truthMismatch: DiagnosticCode = "E0508"
    /// E0509: data file separated by another delimiter.
    public static let wrongDelimiter: DiagnosticCode = "E0509"
}

/// Codes of the spec decoder (NNCSpec): E01xx structure, E02xx vocabulary,
/// E05xx data files and expressions.
extension Catalogue {
    static let specCodes: [CodeInfo] = [
        CodeInfo(.missingKey, "missing required key", """
            A key that the spec must have is absent. The diagnostic points at the
            mapping that should hold it (for a top-level key, at the start of the file).

            Required keys: at the top level `nnc`, `name`, `inputs`, `outputs`, `data`,
            `training` and `network` (or `include:` of a network file); `layers` in
            `network`; `dense` in every layer; `generate` or `train` in `data`; `truth`
            and a `points` count for each sampling in `generate`; `loss`, `optimizer` and
            `epochs` in `training`; `patience` in `stopping`. Everything else has a
            default (see docs/spec.md).

            Example:

                training:
                  loss: mse
                  optimizer: adam        # no 'epochs'

            Fix: add the key, here `epochs: 1000`.
            """),
        CodeInfo(.unknownKey, "unknown key", """
            A key is not one the spec format knows at that place. It is usually a typo
            (`activaton`), a key at the wrong level (`learning_rate` directly under
            `training` instead of inside the optimizer), or a key from another tool.

            Example:

                - dense: 25
                  activaton: tanh

            Fix: use the suggested key (`activation`); the note lists every key that is
            valid at that place. nnc never ignores an unknown key, so a typo cannot
            silently leave a default in place.
            """),
        CodeInfo(.wrongType, "wrong type", """
            A value has the wrong shape for its key: a list where a number belongs, a
            mapping where a name belongs, a fraction where a whole number belongs.
            Values are typed by what the key wants, so `learning_rate: 1e-3` is a number
            and `name: no` is the text "no"; quotes make a value text, so
            `epochs: "100"` is not a number.

            Examples:

                epochs: [100]          # a list, expected an integer
                - dense: 2.5           # expected a whole number of units
                batch_size: fulll      # expected 'full' or an integer

            Fix: write the value in the form the message names. Integers may be
            written as `1e4` or `200.0` when they are whole.
            """),
        CodeInfo(.unsupportedVersion, "unsupported spec version", """
            The `nnc:` key gives the version of the spec format a file is written in.
            This nnc reads version 1 only.

            Example:

                nnc: 2

            Fix: write `nnc: 1` and use the keys of version 1 (docs/spec.md), or use the
            nnc release that reads the newer format.
            """),
        CodeInfo(.missingValue, "missing value", """
            A key is present but has no value (`key:` with nothing after it, or `~`/`null`)
            where a value is required. This often happens when the value was meant to be
            on the following lines but is not indented under the key.

            Example:

                training:
                  loss:
                  optimizer: adam

            Fix: give the value (`loss: mse`), or remove the key to take its default
            where it has one.
            """),
        CodeInfo(.includeUnreadable, "cannot read an included file", """
            The file named by `include:` (or the spec itself) cannot be read: it does
            not exist, is a folder, or is not readable text.

            Include paths are relative to the folder of the file that includes them,
            not to the current folder.

            Example (in specs/fit.yaml):

                include: networks/net.yaml     # read as specs/networks/net.yaml

            Fix: correct the path, or create the file. An included file holds a
            top-level `network:` mapping (and may start with `nnc: 1`).
            """),
        CodeInfo(.includeCycle, "include cycle", """
            Following `include:` from file to file comes back to a file already being
            included, so the network would never be found.

            Example:

                # a.yaml
                include: b.yaml
                # b.yaml
                include: a.yaml

            Fix: make one file hold the `network:` mapping, and have the others include it.
            """),
        CodeInfo(.duplicateName, "duplicate name", """
            A name is used twice where names must be distinct: the same name twice in
            `inputs` or in `outputs`, or one name both an input and an output.

            Each name picks one column of the data, so a repeated name would feed the
            same column twice, and a column cannot be both what the network reads and
            what it predicts.

            Example:

                inputs: [x, x]

            Fix: remove the repetition or rename one of them.
            """),
        CodeInfo(.invalidName, "invalid name", """
            A name cannot be used where it appears. Output names must be identifiers
            (letters, digits and `_`, not starting with a digit); layer names may also
            hold `-` but no dots, spaces or slashes (they become tensor names such as
            `out.weight`); the spec's `name` names files and folders, so it holds only
            letters, digits, `.`, `_` and `-` and does not start with a dot.

            Example:

                name: ../elsewhere

            Fix: choose a plain name, such as `name: gluon-closure`. (An input entry
            that is not a plain name is read as a derived input, an expression such as
            `log(x)`; see E0501.)
            """),
        CodeInfo(.badCount, "empty or oversized list", """
            `inputs`, `outputs` or `layers` is empty, or a count is not positive, or a
            list is far longer than any network nnc is for (more than 100,000 features
            or 10,000 layers).

            Example:

                inputs: 0
                layers: []

            Fix: give at least one input, one output and one layer.
            """),
        CodeInfo(.conflictingKeys, "conflicting keys", """
            Two keys that exclude each other are both given: `network` and `include`,
            `generate` and `train` in `data`, `csv` with `fraction` in `validation`,
            two samplings for one input, `relative` and `absolute` noise, or chi2's
            `uncertainty` and `covariance`.

            Example:

                data:
                  generate: {truth: "sin(x)", x: {linspace: [0, 1], points: 50}}
                  train: {csv: data/train.csv}

            Fix: keep the one you mean and delete the other.
            """),
        CodeInfo(.unknownActivation, "unknown activation", """
            The activation is not one of version 1's: linear, sigmoid, tanh, relu,
            leaky_relu (alpha, default 0.01), elu (alpha, default 1.0), selu, softplus,
            gelu, swish, softmax (output layer only).

            Example:

                activation: tanhh

            Fix: use the suggested name. Parameters are written as
            `activation: {leaky_relu: {alpha: 0.2}}` or the shorthand
            `activation: {leaky_relu: 0.2}`.
            """),
        CodeInfo(.unknownInitializer, "unknown initializer", """
            The initializer (`init:`) is not one of version 1's: zeros, random_uniform
            (limit, default 0.05), random_normal (stddev, default 0.05), glorot_uniform
            (the default), glorot_normal, he_uniform, he_normal, lecun_normal.

            Example:

                init: xavier_normal

            Fix: use the suggested name; Xavier initialisation is called glorot here.
            """),
        CodeInfo(.unknownLoss, "unknown loss", """
            The loss is not one of version 1's: mse, mae, huber (delta, default 1.0),
            binary_crossentropy, categorical_crossentropy, chi2 (with uncertainties
            from the noise model, a column, or a covariance file).

            Example:

                loss: mean_squared_error

            Fix: use the suggested name (`mse`).
            """),
        CodeInfo(.unknownOptimizer, "unknown optimizer", """
            The optimizer is not one of version 1's: sgd, adam, adamw, rmsprop, adagrad.

            Example:

                optimizer: {adma: {learning_rate: 1.0e-3}}

            Fix: use the suggested name. Parameters go in a mapping under the name:
            `optimizer: {adam: {learning_rate: 1.0e-3, clipnorm: 1.0}}`.
            """),
        CodeInfo(.unknownSchedule, "unknown learning-rate schedule", """
            An optimizer's `learning_rate` written as a mapping is a schedule, and
            its name is not one of version 1's: exponential, cosine, step, plateau.

            Example:

                optimizer: {adam: {learning_rate: {exponetial: {decay_rate: 0.5, decay_epochs: 1000}}}}

            Fix: use the suggested name. Each schedule takes `initial` (default: the
            optimizer's learning rate) and its own parameters:
            `{exponential: {decay_rate, decay_epochs}}`, `{cosine: {epochs, final}}`,
            `{step: {factor, every}}`, `{plateau: {factor, patience, minimum}}`.
            """),
        CodeInfo(.unknownSampling, "unknown sampling", """
            An input under `data.generate` is sampled with a key that is not one of
            `linspace` (evenly spaced), `logspace` (evenly spaced in log), `uniform`
            (random, seeded) or `points`.

            Example:

                x: {logspce: [1.0e-3, 1.0], points: 200}

            Fix: use the suggested name; each input has one sampling and a point count,
            `x: {logspace: [1.0e-3, 1.0], points: 200}`.
            """),
        CodeInfo(.unknownNoise, "unknown noise", """
            The noise of generated data is `{relative: s}` (Gaussian with
            sigma = s * |truth|) or `{absolute: s}` (sigma = s). Another key was given.

            Example:

                noise: {gaussian: 0.05}

            Fix: choose `relative` or `absolute`.
            """),
        CodeInfo(.inapplicableParameter, "parameter does not apply", """
            A parameter is given to an activation, initializer, loss or optimizer that
            does not take it; the note lists the parameters it does take.

            Parameters by word: leaky_relu and elu take alpha; random_uniform takes
            limit and random_normal stddev; huber takes delta; chi2 takes uncertainty
            or covariance; sgd takes learning_rate, momentum, nesterov; adam takes
            learning_rate, beta1, beta2, epsilon; adamw also weight_decay; rmsprop takes
            learning_rate, alpha, epsilon; adagrad learning_rate and epsilon; every
            optimizer takes clipnorm.

            Example:

                optimizer: {adam: {learning_rate: 1.0e-3, momentum: 0.9}}

            Fix: remove the parameter, or switch to the word that takes it
            (`{sgd: {learning_rate: 0.01, momentum: 0.9}}`).
            """),
        CodeInfo(.expressionSyntax, "expression syntax error", """
            An expression (a `truth:` or a derived input such as `log(x)`) cannot be
            parsed. The diagnostic points at the column inside the string.

            Expressions use numbers (`2`, `1.5e-3`), input names, `+ - * / ^`,
            parentheses, unary minus and the functions exp, log, sqrt, sin, cos, tan,
            tanh, abs and pow(a, b). `^` binds tightest and groups to the right, so
            `-x^2` is `-(x^2)` and `x^-0.1` is x to the power -0.1. Multiplication is
            always written: `2*x`, not `2x`; `**` is written `^`.

            Example:

                truth: "x^-0.1 * (1 - x"

            Fix: complete the expression as the label says (here a closing `)`). Quote
            expressions in YAML so `:` or `#` inside them stay part of the text.
            """),
        CodeInfo(.unknownVariable, "unknown name in an expression", """
            An expression uses a name that is not available. A `truth` may use the raw
            input columns only: the plain names in `inputs` and the names that derived
            inputs read.

            Example:

                inputs: [x]
                ...
                truth: "sin(y)"

            Fix: use one of the names the note lists, or add the missing input.
            """),
        CodeInfo(.unknownFunction, "unknown function", """
            An expression calls a function nnc does not know. The functions are exp,
            log (natural), sqrt, sin, cos, tan, tanh, abs and pow(base, exponent).

            Example:

                truth: "ln(x)"

            Fix: use the suggested name (`log`). Powers can also be written `x^2`.
            """),
        CodeInfo(.wrongArity, "wrong number of arguments", """
            A function is called with the wrong number of arguments: pow takes two
            (base and exponent), every other function one.

            Example:

                truth: "pow(x)"

            Fix: write `pow(x, 2)` or `x^2`.
            """),
        CodeInfo(.dataFileUnreadable, "cannot read a data file", """
            A CSV file named in `data` (`train`, `validation`) or as chi2's covariance
            cannot be read: it does not exist, is a folder, or is not readable.

            Data paths are relative to the folder of the spec file.

            Example (in specs/fit.yaml):

                train: {csv: data/train.csv}     # read as specs/data/train.csv

            Fix: correct the path or create the file.
            """),
        CodeInfo(.missingColumn, "missing column", """
            A CSV file does not have a column that the spec needs. The training and
            validation files need a column for every raw input and every output; chi2's
            `uncertainty` names a column of the training file. Names match exactly,
            case included.

            Example:

                inputs: [x]
                outputs: [y]
                data:
                  train: {csv: train.csv}      # header: x,Y

            Fix: rename the column in the file or the name in the spec; the note lists
            the columns the file has.
            """),
        CodeInfo(.badHeader, "bad CSV header", """
            A CSV data file must start with a header line naming its columns,
            separated by commas. The file is empty, or its first line is blank, or a
            column of the header has no name.

            Example (train.csv):

                x,,y
                0.1,2,3

            Fix: write a header with a name for each column, such as `x,z,y`.
            """),
        CodeInfo(.truthMismatch, "truth does not match the outputs", """
            `data.generate.truth` gives one expression per output. With one output it
            is a string; with several, a mapping from each output name to its
            expression. A truth is missing for an output, given for a name that is not
            an output, or one string was given for several outputs.

            Example:

                outputs: [u, v]
                ...
                truth: "sin(x)"

            Fix: `truth: {u: "sin(x)", v: "cos(x)"}`.
            """),
        CodeInfo(.wrongDelimiter, "data file separated by another delimiter", """
            nnc reads comma-separated files, and this data file separates its \
            values with something else: semicolons (what spreadsheets write where \
            the comma is the decimal separator), tabs, `|` or spaces. Read with \
            commas, the whole header is one column, so none of the columns the \
            spec names can be found. The front end reports it when it reads the \
            header; the data reader (`nnc train`, `nnc predict`, `nnc lint --data`) \
            at the header line of the file, and a matrix file at its first row.

            Example (train.csv):

                x;y;target
                0.1;2.5;1.0

            Fix: write the file with commas between values, for example with \
            pandas `df.to_csv("train.csv", index=False)` or NumPy \
            `np.savetxt("cov.csv", c, delimiter=",")` (NumPy's default separator \
            is a space). A value that itself contains a comma is quoted: `"1,5"`.
            """),
    ]
}
