#!/usr/bin/env python3
"""Golden values for scaledql's metrics (org.scaledql.core.metrics), computed with numpy/scipy.

Run:  python3 scripts/reference/metrics_golden.py > scaledql-core/src/test/resources/org/scaledql/core/metrics/metrics_golden.json

Definitions follow rliable v1.2.0 (metrics.py / library.py):
  iqm      = scipy.stats.trim_mean(scores, 0.25, axis=None)
  median   = np.median(np.mean(scores, axis=0));  mean = np.mean(np.mean(scores, axis=0))
  optimality gap = gamma - np.mean(np.minimum(scores, gamma))
  P(X>Y)   = mean over tasks of mannwhitneyu(x, y, alternative='greater').statistic / (n*m)
  profiles = fraction of scores > tau; fraction of per-task means > tau
Bootstrap: the same stratified percentile bootstrap in numpy (runs resampled with replacement within each
task; np.percentile, linear). Java uses a different RNG, so the Java test compares interval ends within
4 * sqrt(2) * MC standard error of a bootstrap quantile, se = sqrt(p (1 - p) / B) / f(q_p), with the
density f estimated from this script's replicates as 2d / (q_{p+d} - q_{p-d}), d = 0.01.
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats

SEED = 20230501


def aggregates(s):
    task_means = s.mean(axis=0)
    return {
        "iqm": float(stats.trim_mean(s, 0.25, axis=None)),
        "median": float(np.median(task_means)),
        "mean": float(np.mean(task_means)),
        "optimalityGap": float(1.0 - np.mean(np.minimum(s, 1.0))),
        "optimalityGap0.5": float(0.5 - np.mean(np.minimum(s, 0.5))),
    }


def poi(x, y):
    vals = []
    for t in range(x.shape[1]):
        u = stats.mannwhitneyu(x[:, t], y[:, t], alternative="greater").statistic
        vals.append(u / (x.shape[0] * y.shape[0]))
    return float(np.mean(vals))


def boot_stats(res):
    """res: [reps, runs, tasks] -> dict of [reps] statistics."""
    reps = res.shape[0]
    flat = np.sort(res.reshape(reps, -1), axis=1)
    n = flat.shape[1]
    cut = int(0.25 * n)
    tm = res.mean(axis=1)
    return {
        "iqm": flat[:, cut:n - cut].mean(axis=1),
        "median": np.median(tm, axis=1),
        "mean": tm.mean(axis=1),
        "optimalityGap": 1.0 - np.minimum(res, 1.0).reshape(reps, -1).mean(axis=1),
    }


def interval(reps_values, point, confidence=0.95, d=0.01):
    a = 1 - confidence
    out = {"point": float(point)}
    for key, p in (("lower", a / 2), ("upper", 1 - a / 2)):
        q = np.percentile(reps_values, 100 * p)
        spread = np.percentile(reps_values, 100 * (p + d)) - np.percentile(reps_values, 100 * (p - d))
        f = 2 * d / spread if spread > 0 else np.inf
        out[key] = float(q)
        out[key + "Se"] = float(np.sqrt(p * (1 - p) / len(reps_values)) / f)
    return out


def stratified(data, reps, rng, task_bootstrap=False):
    runs, tasks = data.shape
    cols = rng.integers(0, tasks, size=(reps, 1, tasks)) if task_bootstrap else np.arange(tasks)[None, None, :]
    rows = rng.integers(0, runs, size=(reps, runs, tasks))
    return data[rows, np.broadcast_to(cols, rows.shape)]


def main():
    rng = np.random.default_rng(SEED)
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "seed": SEED, "cases": [], "poi": [], "bootstrap": []}

    shapes = {"5x40": (5, 40), "3x3": (3, 3), "1x2": (1, 2), "2x3": (2, 3), "7x5": (7, 5), "4x4": (4, 4), "1x1": (1, 1)}
    mats = {}
    for name, (r, t) in shapes.items():
        # skewed, partly negative, like human-normalized scores
        s = np.round(rng.gamma(0.8, 1.2, size=(r, t)) - 0.2, 4)
        mats[name] = s
        taus = np.linspace(0, 2, 5)
        case = {"name": name, "scores": s.tolist(), **aggregates(s), "taus": taus.tolist(),
                "fractionAbove": [float(np.mean(s > tau)) for tau in taus],
                "fractionOfTaskMeansAbove": [float(np.mean(s.mean(axis=0) > tau)) for tau in taus],
                "trimmedCount": int(0.25 * s.size)}
        out["cases"].append(case)

    for name, (nx, ny, tasks) in {"ints5v4": (5, 4, 6), "ints3v3": (3, 3, 8), "ints1v2": (1, 2, 3)}.items():
        x = rng.integers(0, 4, size=(nx, tasks)).astype(float)
        y = rng.integers(0, 4, size=(ny, tasks)).astype(float)
        out["poi"].append({"name": name, "x": x.tolist(), "y": y.tolist(), "pXY": poi(x, y), "pYX": poi(y, x),
                           "pXX": poi(x, x)})

    data = mats["5x40"]
    reps = 50_000
    for task_bootstrap in (False, True):
        res = stratified(data, reps, rng, task_bootstrap)
        st = boot_stats(res)
        point = aggregates(data)
        out["bootstrap"].append({"case": "5x40", "reps": reps, "confidence": 0.95, "taskBootstrap": task_bootstrap,
                                 "intervals": {k: interval(v, point[k]) for k, v in st.items()}})

    # probability of improvement, independent stratified resampling of both
    x = data
    y = np.round(rng.gamma(0.8, 1.1, size=(4, 40)) - 0.2, 4)
    preps = 20_000
    xr = stratified(x, preps, rng)
    yr = stratified(y, preps, rng)
    gt = (xr[:, :, None, :] > yr[:, None, :, :]).mean(axis=(1, 2))
    eq = (xr[:, :, None, :] == yr[:, None, :, :]).mean(axis=(1, 2))
    pv = (gt + 0.5 * eq).mean(axis=1)
    out["poiBootstrap"] = {"x": x.tolist(), "y": y.tolist(), "reps": preps, "confidence": 0.95,
                           "interval": interval(pv, poi(x, y))}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
