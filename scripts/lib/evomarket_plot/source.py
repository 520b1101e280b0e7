"""Opens what scripts/plot draws, through evomarket_results, and says clearly what is wrong with
a file it cannot draw."""
import os

import h5py
import numpy as np

import evomarket_results as er

from . import style


class PlotError(Exception):
    """Bad input: the message says which file and what was wrong (scripts/plot exits 2)."""


class Run:
    """One results file: its root attributes, its config, and its groups read on demand."""

    def __init__(self, path, unfinished=False):
        self.path = path
        if not os.path.exists(path):
            raise PlotError(f"{path}: no such file")
        try:
            with h5py.File(path, "r") as f:
                self.attrs = {k: _text(v) for k, v in f.attrs.items()}
                self.groups = _groups(f)
                toml = f["parameters"].attrs.get("config_toml") if "parameters" in f else None
        except OSError as e:
            raise PlotError(f"{path}: not an HDF5 file ({e})") from None
        self.is_sweep = self.attrs.get("kind") == "sweep index"
        if not self.is_sweep:
            if "status" not in self.attrs or "mode" not in self.attrs:
                raise PlotError(f"{path}: not an evomarket results file (no status and mode "
                                "attributes)")
            status = self.attrs["status"]
            if status != "complete" and not unfinished:
                failure = self.attrs.get("failure")
                raise PlotError(f"{path}: status is '{status}', not 'complete'"
                                + (f" ({failure})" if failure else "")
                                + ": refusing to plot an unfinished run (--unfinished draws "
                                "what it recorded)")
        self.unfinished = unfinished
        self.config = style.config_of(_text(toml) if toml is not None else None)

    def require_rows(self, count, what="generation"):
        """PlotError when a series has no rows yet (a run stopped before its first record)."""
        if count == 0:
            raise PlotError(f"{self.path}: no {what} recorded yet: nothing to draw")

    def has(self, name):
        return name in self.groups

    def open(self, name):
        """The Dataset of one group (e.g. "strategy_counts", "market"), as evomarket_results
        reads it."""
        if self.is_sweep:
            return er.open_sweep(self.path, name, unfinished=self.unfinished)
        return er.open(self.path, name, unfinished=self.unfinished)

    def title(self, what):
        return style.run_title(self.attrs, self.config, what)

    def setting(self, dotted, default=None):
        return style.setting(self.config, dotted, default)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _groups(f):
    """Names of the groups that hold datasets, as evomarket_results keys them."""
    found = set()

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and name != "parameters":
            if any(isinstance(child, h5py.Dataset) for child in obj.values()):
                found.add(name[len("observables/"):] if name.startswith("observables/") else name)

    f.visititems(visit)
    return found


def shares(counts, strategy_axis=-1):
    """Counts as shares of their row (NaN where a row holds no agents, e.g. fill values)."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=strategy_axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, counts / total, np.nan)
