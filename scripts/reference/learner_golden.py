#!/usr/bin/env python3
"""Golden values for the learner's maths, independent of the Java code.

- Categorical projection via the C51 paper's Eq. 7 "hat" form,
  m_i = sum_j clip(1 - |clip(r + d z_j, vMin, vMax) - z_i| / dz, 0, 1) p_j,
  which shares no code path with the Java floor/ceil implementation.
- Loss terms (categorical TD, MSE, Huber, CQL, BC, DR3) and their gradients, by central differences in
  float64 (no hand-derived gradients).

Run from the repository root:
    python3 scripts/reference/learner_golden.py > scaledql-core/src/test/resources/golden/learner.json
"""
import json
import numpy as np


def atoms(n, vmin, vmax):
    z = vmin + np.arange(n) * (vmax - vmin) / (n - 1)
    z[-1] = vmax
    return z


def project(probs, rewards, discounts, n, vmin, vmax):
    z = atoms(n, vmin, vmax)
    dz = (vmax - vmin) / (n - 1)
    tz = np.clip(rewards[:, None] + discounts[:, None] * z[None, :], vmin, vmax)          # [B, N]
    w = np.clip(1.0 - np.abs(tz[:, None, :] - z[None, :, None]) / dz, 0.0, 1.0)           # [B, i, j]
    return np.einsum("bij,bj->bi", w, probs)


def log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def num_grad(f, x, eps=1e-6):
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        fp = f(x)
        x[i] = old - eps
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * eps)
    return g


def c51_q(logits, z):
    return (np.exp(log_softmax(logits)) * z).sum(-1)


def main():
    rng = np.random.default_rng(7)
    out = {}

    # Projection cases.
    proj = []
    for (n, vmin, vmax) in [(11, -2.0, 3.0), (51, -10.0, 10.0)]:
        z = atoms(n, vmin, vmax)
        b = 12
        probs = rng.dirichlet(np.ones(n) * 0.5, size=b)
        rewards = np.concatenate([rng.uniform(-3, 3, 6), [0.0, z[3], vmin, vmax, 100.0, -100.0]])
        discounts = np.array([0.99, 0.0, 1.0, 0.97, 0.5, 0.99 ** 3, 1.0, 0.0, 0.0, 0.0, 0.99, 0.99])
        m = project(probs, rewards, discounts, n, vmin, vmax)
        proj.append({"numAtoms": n, "vMin": vmin, "vMax": vmax, "probs": probs.ravel().tolist(),
                     "rewards": rewards.tolist(), "discounts": discounts.tolist(), "projected": m.ravel().tolist()})
    out["projection"] = proj

    # C51 loss terms on logits [B, A, N].
    b, a, n = 4, 3, 5
    z = atoms(n, -1.0, 2.0)
    logits = rng.standard_normal((b, a, n))
    actions = np.array([0, 2, 1, 2])
    onehot = np.eye(a)[actions]
    target = rng.dirichlet(np.ones(n), size=b)

    def td(lg):
        lp = log_softmax(lg)
        return -(target * (lp * onehot[:, :, None]).sum(1)).sum(1).mean()

    def cql(lg):
        q = c51_q(lg, z)
        m = q.max(1, keepdims=True)
        lse = np.log(np.exp(q - m).sum(1)) + m[:, 0]
        return (lse - (q * onehot).sum(1)).mean()

    def bc(lg):
        q = c51_q(lg, z)
        return -(log_softmax(q) * onehot).sum(1).mean()

    out["c51"] = {"batch": b, "actions": a, "atoms": n, "vMin": -1.0, "vMax": 2.0,
                  "logits": logits.ravel().tolist(), "actionIds": actions.tolist(), "targetProbs": target.ravel().tolist(),
                  "td": td(logits), "tdGrad": num_grad(td, logits.copy()).ravel().tolist(),
                  "cql": cql(logits), "cqlGrad": num_grad(cql, logits.copy()).ravel().tolist(),
                  "bc": bc(logits), "bcGrad": num_grad(bc, logits.copy()).ravel().tolist()}

    # Scalar loss terms on q [B, A].
    q = rng.standard_normal((b, a)) * 2
    y = rng.standard_normal(b) * 2

    def mse(qq):
        d = (qq * onehot).sum(1) - y
        return (0.5 * d * d).mean()

    def huber(qq):
        d = np.abs((qq * onehot).sum(1) - y)
        return np.where(d <= 1.0, 0.5 * d * d, d - 0.5).mean()

    def cql_q(qq):
        m = qq.max(1, keepdims=True)
        return (np.log(np.exp(qq - m).sum(1)) + m[:, 0] - (qq * onehot).sum(1)).mean()

    out["scalar"] = {"batch": b, "actions": a, "q": q.ravel().tolist(), "actionIds": actions.tolist(), "targets": y.tolist(),
                     "mse": mse(q), "mseGrad": num_grad(mse, q.copy()).ravel().tolist(),
                     "huber": huber(q), "huberGrad": num_grad(huber, q.copy()).ravel().tolist(),
                     "cql": cql_q(q), "cqlGrad": num_grad(cql_q, q.copy()).ravel().tolist()}

    # DR3 on features.
    d = 6
    f = rng.standard_normal((b, d))
    g = rng.standard_normal((b, d))
    dr3 = lambda ff: np.abs((ff * g).sum(1)).mean()
    dr3n = lambda gg: np.abs((f * gg).sum(1)).mean()
    out["dr3"] = {"batch": b, "dim": d, "features": f.ravel().tolist(), "nextFeatures": g.ravel().tolist(),
                  "value": dr3(f), "featuresGrad": num_grad(dr3, f.copy()).ravel().tolist(),
                  "nextFeaturesGrad": num_grad(dr3n, g.copy()).ravel().tolist()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
