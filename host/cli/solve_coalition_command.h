// `evomarket solve shapley` and `evomarket solve core`: the Shapley value and the core of a
// coalitional game, given as a game file (--game) or as the energy coalition game of meters of a
// profile store (--store) (docs/solvers.md, "Coalitional games").
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace CLI {
class App;
}

namespace evomarket {

struct CoalitionArgs {
  std::string game;        // --game GAME.csv
  std::string store;       // --store S.h5: the energy coalition game
  std::string meters;      // --meters m1,m2,...; empty: every meter of the store
  uint64_t first_day = 0;  // --first-day
  uint64_t days = 0;       // --days; 0: to the end of the store
  std::string retail = "0.30";
  std::string feed_in = "0.08";
  std::string battery;     // --battery CAPACITY_KWH[,POWER_KW[,EFFICIENCY]]; empty: none
  uint64_t samples = 0;    // shapley --samples; 0: exact
  uint64_t seed = 1;       // shapley --seed
  std::string allocation;  // core --allocation; empty: the Shapley value
  bool json = false;
  bool shapley = false;  // which subcommand was given
  bool core = false;
  // Which energy-game options were given (they need --store).
  bool energy_option_given = false;
};

void add_coalition_subcommands(CLI::App& solve, CoalitionArgs& args);

// Prints the Shapley value or the core check to `out`; ConfigError on invalid input.
int run_coalition(const CoalitionArgs& args, std::FILE* out);

}  // namespace evomarket
