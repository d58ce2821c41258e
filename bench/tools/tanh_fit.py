import numpy as np
def fit(np_, nq, c, iters=200):
    # Chebyshev-distributed x in [0,c], plus dense near 0
    k = np.arange(40000)
    x = c*(1-np.cos(np.pi*(k+0.5)/len(k)))/2
    x = np.concatenate([x, np.linspace(1e-6, 0.5, 2000)])
    s = (x/c)**2
    f = np.tanh(x)/x
    f[x<1e-4] = 1 - x[x<1e-4]**2/3
    Qp = np.ones_like(s); w = np.ones_like(s)
    best=None
    for it in range(iters):
        A = np.hstack([np.vstack([s**j for j in range(np_+1)]).T, -(f[:,None]*np.vstack([s**j for j in range(1,nq+1)]).T)])
        sc = w/(f*np.abs(Qp))
        coef, *_ = np.linalg.lstsq(A*sc[:,None], f*sc, rcond=None)
        p = coef[:np_+1]; q = np.concatenate([[1.0], coef[np_+1:]])
        P = np.polyval(p[::-1], s); Q = np.polyval(q[::-1], s)
        err = np.abs(P/Q - f)/f
        if Q.min() <= 0: err[:] = np.inf
        e = err.max()
        if best is None or e < best[0]: best=(e,p.copy(),q.copy())
        Qp = Q
        w = w*np.sqrt(err/err.mean()+1e-30); w/=w.mean()
    return best
def evalf32(p,q,c):
    # fold scaling: coefficients in t = x^2: p_j / c^(2j)
    pt = np.array([p[j]/c**(2*j) for j in range(len(p))]).astype(np.float32)
    qt = np.array([q[j]/c**(2*j) for j in range(len(q))]).astype(np.float32)
    xs = np.concatenate([np.linspace(0, 12, 3000001), np.logspace(-30, 1.2, 200000)]).astype(np.float32)
    xc = np.minimum(xs, np.float32(c))
    t = (xc*xc).astype(np.float32)
    P = np.full_like(t, pt[-1])
    for j in range(len(pt)-2, -1, -1): P = (P*t + pt[j]).astype(np.float32)
    Q = np.full_like(t, qt[-1])
    for j in range(len(qt)-2, -1, -1): Q = (Q*t + qt[j]).astype(np.float32)
    y = ((xc*P).astype(np.float32)/Q).astype(np.float32)
    ref = np.tanh(xs.astype(np.float64))
    m = xs>0
    rel = (np.abs(y-ref)/ref)[m]
    return rel.max(), np.abs(y-ref).max(), pt, qt
for c in [9.0]:
  for (a,b) in [(6,3),(5,3),(6,4),(5,4),(4,4),(5,5),(6,5)]:
    e,p,q = fit(a,b,c)
    r,ab,pt,qt = evalf32(p,q,c)
    print(c,a,b,'fit %.3g'%e,'f32 rel %.3g abs %.3g'%(r,ab))
    if r < 4e-7: print('  p=',[float(v) for v in pt]); print('  q=',[float(v) for v in qt])
