#include "host/backend/population_batch.h"

#include <stdexcept>
#include <string>

namespace evomarket {
namespace {

// One engine per slot, made afresh with its own copy of the game (the seed is part of it) when
// the slot starts a population.
class EngineBatch final : public PopulationBatch {
 public:
  EngineBatch(Backend& backend, const GameSetup& game, const PopulationSpec& population,
              const EvolutionSetup& evolution, size_t slots)
      : backend_(backend),
        game_(game),
        population_(population),
        evolution_(evolution),
        games_(slots),
        engines_(slots) {}

  size_t slots() const override { return engines_.size(); }

  void place_strategies(const std::vector<size_t>& starting, const std::vector<BatchSlot>& slots,
                        const std::vector<uint64_t>& counts) override {
    check_slots(slots);
    for (size_t s : starting) {
      if (s >= engines_.size()) {
        throw std::out_of_range("population batch: slot " + std::to_string(s) + " of " +
                                std::to_string(engines_.size()));
      }
      engines_[s].reset();  // it refers to games_[s]
      games_[s] = std::make_unique<GameSetup>(game_);
      games_[s]->seed = slots[s].seed;
      engines_[s] = backend_.make_population(*games_[s], population_, evolution_);
      engines_[s]->place_strategies(counts);
    }
  }

  std::vector<StrategyTotals> play_generation(const std::vector<BatchSlot>& slots) override {
    check_slots(slots);
    std::vector<StrategyTotals> totals(slots.size());
    for (size_t s = 0; s < slots.size(); ++s) {
      if (slots[s].active) totals[s] = engine(s).play_generation(slots[s].generation);
    }
    return totals;
  }

  void evolve(const std::vector<BatchSlot>& slots) override {
    check_slots(slots);
    for (size_t s = 0; s < slots.size(); ++s) {
      if (slots[s].active) engine(s).evolve(slots[s].generation);
    }
  }

  std::vector<uint16_t> strategies(size_t slot) const override {
    return engine(slot).snapshot().strategy;
  }

 private:
  void check_slots(const std::vector<BatchSlot>& slots) const {
    if (slots.size() != engines_.size()) {
      throw std::invalid_argument("population batch: " + std::to_string(slots.size()) +
                                  " slot states for " + std::to_string(engines_.size()) + " slots");
    }
  }

  PopulationEngine& engine(size_t s) const {
    if (s >= engines_.size() || !engines_[s]) {
      throw std::logic_error("population batch: slot " + std::to_string(s) +
                             " holds no population");
    }
    return *engines_[s];
  }

  Backend& backend_;
  const GameSetup& game_;
  const PopulationSpec& population_;
  const EvolutionSetup& evolution_;
  std::vector<std::unique_ptr<GameSetup>> games_;  // stable addresses: engines keep references
  std::vector<std::unique_ptr<PopulationEngine>> engines_;
};

}  // namespace

std::unique_ptr<PopulationBatch> make_engine_batch(Backend& backend, const GameSetup& game,
                                                   const PopulationSpec& population,
                                                   const EvolutionSetup& evolution, size_t slots) {
  return std::make_unique<EngineBatch>(backend, game, population, evolution, slots);
}

std::unique_ptr<PopulationBatch> Backend::make_population_batch(const GameSetup& game,
                                                                const PopulationSpec& population,
                                                                const EvolutionSetup& evolution,
                                                                size_t slots) {
  return make_engine_batch(*this, game, population, evolution, slots);
}

}  // namespace evomarket
