// `evomarket bench` (docs/benchmarks.md): agent-turns per second of the iterated-game engine
// (an agent-turn is one move of one player; a match of T turns is 2T agent-turns), and
// agent-updates per second of the evolutionary update step.
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
  std::string suite = "all";    // games, dynamics, profiles, market, leader or all
  bool quiet = false;           // no progress lines (which case runs) on stderr
};

int run_bench(const BenchOptions& options, std::FILE* out);

}  // namespace evomarket
