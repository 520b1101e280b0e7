// `evomarket run CONFIG [--set key=value]... [--out FILE] [--backend ...] [--threads N]
// [--quiet] [--resume CHECKPOINT] [--replicate R] [--overwrite]`.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/config/config.h"
#include "host/run/driver.h"
#include "host/run/ensemble.h"
#include "host/run/interrupt.h"
#include "host/run/memory_estimate.h"

namespace evomarket {
namespace {

struct RunArgs {
  std::string config;
  std::vector<std::string> overrides;
  std::string out;
  std::string backend = "auto";
  int threads = 0;
  bool quiet = false;
  std::string resume;
  std::string memory_limit;
  int64_t replicate = -1;
  bool overwrite = false;
};

int run_command(const RunArgs& args) {
  RunRequest req;
  req.config = args.config.empty()
                   ? parse_config(default_config_text(), "built-in default", args.overrides)
                   : load_config(args.config, args.overrides);
  if (!args.out.empty()) {
    check_output_file_name(args.out, "--out");
    req.config.output.file = args.out;
  }
  if (!args.memory_limit.empty()) {
    req.memory_limit = parse_memory_size(args.memory_limit, kMemoryLimitOption);
  }
  if (args.replicate >= 0) {  // one replicate of the config's ensemble, alone
    req.replicate = args.replicate;
    req.ensemble_seed = req.config.seed;
    req.config = replicate_config(req.config, static_cast<uint64_t>(args.replicate));
  }
  req.resume = args.resume;
  req.backend = parse_backend_choice(args.backend);
  req.threads = args.threads;
  req.quiet = args.quiet;
  req.overwrite = args.overwrite;
  // From here on SIGINT / SIGTERM stop the run at the next generation (host/run/interrupt.h).
  install_interrupt_handlers();
  run_experiment(req, stdout);
  return 0;
}

}  // namespace

Subcommand add_run_command(CLI::App& parent) {
  auto run = std::make_shared<RunArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "run", "Run an experiment (without CONFIG: the built-in default job, the P2P market game)");
  cmd->add_option("config", run->config, "Experiment TOML file (see experiments/)");
  cmd->add_option("--set", run->overrides, "Override a config key: --set game.noise=0.01")
      ->take_all();
  cmd->add_option("--out", run->out, "Results file (default: output.file of the config)");
  cmd->add_option("--backend", run->backend, "auto, cpu or cuda (auto: CUDA if a GPU is present)");
  cmd->add_option("--threads", run->threads,
                  fmt::format("CPU threads, at most {} (default: all cores)", kMaxThreads))
      ->check(CLI::Range(0, kMaxThreads));
  cmd->add_option(kMemoryLimitOption, run->memory_limit,
                  "Memory the run may use, e.g. 64G (default: physical memory, and the GPU's "
                  "free memory); runs estimated to need more are refused");
  cmd->add_flag("--quiet", run->quiet, "No progress lines on stderr");
  cmd->add_option("--replicate", run->replicate,
                  "Run replicate R of the config's ensemble (experiment.replicates) alone: the "
                  "same results as in the ensemble, as a single run")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--overwrite", run->overwrite,
                "Replace a complete results file or any other file at --out (a failed, "
                "interrupted or running one is replaced without it)");
  cmd->add_option("--resume", run->resume,
                  "Continue a population, market or ensemble run from its checkpoint (same "
                  "config; output, stop and the number of generations may change)");
  return {cmd, [run] { return run_command(*run); }};
}

}  // namespace evomarket
