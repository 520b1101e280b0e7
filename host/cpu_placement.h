// Placing exact strategy counts onto agents on the CPU: agent i gets the strategy at position
// permute_index(i) of the counts laid end to end (kernels/placement.h), as on every backend.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/placement.h"

namespace evomarket {

inline void place_by_counts(const std::vector<uint64_t>& counts, uint64_t seed, int threads,
                            std::vector<uint16_t>& strategy) {
  std::vector<uint64_t> cumulative(counts.size());
  uint64_t sum = 0;
  for (size_t s = 0; s < counts.size(); ++s) cumulative[s] = sum += counts[s];
  const uint64_t agents = strategy.size();
  const auto n = static_cast<int64_t>(agents);
  const auto strategies = static_cast<uint32_t>(counts.size());
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t position = permute_index(static_cast<uint64_t>(i), agents, seed);
    strategy[i] = static_cast<uint16_t>(strategy_at(cumulative.data(), strategies, position));
  }
}

}  // namespace evomarket
