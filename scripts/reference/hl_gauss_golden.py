#!/usr/bin/env python3
"""Golden values for HL-Gauss targets (Farebrother et al. 2024, "Stop Regressing", arXiv 2403.03950), from scipy.

HL-Gauss turns a scalar target y into a distribution over bins: the mass of a normal N(y, sigma^2) on each bin,
renormalized to the bins' total range, sigma = sigmaRatio x bin width (the paper's default ratio 0.75). scaledql
centres the bins on the C51 support's atoms (N atoms on [vMin, vMax], width w = (vMax - vMin) / (N - 1), edges
at atom -/+ w/2), so Q = sum_i p_i z_i is the same expectation as for C51; y is clipped to [vMin, vMax] first.

Run from the repository root:
    python3 scripts/reference/hl_gauss_golden.py > scaledql-core/src/test/resources/golden/hl_gauss.json
"""
import json
import numpy as np
from scipy.special import erf
from scipy.stats import norm


def hl_gauss(y, num_atoms, v_min, v_max, sigma_ratio):
    w = (v_max - v_min) / (num_atoms - 1)
    atoms = np.linspace(v_min, v_max, num_atoms)
    edges = np.concatenate([atoms - w / 2, [atoms[-1] + w / 2]])
    sigma = sigma_ratio * w
    y = np.clip(y, v_min, v_max)
    cdf = norm.cdf((edges[None, :] - y[:, None]) / sigma)
    mass = np.diff(cdf, axis=1)
    return mass / (cdf[:, -1:] - cdf[:, :1])


def main():
    rng = np.random.default_rng(20261204)
    xs = np.concatenate([[0.0, 1e-8, -1e-8, 0.5, -0.5, 1.0, 2.0, 3.0, 4.5, 5.9, 6.5, -6.5, 10.0, -3.25],
                         rng.uniform(-7, 7, 40)])
    cases = []
    for num_atoms, v_min, v_max, ratio in [(51, -10.0, 10.0, 0.75), (21, -5.0, 5.0, 0.75), (11, 0.0, 1.0, 0.5)]:
        ys = np.concatenate([[v_min, v_max, v_min - 3.0, v_max + 7.5, 0.5 * (v_min + v_max)],
                             rng.uniform(v_min - 1, v_max + 1, 10)])
        cases.append({"numAtoms": num_atoms, "vMin": v_min, "vMax": v_max, "sigmaRatio": ratio,
                      "y": ys.tolist(), "probs": hl_gauss(ys, num_atoms, v_min, v_max, ratio).ravel().tolist()})
    print(json.dumps({"erf": {"x": xs.tolist(), "erf": erf(xs).tolist()}, "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
