// `evomarket stitch FOLDER [--out INDEX.h5]` (docs/sweeps.md).
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/sweep/stitch.h"

namespace evomarket {
namespace {

struct StitchArgs {
  std::string folder;
  std::string out;
};

int stitch_command(const StitchArgs& args) {
  const std::string index =
      args.out.empty() ? (std::filesystem::path(args.folder) / "index.h5").string() : args.out;
  const StitchReport report = stitch_sweep(args.folder, index);
  fmt::print("stitched {} of {} points of {} into {}\n", report.stitched, report.points,
             args.folder, index);
  if (!report.missing.empty()) {
    fmt::print("not complete (read as fill values): points {}\n", fmt::join(report.missing, ", "));
  }
  return 0;
}

}  // namespace

Subcommand add_stitch_command(CLI::App& parent) {
  auto args = std::make_shared<StitchArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "stitch", "One HDF5 index over all points of a sweep folder (virtual datasets)");
  cmd->add_option("folder", args->folder, "Sweep folder (what `evomarket sweep` wrote)")
      ->required();
  cmd->add_option("--out", args->out,
                  "Index file (default: FOLDER/index.h5; keep it beside or inside the folder "
                  "when moving either)");
  return {cmd, [args] { return stitch_command(*args); }};
}

}  // namespace evomarket
