"""Exports scikit-learn's 8x8 handwritten digits to digits.csv for nnc.

Run once (needs scikit-learn: `pip install scikit-learn`):
    python3 export_digits.py
Columns: x0..x63 the pixels row by row, scaled from 0..16 to 0..1;
y0..y9 the one-hot class (the network's 10 softmax outputs);
label the digit itself (not used by the spec; for reading the file).
"""
from sklearn.datasets import load_digits

digits = load_digits()
with open("digits.csv", "w") as f:
    f.write(",".join([f"x{i}" for i in range(64)] + [f"y{k}" for k in range(10)] + ["label"]) + "\n")
    for pixels, label in zip(digits.data, digits.target):
        xs = [f"{p / 16:.4g}" for p in pixels]
        ys = ["1" if k == label else "0" for k in range(10)]
        f.write(",".join(xs + ys + [str(label)]) + "\n")
print(f"wrote digits.csv: {len(digits.target)} images")
