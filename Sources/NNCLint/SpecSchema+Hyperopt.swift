import NNCSpec

/// The schema of the `hyperopt:` block (docs/hyperopt.md).
extension SpecSchema {
    static var hyperopt: [String: Any] {
        let bounds: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 2, "items": ["type": "number"]]
        let intBounds: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 2, "items": ["type": "integer"]]
        let domain: [String: Any] = [
            "description": "The values a path takes: {int: [low, high]}, {uniform: [low, high]}, {log_uniform: [low, high]} or {choice: [values]}.",
            "oneOf": [
                object("Whole numbers from low to high, both included.", required: ["int"], ["int": intBounds]),
                object("Real numbers, uniform between the bounds.", required: ["uniform"], ["uniform": bounds]),
                object("Real numbers, uniform in the logarithm between the positive bounds.", required: ["log_uniform"], ["log_uniform": bounds]),
                object("One of the listed spec values.", required: ["choice"], ["choice": ["type": "array", "minItems": 1]]),
            ],
        ]
        return object(
            "A hyperparameter search over the rest of the spec (`nnc hyperopt`); see docs/hyperopt.md.",
            required: ["trials"],
            [
                "trials": ["description": "The number of finished trials the study ends with.", "type": "integer", "minimum": 1],
                "sampler": ["description": "How values are drawn (default tpe).", "enum": SamplerKind.allCases.map(\.rawValue)],
                "seed": ref("seed", "The sampler's seed (default 42)."),
                "reward": object("What trials are ranked by (lower is better).", [
                    "loss": ["description": "validation (default) or training.", "enum": RewardLoss.allCases.map(\.rawValue)],
                    "folds": ["description": "1: the spec's validation set; k ≥ 2: k-fold over the data.", "type": "integer", "minimum": 1, "maximum": 100],
                    "statistic": ["description": "How fold and replica losses combine (default average).", "enum": RewardStatistic.allCases.map(\.rawValue)],
                ]),
                "prune": object("Stop trials worse than the median at the same epoch.", required: ["median"], [
                    "median": ["oneOf": [
                        ["type": "null"],
                        object("Median pruning settings.", [
                            "after_epochs": ["description": "No pruning before this epoch (default 0).", "type": "integer", "minimum": 0],
                            "every": ["description": "Report and compare every this many epochs (default 100).", "type": "integer", "minimum": 1],
                            "startup_trials": ["description": "Finished trials needed before pruning (default 5).", "type": "integer", "minimum": 0],
                        ]),
                    ]] as [String: Any],
                ]),
                "space": [
                    "description": "Paths into the spec (keys joined by '.', [i] / [*] / [a:b] for layers, * for the optimizer's name) and their values.",
                    "type": "object",
                    "additionalProperties": domain,
                ] as [String: Any],
                "architecture": object("The number of hidden layers and their widths (n3fit style).", required: ["layers", "units"], [
                    "layers": intBounds,
                    "units": intBounds,
                ]),
            ])
    }
}
