"""An ensemble (experiment.replicates > 1, population or market): the mean share of each
strategy over generations with the 10-90% band of the replicates, how often each strategy
fixed, and when the replicates stopped."""
import math
import warnings

import numpy as np
from matplotlib.ticker import MaxNLocator

from . import style
from .source import shares

# ensemble/stop_code indexes ensemble/stop_reasons; a replicate stopped at fixation keeps its
# final state, one stopped otherwise (time budget) has no values after it stopped.
FIXATION = "fixation"


def plot(run, out):
    counts_ds = run.open("strategy_counts")
    names = [str(s) for s in counts_ds["strategy"].values]
    steps = counts_ds["generation"].values
    counts = counts_ds["strategy_counts"].values.astype(float)  # [replicate, generation, strategy]
    fill = float(counts_ds.attrs.get("fill", -1))
    ensemble = run.open("ensemble")
    run.require_rows(ensemble.sizes.get("replicate", 0), "replicate")
    reasons = [str(r) for r in ensemble["stop_reasons"].values]
    stop = [reasons[int(c)] for c in ensemble["stop_code"].values]
    fixed = ensemble["fixed_strategy"].values
    stopped_at = ensemble["generations"].values
    counts[counts == fill] = np.nan
    for r, reason in enumerate(stop):  # fixation is absorbing: carry the final state forward
        if reason == FIXATION:
            rows = np.flatnonzero(np.isfinite(counts[r, :, 0]))
            if len(rows):
                counts[r, rows[-1] + 1:] = counts[r, rows[-1]]
    share = shares(counts)
    replicates = counts.shape[0]
    styles = style.strategy_styles(len(names))
    fig, axes = style.plt.subplots(1, 3, figsize=(20, 5.5),
                                   gridspec_kw={"width_ratios": [2.2, 1, 1]})
    mean_ax, fixation_ax, time_ax = axes
    with warnings.catch_warnings():  # generations no replicate reached: NaN, not drawn
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(share, axis=0)
        low, high = np.nanpercentile(share, [10, 90], axis=0)
    for s, name in enumerate(names):
        mean_ax.plot(steps, mean[:, s], label=name, lw=1.4, **styles[s])
        mean_ax.fill_between(steps, low[:, s], high[:, s], color=styles[s]["color"], alpha=0.15,
                             lw=0)
    mean_ax.set_title(f"mean share over {replicates} replicates (band: 10-90% of replicates)")
    style.generations_axis(mean_ax)
    mean_ax.set_ylabel("share of agents")
    style.legend(mean_ax, len(names))

    labels = names + ["none"]
    tally = np.array([np.sum(fixed == s) for s in range(len(names))] + [np.sum(fixed < 0)])
    frequency = tally / replicates
    low_ci, high_ci = _wilson(tally, replicates)
    colours = [st["color"] for st in styles] + ["0.6"]
    errors = [np.maximum(0, frequency - low_ci), np.maximum(0, high_ci - frequency)]
    fixation_ax.barh(labels, frequency, xerr=errors, color=colours, capsize=2)
    fixation_ax.invert_yaxis()
    fixation_ax.set_xlim(0, 1)
    fixation_ax.set_title("fixation frequency (95% Wilson interval)")
    fixation_ax.set_xlabel("share of replicates")
    fixation_ax.tick_params(axis="y", labelsize=7 if len(labels) <= 20 else 5)

    kinds = sorted(set(stop))
    bins = min(30, max(5, int(math.sqrt(replicates))))
    time_ax.hist([stopped_at[[k == kind for k in stop]] for kind in kinds], bins=bins,
                 stacked=True, label=kinds)
    time_ax.set_title("generations played (by stop reason)")
    style.generations_axis(time_ax, "generations")
    time_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    time_ax.set_ylabel("replicates")
    time_ax.legend(fontsize=7)
    return style.save(fig, out, run.title("ensemble"))


def _wilson(successes, trials, z=1.96):
    """The Wilson score interval of a binomial proportion (numpy arrays)."""
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
