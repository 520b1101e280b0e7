// OpenMP loops shared by the CPU population and market engines.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/placement.h"
#include "kernels/update.h"

namespace evomarket {

// Places exact strategy counts: agent i gets the strategy at position permute_index(i) of the
// counts laid end to end (kernels/placement.h), as on every backend.
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

// Every agent's strategy after the update and mutation of `generation`, from the packed
// strategies and fitnesses of all agents (kernels/update.h), into `next`.
inline void update_strategies(const PopulationLayout& layout, const AgentsView& agents,
                              const UpdateParams& params, uint64_t seed, uint32_t generation,
                              int threads, std::vector<uint16_t>& next) {
  const auto n = static_cast<int64_t>(layout.agents);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4096)
  for (int64_t i = 0; i < n; ++i) {
    const auto agent = static_cast<uint64_t>(i);
    const uint32_t updated = updated_strategy(layout, agents, params, seed, agent, generation);
    next[i] = static_cast<uint16_t>(mutated_strategy(updated, params, seed, agent, generation));
  }
}

}  // namespace evomarket
