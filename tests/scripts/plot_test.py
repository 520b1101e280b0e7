"""scripts/plot on a results file of every kind the freshly built evomarket writes: populations
(iterated and matrix games, a lattice, one event at a time, 25 strategies), tournaments,
markets (double auction, bilateral contracts, both, evolving prices), ensembles (population and market) and a
stitched sweep; and its refusals of what it cannot draw (exit 2 and a message saying why).

Usage: plot_test.py EVOMARKET_BINARY (ctest runs it through scripts/lib/find-python).
Exits 77, which ctest reports as skipped, where matplotlib, xarray or h5netcdf is missing.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SOURCE / "scripts" / "lib"))

try:
    import h5py
    import numpy as np
    import matplotlib
    import xarray  # noqa: F401  (the reader's)
    import h5netcdf  # noqa: F401  (xarray's engine)
except ImportError as missing:
    print(f"skipped: {missing} (Debian: python3-matplotlib python3-xarray python3-h5netcdf)")
    sys.exit(77)

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402

import evomarket_plot  # noqa: E402
from evomarket_plot.source import Run  # noqa: E402

BINARY = None
WORK = None
PLOT = str(SOURCE / "scripts" / "plot")
EXPERIMENTS = SOURCE / "experiments"

MANY = ["Cooperator", "Defector", "TitForTat", "SuspiciousTitForTat", "TitFor2Tats",
        "TwoTitsForTat", "Grudger", "WinStayLoseShift", "Alternator", "AntiTitForTat", "Bully",
        "HardTitForTat", "HardTitFor2Tats", "SpitefulTitForTat", "SlowTitForTwoTats2",
        "SneakyTitForTat", "ForgivingTitForTat", "Gradual", "OriginalGradual",
        "ForgetfulGrudger", "SoftGrudger", "Aggravater", "GrudgerAlternator", "OppositeGrudger",
        "EasyGo"]


def path(name):
    return os.path.join(WORK, name)


def evomarket(*args):
    run = subprocess.run([BINARY, *args], cwd=WORK, capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"evomarket {' '.join(args)} exited {run.returncode}:\n"
                             f"{run.stdout}{run.stderr}")


def run(out, config=None, *settings):
    """`evomarket run` of `config` (an experiments/ file, or the built-in default) with --set
    overrides."""
    args = ["run"] + ([str(EXPERIMENTS / config)] if config else [])
    for setting in settings:
        args += ["--set", setting]
    evomarket(*args, "--quiet", "--threads", "2", "--out", path(out))


def plot(*args):
    return subprocess.run([PLOT, *args], cwd=WORK, capture_output=True, text=True)


# Every kind of file, what the plot must say it is, and what its title must name.
FILES = {
    "iterated.h5": ("population", ["population", "2000 agents", "iterated game", "seed 2026"]),
    "matrix.h5": ("population", ["population", "600 agents", "matrix game", "update", "seed"]),
    "lattice.h5": ("population", ["partners lattice", "update imitate_best", "seed 1992"]),
    "moran.h5": ("population", ["50 agents", "one event at a time", "seed 1"]),
    "many.h5": ("population", ["2500 agents", "seed 5"]),
    "tournament.h5": ("tournament", ["tournament", "16 strategies", "seed"]),
    "market.h5": ("market", ["market", "1000 agents", "mechanism uniform", "update fermi",
                             "seed 2026"]),
    "bilateral.h5": ("market", ["bilateral contracts", "600 agents", "seed 2026"]),
    "composite.h5": ("market", ["contracts + uniform", "seed"]),
    "genome.h5": ("market", ["market_genome", "2000 agents", "mechanism uniform"]),
    "ensemble.h5": ("ensemble", ["population", "3 replicates", "seed 42"]),
    "fixation.h5": ("ensemble", ["one event at a time", "12 replicates"]),
    "market_ensemble.h5": ("ensemble", ["market", "2 replicates", "mechanism uniform"]),
    os.path.join("sweep", "index.h5"): ("sweep", ["sweep", "seed per point"]),
}


def setUpModule():
    run("iterated.h5", "default_population.toml", "population.agents=2000",
        "population.generations=4", "game.turns=20")
    run("matrix.h5", "hawk_dove.toml", "population.agents=600", "population.generations=6")
    run("lattice.h5", "nowak_may_spatial_pd.toml", "population.agents=400",
        "population.lattice_width=20", "population.generations=5",
        "population.record_agents=true")
    run("moran.h5", "bench/fixation_pd.toml", "experiment.replicates=1",
        "population.generations=40")
    with open(path("many.toml"), "w") as spec:
        names = ", ".join(f'"{n}"' for n in MANY)
        spec.write(f'[experiment]\nname = "many"\nmode = "population"\nseed = 5\n[game]\n'
                   f'turns = 10\n[population]\nagents = 2500\ngenerations = 3\n'
                   f'strategies = [{names}]\ncounts = [{", ".join(["100"] * 25)}]\n'
                   '[dynamics]\nrule = "fermi"\n')
    evomarket("run", path("many.toml"), "--quiet", "--out", path("many.h5"))
    run("tournament.h5", "axelrod_tournament.toml", "tournament.repetitions=2", "game.turns=20")
    run("market.h5", None, "market.agents=1000", "market.days=2", "market.generations=3")
    run("bilateral.h5", "market_bilateral_contracts.toml", "market.agents=600",
        "market.generations=2")
    run("composite.h5", "market_composite_coevolution.toml", "market.agents=600",
        "market.generations=2")
    run("genome.h5", "market_genome.toml", "market.agents=2000", "market.generations=3")
    run("ensemble.h5", "hawk_dove.toml", "population.agents=600", "population.generations=6",
        "experiment.replicates=3")
    run("fixation.h5", "bench/fixation_pd.toml", "experiment.replicates=12",
        "population.generations=400")
    run("market_ensemble.h5", None, "market.agents=1000", "market.generations=2",
        "experiment.replicates=2")
    with open(path("sweep.toml"), "w") as spec:
        spec.write(f'base = "{EXPERIMENTS / "hawk_dove.toml"}"\n[set]\n'
                   'population.agents = 400\npopulation.generations = 5\n'
                   '[[axis]]\n"dynamics.revise" = [0.1, 0.4]\n'
                   '[[axis]]\n"population.shares" = [[0.1, 0.9], [0.3, 0.7]]\n')
    evomarket("sweep", path("sweep.toml"), "--out", path("sweep"), "--jobs", "2")
    evomarket("stitch", path("sweep"))


_DRAWN = {}


def drawn(name):
    """The figure of one of FILES, drawn once (in this process) and checked to be a real one."""
    if name not in _DRAWN:
        out = path(name.replace(os.sep, "_") + ".png")
        _DRAWN[name] = evomarket_plot.plot(path(name), out)
        image_of(out)
    return _DRAWN[name]


def image_of(png):
    """The PNG's pixels, after checking it is a real figure: more than a blank page."""
    size = os.path.getsize(png)
    if size < 20_000:
        raise AssertionError(f"{png}: only {size} bytes")
    pixels = matplotlib.image.imread(png)[..., :3]
    colours = len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    if colours < 50:
        raise AssertionError(f"{png}: only {colours} colours: an empty figure?")
    return pixels


