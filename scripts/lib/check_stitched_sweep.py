"""Checks a finished sweep folder and its stitched index (scripts/slurm/ci-check).

Every point is complete, the index lists none missing, and every dataset of each point's results
file reads the same through the index (padding beyond the point's length excepted). With
--interrupted, those points must have an earlier attempt moved aside as interrupted, and their
log must say the next attempt resumed from the checkpoint: the proof that they were stopped and
continued where they stopped.
Usage: check_stitched_sweep.py FOLDER --points N [--interrupted I,J,...]
"""
import argparse
import glob
import os
import sys

import h5py
import numpy as np


def fail(message):
    sys.exit(f"check_stitched_sweep: {message}")


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def datasets(group, prefix=""):
    """Paths of every numeric dataset under group."""
    for name, item in group.items():
        path = f"{prefix}/{name}"
        if isinstance(item, h5py.Group):
            yield from datasets(item, path)
        elif item.dtype.kind in "iufb":
            yield path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--interrupted", default="")
    args = p.parse_args()

    index_path = os.path.join(args.folder, "index.h5")
    if not os.path.exists(index_path):
        fail(f"{index_path} is missing: the stitch job did not write it")
    compared = 0
    with h5py.File(index_path) as index:
        status = index["sweep/status"].asstr()[...]
        if len(status) != args.points or not all(s == "complete" for s in status):
            fail(f"expected {args.points} complete points, the index says {list(status)}")
        if len(index["sweep/missing"]) != 0:
            fail(f"points missing: {index['sweep/missing'][...]}")
        files = index["sweep/file"].asstr()[...]
        for i, name in enumerate(files):
            with h5py.File(os.path.join(args.folder, name)) as point:
                if text(point.attrs["status"]) != "complete":
                    fail(f"{name}: status {text(point.attrs['status'])}")
                for path in datasets(point):
                    if path.startswith("/parameters") or path not in index:
                        continue
                    mine = point[path][...]
                    if h5py.h5ds.is_scale(index[path].id):
                        # A dimension's coordinate: one for all points, as long as the longest.
                        theirs = index[path][: mine.shape[0]]
                    else:
                        theirs = index[path][i]
                        if mine.ndim > 0:
                            theirs = theirs[: mine.shape[0]]
                    if not np.array_equal(mine, theirs, equal_nan=mine.dtype.kind == "f"):
                        fail(f"{path} of point {i} differs between {name} and the index")
                    compared += 1
    if compared == 0:
        fail("no dataset compared")

    for i in filter(None, args.interrupted.split(",")):
        asides = glob.glob(os.path.join(args.folder, f"point-{int(i):04d}.interrupted-*.h5"))
        if not asides:
            fail(f"point {i} has no interrupted attempt moved aside")
        with h5py.File(asides[0]) as f:
            if text(f.attrs["status"]) != "interrupted":
                fail(f"{asides[0]}: status {text(f.attrs['status'])}, expected interrupted")
        log = os.path.join(args.folder, "logs", f"point-{int(i):04d}.log")
        with open(log) as f:
            if "resuming from" not in f.read():
                fail(f"{log}: point {i} was not resumed from its checkpoint")
    print(f"check_stitched_sweep: {args.points} points complete, {compared} datasets equal to "
          f"the index; interrupted and resumed: {args.interrupted or 'none'}")


if __name__ == "__main__":
    main()
