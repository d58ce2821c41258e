"""Synthetic electron-energy-loss spectra in vacuum: the zero-loss peak alone.

Writes spectra.csv, the training data of zero-loss-peak.yaml, and grid.csv /
truth.csv, inputs at three exposures between the measured ones with the exact
expected log-intensity, to compare the trained network against (compare.py,
README.md). Needs only NumPy:
    python3 make_spectra.py

The model of the peak (what the network has to learn from its shape):
  * five vacuum spectra recorded with different exposures, total counts
    N = 1e5 ... 1e7 (the input `logn` = log10 N);
  * the peak is a Gaussian core with a Lorentzian-like tail on the
    energy-loss side and a weaker one on the gain side; its core width grows
    slightly with the exposure (detector blooming), FWHM 0.30 to 0.36 eV;
  * 0.01 eV channels from -0.6 to 1.5 eV; counts are Poisson.
The target is the natural log of the counts per channel, with the Poisson
uncertainty of a log, 1/sqrt(counts), in column `dlog` (the chi2 sigma).
Channels with fewer than 20 counts are left out (the log is ill-defined there).
"""
import numpy as np

rng = np.random.default_rng(2021)
channel = 0.01
energies = np.round(np.arange(-0.6, 1.5 + channel / 2, channel), 6)


def expected_counts(e, logn):
    fwhm = 0.30 + 0.03 * (logn - 5.0)
    s = fwhm / (2.0 * np.sqrt(2.0 * np.log(2.0)))
    core = np.exp(-0.5 * (e / s) ** 2)
    gamma = 0.08
    tail = np.where(e > 0, 0.03, 0.01) * gamma**2 / (e**2 + gamma**2)
    shape = core + tail
    # normalise over a wide range so N is the total count of the peak
    wide = np.arange(-5.0, 10.0, channel)
    wshape = np.exp(-0.5 * (wide / s) ** 2) + np.where(wide > 0, 0.03, 0.01) * gamma**2 / (wide**2 + gamma**2)
    return 10.0**logn * shape / wshape.sum()


with open("spectra.csv", "w") as f:
    f.write("spectrum,e,logn,logi,dlog\n")
    for k, logn in enumerate([5.0, 5.5, 6.0, 6.5, 7.0]):
        counts = rng.poisson(expected_counts(energies, logn))
        for e, c in zip(energies, counts):
            if c >= 20:
                f.write(f"{k},{e:.2f},{logn},{np.log(c):.6f},{1 / np.sqrt(c):.6f}\n")

with open("grid.csv", "w") as g, open("truth.csv", "w") as t:
    g.write("e,logn\n")
    t.write("e,logn,logi\n")
    # Exposures between the measured ones, over the range where such a
    # spectrum has at least 20 counts a channel (where the data constrain it).
    for logn in [5.25, 6.0, 6.75]:
        for e in np.round(np.arange(-0.6, 1.5 + 1e-9, 0.02), 6):
            mu = expected_counts(np.array([e]), logn)[0]
            if mu >= 20:
                g.write(f"{e:.2f},{logn}\n")
                t.write(f"{e:.2f},{logn},{np.log(mu):.6f}\n")
print("wrote spectra.csv, grid.csv, truth.csv")
