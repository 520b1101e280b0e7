// Preconditions every PopulationEngine enforces (both backends), so a bad layout fails with a
// message instead of addressing agents or strategies that do not exist. Header-only: cuda/
// uses it too.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/population.h"

namespace evomarket {

inline void check_population_layout(const PopulationLayout& layout, uint32_t strategies) {
  if (layout.agents > 0 && strategies == 0) {
    throw std::invalid_argument("population: needs at least one strategy");
  }
  if (strategies > 65535) {
    throw std::invalid_argument("population: at most 65535 strategies (uint16 per agent)");
  }
  if (layout.mode == PartnerMode::kRandom && layout.matches_per_agent > 0 && layout.agents == 1) {
    throw std::invalid_argument("population: random partners need at least two agents");
  }
  if (layout.mode == PartnerMode::kCommunity && layout.community_size == 0 && layout.agents > 0) {
    throw std::invalid_argument("population: community_size must be at least 1");
  }
}

inline void check_strategy_counts(const std::vector<uint64_t>& counts, uint32_t strategies,
                                  uint64_t agents) {
  uint64_t sum = 0;
  for (uint64_t c : counts) sum += c;
  if (counts.size() > strategies || (agents > 0 && counts.empty()) || sum != agents) {
    throw std::invalid_argument("population: got " + std::to_string(counts.size()) +
                                " strategy counts summing to " + std::to_string(sum) + " for " +
                                std::to_string(strategies) + " strategies and " +
                                std::to_string(agents) + " agents");
  }
}

}  // namespace evomarket
