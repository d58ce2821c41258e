#!/usr/bin/env python3
"""Makes the data of the DIS-like closure test: three data sets whose values
are convolutions of a known parton distribution f(x) with known kernels,
written as FK tables on a fixed x-grid, with a realistic covariance and
level-1 pseudo-data.

    python3 make_data.py        # writes the files next to this script

The truth (what the fit should find) is a valence-like distribution whose
integral over x in (0, 1) is 2 (a valence sum rule):

    f(x) = A · x^-0.5 · (1 - x)^3,   A = 2 / B(0.5, 4) = 2.1875

Each data set i is a structure-function-like observable

    F(x_i) = ∫_{x_i}^1 dy/y · C_s(x_i / y) · f(y),   C_s(z) = 1 + c_s·(1 - z)^2

discretised on a log-spaced grid y_j (50 points in [1e-4, 1)) with
trapezoidal weights in ln y, so F = K·f(grid) with K (100 × 50) the FK
table. The three sets differ in c_s (0.0, 0.5, 1.5) and in their x range.

The covariance of each set is uncorrelated statistical errors (3% of F)
plus a fully correlated normalisation uncertainty (2% of F):

    C = diag((0.03 F)²) + (0.02 F)(0.02 F)ᵀ

Level-1 pseudo-data: D = F + L·z with C = L·Lᵀ and z standard normal, from
a fixed seed, written for every set (F2_high's only for comparison: the
spec has nnc make its pseudo-data from the truth with `values: {truth: ...,
level: 1}`, so both ways are exercised). F2_low's FK table and covariance
are headerless CSV files, the others' NumPy .npy files.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
def beta(a, b):
    from math import lgamma, exp
    return exp(lgamma(a) + lgamma(b) - lgamma(a + b))


A = 2.0 / beta(0.5, 4.0)


def truth(x):
    return A * x ** -0.5 * (1 - x) ** 3


def fktable(xs, grid, c):
    """K[i, j] = w_j · C(x_i / y_j) for y_j ≥ x_i, trapezoidal weights in ln y."""
    ln = np.log(grid)
    w = np.zeros_like(grid)
    w[1:] += 0.5 * np.diff(ln)
    w[:-1] += 0.5 * np.diff(ln)
    k = np.zeros((len(xs), len(grid)))
    for i, x in enumerate(xs):
        for j, y in enumerate(grid):
            if y >= x:
                z = x / y
                k[i, j] = w[j] * (1 + c * (1 - z) ** 2)
    return k


def main():
    grid = np.logspace(-4, np.log10(0.98), 50)
    np.savetxt(os.path.join(HERE, "grid.csv"), grid, header="x", comments="", fmt="%.12g")
    rng = np.random.default_rng(20261201)
    sets = [("F2_low", 0.0, (1e-3, 0.3)), ("F2_mid", 0.5, (5e-3, 0.6)), ("F2_high", 1.5, (2e-2, 0.8))]
    for name, c, (lo, hi) in sets:
        xs = np.logspace(np.log10(lo), np.log10(hi), 100)
        k = fktable(xs, grid, c)
        f = k @ truth(grid)
        cov = np.diag((0.03 * f) ** 2) + np.outer(0.02 * f, 0.02 * f)
        l = np.linalg.cholesky(cov)
        data = f + l @ rng.standard_normal(len(f))
        # F2_low as headerless CSV files, the others as .npy: both are read.
        if name == "F2_low":
            np.savetxt(os.path.join(HERE, f"{name}-fk.csv"), k, delimiter=",", fmt="%.10g")
            np.savetxt(os.path.join(HERE, f"{name}-cov.csv"), cov, delimiter=",", fmt="%.10g")
        else:
            np.save(os.path.join(HERE, f"{name}-fk.npy"), k)
            np.save(os.path.join(HERE, f"{name}-cov.npy"), cov)
        with open(os.path.join(HERE, f"{name}-data.csv"), "w") as out:
            out.write("x,value,truth\n")
            for x, d, t in zip(xs, data, f):
                out.write(f"{x:.10g},{d:.10g},{t:.10g}\n")
        print(f"{name}: {len(xs)} points, F in [{f.min():.3g}, {f.max():.3g}]")


if __name__ == "__main__":
    main()
