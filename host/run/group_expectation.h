// The exact expected payoff of an agent in a well-mixed population of Z whose N - 1 co-players
// are drawn without replacement from the other Z - 1 agents (every group equally likely): the
// integer twin of host/theory/population_game.h's GroupPopulationGame, for the asynchronous
// processes (host/run/async_process.h). The weights C(n_t - [t = s], k_t) / C(Z - 1, N - 1) are
// big integers (GMP), so the result, floor(sum of weight x payoff), is exact and the same on
// every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace evomarket {

// The payoff (2^-16 units per round) of a focal agent of strategy `focal` whose co-players are
// others[t] agents of strategy t (sum N - 1).
using GroupPayoffQ16 =
    std::function<int64_t(std::size_t focal, const std::vector<uint32_t>& others)>;

class GroupExpectation {
 public:
  // Evaluates `payoff` once per focal strategy and composition of co-players.
  GroupExpectation(std::size_t strategies, uint32_t group_size, const GroupPayoffQ16& payoff);

  // out[s] = floor(E[payoff of an s-agent]) for every s with counts[s] >= 1 (else 0), Z =
  // sum(counts) >= N.
  void payoffs(const std::vector<uint64_t>& counts, int64_t* out) const;

 private:
  std::size_t strategies_;
  uint32_t group_size_;
  std::vector<std::vector<uint32_t>> compositions_;
  std::vector<std::vector<int64_t>> table_;  // [focal][composition]
};

}  // namespace evomarket
