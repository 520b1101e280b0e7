"""What every figure shares: strategy colours that stay distinct past 10 strategies, the title
naming the run, saving."""
import itertools

import matplotlib

matplotlib.use("Agg")  # files only: no display is needed or used
import matplotlib.pyplot as plt  # noqa: E402

try:
    import tomllib
except ImportError:  # Python before 3.11: the title falls back to the root attributes
    tomllib = None

# tab20, tab20b and tab20c hold 60 different colours; past 60 the line style tells strategies
# apart too, so no two strategies ever share colour and style.
_PALETTES = ("tab20", "tab20b", "tab20c")
_LINE_STYLES = ("-", "--", ":", "-.")


def strategy_styles(count):
    """One {color, linestyle} per strategy: tab10 up to 10 strategies, tab20 up to 20, then the
    60 colours of tab20, tab20b and tab20c, then the same colours with other line styles."""
    if count <= 10:
        colours = [plt.get_cmap("tab10")(i) for i in range(10)]
    elif count <= 20:
        colours = [plt.get_cmap("tab20")(i) for i in range(20)]
    else:
        colours = [plt.get_cmap(name)(i) for name in _PALETTES for i in range(20)]
    pairs = itertools.product(_LINE_STYLES, colours)
    return [{"color": colour, "linestyle": style} for style, colour in
            itertools.islice(pairs, count)]


def generations_axis(ax, label="generation"):
    """Generations on x: whole numbers only."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label)


def legend(ax, count):
    """The strategies' legend (from the lines of `ax`) at the right of the figure, in columns
    when there are many; save() leaves room for it."""
    columns = 1 if count <= 16 else 2 if count <= 40 else 3
    fig = ax.figure
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7 if count <= 20 else 6, ncol=columns,
               loc="center right", borderaxespad=0.5)
    fig.evomarket_legend_inches = columns * (1.6 if count <= 20 else 1.25)


def config_of(parameters_toml):
    """The run's resolved config as a dict ({} when it cannot be read)."""
    if not parameters_toml or tomllib is None:
        return {}
    try:
        return tomllib.loads(parameters_toml)
    except tomllib.TOMLDecodeError:
        return {}


def setting(config, dotted, default=None):
    """config["a"]["b"] for "a.b", or `default` where the config lacks it."""
    node = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def run_title(attrs, config, what=""):
    """'NAME: what — mode, agents, mechanism or rule, ..., seed S' from the root attributes and
    the config the run resolved (/parameters config_toml)."""
    mode = attrs.get("mode", setting(config, "experiment.mode", "?"))
    name = setting(config, "experiment.name", "")
    parts = [str(mode)]
    if mode == "tournament":
        strategies = setting(config, "tournament.strategies") or []
        parts.append(f"{len(strategies)} strategies" if strategies else "")
        parts.append(f"{setting(config, 'tournament.repetitions', '?')} repetitions")
        parts.append(f"{setting(config, 'game.turns', '?')} turns")
    elif mode == "market":
        agents = setting(config, "market.agents", "?")
        size = setting(config, "market.community_size")
        parts.append(f"{agents} agents" + (f" in communities of {size}" if size else ""))
        structure = setting(config, "market.structure", "")
        mechanism = setting(config, "market.mechanism", "")
        if structure == "bilateral":
            parts.append("bilateral contracts")
        elif structure == "composite":
            parts.append(f"contracts + {mechanism}")
        elif mechanism:
            parts.append(f"mechanism {mechanism}")
        parts.append(f"update {setting(config, 'dynamics.rule', '?')}")
        parts.append(f"{setting(config, 'market.days_per_generation', '?')} days/generation")
    else:
        parts.append(f"{setting(config, 'population.agents', '?')} agents")
        kind = setting(config, "game.kind", "iterated")
        parts.append("matrix game" if kind == "matrix" else f"{kind} game")
        partners = setting(config, "population.partners", "")
        if partners:
            parts.append(f"partners {partners}")
        rule = setting(config, "dynamics.rule", "?")
        schedule = setting(config, "dynamics.schedule", "synchronous")
        parts.append(f"update {rule}" + (" (one event at a time)"
                                          if schedule == "asynchronous" else ""))
    if "replicate" in attrs:  # one replicate of an ensemble, run alone (--replicate)
        parts.append(f"replicate {attrs['replicate']} of an ensemble")
    replicates = setting(config, "experiment.replicates", 1)
    if replicates and replicates > 1:
        parts.append(f"{replicates} replicates")
    parts.append(f"seed {attrs.get('seed', setting(config, 'experiment.seed', '?'))}")
    status = attrs.get("status")
    if status and status != "complete":
        parts.append(f"status {status}")
    head = f"{name}: {what}" if name and what else name or what
    return f"{head}\n" + ", ".join(p for p in parts if p)


class Drawn:
    """What a figure shows: its kind, title and panel titles (and for sweeps each point's
    value), for callers and tests."""

    def __init__(self, title, panels, values=None):
        self.kind = None
        self.title = title
        self.panels = panels
        self.values = values


def save(fig, out, title, values=None):
    """Writes the figure to `out` (PNG) and says what it shows."""
    fig.suptitle(title, fontsize=10)
    right = 1 - getattr(fig, "evomarket_legend_inches", 0) / fig.get_figwidth()
    top = 1 - (0.2 * (title.count("\n") + 1) + 0.1) / fig.get_figheight()  # the title's lines
    fig.tight_layout(rect=(0, 0, right, top))
    panels = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
    fig.savefig(out, dpi=110, bbox_inches="tight")  # long tick labels are not cut off
    plt.close(fig)
    return Drawn(title, panels, values)
