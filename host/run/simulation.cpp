#include "host/run/simulation.h"

#include "host/config/game_builder.h"
#include "host/errors.h"

namespace evomarket {

std::shared_ptr<const SimulationSetup> make_simulation_setup(const ExperimentConfig& config) {
  auto setup = std::make_shared<SimulationSetup>();
  setup->game = make_game_setup(config);
  setup->evolution = make_evolution_setup(config, setup->game);
  setup->population = make_population_spec(config);
  return setup;
}

Simulation::Simulation(const ExperimentConfig& config, Backend& backend)
    : Simulation(config, backend, make_simulation_setup(config)) {}

Simulation::Simulation(const ExperimentConfig& config, Backend& backend,
                       std::shared_ptr<const SimulationSetup> shared)
    : shared_(std::move(shared)),
      game_(shared_->game),
      evolution_(shared_->evolution),
      population_(shared_->population) {
  game_.seed = config.seed;
  if (config.dynamics.schedule == Schedule::kAsynchronous) {
    async_ = std::make_unique<AsyncProcess>(game_, evolution_, config.population.agents);
    async_->set_counts(config.population.counts);
  } else {
    engine_ = backend.make_population(game_, population_, evolution_);
    engine_->place_strategies(config.population.counts);
  }
  if (config.output.community_counts) community_size_ = config.population.community_size;
}

StrategyTotals Simulation::play(uint32_t generation) {
  if (async_) return async_->totals(generation);
  StrategyTotals totals = engine_->play_generation(generation);
  if (community_size_ > 0) {  // from a copy of the strategies: per-community counts are rare
    const std::vector<uint16_t> strategy = engine_->snapshot().strategy;
    const uint64_t communities = (strategy.size() + community_size_ - 1) / community_size_;
    const size_t n = game_.strategy_count();
    totals.community_agents.assign(communities * n, 0);
    for (size_t i = 0; i < strategy.size(); ++i) {
      ++totals.community_agents[i / community_size_ * n + strategy[i]];
    }
  }
  return totals;
}

void Simulation::evolve(uint32_t generation) {
  if (async_) {
    async_->run_generation(generation);
  } else {
    engine_->evolve(generation);
  }
}

SimulationState Simulation::state(uint32_t next_generation) const {
  SimulationState s;
  s.generation = next_generation;
  if (async_) {
    s.counts = async_->counts();
  } else {
    s.strategies = engine_->snapshot().strategy;
  }
  return s;
}

void Simulation::restore(const SimulationState& state) {
  if (async_) {
    if (state.counts.size() != game_.strategy_count()) {
      throw ConfigError("checkpoint: strategy counts do not match the config's strategies");
    }
    async_->set_counts(state.counts);
  } else {
    engine_->set_strategies(state.strategies);
  }
}

AgentSnapshot Simulation::agents() const {
  return engine_ ? engine_->snapshot() : AgentSnapshot{};
}

}  // namespace evomarket
