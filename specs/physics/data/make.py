"""Makes the small observable files of specs/physics/observables.yaml.

A DIS-like toy: N_grid = 8 points in x, FK tables from a smooth kernel,
a covariance of uncorrelated statistical errors plus a fully correlated
normalisation uncertainty, and central values K·truth + L·z.
Run from this folder: python3 make.py
"""
import numpy as np

rng = np.random.default_rng(9)
x = np.array([1e-3, 5e-3, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7])
np.savetxt("grid.csv", x[:, None], header="x", comments="", delimiter=",", fmt="%.17g")

def fk(n_data, shift):
    q = np.linspace(0.1, 0.9, n_data)[:, None]
    k = np.exp(-((np.log(x)[None, :] - np.log(q * 0.5 + shift)) ** 2))
    w = np.gradient(x)
    return k * w[None, :]

truth = 3 * x**0.5 * (1 - x) ** 3
for name, n, shift in [("F2", 6, 0.01), ("FL", 5, 0.02)]:
    k = fk(n, shift)
    f = k @ truth
    stat = 0.05 * np.abs(f) + 1e-4
    norm = 0.03 * f
    c = np.diag(stat**2) + np.outer(norm, norm)
    l = np.linalg.cholesky(c)
    values = f + l @ rng.standard_normal(n)
    if name == "F2":
        np.savetxt("F2-fk.csv", k, delimiter=",", fmt="%.17g")
        np.savetxt("F2-cov.csv", c, delimiter=",", fmt="%.17g")
        np.savetxt("F2-data.csv", np.column_stack([values, np.sqrt(np.diag(c))]), header="value,error",
                   comments="", delimiter=",", fmt="%.17g")
    else:
        np.save("FL-fk.npy", k)
        np.save("FL-cov.npy", c)
