/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0701: data file cannot be read.
    public static let runDataUnreadable: DiagnosticCode = "E0701"
    /// E0702: column not in the data.
    public static let columnNotInData: DiagnosticCode = "E0702"
    /// E0703: field is not a number.
    public static let notANumber: DiagnosticCode = "E0703"
    /// E0704: missing value.
    public static let missingDataValue: DiagnosticCode = "E0704"
    /// E0705: value is not finite.
    public static let notFinite: DiagnosticCode = "E0705"
    /// E0706: malformed CSV file.
    public static let malformedCSV: DiagnosticCode = "E0706"
    /// E0707: truth is not finite at a generated point.
    public static let truthNotFinite: DiagnosticCode = "E0707"
    /// E0708: derived input is not finite.
    public static let derivedInputNotFinite: DiagnosticCode = "E0708"
    /// E0709: empty training or validation set.
    public static let emptyDataSet: DiagnosticCode = "E0709"
    /// E0710: chi2 uncertainties missing or not positive.
    public static let chi2UncertaintyInvalid: DiagnosticCode = "E0710"
    /// E0711: malformed safetensors file.
    public static let malformedSafetensors: DiagnosticCode = "E0711"
    /// E0712: tensors do not match the network.
    public static let tensorsMismatch: DiagnosticCode = "E0712"
    /// E0713: unsupported tensor dtype.
    public static let unsupportedDtype: DiagnosticCode = "E0713"
    /// E0714: checkpoint does not match this run.
    public static let checkpointMismatch: DiagnosticCode = "E0714"
    /// E0715: loss is not finite.
    public static let lossNotFinite: DiagnosticCode = "E0715"
    /// E0716: cannot write run output.
    public static let cannotWriteOutput: DiagnosticCode = "E0716"
    /// E0717: nothing to train or resume.
    public static let nothingToTrain: DiagnosticCode = "E0717"
    /// E0718: covariance matrix does not fit the data.
    public static let covarianceMismatch: DiagnosticCode = "E0718"
    /// E0719: matrix file does not have the expected shape.
    public static let matrixShapeMismatch: DiagnosticCode = "E0719"
    /// E0720: malformed or unsupported .npy file.
    public static let malformedNPY: DiagnosticCode = "E0720"
    /// E0721: a figure of the run is outside what `expect:` asks for.
    public static let expectationNotMet: DiagnosticCode = "E0721"
    /// E0722: another process is training into the run folder.
    public static let runFolderInUse: DiagnosticCode = "E0722"
    /// E0723: the run folder holds a checkpoint of an earlier run.
    public static let runFolderHasCheckpoint: DiagnosticCode = "E0723"
}

