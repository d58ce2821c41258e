"""Fits the rational approximation of tanh used by VectorMath.tanh in
Sources/NNCRuntime/VectorMath.swift, and measures it in float32.

tanh(x) ~ x * P(x^2) / Q(x^2) on [0, 9] (beyond, the value at 9), with P and Q
of degree 4 in x^2 and Q(0) = 1. The fit minimises the maximum relative error
by iteratively reweighted linear least squares (Lawson's method on the
linearised problem P - f*Q, weighted by 1/(f*Q_previous)), in the scaled
variable s = x^2 / 81 for conditioning; the coefficients are then rescaled to
x^2 and rounded to float32, and the float32 evaluation (unfused multiply and
add, as the Swift code does) is compared with numpy's float64 tanh.

Usage: python3 bench/tools/tanh_fit.py     (needs numpy)
Prints the coefficients (lowest degree first) and the measured errors; the
Swift code holds the values printed for degree (4, 4).
"""
import numpy as np

C = 9.0  # clamp: tanh(9) = 1 - 3.05e-8, within one float ulp of 1


def fit(np_, nq, iters=200):
    k = np.arange(40000)
    x = C * (1 - np.cos(np.pi * (k + 0.5) / len(k))) / 2  # Chebyshev points on [0, C]
    x = np.concatenate([x, np.linspace(1e-6, 0.5, 2000)])
    s = (x / C) ** 2
    f = np.tanh(x) / x
    small = x < 1e-4
    f[small] = 1 - x[small] ** 2 / 3
    q_prev = np.ones_like(s)
    w = np.ones_like(s)
    best = None
    for _ in range(iters):
        a = np.hstack([np.vstack([s ** j for j in range(np_ + 1)]).T,
                       -(f[:, None] * np.vstack([s ** j for j in range(1, nq + 1)]).T)])
        scale = w / (f * np.abs(q_prev))
        coef, *_ = np.linalg.lstsq(a * scale[:, None], f * scale, rcond=None)
        p = coef[:np_ + 1]
        q = np.concatenate([[1.0], coef[np_ + 1:]])
        pv, qv = np.polyval(p[::-1], s), np.polyval(q[::-1], s)
        err = np.abs(pv / qv - f) / f
        if qv.min() <= 0:
            err[:] = np.inf
        if best is None or err.max() < best[0]:
            best = (err.max(), p.copy(), q.copy())
        q_prev = qv
        w = w * np.sqrt(err / err.mean() + 1e-30)
        w /= w.mean()
    return best


def measure(p, q):
    pt = np.array([p[j] / C ** (2 * j) for j in range(len(p))]).astype(np.float32)
    qt = np.array([q[j] / C ** (2 * j) for j in range(len(q))]).astype(np.float32)
    xs = np.concatenate([np.linspace(0, 12, 3000001), np.logspace(-30, 1.2, 200000)]).astype(np.float32)
    xc = np.minimum(xs, np.float32(C))
    t = (xc * xc).astype(np.float32)
    pv = np.full_like(t, pt[-1])
    for j in range(len(pt) - 2, -1, -1):
        pv = (pv * t + pt[j]).astype(np.float32)
    qv = np.full_like(t, qt[-1])
    for j in range(len(qt) - 2, -1, -1):
        qv = (qv * t + qt[j]).astype(np.float32)
    y = ((xc * pv).astype(np.float32) / qv).astype(np.float32)
    ref = np.tanh(xs.astype(np.float64))
    m = xs > 0
    return (np.abs(y[m] - ref[m]) / ref[m]).max(), np.abs(y - ref).max(), pt, qt


if __name__ == "__main__":
    e, p, q = fit(4, 4)
    rel, ab, pt, qt = measure(p, q)
    print(f"fit max relative error (float64): {e:.3g}")
    print(f"float32 evaluation: max relative {rel:.3g}, max absolute {ab:.3g}")
    print("P (in x^2):", [float(v) for v in pt])
    print("Q (in x^2):", [float(v) for v in qt])
