"""Compares two evomarket HDF5 files dataset by dataset and attribute by attribute.

Determinism check (DESIGN.md): the same config and seed must give bit-identical result datasets.
Attributes that describe the build or the machine rather than the result (version, commit,
wall-clock time, backend and device, threads) are skipped; everything else must be equal,
byte for byte. Exit status 0 when equal, 1 with the differences listed otherwise.
"""
import sys

import h5py
import numpy as np

# Attributes that legitimately differ between two runs of the same config and seed.
VOLATILE_ATTRIBUTES = {
    "evomarket_version", "git_commit", "wall_seconds", "seconds", "elapsed_seconds",
    "created", "created_utc", "finished_utc", "started_utc", "backend", "device", "threads", "host",
}

# Dimension scale attributes hold object references into their own file: compared as the names
# of the scales each axis has attached instead.
REFERENCE_ATTRIBUTES = {"DIMENSION_LIST", "REFERENCE_LIST"}


def dimension_names(dataset):
    return [[scale.name for scale in axis.values()] for axis in dataset.dims]


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":
        return all(x == y for x, y in zip(a.ravel(), b.ravel()))
    return a.tobytes() == b.tobytes()


def items(f):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj))
    found["/"] = f
    return found


def compare(path_a, path_b):
    problems = []
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        a, b = items(fa), items(fb)
        for name in sorted(set(a) | set(b)):
            if name not in a or name not in b:
                problems.append(f"{name}: only in {path_a if name in a else path_b}")
                continue
            oa, ob = a[name], b[name]
            if isinstance(oa, h5py.Dataset) != isinstance(ob, h5py.Dataset):
                problems.append(f"{name}: dataset in one file, group in the other")
                continue
            if isinstance(oa, h5py.Dataset) and not same_value(oa[()], ob[()]):
                problems.append(f"{name}: values differ")
            if isinstance(oa, h5py.Dataset) and dimension_names(oa) != dimension_names(ob):
                problems.append(f"{name}: dimensions differ")
            for key in sorted(set(oa.attrs) | set(ob.attrs)):
                if key in VOLATILE_ATTRIBUTES or key in REFERENCE_ATTRIBUTES:
                    continue
                if key not in oa.attrs or key not in ob.attrs:
                    problems.append(f"{name}@{key}: attribute only in one file")
                elif not same_value(oa.attrs[key], ob.attrs[key]):
                    problems.append(f"{name}@{key}: attribute differs")
    return problems


def main(argv):
    if len(argv) != 3:
        print("usage: compare-results A.h5 B.h5", file=sys.stderr)
        return 2
    problems = compare(argv[1], argv[2])
    for p in problems:
        print(p)
    if not problems:
        print(f"identical: {argv[1]} {argv[2]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
