// `evomarket strategies`: the built-in iterated-game strategies, one a line, then the market
// game's pricing strategies with what each does.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/setup/pricing_catalog.h"
#include "host/setup/strategy_catalog.h"

namespace evomarket {

Subcommand add_strategies_command(CLI::App& parent) {
  CLI::App* cmd = parent.add_subcommand(
      "strategies", "List the built-in strategies: iterated-game and market pricing strategies");
  return {cmd, [] {
            fmt::print("Iterated-game strategies (game.kind = \"iterated\"; market contracts):\n");
            for (const auto& name : builtin_strategy_names()) fmt::print("  {}\n", name);
            fmt::print("\nPricing strategies of the market game (market.strategies):\n");
            for (const PricingForm& form : pricing_forms()) {
              fmt::print("  {:<12} {}\n", form.name, form.meaning);
            }
            return 0;
          }};
}

}  // namespace evomarket
