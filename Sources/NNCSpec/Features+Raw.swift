extension Features {
    /// The raw data columns behind the features: plain names in order, then the
    /// names that derived inputs (`log(x)`) read and that are not plain inputs.
    /// These are the columns a CSV must have and the variables `generate` samples.
    public var rawVariables: [String] {
        var out: [String] = []
        for f in features where f.expression == nil && !out.contains(f.name.value) {
            out.append(f.name.value)
        }
        for f in features {
            for v in f.expression?.variables ?? [] where !out.contains(v) { out.append(v) }
        }
        return out
    }
}