extension Catalogue {
    /// E07xx: problems found while a run reads its data, weights and
    /// checkpoints, or while it trains (NNCTrain).
    static let trainCodes: [CodeInfo] = [
        CodeInfo(.runDataUnreadable, "data file cannot be read", """
            A data file named by the spec (`data.train.csv`, `data.validation.csv`) \
            or given on the command line (`nnc predict --input`) could not be opened \
            or read when the run started.

            Example:

                data:
                  train: {csv: data/train.csv}    # but data/train.csv does not exist

            Relative paths in a spec are resolved against the folder of the file \
            that names them, not the current directory. Fix the path, or create \
            the file; check its permissions if it exists.
            """),
        CodeInfo(.columnNotInData, "column not in the data", """
            The spec's `inputs` or `outputs` (or a chi2 uncertainty column) name a \
            column that the CSV file's header does not have. Columns are chosen by \
            name, matched exactly (case and spaces inside the name count).

            Example:

                inputs: [x]
                outputs: [xg]
                # data/train.csv starts with:  x,x_g

            Rename the column in the file or in the spec; the message lists the \
            header's columns and suggests the nearest one.
            """),
        CodeInfo(.notANumber, "field is not a number", """
            A field of a column that the spec uses is not a number. The message \
            gives the file, line and column of the field and the text found there.

            Example:

                x,y
                0.1,2.5
                0.2,2,6        <- '2' and '6' became two fields
                0.3,abc        <- 'abc' is not a number

            Numbers are written like `42`, `-0.5` or `1.0e-3`, with `.` as the \
            decimal point; a value containing a comma must be quoted. Columns the \
            spec does not use may hold any text.
            """),
        CodeInfo(.missingDataValue, "missing value", """
            A data line has no value for a column the spec uses: the field is \
            empty, the line has fewer fields than the header, or it holds a \
            missing-value marker such as `NA`, `nan` or `null`.

            Example:

                x,y
                0.1,
                0.2,NA

            nnc does not impute or drop data silently: fill in the value or delete \
            the line.
            """),
        CodeInfo(.notFinite, "value is not finite", """
            A value in the data is infinite, or is too large to be stored in \
            float32 (about 3.4e38), which is what the network computes in.

            Example:

                x,y
                0.1,inf

            Remove the point, or rescale the column (for example fit log(y), or \
            divide by a constant) so every value fits.
            """),
        CodeInfo(.malformedCSV, "malformed CSV file", """
            The file does not have the shape of a CSV file with a header: it is \
            empty, a quoted field is never closed, text follows a closing quote, a \
            line has more fields than the header, or a column the spec uses \
            appears twice in the header.

            Example:

                x,y
                1,2,3          <- three fields, the header has two
                "4,5           <- the quote is never closed

            The first non-blank line must name the columns; each further line \
            holds one point with one field per column. Quote a field that \
            contains a comma ("1,5"), and write a quote inside quotes as "".
            """),
        CodeInfo(.truthNotFinite, "truth is not finite at a generated point", """
            `data.generate.truth` evaluated to infinity or NaN at one of the \
            sampled points, so the pseudo-data would not be a number there. The \
            message names the first such point.

            Example:

                truth: "x^-0.1 * (1 - x)^5"
                x: {linspace: [0.0, 1.0], points: 100}    # x = 0 gives 0^-0.1 = inf

            Narrow the sampling range to where the truth is finite (here \
            `logspace: [1.0e-3, 1.0]`), or change the expression.
            """),
        CodeInfo(.derivedInputNotFinite, "derived input is not finite", """
            An input feature given as an expression over raw columns (a derived \
            input such as `log(x)`) is infinite or NaN at a data point, or reads a \
            column the data does not have.

            Example:

                inputs: [x, "log(x)"]
                # the data has a point with x = 0: log(0) = -inf

            Derived inputs must be finite at every point, in training, validation \
            and prediction data alike. Remove the offending points, or choose an \
            expression defined on the whole range (for example log(x + 1e-6)).
            """),
        CodeInfo(.emptyDataSet, "empty training or validation set", """
            After reading the data and splitting off the validation set, the \
            training set or the validation set has no points: the file has a \
            header but no rows, or the validation fraction is so small or so large \
            that rounding leaves one side empty.

            Example:

                data:
                  generate: {..., x: {linspace: [0, 1], points: 3}}
                  validation: {fraction: 0.1, seed: 1}   # 0.3 points round to 0

            The validation count is the number of points times the fraction, \
            rounded half away from zero. Add data or choose a fraction that leaves \
            points on both sides.
            """),
        CodeInfo(.chi2UncertaintyInvalid, "chi2 uncertainties missing or not positive", """
            The loss is `chi2`, which divides each residual by its point's \
            uncertainty, but the uncertainties are missing, zero, negative or not \
            finite.

            Example:

                data:
                  generate: {truth: "sin(x)", ..., noise: {relative: 0.05}}
                training:
                  loss: chi2          # sin(0) = 0 gives a zero uncertainty there

            Generated data takes its uncertainties from `noise:` (relative noise \
            is zero where the truth is zero: use absolute noise); a CSV file takes \
            them from the column named by `{chi2: {uncertainty: COLUMN}}`, which \
            must hold positive numbers. For correlated uncertainties give a \
            covariance matrix instead: `{chi2: {covariance: FILE}}`.
            """),
        CodeInfo(.malformedSafetensors, "malformed safetensors file", """
            A weights or checkpoint file is not a valid safetensors file: it is \
            shorter than its header says (often a file cut off while being \
            copied), its header is not JSON, a tensor's data_offsets lie outside \
            the data or overlap another tensor, or its byte count does not match \
            its shape and dtype.

            Example:

                nnc train spec.yaml --init half-copied.safetensors

            Use a complete copy of the file. nnc's own checkpoints are written \
            atomically (to a temporary file, then renamed), so the last one on \
            disk is always whole.
            """),
        CodeInfo(.tensorsMismatch, "tensors do not match the network", """
            A weights or checkpoint file does not hold the tensors the spec's \
            network needs: a tensor is missing, has the wrong shape, or the file \
            has a tensor the network does not have. Tensors are named \
            `<layer>.weight` (shape [out, in], PyTorch nn.Linear layout) and \
            `<layer>.bias` (shape [out]), where `<layer>` is the layer's `name`, \
            or `dense_<i>` counting dense layers from 0.

            Example:

                # spec: layers of 25, 20 and 1 units on 1 input
                nnc train spec.yaml --init weights-of-a-25-25-1-net.safetensors
                # tensor 'dense_1.weight' has shape [25, 25], expected [20, 25]

            Use weights of the same network, or rename the layers in the spec to \
            match the file. A file saved from an [in, out] layout (Keras, JAX) \
            must be transposed first.
            """),
        CodeInfo(.unsupportedDtype, "unsupported tensor dtype", """
            A tensor in a safetensors file has a dtype nnc does not read. nnc \
            trains in float32 and reads F32 or F64 tensors (F64 is rounded to \
            float32).

            Example:

                # weights saved in half precision
                nnc predict spec.yaml --weights model-fp16.safetensors ...

            Convert the weights to float32 before saving (in PyTorch: \
            `model.float()`, then `safetensors.torch.save_file`).
            """),
        CodeInfo(.checkpointMismatch, "checkpoint does not match this run", """
            `--resume` found a checkpoint written by a different training: the \
            resolved spec's fields that decide the weights, a data file, the \
            plan, the optimizer or the checkpoint format differ from the run \
            being resumed now, or a value the checkpoint records is missing or \
            unreadable. Resuming would mix two different trainings. One \
            diagnostic covers every checkpoint of the run (all replicas), and \
            lists each field that differs with its value in the checkpoint and \
            now. Fields that only decide when training ends or which weights \
            are written (`training.epochs`, `training.stopping.patience`, \
            `training.keep`, `name`, `expect`) may change.

            Example:

                nnc train spec.yaml            # writes runs/fit/checkpoint.safetensors
                # edit the spec: learning_rate 1.0e-3 -> 1.0e-2
                nnc train spec.yaml --resume   # training.optimizer.adam.learning_rate: 0.001 in the checkpoint, 0.01 now

            Resume only with the spec and data that wrote the checkpoint (a run \
            trained with `--seed N` resumes with the same `--seed N`); start \
            over with `--force` (or in another folder with `--out`); or start \
            from its weights alone with `--init DIR/weights.safetensors`.
            """),
        CodeInfo(.lossNotFinite, "loss is not finite", """
            During training the loss became infinite or NaN, so the weights no \
            longer mean anything. The message names the epoch (and the replica). \
            Training stops; the last good checkpoint on disk is kept, and no \
            weights from the broken epoch are written.

            Example:

                optimizer: {sgd: {learning_rate: 100.0}}    # steps overshoot and diverge

            Lower the learning rate, clip the gradient norm (`clipnorm: 1.0`), \
            scale inputs and targets to order one, or check the data for extreme \
            values.
            """),
        CodeInfo(.cannotWriteOutput, "cannot write run output", """
            A file the run writes (weights, checkpoint, metrics, summary, or the \
            predictions of `nnc predict`) could not be written: the folder cannot \
            be created, is not writable, or the disk is full.

            Example:

                nnc train spec.yaml --out /read-only/folder

            Choose a writable folder with `--out` (or `--output` for predict), or \
            free disk space.
            """),
        CodeInfo(.nothingToTrain, "nothing to train or resume", """
            `nnc train` was given no spec and found no plan built before \
            (`.nnc/*.plan.json`), or `--resume` was given and the run folder has \
            no checkpoint to resume from (neither its own nor a replica's: for \
            every kind of run), or `nnc predict` was given no weights.

            Example:

                nnc train --resume --out runs/new-folder

            Run `nnc build spec.yaml` first or name the spec (`nnc train \
            spec.yaml`); resume with the `--out` folder of the run that wrote \
            `checkpoint.safetensors`.
            """),
        CodeInfo(.covarianceMismatch, "covariance matrix does not fit the data", """
            The loss is chi2 with a full covariance matrix (`{chi2: {covariance: \
            FILE}}`), and the matrix or its use does not fit: it has the wrong \
            number of rows or of values in a row, it is not symmetric, a variance \
            on its diagonal is not positive, it is not positive definite (or is \
            too close to singular to invert), or the run cannot evaluate the \
            coupled loss: the batch is not the whole training set, the validation \
            points come from a separate file, or there are more of them than \
            training points.

            The matrix is a CSV file without a header, N rows of N numbers, where \
            N is the number of points in `data.train` in file order (times the \
            number of outputs, ordered point by point) — all points, before the \
            validation split. The trainer inverts the rows and columns of the \
            training points and, separately, those of the validation points.

            Example:

                data:
                  train: {csv: points.csv}          # 40 points
                  validation: {fraction: 0.2, seed: 1}
                training:
                  loss: {chi2: {covariance: cov.csv}}   # cov.csv has 39 rows
                  batch_size: 8                         # the loss couples all points

            Write the full N×N matrix with C[i][j] = C[j][i] and positive \
            variances; use `batch_size: full`; split validation points off \
            `data.train` with a fraction up to 0.5. If the matrix is not positive \
            definite, check for correlations above 1 in magnitude or for repeated \
            points.

            The covariance of an observable (`data.observables[i].covariance`, \
            N_data × N_data) is checked the same way when its files are read \
            (`nnc build --data`, `nnc lint --data`, `nnc train`): symmetric to a \
            relative 1e-8, positive variances, and positive definite — the \
            message names the first Cholesky pivot that is not above 0, the row \
            that is (up to rounding) a combination of the rows before it.
            """),
        CodeInfo(.matrixShapeMismatch, "matrix file does not have the expected shape", """
            A matrix read from a file (a covariance matrix, a fixed linear map) \
            does not have the number of rows or columns the spec and its data call \
            for, or its rows do not all have the same number of values. The \
            message gives the shape found and the shape expected with what it \
            means ("16×16, one row and column per training point").

            A CSV matrix has no header: one line per row, the values separated by \
            commas. A `.npy` file holds a 2-D array (a 1-D array is accepted where \
            one row or one column is expected).

            Example:

                data:
                  train: {csv: points.csv}              # 40 points
                training:
                  loss: {chi2: {covariance: cov.csv}}   # cov.csv has 39 rows

            Fix: write the matrix for exactly the points it covers; for a \
            covariance, every point of `data.train` in file order, before the \
            validation split.
            """),
        CodeInfo(.malformedNPY, "malformed or unsupported .npy file", """
            A matrix file is a NumPy `.npy` file (it starts with `\\x93NUMPY`, or \
            its name ends in `.npy`) that nnc cannot read: the header is damaged, \
            the format version is not 1.0, 2.0 or 3.0, the elements are not \
            float32 or float64 (`<f4`, `<f8`), they are big-endian, or the file \
            holds fewer or more bytes than its shape needs. The message gives \
            the byte offset where the problem is.

            Example:

                import numpy as np
                np.save("cov.npy", c.astype(np.int64))   # integers: not read

            Fix: save the array as little-endian float64, \
            `np.save("cov.npy", np.asarray(c, dtype=np.float64))`, and do not \
            write anything after it. A CSV file without a header works too.
            """),
            CodeInfo(.expectationNotMet, "a result is outside what expect: asks for", """
            The run finished, and a figure that the spec's `expect:` block \
            names is outside its condition: `below`, `above`, or `between` \
            (both ends included). The message gives the figure, the condition \
            and the value measured; it is reported at the `expect:` line. \
            Figures over replicas are their mean over the replicas kept (a \
            replica that never satisfied positivity is left out); closure \
            figures are those of `summary.json`'s `closure` object.

            Example:

                expect:
                  best_val_loss: {below: 1.5}    # the run reached 2.31

            Fix: train longer or better (more epochs, another learning rate, \
            a network of the right size), or, when the bound was too strict \
            for the problem, loosen it — `nnc test` runs every spec with an \
            `expect:` block, so a bound is a regression test.
            """),
            CodeInfo(.runFolderInUse, "the run folder is in use by another process", """
            Another nnc process is training into the same run folder right now: \
            it holds the folder's lock (`DIR/.nnc-lock`, an advisory `flock`). \
            Two trainings writing one folder would mix their checkpoints, \
            weights and metrics. The message names the other process: its pid, \
            host, start time and command, as its lock file records them.

            Example:

                nnc train spec.yaml --out runs/fit &
                nnc train spec.yaml --out runs/fit --resume    # while the first still runs

            Wait for the other process to finish, stop it (Ctrl-C, or `kill \
            PID` on its host: it writes a checkpoint and exits), or train into \
            another folder with `--out DIR`. The kernel releases the lock \
            when a process ends however it ends, so a lock is never left \
            behind by a crash.
            """),
        CodeInfo(.runFolderHasCheckpoint, "the run folder holds a checkpoint of an earlier run", """
            `nnc train` was asked to start a new training in a folder that \
            already holds a checkpoint (`checkpoint.safetensors`, or one in a \
            `replica_NNN/` folder): the state of an earlier run, possibly \
            hours of training. Starting over would overwrite it, so nnc asks \
            what was meant.

            Example:

                nnc train spec.yaml --epochs 5000    # interrupted at epoch 2200
                nnc train spec.yaml --epochs 5000    # the same folder again

            Continue the earlier run with `--resume` (and `--epochs N` to \
            train beyond its last epoch); replace it with `--force`, which \
            removes the earlier run's files (only the files nnc writes); or \
            train into another folder with `--out DIR`.
            """),
    ]
}
