// `evomarket strategies`: the built-in iterated-game strategies, one a line with the Axelrod
// library's name for it, then the market game's pricing strategies with what each does.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/setup/pricing_catalog.h"
#include "host/setup/strategy_library.h"

namespace evomarket {

Subcommand add_strategies_command(CLI::App& parent) {
  CLI::App* cmd = parent.add_subcommand(
      "strategies", "List the built-in strategies: iterated-game and market pricing strategies");
  return {cmd, [] {
            fmt::print(
                "Iterated-game strategies (game.kind = \"iterated\"; market contracts), with the "
                "Axelrod library's name (also accepted):\n");
            for (const BuiltinStrategy& b : builtin_strategies()) {
              fmt::print("  {:<34} {}\n", b.usage, b.axelrod_name);
            }
            fmt::print("\nPricing strategies of the market game (market.strategies):\n");
            for (const PricingForm& form : pricing_forms()) {
              fmt::print("  {:<12} {}\n", form.name, form.meaning);
            }
            return 0;
          }};
}

}  // namespace evomarket
