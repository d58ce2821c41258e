/// The named codes of the physics parts of a spec: observables seen through
/// FK tables, sum rules and positivity constraints, preprocessing, `expect:`
/// (issue 9; docs/physics.md). One constant per entry, used where it is reported.
extension DiagnosticCode {
    /// E1001: range written high to low.
    public static let contradictoryRange: DiagnosticCode = "E1001"
    /// E1002: preprocessing input is not a raw input.
    public static let preprocessingInput: DiagnosticCode = "E1002"
    /// E1003: a point outside the preprocessing domain.
    public static let preprocessingDomain: DiagnosticCode = "E1003"
    /// E1004: a constraint weighs a name that is not an output.
    public static let constraintOutput: DiagnosticCode = "E1004"
    /// E1005: two data sets or two constraints share a name.
    public static let duplicateSetName: DiagnosticCode = "E1005"
    /// E1006: a constraint weight or threshold below 0, a closure level other than 0 or 1.
    public static let physicsValue: DiagnosticCode = "E1006"
    /// E1007: a positivity multiplier schedule that does not grow.
    public static let multiplierSchedule: DiagnosticCode = "E1007"
    /// E1008: `expect` names a figure the run does not produce.
    public static let expectUnavailable: DiagnosticCode = "E1008"
    /// E1009: observables or constraints with mini-batches.
    public static let physicsMiniBatch: DiagnosticCode = "E1009"
    /// E1010: a validation file together with observables.
    public static let observableValidationFile: DiagnosticCode = "E1010"
    /// E1011: a loss that observables do not support.
    public static let observableLoss: DiagnosticCode = "E1011"
    /// E1012: an expression undefined at a grid point.
    public static let expressionDomain: DiagnosticCode = "E1012"
    /// E1013: a constraint grid that is not a fixed grid in the one raw input.
    public static let constraintGrid: DiagnosticCode = "E1013"
    /// E1014: an observable's uncertainty file has another number of data points.
    public static let observableDataCount: DiagnosticCode = "E1014"
}

