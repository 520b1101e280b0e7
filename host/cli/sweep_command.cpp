// `evomarket sweep SPEC [--out FOLDER] [--jobs N] [--point I]... [--list] [--backend ...]
// [--threads N]` (docs/sweeps.md).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/errors.h"
#include "host/run/interrupt.h"
#include "host/sweep/child_process.h"
#include "host/sweep/point_runner.h"
#include "host/sweep/point_selection.h"
#include "host/sweep/sweep_folder.h"
#include "host/sweep/sweep_spec.h"
#include "host/sweep/toml_text.h"

namespace evomarket {
namespace {

struct SweepArgs {
  std::string spec;
  std::string out;
  int jobs = 1;
  std::vector<std::string> points;
  bool list = false;
  std::string backend;
  int threads = 0;
};

void list_points(const std::vector<SweepPoint>& points, const std::vector<size_t>& chosen) {
  for (size_t index : chosen) {
    const SweepPoint& p = points[index];
    std::string values;
    for (const KeyValue& kv : p.values) {
      values += (values.empty() ? "" : " ") + kv.first + "=" + plain_text(kv.second);
    }
    fmt::print("{:>6}  seed {:<20} {}  {}\n", p.index, p.seed, p.file, values);
  }
  fmt::print("{} points{}\n", chosen.size(),
             chosen.size() == points.size() ? "" : fmt::format(" of {}", points.size()));
}

int sweep_command(const SweepArgs& args) {
  // Every point's config is checked here, before a folder is made or anything runs.
  const SweepSpec spec = load_sweep_spec(args.spec);
  const std::vector<SweepPoint> points = resolve_points(spec);
  const std::vector<size_t> chosen = select_points(args.points, points.size());
  if (args.list) {
    list_points(points, chosen);
    return 0;
  }
  const std::string out =
      args.out.empty() ? std::filesystem::path(args.spec).stem().string() : args.out;
  const SweepFolder folder(out);
  prepare_sweep_folder(folder, spec, points);

  PointRunOptions options;
  options.jobs = args.jobs;
  options.backend = args.backend;
  options.threads = args.threads;
  if (options.threads == 0 && args.jobs > 1) {  // share the cores between the running points
    options.threads =
        std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / args.jobs);
  }
  options.executable = own_executable();
  fmt::print("sweep {}: {} points, running {} in {} ({} at a time)\n", args.spec, points.size(),
             chosen.size(), folder.path(), args.jobs);
  std::fflush(stdout);
  const PointRunSummary s = run_points(folder, spec, points, chosen, options, stdout);
  fmt::print("sweep {}: {} complete, {} complete before, {} failed, {} interrupted; manifest {}\n",
             args.spec, s.complete, s.skipped, s.failed, s.interrupted,
             folder.file("manifest.csv"));
  if (s.signal != 0) {
    throw RunInterrupted(
        fmt::format("sweep stopped by {}; run it again to resume", signal_name(s.signal)),
        s.signal);
  }
  return s.failed > 0 ? 1 : 0;
}

}  // namespace

Subcommand add_sweep_command(CLI::App& parent) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "sweep", "Run every point of a parameter sweep (docs/sweeps.md), one results file each");
  cmd->add_option("spec", args->spec, "Sweep spec (TOML; see experiments/sweeps/)")->required();
  cmd->add_option("--out", args->out, "Sweep folder (default: the spec's name, here)");
  cmd->add_option("--jobs", args->jobs, "Points run at the same time")->check(CLI::Range(1, 1024));
  cmd->add_option("--point", args->points,
                  "Run only these points: I, A-B or I,J,... (repeatable; e.g. a SLURM array's "
                  "$SLURM_ARRAY_TASK_ID)");
  cmd->add_flag("--list", args->list, "Print the points (index, seed, values) and run nothing");
  cmd->add_option("--backend", args->backend, "Passed on to every point's run: auto, cpu or cuda");
  cmd->add_option("--threads", args->threads,
                  "CPU threads of each point's run (default: the cores shared by --jobs)")
      ->check(CLI::Range(0, 4096));
  return {cmd, [args] { return sweep_command(*args); }};
}

}  // namespace evomarket
