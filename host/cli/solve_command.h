// `evomarket solve ...`: analytic results on the host.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "host/cli/solve_coalition_command.h"
#include "host/cli/solve_leader_command.h"
#include "host/cli/solve_nash_command.h"
#include "host/cli/solve_oligopoly_command.h"
#include "host/cli/solve_population_command.h"
#include "host/theory/matrix.h"
#include "host/theory/rational.h"

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

  // replicator, replicator-map (host/theory/replicator.h).
  std::string matrix;  // "a,b;c,d": rows separated by ';', entries by ','
  // replicator
  std::string x0;  // initial shares "0.5,0.3,0.2"; empty: the barycentre
  double t_end = 10.0;
  double rtol = 1e-8;
  double atol = 1e-12;
  uint32_t points = 11;  // output rows, t = 0 .. t_end inclusive
  bool json = false;     // memory-one, replicator, replicator-map: print JSON
  bool replicator = false;
  // replicator-map: x' = x (c + Ax) / (c + x.Ax) from --x0, --steps times
  uint32_t steps = 10;
  double background = 0.0;
  bool background_given = false;
  bool replicator_map = false;

  PopulationTheoryArgs theory;  // fixation, stationary, gradient (solve_population_command.h)
  NashArgs nash;                // nash (host/cli/solve_nash_command.h)
  OligopolyArgs oligopoly;      // cournot, stackelberg (host/cli/solve_oligopoly_command.h)
  CoalitionArgs coalition;      // shapley, core (host/cli/solve_coalition_command.h)
  LeaderArgs leader;            // leader-pricing (host/cli/solve_leader_command.h)
};

void add_solve_subcommands(CLI::App& solve, SolveArgs& args);
int run_solve(const SolveArgs& args, std::FILE* out);

// "0,-1,1;1,0,-1;-1,1,0" -> a square matrix of at least 2 x 2 (rows separated by ';', entries
// by ',', blanks around entries ignored). Throws ConfigError naming `option` and what was
// expected on ragged or non-square input or an entry that is not a finite number.
theory::Matrix parse_matrix_option(const std::string& text, const std::string& option);

// "0.5,0.3,0.2" -> numbers; ConfigError naming `option` on an empty or non-numeric entry.
std::vector<double> parse_number_list(const std::string& text, const std::string& option);

// "0.30" or "0.25,0.25,...,0.30" (one per slot of the day, `slots` of them) -> one price per
// slot of the day in micro-currency per kWh (kPricePerCurrency). ConfigError naming `option` on
// a wrong count or a price outside [0, 100] currency per kWh (market.retail's range).
std::vector<int64_t> parse_day_prices(const std::string& text, const char* option, uint32_t slots);

// "-5,1;-1,-2" -> an exact m x n matrix, m, n >= 1 (rows separated by ';', entries by ','; each
// entry an integer, a decimal or a fraction such as 3/7, read exactly). Throws ConfigError naming
// `option` and what was expected on ragged input or an entry that is not such a number.
theory::RationalMatrix parse_rational_matrix_option(const std::string& text,
                                                    const std::string& option);

// "10,12.5,3/4" -> exact numbers; ConfigError naming `option` on an empty or non-numeric entry.
std::vector<theory::Rational> parse_rational_list_option(const std::string& text,
                                                         const std::string& option);

}  // namespace evomarket
