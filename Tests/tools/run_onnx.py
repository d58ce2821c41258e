"""Runs an ONNX model with onnxruntime on the columns of a CSV file and
writes its outputs as CSV, so a test can compare them with `nnc predict`.

    python run_onnx.py model.onnx in.csv out.csv

Every graph input is fed from the CSV column of its name ([N]); an input
[N, K] is fed the columns x0..x{K-1} (a spec with `inputs: K`). Outputs [N]
become a column of their name, [N, K] columns y0..y{K-1}, [R, N] columns
name_r0..name_r{R-1}. The model is first checked with onnx.checker when the
onnx package is installed.
"""
import csv
import sys

import numpy as np
import onnxruntime as ort

model, source, target = sys.argv[1:4]
try:
    import onnx

    onnx.checker.check_model(onnx.load(model), full_check=True)
except ImportError:
    pass

with open(source) as f:
    reader = csv.reader(f)
    header = next(reader)
    table = np.array([[float(v) for v in row] for row in reader], dtype=np.float32)
column = {name: table[:, i] for i, name in enumerate(header)}

session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
feed = {}
for i in session.get_inputs():
    if len(i.shape) == 1:
        feed[i.name] = column[i.name]
    else:
        feed[i.name] = np.stack([column[f"x{k}"] for k in range(i.shape[1])], axis=1)
names, columns = [], []
for o, value in zip(session.get_outputs(), session.run(None, feed)):
    if value.ndim == 1:
        names.append(o.name)
        columns.append(value)
    elif o.name == "y" and value.shape[0] == table.shape[0]:
        for k in range(value.shape[1]):
            names.append(f"y{k}")
            columns.append(value[:, k])
    else:
        for r in range(value.shape[0]):
            names.append(f"{o.name}_r{r}")
            columns.append(value[r])
with open(target, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(names)
    for row in np.stack(columns, axis=1):
        w.writerow([repr(float(v)) for v in row])
