#!/usr/bin/env python3
"""Golden values for group normalization, independent of ND4J.

Definition (Wu and He 2018; PyTorch nn.GroupNorm): split C channels into G groups; per sample and group,
y = (x - mean) / sqrt(var + eps) over the group's channels and positions (biased variance), then
y * gamma[c] + beta[c]. eps = 1e-5.

Run from the repository root:
    python3 scripts/reference/groupnorm_golden.py > scaledql-core/src/test/resources/golden/groupnorm.json
"""
import json
import numpy as np

EPS = 1e-5


def group_norm(x, gamma, beta, groups):
    b, c, h, w = x.shape
    g = x.reshape(b, groups, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = ((g - mean) ** 2).mean(axis=2, keepdims=True)
    y = ((g - mean) / np.sqrt(var + EPS)).reshape(b, c, h, w)
    return y * gamma.reshape(1, c, 1, 1) + beta.reshape(1, c, 1, 1)


def case(rng, b, c, h, w, groups, scale=1.0, offset=0.0):
    x = rng.standard_normal((b, c, h, w)) * scale + offset
    gamma = rng.standard_normal(c)
    beta = rng.standard_normal(c)
    return {"shape": [b, c, h, w], "groups": groups, "x": x.ravel().tolist(), "gamma": gamma.tolist(),
            "beta": beta.tolist(), "y": group_norm(x, gamma, beta, groups).ravel().tolist()}


def main():
    rng = np.random.default_rng(20261125)
    cases = [
        case(rng, 2, 4, 3, 3, 2),
        case(rng, 3, 8, 5, 5, 8),                      # instance norm
        case(rng, 2, 6, 4, 4, 1),                      # layer norm
        case(rng, 2, 16, 2, 2, 4, scale=50.0, offset=100.0),
        case(rng, 1, 4, 3, 3, 2, scale=1e-3),          # variance near eps: eps matters
    ]
    print(json.dumps({"eps": EPS, "cases": cases}))


if __name__ == "__main__":
    main()
