"""Reads evomarket results files and stitched sweep indexes as xarray Datasets.

Needs only Debian's python3-h5py, python3-numpy, python3-xarray and python3-h5netcdf; nothing is
built. Put scripts/lib on the path (``PYTHONPATH=scripts/lib`` or ``sys.path.insert``), then::

    import evomarket_results as er
    r = er.open("default_market.h5")            # {name: xarray.Dataset}, root attributes in r.attrs
    counts = r["strategy_counts"]                # dims (generation, strategy), str strategy names
    counts["strategy_counts"].to_pandas()        # a pandas DataFrame, generations x strategies
    sweep = er.open_sweep("hd/index.h5")         # the same per observable, with a point axis

Every group of a results file that holds datasets becomes one Dataset, opened through netCDF's
view of HDF5 dimension scales (docs/results.md, "Reading with xarray"): named dimensions
(generation, strategy, slot, community, quantity, replicate, point, ...) with their coordinates.
A series' ``value`` is renamed after it (``strategy_counts``, ``agents/strategy``: ``strategy``); its ``units`` attribute (or the
``unit`` coordinate where each quantity has its own) says the unit. Keys: the observables by
name (``strategy_counts``), other groups by path (``market``, ``population``, ``ensemble``,
``tournament``, ``agents``, ``agents/strategy``, ``sweep``).

Files whose status is not ``complete`` are refused (UnfinishedResults) unless ``unfinished=True``.
"""
import h5py
import numpy as np
import xarray as xr

__all__ = ["open", "open_sweep", "slot_times", "Results", "UnfinishedResults"]

_OBSERVABLES = "observables"


class UnfinishedResults(ValueError):
    """The file's run did not finish (status running, failed or interrupted), or a sweep index
    lacks points."""


class Results(dict):
    """The Datasets of one file by name, with the file's root attributes in ``attrs``."""

    def __init__(self, path, attrs):
        super().__init__()
        self.path = path
        self.attrs = attrs

    def __repr__(self):
        return f"<evomarket results {self.path}: {', '.join(self)}>"


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.dtype.kind in "OS":
        return [_text(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _attributes(obj):
    return {k: _text(v) for k, v in obj.attrs.items()}


def _groups_with_data(f):
    """Paths of the groups that hold datasets (not counting /parameters)."""
    found = []

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and name != "parameters":
            if any(isinstance(child, h5py.Dataset) for child in obj.values()):
                found.append(name)

    if any(isinstance(child, h5py.Dataset) for child in f.values()):
        found.append("")
    f.visititems(visit)
    return found


def _key(group):
    prefix = _OBSERVABLES + "/"
    return group[len(prefix):] if group.startswith(prefix) else group or "/"


def _open_group(path, group):
    # phony_dims: files written before dimension scales (or other tools' files) still open, with
    # h5netcdf's invented names for their unnamed axes.
    with xr.open_dataset(path, group=group or None, engine="h5netcdf",
                         phony_dims="access") as ds:
        ds = ds.load()
    # A series (an observable, the agent snapshots): its values named after it.
    name = group.split("/")[-1]
    if "value" in ds.data_vars and name not in ds.variables:
        ds = ds.rename({"value": name})
    return ds


def _read(path, attrs, groups):
    results = Results(path, attrs)
    for group in groups:
        results[_key(group)] = _open_group(path, group)
    return results


def open(path, name=None, *, unfinished=False):
    """The Datasets of the results file at ``path`` (a Results dict), or with ``name`` only that
    one (e.g. ``"strategy_counts"``, ``"market"``). UnfinishedResults when the file's status is
    not ``complete`` and ``unfinished`` is false; KeyError for a name the file lacks."""
    with h5py.File(path, "r") as f:
        attrs = _attributes(f)
        if attrs.get("kind") == "sweep index":
            raise ValueError(f"{path} is a stitched sweep index: read it with open_sweep()")
        if "status" not in attrs or "mode" not in attrs:
            raise ValueError(f"{path} is not an evomarket results file (no status and mode)")
        if attrs["status"] != "complete" and not unfinished:
            raise UnfinishedResults(
                f"{path}: status {attrs['status']}, not complete"
                + (f" ({attrs['failure']})" if "failure" in attrs else "")
                + ": pass unfinished=True to read what it recorded")
        groups = _groups_with_data(f)
    if name is not None:
        wanted = [g for g in groups if _key(g) == name]
        if not wanted:
            raise KeyError(f"{path} has no {name!r}; it has {[_key(g) for g in groups]}")
        groups = wanted
    results = _read(path, attrs, groups)
    return results[name] if name is not None else results


def open_sweep(index, name=None, *, unfinished=False):
    """The Datasets of a stitched sweep index (``evomarket stitch``), like open(): every dataset
    has the axis ``point`` in front, with each sweep key (``/sweep/<key>``), ``seed`` and
    ``status`` as coordinates along it. UnfinishedResults when a point is missing, failed or
    still running (they read as fill values) and ``unfinished`` is false."""
    with h5py.File(index, "r") as f:
        attrs = _attributes(f)
        if attrs.get("kind") != "sweep index":
            raise ValueError(f"{index} is no stitched sweep index: read it with open()")
        missing = f["sweep/missing"][...]
        if len(missing) and not unfinished:
            status = f["sweep/status"].asstr()[...]
            raise UnfinishedResults(
                f"{index}: points {missing.tolist()} are not complete "
                f"({', '.join(sorted(set(status[missing])))}): pass unfinished=True to read "
                "them as fill values")
        groups = [g for g in _groups_with_data(f) if g != "sweep"]
    if name is not None:
        groups = [g for g in groups if _key(g) == name]
        if not groups:
            raise KeyError(f"{index} has no {name!r}")
    results = _read(index, attrs, groups)
    sweep = _open_group(index, "sweep")
    along = {k: v for k, v in sweep.variables.items() if v.dims == ("point",) and k != "point"}
    for key, ds in results.items():
        if "point" in ds.dims:
            results[key] = ds.assign_coords({k: v for k, v in along.items() if k not in ds})
    results["sweep"] = sweep
    return results[name] if name is not None else results


def slot_times(ds):
    """The slot start times of a per-slot Dataset as a pandas DatetimeIndex in the store's UTC
    offset (from its ISO 8601 coordinate slot_start)."""
    import pandas as pd

    return pd.DatetimeIndex(pd.to_datetime(list(ds["slot_start"].values)))
