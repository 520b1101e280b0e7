// `evomarket solve fixation|stationary|gradient`: finite-population theory of a well-mixed
// population of Z (docs/theory.md), for a matrix game given inline (--matrix) or the [game] table
// of a run config (--game FILE.toml: a matrix game or an N-player group game).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace CLI {
class App;
}

namespace evomarket {

struct PopulationTheoryArgs {
  std::string matrix;     // --matrix "a,b;c,d"
  std::string game_file;  // --game FILE.toml
  std::string self_interaction = "excluded";
  uint64_t population = 100;
  std::string process = "fermi";
  double beta = 1.0;  // fermi
  double w = 1.0;     // moran-bd, moran-db
  bool beta_given = false;
  bool w_given = false;
  bool self_interaction_given = false;
  double mu = 0.0;   // stationary: > 0 adds the full chain; gradient: mutation in the pair
  std::string pair;  // gradient: "i,j" (strategy names or indices); default the only pair
  std::string out;   // stationary --mu: the whole distribution to HDF5
  bool overwrite = false;
  bool json = false;
  bool fixation = false;
  bool stationary = false;
  bool gradient = false;
};

void add_population_theory_subcommands(CLI::App& solve, PopulationTheoryArgs& args);

// Prints the chosen result to `out`; ConfigError on invalid input.
int run_population_theory(const PopulationTheoryArgs& args, std::FILE* out);

}  // namespace evomarket
