"""Writes bench/specs/data/wide-128.csv: the `wide` workload's data, as peers.py
makes it (128 standard-normal inputs of 784 features, one-hot labels over 10
classes), rounded to three decimals to keep the file small.

Usage: python3 bench/tools/make_wide_csv.py   (from the repository root; no dependencies)
"""
import random

rng = random.Random(0)
rows, features, classes = 128, 784, 10
header = [f"x{i}" for i in range(features)] + [f"y{j}" for j in range(classes)]
with open("bench/specs/data/wide-128.csv", "w") as f:
    f.write(",".join(header) + "\n")
    for _ in range(rows):
        xs = [f"{rng.gauss(0, 1):.3f}" for _ in range(features)]
        label = rng.randrange(classes)
        ys = ["1" if j == label else "0" for j in range(classes)]
        f.write(",".join(xs + ys) + "\n")
