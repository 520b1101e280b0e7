"""A population run (iterated or matrix game, any structure, synchronous or one event at a
time): strategy shares, payoff per round and, for iterated games, cooperation over
generations; the lattice itself when the run recorded its agents."""
import math

import numpy as np

from . import style
from .source import shares


def plot(run, out):
    counts = run.open("strategy_counts")
    names = [str(s) for s in counts["strategy"].values]
    steps = counts["generation"].values
    run.require_rows(len(steps))
    panels = [("strategy shares", "share of agents", shares(counts["strategy_counts"].values))]
    if run.has("mean_payoff_per_turn"):
        payoff = run.open("mean_payoff_per_turn")["mean_payoff_per_turn"].values
        panels.append(("mean payoff per round", "payoff per round", payoff))
    if run.has("cooperation_rate"):  # iterated games only
        coop = run.open("cooperation_rate")["cooperation_rate"].values
        panels.append(("cooperation rate", "share of moves C", coop))
    lattice = _final_lattice(run)
    count = len(panels) + (lattice is not None)
    columns = 2 if count > 1 else 1
    rows = math.ceil(count / columns)
    fig, axes = style.plt.subplots(rows, columns, figsize=(8 * columns, 5 * rows), squeeze=False)
    axes = axes.ravel()
    styles = style.strategy_styles(len(names))
    asynchronous = run.setting("dynamics.schedule") == "asynchronous"
    xlabel = "generation (one event per agent each)" if asynchronous else "generation"
    for ax, (title, ylabel, values) in zip(axes, panels):
        if len(steps) > 1:
            for s, name in enumerate(names):
                ax.plot(steps, values[:, s], label=name, lw=1.2, **styles[s])
            style.generations_axis(ax, xlabel)
        else:  # one generation: a bar per strategy
            ax.barh(names, values[-1], color=[st["color"] for st in styles])
            ax.invert_yaxis()
            ax.tick_params(axis="y", labelsize=7)
        ax.set_title(title)
        if len(steps) > 1:
            ax.set_ylabel(ylabel)
        else:
            ax.set_xlabel(ylabel)
    if len(steps) > 1:
        style.legend(axes[0], len(names))
    used = len(panels)
    if lattice is not None:
        _draw_lattice(axes[used], lattice, names, styles)
        used += 1
    for ax in axes[used:]:
        ax.set_visible(False)
    return style.save(fig, out, run.title("population"))


def _final_lattice(run):
    """The final strategy of every lattice site as a [height, width] array, when the run is on
    a lattice and recorded its agents (population.record_agents)."""
    if run.setting("population.partners") != "lattice" or not run.has("agents"):
        return None
    agents = run.open("agents")
    if "final_strategy" not in agents:
        return None
    width = int(run.setting("population.lattice_width", 0) or 0)
    final = agents["final_strategy"].values
    if width <= 0 or final.size % width:
        return None
    return final.reshape(-1, width)


def _draw_lattice(ax, lattice, names, styles):
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap([st["color"] for st in styles])
    ax.imshow(lattice, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, interpolation="nearest")
    ax.set_title("final strategies on the lattice")
    ax.set_xticks([])
    ax.set_yticks([])
    from matplotlib.patches import Patch

    present = sorted(set(np.unique(lattice).tolist()))
    ax.legend(handles=[Patch(color=styles[s]["color"], label=names[s]) for s in present],
              fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