/// Codes of the physics parts (NNCSpec decoding, NNCCheck rules, the
/// observable files read by the data stage): E10xx.
extension Catalogue {
    static let physicsCodes: [CodeInfo] = [
        CodeInfo(.contradictoryRange, "range written high to low", """
            A range `[lower, upper]` has its lower end above its upper end. This
            applies to the exponent ranges of `network.preprocessing` (`small_x`,
            `large_x`: a and b are drawn uniformly from them and, when trainable,
            kept inside them) and to `{between: [a, b]}` under `expect`, which no
            value could meet.

            Example:

                preprocessing: {input: x, small_x: [0.5, 0.0], large_x: [2.0, 5.0]}
                expect: {best_val_loss: {between: [2.0, 1.0]}}

            Fix: swap the two numbers. Equal ends are allowed: `small_x: [0.3, 0.3]`
            fixes the exponent.
            """),
        CodeInfo(.preprocessingInput, "preprocessing input is not a raw input", """
            `network.preprocessing.input` names the variable x of the factors
            x^a (1 − x)^b that multiply every output. It must be a raw input: a
            plain name in `inputs`, or a column a derived input reads. The note
            lists the raw inputs; a near miss gets a did-you-mean.

            Example:

                inputs: [x]
                network:
                  preprocessing: {input: xx, small_x: [0, 0.5], large_x: [2, 5]}

            Fix: name the raw input the factors are functions of, here `input: x`.
            """),
        CodeInfo(.preprocessingDomain, "a point outside the preprocessing domain", """
            With `network.preprocessing`, every output is x^a (1 − x)^b · NN(x). The
            factors are defined for x in (0, 1); so every point where the network
            is evaluated must lie there: the `over` grid of each sum rule, the `at`
            grid of each positivity constraint and every grid point of each
            observable (the grid file's column of that input, checked when the
            file can be read). The ends are allowed only where the factor
            vanishes for every exponent in its range: x = 1 when the lower end of
            `large_x` is above 0 ((1 − x)^b = 0 there) and x = 0 when the lower
            end of `small_x` is above 0. The diagnostic names the first point
            outside, at its line in the grid file or at the sampling.

            Example:

                preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0]}
                constraints:
                  - sum_rule: {integrand: {f: "1"}, over: {x: {linspace: [0, 1], points: 100}}, equals: 1}

            Here x = 0 is outside: a may be 0, where x^a is 1 at x = 0 but its
            derivative in a, x^a·log(x), is infinite.

            Fix: start the grid inside the domain (`logspace: [1.0e-6, 1.0]`), or
            remove the points outside (0, 1) from the grid file.
            """),
        CodeInfo(.constraintOutput, "a constraint weighs a name that is not an output", """
            A sum rule's `integrand` and a positivity constraint's `of` map output
            names to weight expressions: `{f: "x"}` is Σ_o w_o(x)·f_o(x) with
            w_f = x. Every key must be one of `outputs`; outputs left out weigh 0.
            A near miss gets a did-you-mean.

            Example:

                outputs: [g]
                constraints:
                  - sum_rule: {integrand: {gluon: "x"}, over: {x: {logspace: [1.0e-6, 1], points: 400}}, equals: 1}

            Fix: use the output's name, here `{g: "x"}`.
            """),
        CodeInfo(.duplicateSetName, "two data sets or two constraints share a name", """
            Each data set under `data.observables` and each constraint under
            `training.constraints` has a name: it labels the set in the run's
            reports and metrics, and `expect: {constraints: {NAME: ...}}` refers to
            a constraint by it. Two data sets, or two constraints, may not share
            one. A constraint without `name:` is called `sum_rule_<i>` or
            `positivity_<i>` (i its position in the list, from 0), which can clash
            with a name written elsewhere.

            Example:

                observables:
                  - {name: F2, grid: a.csv, fktable: a-fk.csv, values: ..., covariance: ...}
                  - {name: F2, grid: b.csv, fktable: b-fk.csv, values: ..., covariance: ...}

            Fix: give each data set and each constraint its own name.
            """),
        CodeInfo(.physicsValue, "constraint weight or threshold below 0, closure level not 0 or 1", """
            Values of the physics parts that have a sign or a fixed set of values:
            a sum rule's `weight` multiplies (I − equals)² in the cost, so below 0
            it rewards missing the sum rule; a positivity constraint's
            `threshold` is how far below 0 a value may be while the epoch still
            counts as a stopping candidate, so it is 0 or more; a closure data
            set's `level` is 0 (values K·truth exactly) or 1 (plus correlated
            noise L·z with C = L·Lᵀ).

            Example:

                - sum_rule: {integrand: {f: "1"}, over: ..., equals: 2, weight: -100}
                values: {truth: "x * (1 - x)", level: 2}

            Fix: a weight of 0 or more (0 switches the sum rule off; the default is
            1), a threshold of 0 or more (default 1e-6), level 0 or 1 (default 1).
            """),
        CodeInfo(.multiplierSchedule, "positivity multiplier schedule that does not grow", """
            A positivity constraint adds λ_t · Σ_k max(0, −v_k) to the cost, with
            λ_t = min(initial · factor^⌊t/every⌋, max) at epoch t. The schedule
            must start above 0 and grow: `initial` > 0, `factor` ≥ 1, `every` ≥ 1
            epoch and `max` ≥ `initial`. A factor below 1 would relax positivity as
            the fit goes on, and a cap below the start would never allow the start.

            Example:

                multiplier: {initial: 10, factor: 0.5, every: 0, max: 1}

            Fix: the defaults are {initial: 1, factor: 1.3, every: 100, max: 1e10};
            change the ones you need, keeping factor ≥ 1, every ≥ 1 and max ≥ initial.
            """),
        CodeInfo(.expectUnavailable, "expect names a figure the run does not produce", """
            `expect:` asserts figures of a run's results, so each figure it names
            must be one the spec produces: `best_val_loss` needs a validation set;
            `accuracy` needs a classifier loss (binary_crossentropy or
            categorical_crossentropy); each `closure` figure needs at least one
            observable whose values come from a truth (`values: {truth: ...}`);
            `constraints: {NAME: ...}` must name one of `training.constraints`
            (by `name:`, or the default `sum_rule_<i>` / `positivity_<i>`).

            Example:

                training:
                  constraints:
                    - sum_rule: {name: msr, integrand: {f: "x"}, over: ..., equals: 1}
                expect:
                  constraints: {mrs: {between: [0.99, 1.01]}}

            Fix: name a figure the run has (here `msr`), or add what the figure
            needs (a validation split, a truth).
            """),
        CodeInfo(.physicsMiniBatch, "observables or constraints with mini-batches", """
            Observables and constraints are costs of the whole fit: an
            observable's χ², rᵀC⁻¹r, couples all of its data points through the
            covariance, and the network is evaluated on the whole grid for the FK
            table; a sum rule is an integral over its whole grid. They are computed
            once per step on everything, so `batch_size` must be `full`.

            Example:

                training:
                  batch_size: 32
                  constraints: [...]

            Fix: write `batch_size: full` (the default).
            """),
        CodeInfo(.observableValidationFile, "validation file with observables", """
            With `data.observables`, validation is a split of each data set's
            points: `validation: {fraction: 0.25, seed: 1}` holds out a quarter of
            the points of every set (their χ² uses the block of the covariance for
            those points). A separate validation CSV holds plain points only and
            cannot hold out observable points, so it is not accepted with
            observables.

            Example:

                data:
                  observables: [...]
                  validation: {csv: val.csv}

            Fix: `validation: {fraction: 0.25, seed: 1}`, or no `validation` to train
            on every point.
            """),
        CodeInfo(.observableLoss, "loss not supported with observables", """
            Observables are always fitted by χ² with their own covariance, and
            their cost is added to the loss of any plain data points
            (`data.train` or `data.generate`). Some losses cannot be combined with
            them: a cross-entropy loss (the observables are not classes), and
            `{chi2: {covariance: FILE}}` on the plain points (a second full
            covariance is not supported together with observables: give the plain
            points per-point uncertainties instead). Without plain data points, a
            chi2 with `uncertainty` or `covariance` names a part of data that does
            not exist.

            Example:

                data:
                  train: {csv: points.csv}
                  observables: [...]
                training:
                  loss: {chi2: {covariance: cov.csv}}

            Fix: `loss: {chi2: {uncertainty: COLUMN}}` or `loss: mse` for the plain
            points, or just `loss: chi2` for observables only.
            """),
        CodeInfo(.expressionDomain, "expression undefined at a grid point", """
            A truth (`values: {truth: ...}`) or a weight (`integrand`, `of`) is
            evaluated at every point of its grid: the observable's grid file, or the
            constraint's `over` / `at` grid. At some point it is not a finite number:
            the log or a fractional power of a value ≤ 0, the square root of a
            negative value, a division by zero. The diagnostic names the first such
            point: at the sampling, or at its line in the grid file.

            Example:

                - sum_rule: {integrand: {f: "1 / x"}, over: {x: {linspace: [0, 1], points: 100}}, equals: 1}

            Fix: start the grid where the expression is defined
            (`logspace: [1.0e-6, 1]`), or rewrite the expression.
            """),
        CodeInfo(.constraintGrid, "constraint grid is not a fixed grid in the one raw input", """
            A sum rule's `over` and a positivity constraint's `at` are a grid in one
            raw input: `{x: {logspace: [1.0e-6, 1.0], points: 400}}`. The network
            is evaluated there, so the input must be a raw input and the spec must
            have no other (the other inputs would have no value); the grid must be
            fixed when the plan is built, so it is `linspace` or `logspace`, not
            `uniform`; and it needs at least 2 points from low to high (logspace
            from a low above 0).

            Example:

                inputs: [x]
                constraints:
                  - sum_rule: {integrand: {f: "1"}, over: {y: {uniform: [1, 0], points: 1}}, equals: 1}

            Fix: `over: {x: {logspace: [1.0e-6, 1.0], points: 400}}`.
            """),
        CodeInfo(.observableDataCount, "an observable's files disagree on the number of data points", """
            An observable's data points are the rows of its values file
            (`values: {csv: FILE, column: NAME}`), or of its FK table for closure
            data (`values: {truth: ...}`). Its `uncertainty: {csv: FILE, column:
            NAME}` gives one standard deviation a data point, so that file has as
            many data rows. Found when the files are read: `nnc build --data`,
            `nnc lint --data`, `nnc train`. (The FK table's and the covariance's
            shapes are checked against the same count: E0719.)

            Example:

                - name: F2
                  fktable: F2-fk.csv                      # 4 rows
                  values: {truth: "x * (1 - x)"}
                  uncertainty: {csv: F2-err.csv, column: error}   # 5 data rows

            Fix: give one uncertainty per data point, in the order of the FK
            table's rows.
            """),
    ]
}
