// `evomarket inspect FILE`: what an HDF5 file (results, profile store, checkpoint) holds. Exit
// status 1 when the file says it is unfinished (status other than "complete": a run or ingest
// still going, killed, failed or interrupted), so scripts do not take it for a result.
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "io/describe.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"

namespace evomarket {
namespace {

// What a status other than "complete" means, for the message.
std::string unfinished(const std::string& status, const io::Group& root) {
  if (status == io::kStatusRunning) {
    return "the run or ingest that writes it is still going, or was killed";
  }
  if (status == io::kStatusFailed) {
    return io::has_attr(root, "failure") ? "failed: " + io::get_attr_string(root, "failure")
                                         : "the run failed";
  }
  if (status == io::kStatusInterrupted) {
    return "the run was interrupted; its checkpoint (when checkpoints were on) resumes it";
  }
  return "not a status evomarket writes";
}

int inspect(const std::string& path, bool json) {
  fmt::print("{}", json ? io::describe_file_json(path) : io::describe_file(path));
  std::fflush(stdout);
  io::File file = io::File::open_read(path);
  const io::Group root = file.root();
  if (!io::has_attr(root, "status")) return 0;  // e.g. a checkpoint: no status protocol
  const std::string status = io::get_attr_string(root, "status");
  if (status == io::kStatusComplete) return 0;
  fmt::print(stderr, "evomarket: {}: status \"{}\", not complete: {}\n", path, status,
             unfinished(status, root));
  return 1;
}

}  // namespace

Subcommand add_inspect_command(CLI::App& parent) {
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand(
      "inspect", "Summarize an HDF5 file (exit status 1 when its status is not complete)");
  cmd->add_option("file", *file, "HDF5 file")->required();
  cmd->add_flag("--json", *json,
                "Print the summary as JSON: root attributes and every object with its type, "
                "shape, dimensions and attributes");
  return {cmd, [file, json] { return inspect(*file, *json); }};
}

}  // namespace evomarket
