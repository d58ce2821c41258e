#!/usr/bin/env python3
"""An independent NumPy computation of one optimiser step on a small
observable fit, for PhysicsStepTests: the network, its preprocessing, two
FK tables, a sum rule and a positivity constraint written out by hand in
float64, the gradient by central finite differences, and one SGD step.

    python3 make_expected.py     # rewrites the data files and expected.json

The spec is spec.yaml; the initial parameters are drawn here and written to
initial.json (by the weights-file names), which the test loads into the slab.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(3)

grid = np.array([0.05, 0.2, 0.45, 0.7, 0.9])           # the observables' grid
sr_x = np.linspace(0.1, 1.0, 6)                        # sum rule: linspace [0.1, 1], 6 points
pos_x = np.linspace(0.3, 0.8, 3)                       # positivity: linspace [0.3, 0.8], 3 points
fk_a = rng.uniform(0.0, 1.0, (3, 5))
fk_b = rng.uniform(0.0, 1.0, (2, 5))
cov_a = np.diag([0.04, 0.09, 0.01]) + 0.01
cov_b = np.array([[0.05, 0.01], [0.01, 0.02]])
data_a = np.array([0.9, 1.4, 0.6])
data_b = np.array([1.1, 0.7])

params = {
    "dense_0.weight": rng.normal(0, 0.8, (3, 1)),
    "dense_0.bias": rng.normal(0, 0.3, (3,)),
    "dense_1.weight": rng.normal(0, 0.8, (1, 3)),
    "dense_1.bias": rng.normal(0, 0.3, (1,)),
    "preprocessing.a": np.array([0.3]),
    "preprocessing.b": np.array([2.5]),
}
order = list(params)


def network(p, x):
    h = np.tanh(p["dense_0.weight"] @ x[None, :] + p["dense_0.bias"][:, None])
    nn = (p["dense_1.weight"] @ h + p["dense_1.bias"][:, None])[0]
    return x ** p["preprocessing.a"][0] * (1 - x) ** p["preprocessing.b"][0] * nn


def trapezoid(x):
    w = np.zeros_like(x)
    w[1:] += 0.5 * np.diff(x)
    w[:-1] += 0.5 * np.diff(x)
    return w


def loss(p):
    f = network(p, grid)
    n = 3 + 2                                           # every training point
    ra = fk_a @ f - data_a
    rb = fk_b @ f - data_b
    chi2 = (ra @ np.linalg.solve(cov_a, ra) + rb @ np.linalg.solve(cov_b, rb)) / n
    integral = trapezoid(sr_x) @ (sr_x * network(p, sr_x))      # integrand {f: "x"}
    sum_rule = 10.0 * (integral - 0.3) ** 2
    v = network(p, pos_x)
    positivity = 1.0 * np.sum(np.maximum(0, -v))                # multiplier initial 1
    return chi2 + sum_rule + positivity


def flat(p):
    return np.concatenate([p[k].ravel() for k in order])


def unflat(v):
    out, i = {}, 0
    for k in order:
        size = params[k].size
        out[k] = v[i:i + size].reshape(params[k].shape)
        i += size
    return out


p0 = flat(params)
g = np.zeros_like(p0)
h = 1e-7
for i in range(len(p0)):
    up, down = p0.copy(), p0.copy()
    up[i] += h
    down[i] -= h
    g[i] = (loss(unflat(up)) - loss(unflat(down))) / (2 * h)
lr = 0.05
p1 = p0 - lr * g

np.savetxt(os.path.join(HERE, "grid.csv"), grid, header="x", comments="", fmt="%.17g")
np.savetxt(os.path.join(HERE, "fk-a.csv"), fk_a, delimiter=",", fmt="%.17g")
np.savetxt(os.path.join(HERE, "fk-b.csv"), fk_b, delimiter=",", fmt="%.17g")
np.savetxt(os.path.join(HERE, "cov-a.csv"), cov_a, delimiter=",", fmt="%.17g")
np.savetxt(os.path.join(HERE, "cov-b.csv"), cov_b, delimiter=",", fmt="%.17g")
for name, d in (("data-a.csv", data_a), ("data-b.csv", data_b)):
    np.savetxt(os.path.join(HERE, name), d, header="value", comments="", fmt="%.17g")
with open(os.path.join(HERE, "initial.json"), "w") as out:
    json.dump({k: params[k].ravel().tolist() for k in order}, out, indent=1)
with open(os.path.join(HERE, "expected.json"), "w") as out:
    json.dump({"loss": loss(params), "gradient": dict(zip(order, np.split(g, np.cumsum([params[k].size for k in order])[:-1]))),
               "after": {k: v.ravel().tolist() for k, v in unflat(p1).items()}, "learning_rate": lr},
              out, indent=1, default=lambda a: a.tolist())
print("loss", loss(params), "|g|", np.linalg.norm(g))
