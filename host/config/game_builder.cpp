#include "host/config/game_builder.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/config/graph_loader.h"
#include "host/errors.h"
#include "host/setup/group_setup.h"
#include "host/setup/probability.h"

namespace evomarket {

MatchRules make_match_rules(const GameConfig& game) {
  return MatchRules{game.payoffs, game.turns, probability_threshold(game.noise, "game.noise"),
                    probability_threshold(game.prob_end, "game.prob_end"), game.max_turns};
}

GameSetup make_game_setup(const ExperimentConfig& config) {
  GameSetup game;
  game.kind = config.game.kind;
  game.seed = config.seed;
  if (game.kind == GameKind::kMatrix) {
    game.strategies.names = config.game.matrix_strategies;
    game.matrix = config.game.matrix;
    return game;
  }
  if (game.kind == GameKind::kGroup) {
    game.strategies.names = config.strategy_specs();
    game.group = config.game.group;
    game.group_table = build_group_payoff_table(game.group);
    for (const std::string& name : game.strategies.names) {
      game.group_codes.push_back(group_strategy_code(name, game.group.group_size));
    }
    return game;
  }
  game.strategies =
      compile_strategies(config.strategy_specs(), config.custom_strategies, config.game.payoffs);
  game.rules = make_match_rules(config.game);
  if (config.game.shortcuts) game.shortcuts = build_match_table(game.strategies, game.rules);
  return game;
}

namespace {

// Largest and smallest payoff one round can give.
std::pair<int64_t, int64_t> payoff_range(const ExperimentConfig& config) {
  const GameConfig& g = config.game;
  if (g.kind == GameKind::kMatrix) {
    const auto [lo, hi] = std::minmax_element(g.matrix.begin(), g.matrix.end());
    return {*lo, *hi};
  }
  const auto [lo, hi] = std::minmax_element(std::begin(g.payoffs.value), std::end(g.payoffs.value));
  return {*lo, *hi};
}

// Largest and smallest payoff one round can give, as fixed-point fitness (2^-16 units).
std::pair<int64_t, int64_t> fitness_range_q16(const ExperimentConfig& config) {
  if (config.game.kind == GameKind::kGroup) {
    const auto [lo, hi] = group_payoff_range(config.game.group);
    return {std::llround(lo * kFitnessOne), std::llround(hi * kFitnessOne)};
  }
  const auto [lo, hi] = payoff_range(config);
  return {lo * kFitnessOne, hi * kFitnessOne};
}

}  // namespace

UpdateRule update_rule(DynamicsRule rule) {
  switch (rule) {
    case DynamicsRule::kFermi:
      return UpdateRule::kFermi;
    case DynamicsRule::kProportional:
      return UpdateRule::kProportional;
    case DynamicsRule::kImitateBest:
      return UpdateRule::kImitateBest;
    case DynamicsRule::kDeathBirth:
      return UpdateRule::kDeathBirth;
    case DynamicsRule::kBirthDeath:
      return UpdateRule::kBirthDeath;
    case DynamicsRule::kNone:
      break;
  }
  return UpdateRule::kNone;
}

EvolutionSetup make_dynamics_setup(const DynamicsConfig& d, uint32_t strategies) {
  EvolutionSetup e;
  e.rule = update_rule(d.rule);
  e.revise = probability_threshold(d.revise, "dynamics.revise");
  e.mutation = probability_threshold(d.mutation, "dynamics.mutation");
  build_fermi_table(d.beta, e);
  e.w_q16 = std::llround(d.w * kFitnessOne);
  e.strategies = strategies;
  e.replace_parent = d.replace_parent;
  return e;
}

EvolutionSetup make_evolution_setup(const ExperimentConfig& config, const GameSetup& game) {
  EvolutionSetup e = make_dynamics_setup(config.dynamics, game.strategy_count());
  e.migration = probability_threshold(config.population.migration, "population.migration");
  const auto [lo, hi] = fitness_range_q16(config);
  e.delta_max_q16 = std::max<int64_t>(1, hi - lo);
  return e;
}

namespace {

// A graph group is an agent and its neighbours: degree + 1 members, at most kMaxGroupSize, and
// exactly N for a table game (whose payoffs are given for N only).
void check_group_graph(const ExperimentConfig& config, const PopulationSpec& spec) {
  const GroupGame& g = config.game.group;
  for (uint64_t agent = 0; agent + 1 < spec.graph_offsets.size(); ++agent) {
    const uint64_t size = spec.graph_offsets[agent + 1] - spec.graph_offsets[agent] + 1;
    if (size == 1) continue;  // an isolated agent plays no group
    if (size > static_cast<uint64_t>(kMaxGroupSize) ||
        (g.kind == GroupGameKind::kTable && size != static_cast<uint64_t>(g.group_size))) {
      const std::string needed =
          g.kind == GroupGameKind::kTable
              ? fmt::format("exactly game.group_size = {} (a table game's size)", g.group_size)
              : fmt::format("at most {}", kMaxGroupSize);
      throw ConfigError(fmt::format(
          "{}: agent {} has {} neighbours, so its group (it and its neighbours) would have {} "
          "members; expected {}",
          config.population.graph_file, agent, size - 1, size, needed));
    }
  }
}

}  // namespace

PopulationSpec make_population_spec(const ExperimentConfig& config) {
  const PopulationConfig& p = config.population;
  PopulationSpec spec;
  spec.layout = PopulationLayout{p.agents,
                                 p.partners,
                                 p.matches_per_agent,
                                 p.community_size,
                                 p.lattice_width,
                                 p.neighbourhood,
                                 nullptr,
                                 nullptr,
                                 p.self_interaction ? 1u : 0u,
                                 nullptr,
                                 0};
  if (p.partners == PartnerMode::kGraph) {
    const CsrGraph graph = load_edge_list(p.graph_file, p.agents);
    spec.graph_offsets = graph.offsets;
    spec.graph_neighbours = graph.neighbours;
    if (config.game.kind == GameKind::kGroup) check_group_graph(config, spec);
  }
  return spec;
}

}  // namespace evomarket
