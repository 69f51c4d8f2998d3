#!/usr/bin/env python3
"""Writes small .npy fixtures with numpy itself, for the Java reader's round-trip tests.

Run from the repository root:  python3 scripts/reference/npy_fixtures.py
Output: scaledql-core/src/test/resources/org/scaledql/core/data/npy/ (*.npy, *.npy.gz, expected.json).
The outputs are committed so the build never needs Python.
"""
import gzip
import io
import json
import os

import numpy as np

OUT = os.path.join("scaledql-core", "src", "test", "resources", "org", "scaledql", "core", "data", "npy")


def values(dtype, shape):
    n = int(np.prod(shape)) if len(shape) else 1
    i = np.arange(n)
    if dtype.kind == "b":
        v = (i % 3 == 0)
    elif dtype.kind == "u":
        v = (i * 37 + 11) % 256
    elif dtype.kind == "i" and dtype.itemsize == 1:
        v = (i * 37 + 11) % 256 - 128
    elif dtype.kind == "i":
        v = (i * 7919 - 5000) * (1 if dtype.itemsize == 4 else 1_000_003)
    else:
        v = (i - 3.25) / 7.0
    return np.asarray(v).astype(dtype).reshape(shape)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    cases = []
    for code in ["u1", "i1", "b1", "i4", "i8", "f4", "f8"]:
        for order in (["|"] if code in ("u1", "i1", "b1") else ["<", ">"]):
            cases.append((order + code, (2, 3, 4), (1, 0)))
    cases += [("<f4", (5,), (2, 0)), (">i8", (3, 2), (3, 0)), ("<i8", (), (1, 0)), ("|u1", (0, 4), (1, 0))]
    for descr, shape, version in cases:
        arr = values(np.dtype(descr), shape)
        name = "a_%s_%s_v%d.npy" % ({"<": "le", ">": "be", "|": "na"}[descr[0]], descr[1:],
                                    version[0])
        if shape == ():
            name = name.replace(".npy", "_0d.npy")
        if shape == (0, 4):
            name = name.replace(".npy", "_empty.npy")
        with open(os.path.join(OUT, name), "wb") as f:
            np.lib.format.write_array(f, arr, version=version, allow_pickle=False)
        expected[name] = {"descr": descr, "shape": list(shape), "version": version[0],
                          "values": [float(x) for x in arr.astype(np.float64).ravel()]}
    # gzip, as DQN-Replay stores it
    arr = values(np.dtype("<i4"), (7,))
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    with gzip.GzipFile(os.path.join(OUT, "gz_le_i4.npy.gz"), "wb", mtime=0) as g:
        g.write(buf.getvalue())
    expected["gz_le_i4.npy.gz"] = {"descr": "<i4", "shape": [7], "version": 1,
                                   "values": [float(x) for x in arr.ravel()]}
    # arrays the reader must refuse
    with open(os.path.join(OUT, "bad_fortran.npy"), "wb") as f:
        np.save(f, np.asfortranarray(values(np.dtype("<f4"), (2, 3))))
    with open(os.path.join(OUT, "bad_object.npy"), "wb") as f:
        np.save(f, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"numpy": np.__version__, "arrays": expected}, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %d fixtures to %s (numpy %s)" % (len(expected) + 2, OUT, np.__version__))


if __name__ == "__main__":
    main()
