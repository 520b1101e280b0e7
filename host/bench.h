// `evomarket bench`: agent-turns per second of the iterated-game engine (docs/benchmarks.md).
// An agent-turn is one move of one player; a match of T turns is 2T agent-turns.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace evomarket {

struct BenchOptions {
  std::vector<int> threads{1, 2};
  std::string backend = "all";  // cpu, cuda or all available
  bool quick = false;           // tiny sizes: checks that every case runs
  int repeat = 1;               // timed repetitions; the fastest counts
};

int run_bench(const BenchOptions& options, std::FILE* out);

}  // namespace evomarket
