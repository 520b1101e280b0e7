// The evomarket command line (docs/cli.md).
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/solve_command.h"
#include "host/config/config.h"
#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "host/profiles/synth.h"
#include "host/run/bench.h"
#include "host/run/driver.h"
#include "host/setup/strategy_catalog.h"
#include "host/version.h"
#include "io/describe.h"
#include "io/hdf5_error.h"

namespace {

using namespace evomarket;

// Exit codes: 0 success, 1 runtime failure (I/O, device), 2 invalid input or usage.
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

struct RunArgs {
  std::string config;
  std::vector<std::string> overrides;
  std::string out;
  std::string backend = "auto";
  int threads = 0;
  bool quiet = false;
  std::string resume;
};

int run_command(const RunArgs& args) {
  RunRequest req;
  req.config = args.config.empty()
                   ? parse_config(default_config_text(), "built-in default", args.overrides)
                   : load_config(args.config, args.overrides);
  if (!args.out.empty()) req.config.output.file = args.out;
  req.resume = args.resume;
  req.backend = parse_backend_choice(args.backend);
  req.threads = args.threads;
  req.quiet = args.quiet;
  run_experiment(req, stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"evomarket: evolutionary game populations for P2P energy market research"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version",
                       std::string(evomarket_version()) + " (" + evomarket_git_commit() + ")");

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Run an experiment (without CONFIG: the built-in default population job)");
  run_cmd->add_option("config", run.config, "Experiment TOML file (see experiments/)");
  run_cmd->add_option("--set", run.overrides, "Override a config key: --set game.noise=0.01")
      ->take_all();
  run_cmd->add_option("--out", run.out, "Results file (default: output.file of the config)");
  run_cmd->add_option("--backend", run.backend,
                      "auto, cpu or cuda (auto: CUDA if a GPU is present)");
  run_cmd->add_option("--threads", run.threads, "CPU threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_flag("--quiet", run.quiet, "No progress lines on stderr");
  run_cmd->add_option("--resume", run.resume,
                      "Continue a population run from its checkpoint (same config; output, stop "
                      "and population.generations may change)");

  std::string inspect_file;
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "Summarize an HDF5 file");
  inspect_cmd->add_option("file", inspect_file, "HDF5 file")->required();

  CLI::App* strategies_cmd = app.add_subcommand("strategies", "List the built-in strategies");

  IngestOptions ingest_options;
  CLI::App* ingest_cmd = app.add_subcommand(
      "ingest", "Read meter-data CSV files (long, wide day-row, Ausgrid) into a profile store");
  add_ingest_options(*ingest_cmd, ingest_options);

  SynthOptions synth;
  CLI::App* synth_cmd = app.add_subcommand(
      "synth", "Write a synthetic prosumer community (load and rooftop PV) as a profile store");
  add_synth_options(*synth_cmd, synth);

  BenchOptions bench;
  CLI::App* bench_cmd = app.add_subcommand("bench", "Measure agent-turns per second");
  bench_cmd->add_option("--threads", bench.threads, "CPU thread counts to measure (default 1 2)");
  bench_cmd->add_option("--backend", bench.backend, "cpu, cuda or all (default all available)");
  bench_cmd->add_flag("--quick", bench.quick, "Small sizes (a smoke test, not a measurement)");
  bench_cmd->add_option("--suite", bench.suite,
                        "games, dynamics, profiles, market or all (default all)");
  bench_cmd->add_option("--repeat", bench.repeat, "Timed repetitions per case (best is kept)")
      ->check(CLI::PositiveNumber);

  SolveArgs solve;
  CLI::App* solve_cmd = app.add_subcommand("solve", "Analytic results");
  add_solve_subcommands(*solve_cmd, solve);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  try {
    if (app.get_subcommands().empty()) {
      fmt::print("{}", app.help());
      return 0;
    }
    if (*run_cmd) return run_command(run);
    if (*inspect_cmd) {
      fmt::print("{}", io::describe_file(inspect_file));
      return 0;
    }
    if (*strategies_cmd) {
      for (const auto& name : builtin_strategy_names()) fmt::print("{}\n", name);
      return 0;
    }
    if (*bench_cmd) return run_bench(bench, stdout);
    if (*ingest_cmd) {
      fmt::print("{}", format_ingest_report(ingest_options, ingest(ingest_options)));
      return 0;
    }
    if (*synth_cmd) {
      fmt::print("{}", format_synth_report(synthesize_profiles(synth)));
      return 0;
    }
    if (*solve_cmd) return run_solve(solve, stdout);
  } catch (const ConfigError& e) {
    fmt::print(stderr, "evomarket: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "evomarket: error: {}\n", e.what());
    return kExitFailure;
  }
  return 0;
}
