// `evomarket strategies`: the names of the built-in strategies, one a line.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/setup/strategy_catalog.h"

namespace evomarket {

Subcommand add_strategies_command(CLI::App& parent) {
  CLI::App* cmd = parent.add_subcommand("strategies", "List the built-in strategies");
  return {cmd, [] {
            for (const auto& name : builtin_strategy_names()) fmt::print("{}\n", name);
            return 0;
          }};
}

}  // namespace evomarket
