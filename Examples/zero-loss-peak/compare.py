"""Compares the network's zero-loss peak with the exact one.

    python3 compare.py truth.csv predictions.csv
truth.csv (from make_spectra.py) has e, logn and the exact expected log of
the counts; predictions.csv the column logi written by `nnc predict` for
grid.csv (read by name: predict writes the input columns e and logn first). Prints, for each exposure, the largest and RMS difference in log
intensity (0.01 is a 1% error in the intensity), over the whole range and in
the core of the peak (|e| <= 0.3 eV). Needs NumPy.
"""
import sys
import numpy as np

truth = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
fit = np.genfromtxt(sys.argv[2], delimiter=",", names=True)["logi"]
diff = fit - truth[:, 2]
print(f"{'log10 N':>8} {'points':>6} {'max |dlog|':>10} {'rms':>7} {'core max':>9}")
for logn in np.unique(truth[:, 1]):
    m = truth[:, 1] == logn
    core = m & (np.abs(truth[:, 0]) <= 0.3)
    print(f"{logn:8.2f} {m.sum():6d} {np.abs(diff[m]).max():10.4f} {np.sqrt(np.mean(diff[m] ** 2)):7.4f} {np.abs(diff[core]).max():9.4f}")
