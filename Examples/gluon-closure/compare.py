"""Compares an ensemble prediction of the closure test with the truth.

    python3 compare.py grid.csv predictions.csv
grid.csv has the column x; predictions.csv the columns xg and xg_std written
by `nnc predict` for those points. Prints the truth, the fit and its spread at
a few x, then: the largest and the mean |fit - truth| / truth, and the
fraction of points where the truth is within one and two standard
deviations of the replicas' mean. Needs NumPy.
"""
import sys
import numpy as np

x = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
pred = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
mean, std = pred[:, 0], pred[:, 1]
truth = x**-0.1 * (1 - x) ** 5

print(f"{'x':>9} {'truth':>8} {'fit':>8} {'std':>7} {'pull':>6}")
for i in np.linspace(0, len(x) - 1, 7).astype(int):
    print(f"{x[i]:9.4g} {truth[i]:8.4f} {mean[i]:8.4f} {std[i]:7.4f} {(mean[i] - truth[i]) / std[i]:6.2f}")
rel = np.abs(mean - truth) / np.abs(truth)
mask = truth > 0.05  # relative errors mean little where the truth vanishes (x -> 1)
print(f"max |fit - truth| / truth (truth > 0.05): {rel[mask].max():.4f}; mean {rel[mask].mean():.4f}")
pull = np.abs(mean - truth) / std
print(f"truth within 1 std: {np.mean(pull < 1):.0%}, within 2 std: {np.mean(pull < 2):.0%} of {len(x)} points")
