// Asynchronous (one update at a time) processes in a well-mixed population with complete
// mixing: the finite-population processes of host/theory/finite_population.h, simulated event by
// event. Agents are exchangeable, so the state is the strategy counts. Runs on the host for
// every backend (it is sequential by nature); a generation is Z update events. The pairwise
// comparison and Moran fitness are kernels/update.h's evaluators.
//
// Iterated games are Axelrod's Moran process (docs/dynamics.md): in every event every pair of
// agents plays a match and an agent's fitness is its payoff per turn, averaged over its Z - 1
// matches (each match's score per turn, as Axelrod's MoranProcess sums them).
// When every match is tabulated (deterministic strategies, fixed length, no noise) the payoffs
// follow from the counts as in a matrix game; otherwise each event plays the matches it needs
// (all pairs for the Moran processes, the focal's and the model's for pairwise comparison), match
// m of event e drawing as match id e * Z(Z-1)/2 + m of the generation.
//
// Group games: an agent's payoff is its exact expectation over every group of N - 1 co-players
// it could be drawn into from the other Z - 1 (host/run/group_expectation.h), the payoff the
// finite-population theory of group games uses.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "host/backend/backend.h"
#include "host/run/group_expectation.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"
#include "kernels/rng.h"

namespace evomarket {

// Most agents an asynchronous process simulates (its state is counts, each event O(strategies)).
inline constexpr uint64_t kMaxAsyncAgents = uint64_t{1} << 20;

class AsyncProcess {
 public:
  // `evolution.rule`: kFermi, kProportional, kDeathBirth or kBirthDeath (any other rule leaves
  // the counts to mutation alone). Throws std::invalid_argument unless 2 <= agents <=
  // kMaxAsyncAgents, and ConfigError when an iterated game's matches must be played and there
  // are more than kMaxAsyncMatchAgents agents.
  AsyncProcess(const GameSetup& game, const EvolutionSetup& evolution, uint64_t agents);

  void set_counts(const std::vector<uint64_t>& counts);
  const std::vector<uint64_t>& counts() const { return counts_; }

  // Totals of the current state: every agent's payoff against all Z - 1 others (iterated games
  // whose matches are played: one more round robin, as event Z of `generation`).
  StrategyTotals totals(uint32_t generation) const;

  // The Z update events of `generation`.
  void run_generation(uint32_t generation);

 private:
  // Per-agent results of the matches of one event, agents in strategy order.
  struct Agents {
    std::vector<uint32_t> strategy;
    std::vector<int64_t> score;
    std::vector<uint64_t> turns;
    std::vector<uint64_t> cooperations;
    std::vector<int64_t> fitness;  // mean over matches of payoff per turn, 2^-16 units
    std::vector<uint64_t> weight;  // Moran processes: each agent's weight in one event
  };

  void refresh_fitness();
  // A strategy drawn with probability proportional to weight_[s] (total > 0), from 64 bits.
  uint32_t pick_weighted(uint64_t total, uint32_t hi, uint32_t lo) const;
  // A uniformly drawn agent's strategy, leaving out one agent of strategy `exclude` (if >= 0).
  uint32_t pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const;
  // The strategy change (from -> to) of one selection event, strategies exchangeable.
  bool select_by_counts(const Draw4& a, const Draw4& b, uint32_t& from, uint32_t& to);
  // The same when matches are played: agents[i] plays its matches of event `event`.
  bool select_by_matches(uint32_t generation, uint64_t event, const Draw4& a, const Draw4& b,
                         uint32_t& from, uint32_t& to);
  void sort_agents(Agents& agents) const;
  void play_agent(uint32_t generation, uint64_t event, uint64_t agent, Agents& agents) const;
  void play_round_robin(uint32_t generation, uint64_t event, Agents& agents) const;

  const GameSetup& game_;
  const EvolutionSetup& evolution_;
  uint64_t agents_;
  bool plays_matches_ = false;               // iterated game with matches not all tabulated
  uint32_t turns_per_match_ = 1;             // 1 for matrix games; the match length when tabulated
  std::vector<int64_t> matrix_;              // a matrix game's, or each tabulated match's score
  std::vector<int64_t> cooperation_matrix_;  // tabulated matches: the row player's C moves
  // group games: the expected payoff per round and rounds of C (both 2^-16 units) per strategy
  std::unique_ptr<GroupExpectation> group_payoff_;
  std::unique_ptr<GroupExpectation> group_cooperation_;
  std::vector<uint64_t> counts_;
  std::vector<int64_t> payoff_;   // one agent of each strategy, against all others
  std::vector<int64_t> fitness_;  // payoff per round, 2^-16 units
  std::vector<uint64_t> moran_;   // 1 - w + w f, 2^-16 units
  std::vector<uint64_t> weight_;  // Moran processes: scratch of one event's weights
  Agents scratch_;
};

}  // namespace evomarket
