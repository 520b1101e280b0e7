// `evomarket inspect FILE`: what an HDF5 file (results, profile store, checkpoint) holds.
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "io/describe.h"

namespace evomarket {

Subcommand add_inspect_command(CLI::App& parent) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand("inspect", "Summarize an HDF5 file");
  cmd->add_option("file", *file, "HDF5 file")->required();
  return {cmd, [file] {
            fmt::print("{}", io::describe_file(*file));
            return 0;
          }};
}

}  // namespace evomarket
