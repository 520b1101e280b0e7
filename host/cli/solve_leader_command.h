// `evomarket solve leader-pricing`: a leader's profit-maximising price per slot against up to
// millions of prosumer followers driven by a profile store (docs/solvers.md, "Leader pricing at
// scale").
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace CLI {
class App;
}

namespace evomarket {

struct LeaderArgs {
  std::string store;       // --store S.h5
  uint64_t agents = 0;     // --agents N; 0: the store's meters are the followers
  double scale_min = 1.0;  // --scale-min, --scale-max, --max-shift, --seed: sampled followers
  double scale_max = 1.0;
  uint32_t max_shift = 0;
  uint64_t seed = 1;
  double battery_share = 0.0;
  std::string elasticity = "0.3,0.3,1,1";  // per class: plain, pv, battery, pv_battery
  std::string flex = "0.5,0.5,1,1";
  uint64_t first_day = 0;
  uint64_t days = 0;  // 0: to the end of the store
  std::string retail = "0.30";
  std::string feed_in = "0.08";
  uint32_t grid_points = 65;
  std::string backend = "auto";
  int threads = 0;
  bool json = false;
  bool quiet = false;  // no progress on stderr (there is none with --json)
  std::string out;     // --out RESULT.h5
  bool overwrite = false;
  bool selected = false;
  bool agent_option_given = false;  // --scale-min, --scale-max or --max-shift (need --agents)
};

void add_leader_subcommand(CLI::App& solve, LeaderArgs& args);

// Solves and prints to `out`; ConfigError on invalid input.
int run_leader(const LeaderArgs& args, std::FILE* out);

}  // namespace evomarket
