"""A stitched sweep index (`evomarket stitch`): a heat map of one observable's final value
(the last generation each point recorded) over two sweep keys; with one key, a line. Points that
share the two keys' values (other axes, repeated seeds) are averaged; replicates of ensemble
points too."""
import warnings

import numpy as np

from . import style
from .source import PlotError, shares


class Choice:
    """What to draw: the observable, the entry along its strategy or quantity axis, the keys."""

    def __init__(self, observable="strategy_counts", entry=None, x=None, y=None):
        self.observable = observable
        self.entry = entry
        self.x = x
        self.y = y


def plot(run, out, choice):
    if not run.has(choice.observable):
        observables = sorted(g for g in run.groups if "/" not in g and g not in
                             ("sweep", "population", "market", "ensemble", "tournament"))
        raise PlotError(f"{run.path}: no observable '{choice.observable}' to draw; the index has "
                        f"{', '.join(observables)}")
    ds = run.open(choice.observable)
    values = ds[choice.observable]
    keys = _axis_keys(run)
    x, y = _chosen_keys(run, keys, choice)
    label, final = _final_values(run, ds, values, choice)  # [point]
    complete = np.array([str(s) == "complete" for s in ds["status"].values])
    final = np.where(complete, final, np.nan)
    xs, x_labels = _categories(ds[x].values)
    fig, ax = style.plt.subplots(figsize=(9 if y else 8, 6.5 if y else 5))
    missing = int((~complete).sum())
    note = f" ({missing} points not complete)" if missing else ""
    if y is None:
        line = _cell_means(xs, np.zeros_like(xs), final, len(x_labels), 1)[:, 0]
        ax.plot(range(len(x_labels)), line, marker="o")
        ax.set_xticks(range(len(x_labels)), x_labels, rotation=30, ha="right")
        ax.set_xlabel(x)
        ax.set_ylabel(label)
    else:
        ys, y_labels = _categories(ds[y].values)
        grid = _cell_means(xs, ys, final, len(x_labels), len(y_labels))  # [x, y]
        cmap = style.plt.get_cmap("viridis").copy()
        cmap.set_bad("0.85")  # no complete point: grey
        image = ax.imshow(np.ma.masked_invalid(grid.T), origin="lower", cmap=cmap,
                          aspect="auto")
        ax.set_xticks(range(len(x_labels)), x_labels, rotation=30, ha="right")
        ax.set_yticks(range(len(y_labels)), y_labels)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        fig.colorbar(image, ax=ax, label=label)
        if grid.size <= 144:  # small grids: the numbers too
            for i in range(grid.shape[0]):
                for j in range(grid.shape[1]):
                    if np.isfinite(grid[i, j]):
                        ax.text(i, j, f"{grid[i, j]:.3g}", ha="center", va="center",
                                fontsize=7, color="w")
    others = [k for k in keys if k not in (x, y)]
    averaged = f"; mean over {', '.join(others)}" if others else ""
    title = (f"{_point_title(run, ds)}\nsweep of {len(final)} points{note} over "
             f"{', '.join(keys)}: final {label}{averaged}")
    return style.save(fig, out, title, values=final)


def _point_title(run, ds):
    """The first complete point's run (its file's config and attributes), seeds aside: the
    parameters every point shares but the swept ones."""
    import os

    from .source import Run

    folder = os.path.dirname(run.path)
    for name, status in zip(ds["file"].values, ds["status"].values):
        if str(status) == "complete":
            try:
                point = Run(os.path.join(folder, str(name)))
            except PlotError:
                break
            attrs = dict(point.attrs, seed="per point")
            return style.run_title(attrs, point.config, "sweep")
    return f"{run.path}: sweep"


def _axis_keys(run):
    import h5py

    with h5py.File(run.path, "r") as f:
        return [k.decode() if isinstance(k, bytes) else str(k) for k in f["sweep/axes"][...]]


def _chosen_keys(run, keys, choice):
    for key in (choice.x, choice.y):
        if key is not None and key not in keys:
            raise PlotError(f"{run.path}: '{key}' is not a sweep axis; the axes are "
                            f"{', '.join(keys)}")
    x = choice.x or keys[0]
    rest = [k for k in keys if k != x]
    y = choice.y or (rest[0] if rest else None)
    if x == y:
        raise PlotError(f"--x and --y are both '{x}': choose two different sweep axes")
    return x, y


def _final_values(run, ds, values, choice):
    """Each point's last recorded value of the observable (for strategy counts: the share),
    at the chosen strategy or quantity, averaged over replicates."""
    dims = list(values.dims)
    data = values.values.astype(float)
    fill = values.attrs.get("fill_value", ds.attrs.get("fill_value"))
    if fill is not None:
        data[data == float(fill)] = np.nan
    if ds.attrs.get("fill") is not None:  # ensembles pad stopped replicates
        data[data == float(ds.attrs["fill"])] = np.nan
    entry_dim = next((d for d in ("strategy", "quantity", "community") if d in dims), None)
    if choice.observable.endswith("counts") and "strategy" in dims:
        data = shares(data, strategy_axis=dims.index("strategy"))
        unit = "share"
    else:
        unit = str(ds.attrs.get("unit", values.attrs.get("units", "")))
    label = choice.observable
    if entry_dim is not None:
        entries = [str(e) for e in ds[entry_dim].values]
        entry = choice.entry if choice.entry is not None else entries[0]
        if entry not in entries:
            raise PlotError(f"{run.path}: {choice.observable} has no {entry_dim} '{entry}'; it "
                            f"has {', '.join(entries)}")
        data = np.take(data, entries.index(entry), axis=dims.index(entry_dim))
        dims.remove(entry_dim)
        label = f"{choice.observable} [{entry}]"
        if "unit" in ds and entry_dim == "quantity":
            unit = str(ds["unit"].values[entries.index(entry)])
    series = next((d for d in ("generation", "slot") if d in dims), None)
    if series is not None:  # the last row with a value, per point (and replicate)
        data = np.moveaxis(data, dims.index(series), -1)
        dims.remove(series)
        dims.append(series)
        has = np.isfinite(data)
        last = np.where(has.any(axis=-1), data.shape[-1] - 1 - np.argmax(has[..., ::-1], axis=-1),
                        0)
        data = np.take_along_axis(data, last[..., None], axis=-1)[..., 0]
        data = np.where(has.any(axis=-1), data, np.nan)
        dims.pop()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        while data.ndim > 1:  # replicates and other axes: their mean
            data = np.nanmean(data, axis=-1)
    return f"{label} ({unit})" if unit else label, data


def _categories(values):
    """Each point's position among the distinct values of a key, and the values as labels
    (numbers sorted by value, text in order of appearance)."""
    values = [v.item() if isinstance(v, np.generic) else v for v in values]
    if all(isinstance(v, (int, float)) for v in values):
        distinct = sorted(set(values))
    else:
        values = [str(v) for v in values]
        distinct = list(dict.fromkeys(values))
    return np.array([distinct.index(v) for v in values]), [f"{v:g}" if isinstance(v, float)
                                                          else str(v) for v in distinct]


def _cell_means(xs, ys, values, nx, ny):
    total = np.zeros((nx, ny))
    count = np.zeros((nx, ny))
    for x, y, v in zip(xs, ys, values):
        if np.isfinite(v):
            total[x, y] += v
            count[x, y] += 1
    with np.errstate(invalid="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)
