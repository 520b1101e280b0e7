"""scripts/lib/evomarket_results and the netCDF view of results files, on files the freshly built
evomarket writes in every mode: population, tournament, market, ensembles, a stitched sweep.

Usage: evomarket_results_test.py EVOMARKET_BINARY (ctest runs it through scripts/lib/find-python).
Exits 77, which ctest reports as skipped, where xarray or h5netcdf is not installed.
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
    import pandas as pd
    import xarray as xr
    import h5netcdf  # noqa: F401  (xarray's engine)
except ImportError as missing:
    print(f"skipped: {missing} (Debian: python3-xarray python3-h5netcdf)")
    sys.exit(77)

import evomarket_results as er  # noqa: E402

BINARY = None
WORK = None


def evomarket(*args):
    run = subprocess.run([BINARY, *args], cwd=WORK, capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"evomarket {' '.join(args)} exited {run.returncode}:\n"
                             f"{run.stdout}{run.stderr}")
    return run


def path(name):
    return os.path.join(WORK, name)


def groups_with_data(file_path):
    found = []
    with h5py.File(file_path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Group) and name != "parameters":
                if any(isinstance(c, h5py.Dataset) for c in obj.values()):
                    found.append(name)
        f.visititems(visit)
    return found


HAWK_DOVE = str(SOURCE / "experiments" / "hawk_dove.toml")
SMALL_POPULATION = ["--set", "population.agents=600", "--set", "population.generations=6"]


def setUpModule():
    evomarket("run", HAWK_DOVE, *SMALL_POPULATION, "--set", 'population.partners="community"',
              "--set", "population.community_size=100", "--set", "output.community_counts=true",
              "--set", "output.snapshot_every=2", "--set", "population.record_agents=true",
              "--quiet", "--out", path("population.h5"))
    evomarket("run", str(SOURCE / "experiments" / "axelrod_tournament.toml"), "--set",
              "tournament.repetitions=2", "--set", "game.turns=20", "--set",
              "tournament.ecosystem_steps=5", "--set", "tournament.record_moves=true", "--quiet",
              "--out", path("tournament.h5"))
    evomarket("run", "--set", "market.agents=2000", "--set", "market.days=2", "--set",
              "market.generations=3", "--set", "output.community_counts=true", "--set",
              "market.per_community=true", "--quiet", "--out", path("market.h5"))
    evomarket("run", HAWK_DOVE, *SMALL_POPULATION, "--set", "experiment.replicates=3",
              "--quiet", "--out", path("ensemble.h5"))
    evomarket("run", "--set", "market.agents=1000", "--set", "market.generations=2", "--set",
              "experiment.replicates=2", "--quiet", "--out", path("market_ensemble.h5"))
    with open(path("sweep.toml"), "w") as spec:
        spec.write(f'base = "{HAWK_DOVE}"\n[set]\npopulation.agents = 400\n'
                   'population.generations = 5\n[[axis]]\n"dynamics.revise" = [0.1, 0.4]\n')
    evomarket("sweep", path("sweep.toml"), "--out", path("sweep"), "--jobs", "2")
    evomarket("stitch", path("sweep"))


ALL_FILES = ["population.h5", "tournament.h5", "market.h5", "ensemble.h5", "market_ensemble.h5"]


class NetcdfView(unittest.TestCase):
    """Item 1: xarray alone (engine h5netcdf) opens every group with named dimensions."""

    def test_every_group_of_every_file_has_named_dimensions(self):
        for name in ALL_FILES + [os.path.join("sweep", "index.h5")]:
            for group in groups_with_data(path(name)):
                with self.subTest(file=name, group=group):
                    with xr.open_dataset(path(name), group=group, engine="h5netcdf") as ds:
                        phony = [d for d in ds.dims if str(d).startswith("phony_dim")]
                        self.assertEqual(phony, [])
                        self.assertGreater(len(ds.variables), 0)

    def test_strategy_counts_one_liner(self):
        ds = xr.open_dataset(path("population.h5"), group="observables/strategy_counts",
                             engine="h5netcdf")
        self.assertEqual(ds["value"].dims, ("generation", "strategy"))
        self.assertEqual(list(ds["strategy"].values), ["Hawk", "Dove"])
        self.assertEqual(list(ds["generation"].values), list(range(6)))
        self.assertEqual(ds["value"].attrs["units"], "agents")
        frame = ds["value"].to_pandas()
        self.assertIsInstance(frame, pd.DataFrame)
        self.assertEqual(list(frame.columns), ["Hawk", "Dove"])
        self.assertTrue((frame.sum(axis=1) == 600).all())

    def test_community_counts_are_not_flattened(self):
        ds = xr.open_dataset(path("population.h5"), group="observables/community_strategy_counts",
                             engine="h5netcdf")
        self.assertEqual(ds["value"].dims, ("generation", "community", "strategy"))
        self.assertEqual(ds.sizes["community"], 6)
        total = xr.open_dataset(path("population.h5"), group="observables/strategy_counts",
                                engine="h5netcdf")["value"]
        np.testing.assert_array_equal(ds["value"].sum("community").values, total.values)

    def test_slots_carry_start_times_with_the_store_offset(self):
        ds = xr.open_dataset(path("market.h5"), group="observables/market_slot",
                             engine="h5netcdf")
        self.assertEqual(ds["value"].dims, ("slot", "quantity"))
        starts = list(ds["slot_start"].values)
        self.assertEqual(len(starts), 3 * 48)
        self.assertTrue(all(isinstance(s, str) and len(s) == 25 for s in starts))
        times = pd.to_datetime(starts)
        self.assertEqual(times[1] - times[0], pd.Timedelta(minutes=30))
        self.assertIsNotNone(times.tz)  # the offset is part of each start
        # A generation is one day of the two-day window: day 2 trades day 0 again.
        self.assertEqual(starts[2 * 48], starts[0])
        units = dict(zip(ds["quantity"].values, ds["unit"].values))
        self.assertEqual(units["mean_price"], "currency per kWh")
        self.assertEqual(units["traded_kwh"], "kWh")

    def test_tournament_axes(self):
        ds = xr.open_dataset(path("tournament.h5"), group="tournament", engine="h5netcdf")
        self.assertEqual(ds["payoff_matrix"].dims, ("strategy", "opponent"))
        self.assertEqual(ds["scores"].dims, ("repetition", "strategy"))
        self.assertEqual(ds.sizes["repetition"], 2)
        self.assertEqual(ds["ranked_names"].dims, ("rank",))
        self.assertEqual(ds["ecosystem"].dims, ("step", "strategy"))
        self.assertEqual(ds.sizes["step"], 6)
        np.testing.assert_allclose(ds["ecosystem"].sum("strategy").values, 1.0, rtol=1e-14)
        self.assertEqual(ds["state_distribution"].dims, ("strategy", "opponent", "state"))
        self.assertEqual(list(ds["state"].values), ["CC", "CD", "DC", "DD"])
        self.assertEqual(ds["player_state_distribution"].dims, ("strategy", "state"))
        self.assertEqual(ds["pair_scores"].dims, ("repetition", "strategy", "opponent"))
        self.assertEqual(ds["moves"].dims, ("repetition", "strategy", "opponent", "turn"))
        self.assertEqual(ds.sizes["turn"], 20)
        self.assertEqual(ds["moves"].dtype, np.int8)


class Reader(unittest.TestCase):
    """Item 2: evomarket_results.open / open_sweep."""

    def test_population(self):
        r = er.open(path("population.h5"))
        self.assertEqual(r.attrs["status"], "complete")
        self.assertEqual(r.attrs["mode"], "population")
        counts = r["strategy_counts"]["strategy_counts"]
        self.assertEqual(counts.dims, ("generation", "strategy"))
        self.assertEqual(counts.attrs["units"], "agents")
        self.assertEqual(list(r["population"]["strategy"].values), ["Hawk", "Dove"])
        snapshots = r["agents/strategy"]["strategy"]
        self.assertEqual(snapshots.dims, ("generation", "agent"))
        self.assertEqual(list(snapshots["generation"].values), [0, 2, 4])
        self.assertEqual(r["agents"]["final_strategy"].dims, ("agent",))
        self.assertEqual(r["agents"].sizes["agent"], 600)

    def test_one_observable_by_name(self):
        ds = er.open(path("market.h5"), "market_generation")
        savings = ds["market_generation"].sel(quantity="savings")
        self.assertEqual(savings.dims, ("generation",))
        self.assertEqual(str(ds["unit"].sel(quantity="self_sufficiency").values), "share")
        with self.assertRaises(KeyError):
            er.open(path("market.h5"), "no_such_thing")

    def test_market_slot_times(self):
        ds = er.open(path("market.h5"), "community_price")
        self.assertEqual(ds["community_price"].dims, ("slot", "community"))
        times = er.slot_times(ds)
        self.assertEqual(len(times), ds.sizes["slot"])
        self.assertEqual(str(times[0].utcoffset()), str(pd.to_datetime(
            str(ds["slot_start"].values[0])).utcoffset()))

    def test_tournament(self):
        r = er.open(path("tournament.h5"))
        t = r["tournament"]
        self.assertEqual(t.sizes["strategy"], 16)
        self.assertIn("TitForTat", list(t["strategy"].values))

    def test_ensembles(self):
        for name, mean in (("ensemble.h5", "mean_payoff_per_turn"),
                           ("market_ensemble.h5", "mean_savings_per_day")):
            with self.subTest(file=name):
                r = er.open(path(name))
                counts = r["strategy_counts"]["strategy_counts"]
                self.assertEqual(counts.dims, ("replicate", "generation", "strategy"))
                self.assertIn(mean, r)
                e = r["ensemble"]
                self.assertEqual(e["final_counts"].dims, ("replicate", "strategy"))
                self.assertEqual(list(e["stop_reasons"].values)[0], "not_finished")

    def test_refuses_unfinished_files_unless_asked(self):
        copy = path("unfinished.h5")
        shutil.copy(path("population.h5"), copy)
        with h5py.File(copy, "r+") as f:
            f.attrs["status"] = "interrupted"
        with self.assertRaises(er.UnfinishedResults) as refused:
            er.open(copy)
        self.assertIn("interrupted", str(refused.exception))
        r = er.open(copy, unfinished=True)
        self.assertEqual(r.attrs["status"], "interrupted")
        with self.assertRaises(ValueError):
            er.open(os.path.join(path("sweep"), "index.h5"))

    def test_sweep(self):
        index = os.path.join(path("sweep"), "index.h5")
        r = er.open_sweep(index)
        counts = r["strategy_counts"]["strategy_counts"]
        self.assertEqual(counts.dims, ("point", "generation", "strategy"))
        self.assertEqual(list(counts["dynamics.revise"].values), [0.1, 0.4])
        self.assertEqual(list(counts["strategy"].values), ["Hawk", "Dove"])
        files = list(r["sweep"]["file"].values)
        for point, name in enumerate(files):
            alone = er.open(os.path.join(path("sweep"), name), "strategy_counts")
            np.testing.assert_array_equal(counts.isel(point=point).values,
                                          alone["strategy_counts"].values)
        with self.assertRaises(ValueError):
            er.open_sweep(path("population.h5"))


def main():
    global BINARY, WORK
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    BINARY = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="evomarket_results_test.") as work:
        WORK = work
        result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
