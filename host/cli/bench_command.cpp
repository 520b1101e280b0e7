// `evomarket bench [--threads N...] [--backend ...] [--quick] [--suite ...] [--repeat N]
// [--quiet]`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/run/bench.h"

namespace evomarket {

Subcommand add_bench_command(CLI::App& parent) {
  auto bench = std::make_shared<BenchOptions>();
  CLI::App* cmd = parent.add_subcommand("bench", "Measure agent-turns per second");
  cmd->add_option("--threads", bench->threads, "CPU thread counts to measure (default 1 2)");
  cmd->add_option("--backend", bench->backend, "cpu, cuda or all (default all available)");
  cmd->add_flag("--quick", bench->quick, "Small sizes (a smoke test, not a measurement)");
  cmd->add_option("--suite", bench->suite,
                  "games, dynamics, profiles, market, leader or all (default all)");
  cmd->add_option("--repeat", bench->repeat, "Timed repetitions per case (best is kept)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet", bench->quiet, "No progress lines (which case runs) on stderr");
  return {cmd, [bench] { return run_bench(*bench, stdout); }};
}

}  // namespace evomarket
