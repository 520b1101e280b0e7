// `evomarket solve leader-pricing`: the leader's price in every slot of a window of a profile
// store, its followers evaluated on a backend (docs/solvers.md, "Leader pricing at scale").
// The window is read one day at a time (plus the halo of the followers' time shifts), so memory
// stays one day of the store whatever the window.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/profiles/profile_feed.h"
#include "host/theory/leader_pricing.h"
#include "io/results_file.h"

namespace evomarket {

struct LeaderPricingPlan {
  FollowerSetup followers;  // profile_pv is filled by run_leader_pricing
  uint64_t first_day = 0;   // days of the store
  uint64_t days = 0;
  std::vector<int64_t> retail;   // per slot of the day, micro-currency per kWh
  std::vector<int64_t> feed_in;  // the same; each <= retail
  theory::LeaderSearch search;
};

struct LeaderPricingResult {
  uint64_t first_slot = 0;  // absolute slot of the store of slots[0]
  uint32_t slots_per_day = 0;
  std::vector<theory::LeaderSlot> slots;
  std::array<uint64_t, kFollowerClasses> class_counts{};  // followers per class
  uint64_t follower_evaluations = 0;  // follower x slot x candidate price, in the search
  double seconds = 0;                 // the search, reading the store included

  LeaderWide total_profit() const;
  LeaderWide total_follower_gain() const;
};

// Runs the search on `backend`, with progress by day on stderr unless `quiet`. ConfigError on
// data it cannot use (a missing value, sums that could pass int64).
LeaderPricingResult run_leader_pricing(const ProfileFeed& feed, LeaderPricingPlan& plan,
                                       Backend& backend, bool quiet = true);

// Writes the result as a results file (mode "leader_pricing", docs/results.md): /leader_pricing
// with one value per slot along the dimension `slot`. `path` is where the writer writes (the
// staged temporary); the file is marked complete at the end.
void write_leader_pricing(const std::string& path, const io::RunMetadata& meta,
                          const LeaderPricingPlan& plan, const LeaderPricingResult& result);

}  // namespace evomarket
