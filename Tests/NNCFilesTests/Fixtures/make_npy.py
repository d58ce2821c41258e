#!/usr/bin/env python3
"""Writes the .npy fixtures of NNCFilesTests with NumPy itself (run from this folder).

Each array is the 3x4 matrix m[r, c] = 10*r + c + 0.5 (or a variant named in
its file name), so a test can check every element and its position.
"""
import numpy as np
from numpy.lib import format as npformat

m = np.array([[10 * r + c + 0.5 for c in range(4)] for r in range(3)])

np.save("c-f8.npy", m.astype("<f8"))
np.save("c-f4.npy", m.astype("<f4"))
np.save("fortran-f8.npy", np.asfortranarray(m.astype("<f8")))
np.save("vector-f8.npy", m[0].astype("<f8"))
np.save("big-endian-f8.npy", m.astype(">f8"))
np.save("int64.npy", (m * 2).astype("<i8"))
np.save("nan-f8.npy", np.where(m == 21.5, np.nan, m).astype("<f8"))
with open("v2-f8.npy", "wb") as f:
    npformat.write_array(f, m.astype("<f8"), version=(2, 0))
with open("v3-f8.npy", "wb") as f:
    npformat.write_array(f, m.astype("<f8"), version=(3, 0))
# Cut short: the header and half the data.
data = open("c-f8.npy", "rb").read()
open("truncated-f8.npy", "wb").write(data[: len(data) - 48])
