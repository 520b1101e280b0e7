// `evomarket solve nash`: every extreme Nash equilibrium of a bimatrix game, or (--check) how far
// one profile is from an equilibrium (docs/solvers.md).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace evomarket {

struct NashArgs {
  std::string a;                   // --a: the row player's payoffs, "r,r;r,r"
  std::string b;                   // --b: the column player's payoffs, same shape
  std::vector<std::string> check;  // --check ROW COL: two probability lists; empty: solve
  bool json = false;
  bool selected = false;  // the subcommand was given
};

void add_nash_subcommand(CLI::App& solve, NashArgs& args);

// Prints the equilibria (or the check) to `out`; ConfigError on invalid input.
int run_nash(const NashArgs& args, std::FILE* out);

}  // namespace evomarket
