import NNCSpec

/// The schema of the physics parts (issue 9; docs/physics.md): preprocessing,
/// observables, constraints and `expect`.
extension SpecSchema {
    static var physicsDefinitions: [String: Any] {
        let name: [String: Any] = ["type": ["string", "number"], "pattern": "^[A-Za-z0-9_-]{1,100}$"]
        let path: [String: Any] = ["description": "A file, relative to the spec's folder.", "type": "string", "minLength": 1]
        let interval: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 2, "items": ["type": "number"]]
        return [
            "preprocessing": object(
                "Every output becomes x^a (1 − x)^b · NN(x), x a raw input in (0, 1); a and b drawn per replica from their ranges.",
                required: ["input", "small_x", "large_x"],
                [
                    "input": ["description": "The raw input x of the factors.", "type": "string"],
                    "small_x": interval.merging(["description": "[lower, upper] of a, the exponent of x^a."]) { a, _ in a },
                    "large_x": interval.merging(["description": "[lower, upper] of b, the exponent of (1 − x)^b."]) { a, _ in a },
                    "trainable": ref("boolean", "Whether a and b are fitted, kept inside their ranges (default false)."),
                ]),
            "observable": [
                "description": "One data set: F = K·f(grid), K the FK table (N_data × N_outputs·N_grid, output-major).",
                "type": "object", "additionalProperties": false,
                "required": ["name", "grid", "fktable", "values"],
                "oneOf": [["required": ["covariance"]], ["required": ["uncertainty"]]],
                "properties": [
                    "name": name.merging(["description": "The data set's name, used in reports."]) { a, _ in a },
                    "grid": path.merging(["description": "A CSV file with a header naming the raw inputs; one row per grid point."]) { a, _ in a },
                    "fktable": path.merging(["description": "The FK table: a headerless CSV file or a .npy file, N_data × (N_outputs·N_grid)."]) { a, _ in a },
                    "values": ["$ref": "#/$defs/observableValues"],
                    "covariance": path.merging(["description": "The experimental covariance, N_data × N_data: a headerless CSV file or a .npy file."]) { a, _ in a },
                    "uncertainty": ref("columnFile", "One standard deviation a data point, from a column of a CSV file (a diagonal covariance)."),
                ] as [String: Any],
            ] as [String: Any],
            "columnFile": object(
                "A column of a CSV file with a header.", required: ["csv", "column"],
                ["csv": path, "column": ["description": "The column's name.", "type": "string"]]),
            "observableValues": [
                "description": "The central values: a column of a CSV file, or closure pseudo-data from a truth.",
                "oneOf": [
                    object(
                        "A column of a CSV file with a header.", required: ["csv", "column"],
                        [
                            "csv": path, "column": ["description": "The column's name.", "type": "string"],
                            "truth_column": ["description": "The file's column of the values the data were made from: the reference of the closure figures.",
                                             "type": "string"],
                        ]),
                    object(
                        "Closure pseudo-data: K·truth(grid), plus L·z (C = L·Lᵀ) at level 1.", required: ["truth"],
                        [
                            "truth": [
                                "description": "The truth as an expression of the inputs, or one expression per output.",
                                "anyOf": [
                                    ["type": ["string", "number"]],
                                    ["type": "object", "minProperties": 1, "additionalProperties": ["type": ["string", "number"]]],
                                ],
                            ] as [String: Any],
                            "level": ["description": "0: K·truth exactly; 1: plus one draw of the experimental noise (default 1).",
                                      "enum": [0, 1]],
                            "seed": ref("seed", "The seed of the level-1 noise (default 0)."),
                        ]),
                ],
            ] as [String: Any],
            "constraint": [
                "description": "A sum rule or a positivity constraint.",
                "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
                "properties": ["sum_rule": ["$ref": "#/$defs/sumRule"], "positivity": ["$ref": "#/$defs/positivity"]],
            ] as [String: Any],
            "outputWeights": [
                "description": "Output names mapped to weight expressions of the inputs: {f: \"1\"} is Σ_o w_o(x) f_o(x) with w_f = 1.",
                "type": "object", "minProperties": 1, "additionalProperties": ["type": ["string", "number"]],
            ] as [String: Any],
            "constraintGrid": [
                "description": "A grid in one raw input: {x: {logspace: [1.0e-6, 1.0], points: 400}} (linspace or logspace).",
                "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": ["$ref": "#/$defs/sampling"],
            ] as [String: Any],
            "sumRule": object(
                "Adds weight·(I − equals)² to the cost, I the trapezoidal integral of the integrand over the grid.",
                required: ["integrand", "over", "equals"],
                [
                    "integrand": ref("outputWeights", "The integrand: output names mapped to weight expressions."),
                    "over": ref("constraintGrid", "The integration grid."),
                    "equals": ["description": "The value the integral must have.", "type": "number"],
                    "weight": ["description": "The weight of the penalty (default 1).", "type": "number", "minimum": 0],
                    "name": name.merging(["description": "The constraint's name (default sum_rule_<i>)."]) { a, _ in a },
                ]),
            "positivity": object(
                "Adds λ_t·Σ_k max(0, −v_k) to the cost, v_k the weighted outputs at the grid points.",
                required: ["of", "at"],
                [
                    "of": ref("outputWeights", "What must stay ≥ 0: output names mapped to weight expressions."),
                    "at": ref("constraintGrid", "The grid of points."),
                    "multiplier": object(
                        "λ_t = min(initial·factor^⌊t/every⌋, max) at epoch t (defaults 1, 1.3, 100, 1e10).",
                        [
                            "initial": ["type": "number", "exclusiveMinimum": 0],
                            "factor": ["type": "number", "minimum": 1],
                            "every": ["type": "integer", "minimum": 1],
                            "max": ["type": "number", "exclusiveMinimum": 0],
                        ]),
                    "threshold": ["description": "An epoch is a stopping candidate while every v_k ≥ −threshold (default 1e-6).",
                                  "type": "number", "minimum": 0],
                    "name": name.merging(["description": "The constraint's name (default positivity_<i>)."]) { a, _ in a },
                ]),
            "expect": object(
                "Assertions on the run's results, checked at the end of `nnc train` and by `nnc test`.",
                [
                    "best_val_loss": ref("condition", "The best validation loss (mean over replicas)."),
                    "final_train_loss": ref("condition", "The last epoch's training loss (mean over replicas)."),
                    "accuracy": ref("condition", "The classification accuracy."),
                    "closure": object(
                        "Closure-test figures (observables from a truth).",
                        Dictionary(uniqueKeysWithValues: ClosureFigure.allCases.map { ($0.rawValue, ["$ref": "#/$defs/condition"] as Any) })),
                    "constraints": [
                        "description": "A constraint's final value by its name.",
                        "type": "object", "additionalProperties": ["$ref": "#/$defs/condition"],
                    ] as [String: Any],
                ]),
            "condition": [
                "description": "{below: x}, {above: x} or {between: [a, b]}.",
                "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
                "properties": [
                    "below": ["type": "number"],
                    "above": ["type": "number"],
                    "between": interval,
                ] as [String: Any],
            ] as [String: Any],
        ]
    }
}
