"""A tournament: the payoff matrix ranked, and each strategy's normalised scores over the
repetitions."""
from . import style


def plot(run, out):
    t = run.open("tournament")
    names = [str(s) for s in t["strategy"].values]
    order = [int(i) for i in t["ranking"].values]
    matrix = t["payoff_matrix"].values
    fig, (left, right) = style.plt.subplots(1, 2, figsize=(15, 6.5 + 0.1 * max(0, len(names) - 20)))
    image = left.imshow(matrix[order][:, order], cmap="viridis")
    ranked = [names[i] for i in order]
    size = 7 if len(names) <= 30 else 5
    left.set_xticks(range(len(ranked)), ranked, rotation=90, fontsize=size)
    left.set_yticks(range(len(ranked)), ranked, fontsize=size)
    left.set_title("mean payoff per turn (row vs column), ranked")
    fig.colorbar(image, ax=left)
    scores = t["normalised_scores"].values[:, order]
    right.boxplot(scores, vert=False, labels=ranked)
    right.invert_yaxis()
    right.set_xlabel("normalised score (payoff per turn per opponent)")
    right.tick_params(axis="y", labelsize=size)
    return style.save(fig, out, run.title("tournament"))
