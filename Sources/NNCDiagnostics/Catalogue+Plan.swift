/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0601: the arena would exceed the memory budget.
    public static let planOverBudget: DiagnosticCode = "E0601"
    /// E0602: more layers than lowering plans.
    public static let planTooManyLayers: DiagnosticCode = "E0602"
    /// E0603: a data file could not be read to count the training points.
    public static let planDataUnreadable: DiagnosticCode = "E0603"
    /// E0604: nothing to plan: no layers, no inputs, a width or batch of zero, no training points.
    public static let planEmptyShape: DiagnosticCode = "E0604"
    /// E0605: the batch size is above the number of training points.
    public static let planBatchAboveTrainingSet: DiagnosticCode = "E0605"
}

extension Catalogue {
    /// Codes of lowering (NNCLowering): resources and shapes the plan cannot hold.
    static let planCodes: [CodeInfo] = [
        CodeInfo("E0601", "the plan needs more memory than the budget", """
            Lowering sized every buffer of a training step (parameters, gradients, \
            optimiser moments, activations, masks, loss scratch) and placed them in one \
            arena. The arena would be larger than the memory budget, so nnc refuses the \
            plan now rather than fail when the memory is allocated. The budget is 75% of \
            the machine's physical memory unless `--max-memory` sets it.

            The diagnostic points at what makes the plan big: the batch size when the \
            batch buffers dominate, otherwise the widest layer. A note gives the split \
            into parameters, optimiser state and activations.

            Example that triggers it on a laptop:

                training:
                  batch_size: 50000000

            Fix: lower `batch_size` (mini-batches train as well as one huge batch), \
            narrow the layer, or raise the budget: `nnc build spec.yaml --max-memory 48GiB`.
            """),
        CodeInfo("E0602", "too many layers", """
            The network has more dense layers than nnc plans (1024). Placement of the \
            arena grows with the square of the number of buffers, and no network of \
            this kind needs that depth.

            Example that triggers it: a `layers:` list with 2000 entries.

            Fix: use fewer, wider layers.
            """),
        CodeInfo("E0603", "cannot read a data file to count the training points", """
            With `batch_size: full`, and to check a batch size against the training \
            set, lowering counts the data rows of the training CSV. The file could not \
            be read: it was removed or its permissions changed after the spec was \
            checked.

            Example that triggers it:

                data:
                  train: {csv: data/train.csv}   # the file is not readable

            Fix: make the file readable at the path shown, relative to the spec's folder.
            """),
        CodeInfo("E0604", "nothing to plan", """
            Lowering needs at least one input, at least one dense layer, positive \
            widths, as many outputs as the last layer has units, and at least one \
            training point. The checker reports most of these first; lowering reports \
            what remains, most often a training set left empty: a CSV file with only a \
            header, or a generated grid with no points.

            Example that triggers it:

                data:
                  train: {csv: data/empty.csv}    # a header and no rows

            Fix: give the data rows (or `points:` above zero), and make sure the \
            validation split leaves training points.
            """),
        CodeInfo("E0605", "batch size above the training set", """
            A mini-batch cannot hold more points than the training set has. For a CSV \
            file the number of training points is only known once its rows are \
            counted, after the validation split.

            Example that triggers it, with 150 training points:

                training:
                  batch_size: 256

            Fix: use `batch_size: full` for one batch of every training point, or a \
            size no larger than the number of training points given in the message.
            """),
    ]
}
