#!/usr/bin/env python3
"""Golden values for the transformer layers (org.scaledql.core.nn.Transformer), independent of ND4J.

Definitions (GPT-2, Radford et al. 2019; the Decision Transformer's architecture):
- layer norm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta, biased variance, eps = 1e-5;
- GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)));
- causal multi-head self-attention: q, k, v = x Wq + bq, ...; per head softmax(q k^T / sqrt(D/H) + mask) v with
  mask[i, j] = -1e9 for j > i, plus a per-key bias (0 or -1e9 for padding) off the diagonal; heads concatenated, then Wo, bo;
- pre-layer-norm block: a = x + attn(ln1(x)); y = a + W2 gelu(W1 ln2(a) + b1) + b2.
Rows are sample-major [B * T, D]. Weights are [in, out] (x W).

Run from the repository root:
    python3 scripts/reference/transformer_golden.py > scaledql-core/src/test/resources/golden/transformer.json
"""
import json
import numpy as np

EPS = 1e-5
MASKED = -1e9


def layer_norm(x, g, b):
    m = x.mean(axis=-1, keepdims=True)
    v = ((x - m) ** 2).mean(axis=-1, keepdims=True)
    return (x - m) / np.sqrt(v + EPS) * g + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def attention(x, p, b, t, heads, key_bias):
    d = x.shape[1]
    dh = d // heads
    def split(y):
        return y.reshape(b, t, heads, dh).transpose(0, 2, 1, 3)  # [B, H, T, dh]
    q = split(x @ p["wq"] + p["bq"])
    k = split(x @ p["wk"] + p["bk"])
    v = split(x @ p["wv"] + p["bv"])
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
    s = s + np.triu(np.full((t, t), MASKED), 1)
    if key_bias is not None:  # off the diagonal: a padded query still reads itself
        s = s + key_bias.reshape(b, 1, 1, t) * (1 - np.eye(t))
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s)
    w = w / w.sum(axis=-1, keepdims=True)
    o = (w @ v).transpose(0, 2, 1, 3).reshape(b * t, d)
    return o @ p["wo"] + p["bo"]


def block(x, p, b, t, heads, key_bias):
    a = x + attention(layer_norm(x, p["ln1_gamma"], p["ln1_beta"]), p, b, t, heads, key_bias)
    h = gelu(layer_norm(a, p["ln2_gamma"], p["ln2_beta"]) @ p["w1"] + p["b1"])
    return a + h @ p["w2"] + p["b2"]


def case(rng, b, t, d, heads, mlp, padded):
    p = {
        "ln1_gamma": 1 + 0.3 * rng.standard_normal(d), "ln1_beta": 0.3 * rng.standard_normal(d),
        "wq": rng.standard_normal((d, d)) / np.sqrt(d), "bq": 0.1 * rng.standard_normal(d),
        "wk": rng.standard_normal((d, d)) / np.sqrt(d), "bk": 0.1 * rng.standard_normal(d),
        "wv": rng.standard_normal((d, d)) / np.sqrt(d), "bv": 0.1 * rng.standard_normal(d),
        "wo": rng.standard_normal((d, d)) / np.sqrt(d), "bo": 0.1 * rng.standard_normal(d),
        "ln2_gamma": 1 + 0.3 * rng.standard_normal(d), "ln2_beta": 0.3 * rng.standard_normal(d),
        "w1": rng.standard_normal((d, mlp)) / np.sqrt(d), "b1": 0.1 * rng.standard_normal(mlp),
        "w2": rng.standard_normal((mlp, d)) / np.sqrt(mlp), "b2": 0.1 * rng.standard_normal(d),
    }
    x = rng.standard_normal((b * t, d))
    key_bias = None
    if padded:  # left padding: sample i has i padded steps
        key_bias = np.zeros((b, t))
        for i in range(b):
            key_bias[i, :min(i, t - 1)] = MASKED
    out = {"b": b, "t": t, "d": d, "heads": heads, "mlp": mlp, "x": x.ravel().tolist(),
           "params": {k: v.ravel().tolist() for k, v in p.items()},
           "keyBias": None if key_bias is None else key_bias.ravel().tolist(),
           "layerNorm": layer_norm(x, p["ln1_gamma"], p["ln1_beta"]).ravel().tolist(),
           "gelu": gelu(x).ravel().tolist(),
           "attention": attention(x, p, b, t, heads, key_bias).ravel().tolist(),
           "block": block(x, p, b, t, heads, key_bias).ravel().tolist()}
    return out


def main():
    rng = np.random.default_rng(20261204)
    cases = [case(rng, 2, 3, 4, 2, 8, False), case(rng, 3, 5, 8, 4, 16, True), case(rng, 1, 4, 6, 1, 12, False)]
    print(json.dumps({"eps": EPS, "masked": MASKED, "cases": cases}))


if __name__ == "__main__":
    main()
