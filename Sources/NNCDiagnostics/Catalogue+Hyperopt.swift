/// The named codes of the hyperparameter search (docs/hyperopt.md), one
/// constant per entry, used where it is reported.
extension DiagnosticCode {
    /// E0801: a space path that names no value of the spec (checker).
    public static let hyperoptUnknownPath: DiagnosticCode = "E0801"
    /// E0802: a searched value that the spec rejects at that place (checker).
    public static let hyperoptValueRejected: DiagnosticCode = "E0802"
    /// E0803: an empty or impossible range, or a count out of range (checker, decoder).
    public static let hyperoptBadRange: DiagnosticCode = "E0803"
    /// E0804: the grid sampler over a continuous dimension (checker).
    public static let hyperoptGridContinuous: DiagnosticCode = "E0804"
    /// E0805: an unknown sampler, statistic, reward loss or distribution (decoder).
    public static let hyperoptUnknownWord: DiagnosticCode = "E0805"
    /// E0806: the study store cannot be opened or used (`nnc hyperopt`, `nnc train --storage`).
    public static let studyStoreUnavailable: DiagnosticCode = "E0806"
    /// E0807: a stored study was made from another spec or search.
    public static let studyMismatch: DiagnosticCode = "E0807"
}

/// Codes of the hyperparameter search (E08xx): the `hyperopt:` block's
/// checks (E0801–E0805, front end) and the study store (E0806–E0807, `nnc
/// hyperopt` and `nnc train --storage`). See docs/hyperopt.md.
extension Catalogue {
    static let hyperoptCodes: [CodeInfo] = [
        CodeInfo(.hyperoptUnknownPath, "unknown hyperparameter path", """
            Every key of `hyperopt.space` is a path into the spec: spec keys joined by
            '.', with `[i]` (or `[-1]`, `[*]`, `[a:b]`) to pick layers and `*` for the
            optimizer's name. The path is looked up in the resolved spec (every default
            written out), so `training.stopping.patience` works even where the spec left
            stopping's defaults out; a key that is not there is reported with the
            closest known key.

            Example:

                space:
                  network.layers[0].dens: {int: [10, 60]}

            Fix: the key as the spec spells it (`network.layers[0].dense`); `nnc build`
            shows the resolved spec's keys in the note.
            """),
        CodeInfo(.hyperoptValueRejected, "searched value rejected by the spec", """
            Each bound of a range and each value of a choice is set alone on the spec,
            which is then decoded and checked like a file. A value the spec would reject
            there (an unknown activation, a dropout of 1.5, a negative learning rate) is
            reported at the value, with the spec's own message.

            Example:

                space:
                  network.layers[*].activation: {choice: [tanh, tahn]}

            Fix: correct or remove the value; the message names the rule it broke.
            """),
        CodeInfo(.hyperoptBadRange, "search range out of range", """
            The numbers of the hyperopt block must make sense: at least one trial,
            `folds` from 1 to 100, a range's low bound not above its high bound,
            log_uniform bounds above zero, a choice with at least one value, median
            pruning with `every` of at least 1.

            Example:

                space:
                  network.layers[0].dense: {int: [60, 10]}

            Fix: `{int: [10, 60]}` (low first).
            """),
        CodeInfo(.hyperoptGridContinuous, "grid sampler over a continuous range", """
            `sampler: grid` enumerates every combination of the dimensions' values, so
            each dimension must have finitely many: a `choice` or an `int` range. A
            `uniform` or `log_uniform` range has no grid.

            Example:

                sampler: grid
                space:
                  training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}

            Fix: list the values (`{choice: [1.0e-4, 1.0e-3, 1.0e-2]}`), or use
            `sampler: random` or `tpe`.
            """),
        CodeInfo(.hyperoptUnknownWord, "unknown hyperopt word", """
            The hyperopt block has its own words: samplers `random`, `grid`, `tpe`;
            reward losses `validation`, `training`; statistics `average`,
            `best_worst`, `std`; distributions `int`, `uniform`, `log_uniform`,
            `choice`.

            Example:

                sampler: tpee

            Fix: the word as listed (`tpe`).
            """),
        CodeInfo(.studyStoreUnavailable, "study store unavailable", """
            `nnc hyperopt` and `nnc train --storage URL` keep a study (or a queue of
            replicas) in a database: an SQLite file (the default,
            `runs/<name>/hyperopt.sqlite`, or `--storage sqlite:PATH`) or a PostgreSQL
            server (`--storage postgresql://user@host:port/db`). This error means the
            store could not be opened, reached, or written: the message gives the
            database's own words.

            Example:

                nnc hyperopt spec.yaml --storage postgresql://nnc@127.0.0.1:5433/studies
                error[E0806]: cannot connect to postgresql://nnc@127.0.0.1:5433/studies: connection refused

            Fix: check the URL, that the server runs and accepts the user, and that the
            folder of an SQLite file is writable. A worker that loses its connection
            retries with new ones after 1, 2, 4 and 8 seconds before giving up.
            """),
        CodeInfo(.studyMismatch, "study made from another spec", """
            A store holds one study per spec name. When the stored study was created
            from a spec whose search (space, sampler, reward, trials' base spec)
            differs from the spec given now, resuming it would mix trials of two
            different searches.

            Example: a study run from `gluon.yaml`, then the learning-rate range of its
            `space:` changed and `nnc hyperopt gluon.yaml` run again on the same store.

            Fix: start a new study (`--storage` another file or database, or delete
            `runs/<name>/hyperopt.sqlite`), or go back to the spec the study was made
            from. `nnc hyperopt report` reads a study whatever its spec.
            """),
    ]
}
