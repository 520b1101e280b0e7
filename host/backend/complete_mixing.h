// Complete mixing (partners = "all"): every agent meets every other agent once per generation,
// so an agent's payoff follows from the strategy counts alone. Header-only: both backends use it.
#pragma once

#include <cstdint>
#include <vector>

namespace evomarket {

// Payoff of one agent of each strategy against all Z - 1 others (no self-interaction):
// sum_t A[s][t] (n_t - [s == t]), written to payoff[0 .. counts.size()). Every agent plays Z - 1
// rounds.
inline void complete_mixing_payoffs(const std::vector<int64_t>& matrix,
                                    const std::vector<uint64_t>& counts, int64_t* payoff) {
  const size_t n = counts.size();
  for (size_t s = 0; s < n; ++s) {
    payoff[s] = 0;
    if (counts[s] == 0) continue;
    for (size_t t = 0; t < n; ++t) {
      const int64_t others = static_cast<int64_t>(counts[t]) - (s == t ? 1 : 0);
      payoff[s] += matrix[s * n + t] * others;
    }
  }
}

inline std::vector<int64_t> complete_mixing_payoffs(const std::vector<int64_t>& matrix,
                                                    const std::vector<uint64_t>& counts) {
  std::vector<int64_t> payoff(counts.size());
  complete_mixing_payoffs(matrix, counts, payoff.data());
  return payoff;
}

}  // namespace evomarket
