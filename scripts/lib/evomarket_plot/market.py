"""A market run: strategy shares and savings over generations (with evolving prices, the
distribution of the ask and bid markups instead); clearing prices (or, for bilateral contracts,
the share of contract days each strategy honours) and energy per slot.
Slots of more than a few days are drawn as the mean day (by slot of the day) with its spread."""
import math
import warnings

import numpy as np

from . import style
from .source import shares

# Up to this many days the slots are drawn one after another; past it, as the mean day.
MAX_DAYS_AS_SERIES = 3
ENERGY_COLUMNS = ("traded_kwh", "grid_import_kwh", "grid_export_kwh", "contract_traded_kwh")


def plot(run, out):
    counts = run.open("strategy_counts")
    names = [str(s) for s in counts["strategy"].values]
    steps = counts["generation"].values
    run.require_rows(len(steps))
    styles = style.strategy_styles(len(names))
    slot_ds = run.open("market_slot")
    columns = [str(q) for q in slot_ds["quantity"].values]
    slots = slot_ds["market_slot"].values
    slots_per_day = int(run.open("market").attrs.get("slots_per_day", 48))
    prices = slots[:, columns.index("mean_price")] if "mean_price" in columns else None
    traded_at_a_price = prices is not None and np.isfinite(prices).any()

    if run.has("genome_histogram"):  # evolving prices: one strategy, a distribution of markups
        genome = run.open("genome_histogram")
        histogram = genome["genome_histogram"].values
        means = run.open("genome_mean")["genome_mean"].values
        panels = [lambda ax, k=k, label=label: _markup_density(ax, steps, histogram[:, k, :],
                                                               means[:, k], label)
                  for k, label in enumerate(("ask markup a", "bid markdown b"))]
    else:
        panels = [lambda ax: _over_generations(
            ax, steps, shares(counts["strategy_counts"].values), names, styles,
            "strategy shares", "share of agents")]
    if run.has("mean_savings_per_day"):
        savings = run.open("mean_savings_per_day")["mean_savings_per_day"].values
        panels.append(lambda ax: _over_generations(
            ax, steps, savings, names, styles, "mean savings per agent and day",
            "currency per day"))
    if run.has("contract_honour_rate"):  # bilateral or composite markets
        honour = run.open("contract_honour_rate")["contract_honour_rate"].values
        panels.append(lambda ax: _over_generations(
            ax, steps, honour, names, styles, "contract days honoured", "share of contract days"))
    if traded_at_a_price:
        panels.append(lambda ax: _per_slot(ax, {"mean clearing price": prices}, slots_per_day,
                                           "mean clearing price (gaps: nothing traded)",
                                           "currency per kWh"))
    energy = {c: slots[:, columns.index(c)] for c in ENERGY_COLUMNS
              if c in columns and np.nan_to_num(slots[:, columns.index(c)]).any()}
    if energy:
        panels.append(lambda ax: _per_slot(ax, energy, slots_per_day,
                                           "energy per slot, all communities", "kWh"))
    rows = math.ceil(len(panels) / 2)
    fig, axes = style.plt.subplots(rows, 2, figsize=(16, 4.8 * rows), squeeze=False)
    axes = axes.ravel()
    for ax, draw in zip(axes, panels):
        draw(ax)
    if not run.has("genome_histogram"):  # the markup panels carry their own legends
        style.legend(axes[0], len(names))
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    return style.save(fig, out, run.title("market"))


def _over_generations(ax, steps, values, names, styles, title, ylabel):
    marker = "o" if len(steps) <= 30 else None
    for s, name in enumerate(names):
        ax.plot(steps, values[:, s], label=name, marker=marker, markersize=3, lw=1.2, **styles[s])
    ax.set_title(title)
    style.generations_axis(ax)
    ax.set_ylabel(ylabel)


def _markup_density(ax, steps, histogram, mean, label):
    """Share of agents per markup bin (colour) over generations, with the mean as a line."""
    agents = np.maximum(histogram.sum(axis=1, keepdims=True), 1)
    image = ax.imshow((histogram / agents).T, origin="lower", aspect="auto", cmap="viridis",
                      extent=(steps[0] - 0.5, steps[-1] + 0.5, 0.0, 1.0), interpolation="nearest")
    ax.plot(steps, mean, color="white", lw=1.5, label="mean")
    ax.figure.colorbar(image, ax=ax, label="share of agents")
    ax.set_title(f"{label} (share of the spread) over generations")
    style.generations_axis(ax)
    ax.set_ylabel(label)
    ax.legend(fontsize=7, loc="upper right")


def _per_slot(ax, series, slots_per_day, title, ylabel):
    """Each series against hours from the first slot, or, past MAX_DAYS_AS_SERIES days, as the
    mean day with the 10-90% band over days."""
    length = len(next(iter(series.values())))
    days = length // slots_per_day
    hours_per_slot = 24.0 / slots_per_day
    if days <= MAX_DAYS_AS_SERIES:
        hours = np.arange(length) * hours_per_slot
        for label, values in series.items():
            ax.plot(hours, values, lw=0.8, label=label)
        ax.set_xlabel("hours from the first simulated slot")
        ax.set_title(title)
    else:
        hours = np.arange(slots_per_day) * hours_per_slot
        for label, values in series.items():
            by_day = np.asarray(values[:days * slots_per_day], dtype=float).reshape(
                days, slots_per_day)
            with warnings.catch_warnings():  # a slot never traded: all NaN, drawn as a gap
                warnings.simplefilter("ignore", RuntimeWarning)
                mean = np.nanmean(by_day, axis=0)
                low, high = np.nanpercentile(by_day, [10, 90], axis=0)
            line, = ax.plot(hours, mean, lw=1.2, label=label)
            ax.fill_between(hours, low, high, color=line.get_color(), alpha=0.2, lw=0)
        ax.set_xlabel("hour of the day (slot start)")
        ax.set_title(f"{title}: mean day of {days} (band: 10-90% of days)")
        ax.set_xlim(0, 24)
    ax.set_ylabel(ylabel)
    if len(series) > 1:
        ax.legend(fontsize=7)