class EveryKind(unittest.TestCase):
    def test_a_png_of_every_kind(self):
        for name, (kind, _) in FILES.items():
            with self.subTest(file=name):
                self.assertEqual(drawn(name).kind, kind)

    def test_the_script_draws_and_says_where(self):
        for name in ("tournament.h5", os.path.join("sweep", "index.h5")):
            with self.subTest(file=name):
                out = path("script.png")
                done = plot(path(name), out)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertEqual(done.stdout.strip(), out)
                image_of(out)

    def test_default_output_is_beside_the_results(self):
        done = plot(path("matrix.h5"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), path("matrix.png"))
        image_of(path("matrix.png"))

    def test_titles_name_the_run(self):
        for name, (_, words) in FILES.items():
            with self.subTest(file=name):
                title = drawn(name).title
                for word in words:
                    self.assertIn(word, title)

    def test_matrix_populations_have_no_cooperation_panel(self):
        # Matrix games record no cooperation_rate: the figure draws what there is.
        self.assertFalse(Run(path("matrix.h5")).has("cooperation_rate"))
        self.assertEqual(drawn("matrix.h5").panels, ["strategy shares", "mean payoff per round"])
        self.assertIn("cooperation rate", drawn("iterated.h5").panels)
        self.assertIn("final strategies on the lattice", drawn("lattice.h5").panels)

    def test_bilateral_markets_show_honour_not_an_empty_price_panel(self):
        panels = drawn("bilateral.h5").panels
        self.assertIn("contract days honoured", panels)
        self.assertFalse(any("price" in p for p in panels), panels)
        panels = drawn("market.h5").panels
        self.assertTrue(any("clearing price" in p for p in panels), panels)
        self.assertNotIn("contract days honoured", panels)
        panels = drawn("composite.h5").panels
        self.assertIn("contract days honoured", panels)
        self.assertTrue(any("clearing price" in p for p in panels), panels)

    def test_evolving_prices_show_the_markup_distributions(self):
        panels = drawn("genome.h5").panels
        self.assertTrue(any(p.startswith("ask markup a") for p in panels), panels)
        self.assertTrue(any(p.startswith("bid markdown b") for p in panels), panels)
        self.assertNotIn("strategy shares", panels)
        self.assertIn("strategy shares", drawn("market.h5").panels)

    def test_long_slot_series_are_drawn_as_the_mean_day(self):
        # Bilateral: 2 generations of 7 days; the default market: 3 days.
        panels = drawn("bilateral.h5").panels
        self.assertTrue(any("mean day of 14" in p for p in panels), panels)
        panels = drawn("market.h5").panels
        self.assertFalse(any("mean day" in p for p in panels), panels)

    def test_ensembles(self):
        panels = drawn("fixation.h5").panels
        self.assertTrue(any(p.startswith("mean share over 12 replicates") for p in panels))
        self.assertIn("fixation frequency (95% Wilson interval)", panels)
        self.assertIn("mean share over 2 replicates (band: 10-90% of replicates)",
                      drawn("market_ensemble.h5").panels)

    def test_sweep_heat_map_choices(self):
        index = path(os.path.join("sweep", "index.h5"))
        flipped = evomarket_plot.plot(index, path("flipped.png"), evomarket_plot.Choice(
            "mean_payoff_per_turn", "Dove", x="population.shares", y="dynamics.revise"))
        self.assertIn("final mean_payoff_per_turn [Dove]", flipped.title)
        image_of(path("flipped.png"))
        dove = evomarket_plot.plot(index, path("s.png"), evomarket_plot.Choice(entry="Dove"))
        # Known answer: each cell is the final Dove share of its point's own file.
        for point, name in enumerate(["point-0000.h5", "point-0001.h5", "point-0002.h5",
                                      "point-0003.h5"]):
            with h5py.File(path(os.path.join("sweep", name)), "r") as f:
                counts = f["observables/strategy_counts/value"][-1]
            self.assertAlmostEqual(dove.values[point], counts[1] / counts.sum())
        one_axis = plot(index, path("line.png"), "--observable", "mean_payoff_per_turn",
                        "--x", "dynamics.revise", "--y", "dynamics.revise")
        self.assertEqual(one_axis.returncode, 2)
        self.assertIn("both 'dynamics.revise'", one_axis.stderr)

    def test_colours_stay_distinct_past_ten_and_twenty(self):
        for count in (2, 10, 11, 20, 25, 60):
            styles = evomarket_plot.strategy_styles(count)
            colours = {tuple(s["color"]) for s in styles}
            self.assertEqual(len(colours), count, count)
        styles = evomarket_plot.strategy_styles(100)
        self.assertEqual(len({(tuple(s["color"]), s["linestyle"]) for s in styles}), 100)


