// `evomarket solve ...`: analytic results on the host.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace evomarket {

struct SolveArgs {
  // memory-one: exact expected payoffs of two memory-one strategies.
  std::string first;
  std::string second;
  double noise = 0.0;
  uint32_t turns = 0;     // > 0: also the finite game of this many turns
  double prob_end = 0.0;  // > 0: also the game with geometric length
  std::vector<int64_t> payoffs{3, 0, 5, 1};
  bool memory_one = false;
};

void add_solve_subcommands(CLI::App& solve, SolveArgs& args);
int run_solve(const SolveArgs& args, std::FILE* out);

}  // namespace evomarket
