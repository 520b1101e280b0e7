// Preconditions every PopulationEngine enforces (both backends), so a bad layout fails with a
// message instead of addressing agents or strategies that do not exist (on the CPU a read past
// an array, on the GPU an illegal address that ends the CUDA context). Header-only: cuda/ uses
// it too.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"
#include "kernels/population.h"

namespace evomarket {

// Agents hold their strategy as a uint16 index (and pack_agent() keeps 16 bits of it).
constexpr uint32_t kMaxStrategies = 0xFFFF;

inline void check_population_layout(const PopulationLayout& layout, uint32_t strategies) {
  if (layout.agents > 0 && strategies == 0) {
    throw std::invalid_argument("population: needs at least one strategy");
  }
  if (strategies > kMaxStrategies) {
    throw std::invalid_argument("population: at most " + std::to_string(kMaxStrategies) +
                                " strategies (uint16 per agent)");
  }
  if (layout.mode == PartnerMode::kRandom && layout.matches_per_agent > 0 && layout.agents == 1) {
    throw std::invalid_argument("population: random partners need at least two agents");
  }
  if (layout.mode == PartnerMode::kCommunity && layout.community_size == 0 && layout.agents > 0) {
    throw std::invalid_argument("population: community_size must be at least 1");
  }
  if (layout.mode == PartnerMode::kLattice &&
      (layout.lattice_width < 3 || layout.agents % layout.lattice_width != 0 ||
       layout.agents / layout.lattice_width < 3 ||
       (layout.neighbourhood != 4 && layout.neighbourhood != 8))) {
    throw std::invalid_argument(
        "population: a lattice needs width and height >= 3, width dividing the agents, and a "
        "neighbourhood of 4 or 8");
  }
  if (layout.mode == PartnerMode::kGraph && layout.agents > 0 && layout.graph_offsets == nullptr) {
    throw std::invalid_argument("population: a graph layout needs its CSR arrays");
  }
}

// The CSR arrays must describe `agents` nodes whose neighbours exist.
inline void check_graph(const PopulationSpec& spec) {
  const PopulationLayout& l = spec.layout;
  if (l.mode != PartnerMode::kGraph || l.agents == 0) return;
  const std::vector<uint64_t>& offsets = spec.graph_offsets;
  const std::vector<uint64_t>& neighbours = spec.graph_neighbours;
  if (offsets.size() != l.agents + 1 || offsets.front() != 0 ||
      offsets.back() != neighbours.size()) {
    throw std::invalid_argument("population: graph CSR arrays do not fit " +
                                std::to_string(l.agents) + " agents (" +
                                std::to_string(offsets.size()) + " offsets, " +
                                std::to_string(neighbours.size()) + " neighbours)");
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) {
      throw std::invalid_argument("population: graph CSR offsets decrease at node " +
                                  std::to_string(i - 1));
    }
  }
  for (uint64_t v : neighbours) {
    if (v >= l.agents) {
      throw std::invalid_argument("population: graph neighbour " + std::to_string(v) +
                                  " out of range (" + std::to_string(l.agents) + " agents)");
    }
  }
}

// complete_mixing_payoffs() reads the S x S payoff matrix: complete mixing needs a matrix game
// (the config ensures it; a hand-built setup could break it).
inline void check_complete_mixing(const PopulationLayout& layout, const GameSetup& game) {
  if (layout.mode == PartnerMode::kComplete && game.kind != GameKind::kMatrix) {
    throw std::invalid_argument(
        "population: complete mixing (partners = \"all\") needs a matrix game");
  }
}

// A group game's tables must fit its strategies and sizes (kernels/group_game.h): the kernels
// index the payoff table by group size and the codes by strategy.
inline void check_group_game(const PopulationLayout& layout, const GameSetup& game) {
  if (game.kind != GameKind::kGroup) return;
  const GroupGame& g = game.group;
  if (g.group_size < 2 || g.group_size > kMaxGroupSize || g.rounds < 1) {
    throw std::invalid_argument("population: a group game needs 2 <= group_size <= " +
                                std::to_string(kMaxGroupSize) + " and rounds >= 1");
  }
  if (game.group_table.size() != kGroupTableEntries ||
      game.group_codes.size() != game.strategy_count()) {
    throw std::invalid_argument(
        "population: a group game needs its payoff table and one code "
        "per strategy");
  }
  for (int32_t code : game.group_codes) {
    if (code < 0 || code >= kGroupConditional + g.group_size) {
      throw std::invalid_argument("population: group strategy code " + std::to_string(code) +
                                  " out of range");
    }
  }
  if (layout.mode == PartnerMode::kComplete || layout.self_interaction) {
    throw std::invalid_argument(
        "population: a group game plays random, community, lattice or graph groups, without "
        "self-interaction");
  }
}

// Everything a PopulationEngine checks when it is made.
inline void check_population(const PopulationSpec& spec, const GameSetup& game) {
  const PopulationLayout layout = spec.host_layout();
  check_population_layout(layout, game.strategy_count());
  check_graph(spec);
  check_complete_mixing(layout, game);
  check_group_game(layout, game);
}

// The update step's tables must fit the game (a hand-built EvolutionSetup could break this).
inline void check_evolution_setup(const EvolutionSetup& e, uint32_t strategies) {
  if (e.strategies > strategies) {
    throw std::invalid_argument("evolution: mutation among more strategies than the game has");
  }
  if (e.rule == UpdateRule::kFermi &&
      (e.fermi_step <= 0 || e.fermi_thresholds.size() != 2 * size_t{e.fermi_half} + 1)) {
    throw std::invalid_argument("evolution: the Fermi rule needs its table");
  }
  if (e.rule == UpdateRule::kProportional && e.delta_max_q16 <= 0) {
    throw std::invalid_argument("evolution: proportional imitation needs delta_max > 0");
  }
}

inline void check_profile_agents(const ProfileAgents& a) {
  if (a.community_size == 0 || a.rule.profiles == 0 ||
      a.rule.scale_min_q16 > a.rule.scale_max_q16) {
    throw std::invalid_argument(
        "profile agents: need communities of at least one agent, at least one profile and "
        "scale_min <= scale_max");
  }
  // The bound that keeps scaled_energy() inside int64 (kernels/profile.h).
  if (a.rule.scale_max_q16 > kMaxScaleQ16) {
    throw std::invalid_argument("profile agents: scale_max above 1000");
  }
}

inline void check_agent_strategies(const std::vector<uint16_t>& strategy, uint32_t strategies,
                                   uint64_t agents) {
  if (strategy.size() != agents) {
    throw std::invalid_argument("population: got strategies for " +
                                std::to_string(strategy.size()) + " agents, expected " +
                                std::to_string(agents));
  }
  for (uint16_t s : strategy) {
    if (s >= strategies) {
      throw std::invalid_argument("population: strategy index " + std::to_string(s) +
                                  " out of range (" + std::to_string(strategies) + " strategies)");
    }
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