class BadInput(unittest.TestCase):
    def refused(self, args, *words):
        done = plot(*args)
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        for word in words:
            self.assertIn(word, done.stderr)
        self.assertNotIn("Traceback", done.stderr)

    def test_not_a_results_file(self):
        with open(path("notes.txt"), "w") as text:
            text.write("not HDF5\n")
        self.refused([path("notes.txt"), path("x.png")], "notes.txt", "not an HDF5 file")
        with h5py.File(path("plain.h5"), "w") as f:
            f["data"] = np.arange(3)
        self.refused([path("plain.h5"), path("x.png")], "plain.h5",
                     "not an evomarket results file")
        self.refused([path("nothing.h5")], "nothing.h5", "no such file")
        self.assertFalse(os.path.exists(path("x.png")))

    def test_unfinished_file(self):
        shutil.copy(path("matrix.h5"), path("running.h5"))
        with h5py.File(path("running.h5"), "r+") as f:
            f.attrs["status"] = "running"
        self.refused([path("running.h5"), path("r.png")], "running.h5", "status is 'running'",
                     "not 'complete'")
        self.assertFalse(os.path.exists(path("r.png")))
        drawn = plot(path("running.h5"), path("r.png"), "--unfinished")
        self.assertEqual(drawn.returncode, 0, drawn.stderr)
        image_of(path("r.png"))

    def test_interrupted_before_its_first_generation(self):
        shutil.copy(path("matrix.h5"), path("empty.h5"))
        with h5py.File(path("empty.h5"), "r+") as f:
            f.attrs["status"] = "interrupted"
            for series in f["observables"].values():
                series["value"].resize(0, axis=0)
                series["generation"].resize(0, axis=0)
        self.refused([path("empty.h5"), path("e.png"), "--unfinished"], "empty.h5",
                     "no generation recorded yet")
        self.assertFalse(os.path.exists(path("e.png")))

    def test_sweep_choices_that_do_not_exist(self):
        index = path(os.path.join("sweep", "index.h5"))
        self.refused([index, path("x.png"), "--x", "game.turns"], "'game.turns' is not a sweep "
                     "axis", "dynamics.revise")
        self.refused([index, path("x.png"), "--entry", "Owl"], "no strategy 'Owl'", "Hawk")
        self.refused([index, path("x.png"), "--observable", "market_slot"],
                     "no observable 'market_slot'", "strategy_counts")

    def test_sweep_with_a_missing_point(self):
        shutil.copytree(path("sweep"), path("gappy"))
        os.remove(path(os.path.join("gappy", "point-0002.h5")))
        os.remove(path(os.path.join("gappy", "index.h5")))
        evomarket("stitch", path("gappy"))
        index = path(os.path.join("gappy", "index.h5"))
        self.refused([index, path("g.png")], "points [2] are not complete", "--unfinished")
        done = plot(index, path("g.png"), "--unfinished")
        self.assertEqual(done.returncode, 0, done.stderr)
        image_of(path("g.png"))


def main():
    global BINARY, WORK
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    BINARY = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="plot_test.") as work:
        WORK = work
        result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
