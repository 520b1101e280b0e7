#include "host/simulation.h"

#include "host/errors.h"
#include "host/game_builder.h"

namespace evomarket {

Simulation::Simulation(const ExperimentConfig& config, Backend& backend)
    : game_(make_game_setup(config)),
      evolution_(make_evolution_setup(config, game_)),
      population_(make_population_spec(config)) {
  if (config.dynamics.schedule == Schedule::kAsynchronous) {
    async_ = std::make_unique<AsyncProcess>(config.dynamics, game_, evolution_,
                                            config.population.agents);
    async_->set_counts(config.population.counts);
  } else {
    engine_ = backend.make_population(game_, population_, evolution_);
    engine_->place_strategies(config.population.counts);
  }
}

StrategyTotals Simulation::play(uint32_t generation) {
  return async_ ? async_->totals() : engine_->play_generation(generation);
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
