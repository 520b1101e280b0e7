// Batches of populations: many populations of one game, structure and update rule that differ
// only in their seeds (the replicates of an ensemble), advanced together. The CUDA backend plays
// a generation of every population of the batch in one launch, so that R populations of 50
// agents fill a device as one population of 50 R agents would. Each slot of a batch holds one
// population at its own generation; a slot whose population has ended takes the next one.
// A slot's totals and strategies equal, bit for bit, those of a PopulationEngine made from the
// same game with the slot's seed.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "host/backend/backend.h"

namespace evomarket {

// Agents a device batch holds at most (Backend::population_batch_slots of the CUDA backend):
// 2^22 agents are about 15 waves of resident threads on a 132-SM device and take 100 MiB.
inline constexpr uint64_t kDeviceBatchAgents = uint64_t{1} << 22;

// Populations of `agents` agents and `strategies` strategies in one device batch. Each slot also
// sums 4 S + 1 counters that go to the host every generation: they count as agents, so that
// tiny populations of many strategies do not move more counters than agents.
inline uint64_t device_batch_slots(uint64_t agents, uint64_t strategies) {
  const uint64_t per_slot = agents + 4 * strategies + 1;
  return per_slot >= kDeviceBatchAgents ? 1 : kDeviceBatchAgents / per_slot;
}

// What one slot of a batch holds now.
struct BatchSlot {
  uint64_t seed = 0;        // the seed of its population (GameSetup::seed)
  uint32_t generation = 0;  // the generation it plays next, and evolves after
  bool active = false;      // false: an idle slot, neither played nor evolved
};

class PopulationBatch {
 public:
  virtual ~PopulationBatch() = default;
  virtual size_t slots() const = 0;
  // Starts a population in each of `starting` (slot indices): exact `counts` placed as
  // PopulationEngine::place_strategies places them under slots[s].seed.
  virtual void place_strategies(const std::vector<size_t>& starting,
                                const std::vector<BatchSlot>& slots,
                                const std::vector<uint64_t>& counts) = 0;
  // Plays slots[s].generation in every active slot s; the totals of slot s at [s] (empty
  // totals, no strategies, for idle slots).
  virtual std::vector<StrategyTotals> play_generation(const std::vector<BatchSlot>& slots) = 0;
  // Update, mutation and migration after slots[s].generation in every active slot s, from the
  // payoffs play_generation left.
  virtual void evolve(const std::vector<BatchSlot>& slots) = 0;
  // The strategies of slot s's agents.
  virtual std::vector<uint16_t> strategies(size_t slot) const = 0;
};

// A batch of `slots` PopulationEngines of `backend`, one after another: what a backend without a
// batched engine offers (Backend::make_population_batch). `game`, `population` and `evolution`
// must outlive it.
std::unique_ptr<PopulationBatch> make_engine_batch(Backend& backend, const GameSetup& game,
                                                   const PopulationSpec& population,
                                                   const EvolutionSetup& evolution, size_t slots);

}  // namespace evomarket
