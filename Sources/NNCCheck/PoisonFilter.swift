import NNCDiagnostics
import NNCSpec

/// Decides, from the parts of a spec that are stand-ins, which rules may run
/// and which of their findings to keep.
///
/// A rule declares the parts it reads as paths (see `SpecPoison`), where `*`
/// is every layer and `last` is the last layer. A read meets a poisoned path
/// when one is a prefix of the other. When the two meet only through a `*`
/// (the rule reads every layer's `dropout`, one layer's `dropout` failed) the
/// rule runs and its findings inside that layer are dropped; otherwise the
/// rule does not run at all.
struct PoisonFilter {
    /// What to do with one rule.
    enum Verdict: Equatable {
        case run
        /// Run, but drop findings inside these layers (0-based positions).
        case dropLayers(Set<Int>)
        case skip
    }

    var poison: SpecPoison
    var spec: Spec

    func verdict(reads: [String]) -> Verdict {
        if poison.everything { return .skip }
        var layers: Set<Int> = []
        for read in reads {
            for part in poison.paths {
                switch meet(read: read, poisoned: part) {
                case .none: continue
                case .whole: return .skip
                case .layer(let i): layers.insert(i)
                }
            }
        }
        return layers.isEmpty ? .run : .dropLayers(layers)
    }

    /// `findings` without those inside a dropped layer.
    func keep(_ findings: [Diagnostic], _ verdict: Verdict) -> [Diagnostic] {
        switch verdict {
        case .run: return findings
        case .skip: return []
        case .dropLayers(let indices):
            let spans = indices.compactMap { spec.network.layers.indices.contains($0) ? spec.network.layers[$0].span : nil }
            return findings.filter { d in !spans.contains { $0.contains(d.span) } }
        }
    }

    enum Meeting: Equatable {
        case none
        case whole
        case layer(Int)
    }

    /// How a read path meets a poisoned one.
    func meet(read: String, poisoned: String) -> Meeting {
        let r = read.split(separator: ".", omittingEmptySubsequences: false)
        let p = poisoned.split(separator: ".", omittingEmptySubsequences: false)
        var bound: Int?
        for (a, b) in zip(r, p) {
            if a == b && a != "*" { continue }
            let index = Int(b)
            switch a {
            case "*":
                // Every layer is read; a wildcard poison reaches them all.
                if let index { bound = index } else if b != "*" { return .none }
            case "last":
                let last = spec.network.layers.count - 1
                // With no layers, the list itself is poisoned: `last` is unknown.
                if let index, last >= 0, index != last { return .none }
                if index == nil && b != "*" { return .none }
            default:
                return .none
            }
        }
        return bound.map { .layer($0) } ?? .whole
    }
}

extension SourceSpan {
    /// True when `other` lies within this span (same file).
    func contains(_ other: SourceSpan) -> Bool {
        file == other.file && start <= other.start && other.end <= end
    }
}

extension PoisonFilter {
    /// Poisons the parts a rule `judges` wrong in its `findings`: a path with
    /// `*` for the layer each finding is in, any other path when there is a finding.
    mutating func poison(_ judged: [String], by findings: [Diagnostic]) {
        for pattern in judged {
            for d in findings {
                guard pattern.contains("*") else {
                    poison.insert(pattern, span: d.span)
                    continue
                }
                guard let i = spec.network.layers.firstIndex(where: { $0.span.contains(d.span) }) else { continue }
                let path = pattern.split(separator: ".").map { $0 == "*" ? "\(i)" : String($0) }.joined(separator: ".")
                poison.insert(path, span: d.span)
            }
        }
    }
}
