"""Draws any evomarket results file, or a stitched sweep index, to one PNG (scripts/plot).

    import evomarket_plot                       # PYTHONPATH=scripts/lib
    evomarket_plot.plot("run.h5", "run.png")
    evomarket_plot.plot("hd/index.h5", "hd.png", evomarket_plot.Choice(entry="Hawk"))

What a file is decides the figure: a tournament, an ensemble (experiment.replicates > 1), a
market run, a population run (any game, structure or schedule), or a sweep index (a heat map
of a final value over two sweep keys). Files are read through evomarket_results; PlotError says
what is wrong with a file that cannot be drawn.
"""
import evomarket_results as er

from . import ensemble, market, population, sweep, tournament
from .source import PlotError, Run
from .style import strategy_styles
from .sweep import Choice

__all__ = ["plot", "kind_of", "Choice", "PlotError", "strategy_styles"]


def kind_of(run):
    """tournament, ensemble, market, population or sweep."""
    if run.is_sweep:
        return "sweep"
    if run.has("tournament"):
        return "tournament"
    if run.has("ensemble"):
        return "ensemble"
    if run.has("market"):
        return "market"
    if run.has("strategy_counts"):
        return "population"
    raise PlotError(f"{run.path}: a {run.attrs.get('mode', '?')} file without /tournament, "
                    "/ensemble or /observables/strategy_counts: nothing to draw")


def plot(path, out, choice=None, unfinished=False):
    """Writes the figure of `path` to `out` and returns what it drew (style.Drawn: kind, title,
    panel titles; for a sweep each point's value). For sweep indexes,
    `choice` picks the observable, its strategy or quantity and the two keys; `unfinished`
    draws a run that did not finish, or an index with points that did not."""
    try:
        run = Run(path, unfinished=unfinished)
        kind = kind_of(run)
        if kind == "sweep":
            drawn = sweep.plot(run, out, choice or Choice())
        else:
            drawn = {"tournament": tournament.plot, "ensemble": ensemble.plot,
                     "market": market.plot, "population": population.plot}[kind](run, out)
    except er.UnfinishedResults as e:
        # The reader's advice names its Python argument; scripts/plot has a flag for it.
        said = str(e).split(": pass unfinished=True")[0]
        raise PlotError(f"{said}: --unfinished draws what there is") from None
    drawn.kind = kind
    return drawn
