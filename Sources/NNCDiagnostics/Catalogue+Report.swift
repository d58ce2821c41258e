/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0731: a run folder, or a file in it, is missing, unreadable or not what nnc train writes.
    public static let runUnreadable: DiagnosticCode = "E0731"
    /// E0732: the network uses something the exporter cannot write, or does not fit the format.
    public static let exportUnsupported: DiagnosticCode = "E0732"
}

extension Catalogue {
    /// E0731–E0732: problems found while reading a finished run folder back, for
    /// `nnc report` and `nnc export`.
    static let reportCodes: [CodeInfo] = [
        CodeInfo("E0731", "not a readable run folder", """
            `nnc report` and `nnc export` read the folder that `nnc train` wrote: \
            its `summary.json`, its `spec.resolved.yaml` (decoded with data paths \
            resolved against the folder of the spec that was trained, which \
            `summary.json` records), each fit's `metrics.csv` and weights. One of \
            them is missing, unreadable or not what nnc writes.

            Example:

                nnc report runs/gluon-closure     # but the run was interrupted before summary.json

            Fix: point the command at the `--out` folder of a finished `nnc train` \
            (`runs/<name>/` by default). If the spec's data files moved since the \
            run, put them back or train again; an interrupted run is finished with \
            `nnc train SPEC --resume`.
            """),
        CodeInfo("E0732", "the network cannot be exported", """
            The run's network uses something the ONNX exporter cannot write as \
            standard ONNX operators, or the model would exceed what an ONNX file \
            can hold (protobuf messages are limited to 2 GiB, so an ensemble of \
            many large replicas may not fit in one graph).

            Example:

                nnc export runs/big-ensemble --format onnx --ensemble replicas

            Fix: export fewer replicas at once (`--ensemble mean` is one graph \
            with every replica; export replica folders one by one with \
            `nnc export runs/NAME/replica_000`), or report the unsupported \
            feature named in the message.
            """),
    ]
}
