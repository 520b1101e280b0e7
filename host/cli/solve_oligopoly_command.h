// `evomarket solve cournot` and `evomarket solve stackelberg`: quantity competition under linear
// inverse demand P = A - B Q with constant marginal costs (docs/solvers.md).
#pragma once

#include <cstdio>
#include <string>

namespace CLI {
class App;
}

namespace evomarket {

struct OligopolyArgs {
  std::string demand;          // --demand A,B
  std::string costs;           // cournot --costs c1,c2,...
  std::string leader_cost;     // stackelberg --leader-cost c
  std::string follower_costs;  // stackelberg --follower-costs c2,...
  bool json = false;
  bool cournot = false;
  bool stackelberg = false;
};

void add_oligopoly_subcommands(CLI::App& solve, OligopolyArgs& args);

// Prints the equilibrium of the chosen model to `out`; ConfigError on invalid input.
int run_oligopoly(const OligopolyArgs& args, std::FILE* out);

}  // namespace evomarket
