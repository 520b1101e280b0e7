"""Plots an evomarket results file (tournament, population or market) to a PNG file."""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def plot_tournament(f, out):
    g = f["tournament"]
    names = text(g["strategies"][...])
    matrix = g["payoff_matrix"][...]
    order = list(g["ranking"][...])
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.5))
    image = left.imshow(matrix[order][:, order], cmap="viridis")
    ranked = [names[i] for i in order]
    left.set_xticks(range(len(ranked)), ranked, rotation=90, fontsize=7)
    left.set_yticks(range(len(ranked)), ranked, fontsize=7)
    left.set_title("mean payoff per turn (row vs column), ranked")
    fig.colorbar(image, ax=left)
    scores = g["normalised_scores"][...][:, order]
    right.boxplot(scores, vert=False, labels=ranked)
    right.invert_yaxis()
    right.set_xlabel("normalised score (payoff per turn per opponent)")
    right.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def plot_population(f, out):
    obs = f["observables"]
    names = text(obs["mean_payoff_per_turn/strategy"][...])
    steps = obs["mean_payoff_per_turn/generation"][...]
    payoff = obs["mean_payoff_per_turn/value"][...]
    coop = obs["cooperation_rate/value"][...]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6))
    if len(steps) > 1:
        for s, name in enumerate(names):
            left.plot(steps, payoff[:, s], label=name)
            right.plot(steps, coop[:, s], label=name)
        left.set_xlabel("generation")
        right.set_xlabel("generation")
        left.legend(fontsize=7)
    else:
        left.barh(names, payoff[-1])
        right.barh(names, coop[-1])
        left.invert_yaxis()
        right.invert_yaxis()
    left.set_title("mean payoff per turn")
    right.set_title("cooperation rate")
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def plot_market(f, out):
    obs = f["observables"]
    names = text(f["market/strategies"][...])
    steps = obs["strategy_counts/generation"][...]
    counts = obs["strategy_counts/value"][...]
    shares = counts / counts.sum(axis=1, keepdims=True)
    savings = obs["mean_savings_per_day/value"][...]
    slot_columns = text(obs["market_slot/quantity"][...])
    slot_steps = obs["market_slot/slot"][...]
    slots = obs["market_slot/value"][...]
    slots_per_day = int(f["market"].attrs["slots_per_day"])
    hours = slot_steps * 24.0 / slots_per_day
    fig, axes = plt.subplots(2, 2, figsize=(14, 9))
    (shares_ax, savings_ax), (price_ax, energy_ax) = axes
    for s, name in enumerate(names):
        shares_ax.plot(steps, shares[:, s], marker="o", label=name)
        savings_ax.plot(steps, savings[:, s], marker="o", label=name)
    shares_ax.set_title("strategy shares")
    shares_ax.set_xlabel("generation")
    shares_ax.legend(fontsize=7)
    savings_ax.set_title("mean savings per agent and day (currency)")
    savings_ax.set_xlabel("generation")
    price_ax.plot(hours, slots[:, slot_columns.index("mean_price")], lw=0.8)
    price_ax.set_title("mean clearing price (currency per kWh; gaps: nothing traded)")
    price_ax.set_xlabel("hours from the first simulated slot")
    for column in ("traded_kwh", "grid_import_kwh", "grid_export_kwh", "contract_traded_kwh"):
        if column in slot_columns and slots[:, slot_columns.index(column)].any():
            energy_ax.plot(hours, slots[:, slot_columns.index(column)], lw=0.8, label=column)
    energy_ax.set_title("energy per slot, all communities (kWh)")
    energy_ax.set_xlabel("hours from the first simulated slot")
    energy_ax.legend(fontsize=7)
    mechanism = f["market"].attrs.get("mechanism", b"")
    mechanism = mechanism.decode() if isinstance(mechanism, bytes) else str(mechanism)
    fig.suptitle(f"market game ({mechanism})")
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit("usage: scripts/plot RESULTS.h5 [OUT.png]")
    path = argv[1]
    out = argv[2] if len(argv) == 3 else path.rsplit(".", 1)[0] + ".png"
    with h5py.File(path, "r") as f:
        status = f.attrs.get("status", b"")
        status = status.decode() if isinstance(status, bytes) else str(status)
        if status != "complete":
            sys.exit(f"{path}: status is '{status}', not 'complete': refusing to plot an unfinished run")
        if "tournament" in f:
            plot_tournament(f, out)
        elif "market" in f:
            plot_market(f, out)
        elif "observables" in f:
            plot_population(f, out)
        else:
            sys.exit(f"{path}: neither /tournament nor /observables: not an evomarket result")
    print(out)


if __name__ == "__main__":
    main(sys.argv)
