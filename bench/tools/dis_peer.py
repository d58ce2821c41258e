#!/usr/bin/env python3
"""The `dis` workload in JAX, for bench/compare: the observables fit of
Examples/dis-closure (bench/specs/dis.yaml) written the way a JAX user would,
its training step jitted and vmapped over the replicas, timed per
replica-step.

    python3 dis_peer.py REPLICAS STEPS      # prints microseconds per replica-step

The model is the spec's: inputs (x, log x), a 2-20-20-1 tanh network, the
output preprocessed by x^a (1 - x)^b with a and b trainable and clipped to
their ranges, three FK-table observables with the inverse covariances of
their training rows (75 of 100), a sum rule (trapezoidal rule on 400
log-spaced points in [1e-6, 1], weight 100) and a positivity penalty (20
points), Adam with learning rate 1e-3. Each replica has its own initial
weights, exponents and fluctuated data. One jitted step does the forward
pass on every grid, the loss, the gradient and the Adam update for all
replicas at once.
"""
import os
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "Examples", "dis-closure")


def load():
    grid = np.loadtxt(os.path.join(DATA, "grid.csv"), skiprows=1)
    sets = []
    for name in ("F2_low", "F2_mid", "F2_high"):
        fk_path = os.path.join(DATA, f"{name}-fk.npy")
        fk = np.load(fk_path) if os.path.exists(fk_path) else np.loadtxt(os.path.join(DATA, f"{name}-fk.csv"), delimiter=",")
        cov_path = os.path.join(DATA, f"{name}-cov.npy")
        cov = np.load(cov_path) if os.path.exists(cov_path) else np.loadtxt(os.path.join(DATA, f"{name}-cov.csv"), delimiter=",")
        data = np.loadtxt(os.path.join(DATA, f"{name}-data.csv"), delimiter=",", skiprows=1)[:, 1]
        train = np.arange(75)
        inv = np.linalg.inv(cov[np.ix_(train, train)])
        sets.append((fk[train], data[train], inv, np.linalg.cholesky(cov[np.ix_(train, train)])))
    return grid, sets


def main():
    replicas = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    grid, sets = load()
    sr_x = np.logspace(-6, 0, 400)
    w = np.zeros_like(sr_x)
    w[1:] += 0.5 * np.diff(sr_x)
    w[:-1] += 0.5 * np.diff(sr_x)
    pos_x = np.logspace(-5, np.log10(0.9), 20)
    x_all = jnp.asarray(np.concatenate([grid, sr_x, pos_x]), dtype=jnp.float32)
    n_grid, n_sr = len(grid), len(sr_x)
    n_train = sum(len(d) for _, d, _, _ in sets)
    fks = [jnp.asarray(fk, jnp.float32) for fk, _, _, _ in sets]
    invs = [jnp.asarray(inv, jnp.float32) for _, _, inv, _ in sets]
    w = jnp.asarray(w, jnp.float32)

    key = jax.random.PRNGKey(0)

    def init(k):
        k1, k2, k3, k4, k5 = jax.random.split(k, 5)
        glorot = lambda k, shape: jax.random.truncated_normal(k, -2, 2, shape) * jnp.sqrt(2 / sum(shape)) / 0.8796
        return {
            "w0": glorot(k1, (20, 2)), "b0": jnp.zeros(20), "w1": glorot(k2, (20, 20)), "b1": jnp.zeros(20),
            "w2": glorot(k3, (1, 20)), "b2": jnp.zeros(1),
            "a": jax.random.uniform(k4, (), minval=-0.8, maxval=-0.2), "b": jax.random.uniform(k5, (), minval=2.0, maxval=4.0),
        }

    def data(k):
        ks = jax.random.split(k, len(sets))
        return [jnp.asarray(d, jnp.float32) + jnp.asarray(l, jnp.float32) @ jax.random.normal(kk, (len(d),))
                for (_, d, _, l), kk in zip(sets, ks)]

    def f(p, x):
        inputs = jnp.stack([x, jnp.log(x)])
        h = jnp.tanh(p["w0"] @ inputs + p["b0"][:, None])
        h = jnp.tanh(p["w1"] @ h + p["b1"][:, None])
        nn = (p["w2"] @ h + p["b2"][:, None])[0]
        return x ** p["a"] * jnp.where(x < 1, (1 - x) ** p["b"], 0.0) * nn

    def loss(p, d, lam):
        values = f(p, x_all)
        fg, fs, fp = values[:n_grid], values[n_grid:n_grid + n_sr], values[n_grid + n_sr:]
        chi2 = sum((fk @ fg - dd) @ inv @ (fk @ fg - dd) for fk, dd, inv in zip(fks, d, invs)) / n_train
        sum_rule = 100.0 * (w @ fs - 2.0) ** 2
        positivity = lam * jnp.sum(jnp.maximum(0.0, -fp))
        return chi2 + sum_rule + positivity

    opt = optax.adam(1e-3)

    def step(p, s, d, lam):
        value, g = jax.value_and_grad(loss)(p, d, lam)
        updates, s = opt.update(g, s, p)
        p = optax.apply_updates(p, updates)
        p["a"] = jnp.clip(p["a"], -0.8, -0.2)
        p["b"] = jnp.clip(p["b"], 2.0, 4.0)
        return p, s, value

    keys = jax.random.split(key, replicas)
    params = jax.vmap(init)(keys)
    ds = jax.vmap(data)(jax.random.split(jax.random.PRNGKey(1), replicas))
    states = jax.vmap(opt.init)(params)
    vstep = jax.jit(jax.vmap(step, in_axes=(0, 0, 0, None)))
    lam = jnp.float32(1.0)
    params, states, value = vstep(params, states, ds, lam)
    value.block_until_ready()
    start = time.perf_counter()
    for _ in range(steps):
        params, states, value = vstep(params, states, ds, lam)
    value.block_until_ready()
    seconds = time.perf_counter() - start
    print(f"{seconds / (steps * replicas) * 1e6:.2f}")


if __name__ == "__main__":
    main()
