"""scripts/plot: draws an evomarket results file or a stitched sweep index to PNG."""
import argparse
import sys

try:
    from evomarket_plot import Choice, PlotError, plot
except ImportError as missing:  # the reader needs xarray and h5netcdf besides h5py
    sys.exit(f"scripts/plot: {missing}: run scripts/bootstrap (Debian: python3-matplotlib "
             "python3-xarray python3-h5netcdf)")


def main(argv):
    parser = argparse.ArgumentParser(
        prog="scripts/plot",
        description="Draws an evomarket results file (population, market, tournament, ensemble) "
        "or a stitched sweep index (a heat map over two sweep keys) to PNG.")
    parser.add_argument("results", help="results file, or a sweep's index.h5")
    parser.add_argument("out", nargs="?", help="PNG to write (default: RESULTS with .png)")
    parser.add_argument("--unfinished", action="store_true",
                        help="draw a run whose status is not complete, or a sweep with points "
                        "that are not")
    sweep = parser.add_argument_group("sweep indexes")
    sweep.add_argument("--observable", default="strategy_counts",
                       help="observable whose final value is drawn (default strategy_counts, "
                       "as shares)")
    sweep.add_argument("--entry", help="its strategy or quantity (default: the first)")
    sweep.add_argument("--x", help="sweep key along x (default: the first axis)")
    sweep.add_argument("--y", help="sweep key along y (default: the second axis)")
    args = parser.parse_args(argv[1:])
    out = args.out or args.results.rsplit(".", 1)[0] + ".png"
    try:
        plot(args.results, out, Choice(args.observable, args.entry, args.x, args.y),
             unfinished=args.unfinished)
    except PlotError as e:
        print(f"scripts/plot: {e}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
