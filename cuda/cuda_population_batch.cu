// The CUDA batch of populations (host/backend/population_batch.h): B populations of N agents
// that differ only in their seeds live side by side in arrays of B x N agents, and every step of
// a generation is one launch over all of them. Thread i handles agent i % N of slot i / N with
// that slot's seed and generation, calling the same kernels/ code as the CPU engine with the
// slot's arrays; each slot sums into counters of its own. A slot's results therefore equal, bit
// for bit, those of a single population with its seed (cuda_population.cu, the CPU backend).
#include <cuda_runtime.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_game.cuh"
#include "cuda/cuda_population_batch.cuh"
#include "cuda/cuda_steps.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/grid_stride.cuh"
#include "cuda/launch.cuh"
#include "cuda/population_play.cuh"
#include "host/backend/complete_mixing.h"
#include "host/backend/population_checks.h"
#include "kernels/game.h"
#include "kernels/group_population.h"
#include "kernels/placement.h"
#include "kernels/population.h"
#include "kernels/update.h"

namespace evomarket::gpu {
namespace {

// A slot as the kernels see it.
struct DeviceSlot {
  uint64_t seed;
  uint32_t generation;
  uint32_t active;
};

// Where agent i of the batch lives: slot i / agents, agent i % agents of that slot.
struct SlotAgents {
  const DeviceSlot* slots;
  uint64_t agents;  // per slot (N)
  uint64_t total;   // slots x N
};

struct BatchAgent {
  uint64_t slot;
  uint64_t agent;  // within the slot
  uint64_t base;   // index of the slot's agent 0 in the batch arrays
};

__device__ __forceinline__ BatchAgent batch_agent(const SlotAgents& b, uint64_t i) {
  const uint64_t slot = i / b.agents;
  return BatchAgent{slot, i - slot * b.agents, slot * b.agents};
}

// One thread per agent of a starting slot: the strategy at its keyed permuted position (the
// place_kernel of cuda_steps.h with the slot's seed). `starting` lists the slots placed.
__global__ void __launch_bounds__(kBlock)
    batch_place_kernel(const uint64_t* __restrict__ starting, const DeviceSlot* __restrict__ slots,
                       uint64_t count, uint64_t agents, const uint64_t* __restrict__ cumulative,
                       uint32_t strategy_count, uint16_t* __restrict__ strategy) {
  for (uint64_t i = first_index(); i < count * agents; i += grid_stride()) {
    const uint64_t slot = starting[i / agents];
    const uint64_t agent = i % agents;
    const uint64_t position = permute_index(agent, agents, slots[slot].seed);
    strategy[slot * agents + agent] =
        static_cast<uint16_t>(strategy_at(cumulative, strategy_count, position));
  }
}

// One thread per agent plays the matches it starts (play_agent_matches) in its slot's
// generation with its slot's seed; the sums go to the slot's counters (`width` words each).
__global__ void __launch_bounds__(kBlock)
    batch_play_kernel(SlotAgents batch, PopulationLayout layout, GameView game,
                      const uint16_t* __restrict__ strategy, int64_t* payoff, uint32_t* turns,
                      uint64_t* counters) {
  const size_t width = counter_words(game.strategies);
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    const DeviceSlot slot = batch.slots[at.slot];
    if (!slot.active) continue;
    GameView own_game = game;
    own_game.seed = slot.seed;
    const GenerationCounters c = counters_at(counters + at.slot * width, game.strategies);
    const AgentPlay own =
        play_agent_matches(layout, own_game, slot.generation, strategy + at.base, payoff + at.base,
                           turns + at.base, c.cooperations, at.agent);
    if (own.matches != 0) atomic_add(c.matches, own.matches);
    if (own.played) {
      atomic_add(&payoff[i], own.payoff);
      atomic_add(&turns[i], own.turns);
      if (own.cooperations != 0) atomic_add(&c.cooperations[strategy[i]], own.cooperations);
    }
  }
}

// One thread per agent plays the groups it starts in its slot (play_agent_groups).
__global__ void __launch_bounds__(kBlock)
    batch_groups_kernel(SlotAgents batch, PopulationLayout layout, GroupView group,
                        uint32_t strategies, const uint16_t* __restrict__ strategy, int64_t* payoff,
                        uint32_t* turns, uint64_t* counters) {
  const size_t width = counter_words(strategies);
  GroupOutcome scratch;
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    const DeviceSlot slot = batch.slots[at.slot];
    if (!slot.active) continue;
    const GenerationCounters c = counters_at(counters + at.slot * width, strategies);
    const uint64_t groups =
        play_agent_groups(layout, group, slot.seed, slot.generation, strategy + at.base,
                          payoff + at.base, turns + at.base, c.cooperations, at.agent, scratch);
    if (groups != 0) atomic_add(c.matches, groups);
  }
}

// Complete mixing: agents per slot and strategy into counts[slot * S + s].
__global__ void __launch_bounds__(kBlock)
    batch_count_kernel(SlotAgents batch, uint32_t strategies, const uint16_t* __restrict__ strategy,
                       uint64_t* counts) {
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    if (!batch.slots[at.slot].active) continue;
    atomic_add(&counts[at.slot * strategies + strategy[i]], uint64_t{1});
  }
}

// Complete mixing: every agent gets its strategy's payoff against the N - 1 others of its slot.
__global__ void __launch_bounds__(kBlock)
    batch_complete_mixing_kernel(SlotAgents batch, uint32_t strategies,
                                 const uint16_t* __restrict__ strategy,
                                 const int64_t* __restrict__ per_strategy, int64_t* payoff,
                                 uint32_t* turns) {
  const auto rounds = static_cast<uint32_t>(batch.agents - 1);
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    if (!batch.slots[at.slot].active) continue;
    payoff[i] = per_strategy[at.slot * strategies + strategy[i]];
    turns[i] = rounds;
  }
}

// Per slot and strategy: agents, payoffs and rounds.
__global__ void __launch_bounds__(kBlock)
    batch_sum_kernel(SlotAgents batch, uint32_t strategies, const uint16_t* __restrict__ strategy,
                     const int64_t* __restrict__ payoff, const uint32_t* __restrict__ turns,
                     uint64_t* counters) {
  const size_t width = counter_words(strategies);
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    if (!batch.slots[at.slot].active) continue;
    const GenerationCounters c = counters_at(counters + at.slot * width, strategies);
    const uint32_t s = strategy[i];
    atomic_add(&c.agents[s], uint64_t{1});
    atomic_add(&c.payoff[s], static_cast<uint64_t>(payoff[i]));
    atomic_add(&c.turns[s], static_cast<uint64_t>(turns[i]));
  }
}

// One thread per agent: update, then mutation, within its slot (evolve_kernel of
// cuda_steps.cuh with the slot's seed, generation and packed agents).
__global__ void __launch_bounds__(kBlock)
    batch_evolve_kernel(SlotAgents batch, PopulationLayout layout, UpdateParams params,
                        const uint64_t* __restrict__ packed, uint16_t* __restrict__ next) {
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    const DeviceSlot slot = batch.slots[at.slot];
    if (!slot.active) continue;
    const AgentsView agents{packed + at.base};
    const uint32_t updated =
        updated_strategy(layout, agents, params, slot.seed, at.agent, slot.generation);
    next[i] = static_cast<uint16_t>(
        mutated_strategy(updated, params, slot.seed, at.agent, slot.generation));
  }
}

// One thread per agent: the strategy that migrates into its place, within its slot.
__global__ void __launch_bounds__(kBlock)
    batch_migrate_kernel(SlotAgents batch, PopulationLayout layout, UpdateParams params,
                         const uint16_t* __restrict__ next, uint16_t* __restrict__ strategy) {
  for (uint64_t i = first_index(); i < batch.total; i += grid_stride()) {
    const BatchAgent at = batch_agent(batch, i);
    const DeviceSlot slot = batch.slots[at.slot];
    if (!slot.active) continue;
    strategy[i] =
        next[at.base + migration_source(layout, params, slot.seed, at.agent, slot.generation)];
  }
}

class CudaPopulationBatch final : public PopulationBatch {
 public:
  CudaPopulationBatch(const GameSetup& game, const PopulationSpec& spec,
                      const EvolutionSetup& evolution, size_t slots, int device, int sms)
      : device_(device),
        sms_(sms),
        host_game_(game),
        evolution_(evolution),
        layout_(checked(spec, game)),
        game_(game),
        graph_offsets_(spec.graph_offsets),
        graph_neighbours_(spec.graph_neighbours),
        slot_count_(slots),
        total_(checked_total(slots, layout_.agents)),
        slots_(slots),
        strategy_(total_),
        next_(total_),
        packed_(total_),
        payoff_(total_),
        turns_(total_),
        counters_(slots * counter_words(game.strategy_count())) {
    layout_.graph_offsets = graph_offsets_.empty() ? nullptr : graph_offsets_.data();
    layout_.graph_neighbours = graph_neighbours_.empty() ? nullptr : graph_neighbours_.data();
    strategy_.zero();
    next_.zero();
    payoff_.zero();
    turns_.zero();
    if (layout_.mode == PartnerMode::kComplete) {
      counts_ = DeviceBuffer<uint64_t>(slots * game.strategy_count());
      per_strategy_ = DeviceBuffer<int64_t>(slots * game.strategy_count());
    }
  }

  // Runs before the members' destructors, so their cudaFree calls target our device.
  ~CudaPopulationBatch() override { (void)cudaSetDevice(device_); }

  size_t slots() const override { return slot_count_; }

  void place_strategies(const std::vector<size_t>& starting, const std::vector<BatchSlot>& slots,
                        const std::vector<uint64_t>& counts) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    upload_slots(slots);
    check_strategy_counts(counts, game_.strategy_count(), layout_.agents);
    if (starting.empty() || layout_.agents == 0) return;
    std::vector<uint64_t> which(starting.size());
    for (size_t k = 0; k < starting.size(); ++k) {
      if (starting[k] >= slot_count_) {
        throw std::out_of_range("population batch: slot " + std::to_string(starting[k]) + " of " +
                                std::to_string(slot_count_));
      }
      which[k] = starting[k];
    }
    std::vector<uint64_t> cumulative(counts.size());
    uint64_t sum = 0;
    for (size_t s = 0; s < counts.size(); ++s) cumulative[s] = sum += counts[s];
    const DeviceBuffer<uint64_t> device_which(which);
    const DeviceBuffer<uint64_t> device_cumulative(cumulative);
    const uint64_t agents = which.size() * layout_.agents;
    launch(batch_place_kernel, blocks_for(agents, sms_), kBlock)(
        device_which.data(), slots_.data(), which.size(), layout_.agents, device_cumulative.data(),
        game_.strategy_count(), strategy_.data());
    // The device buffers are freed on return; cudaFree waits for the kernel that reads them.
  }

  std::vector<StrategyTotals> play_generation(const std::vector<BatchSlot>& slots) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    upload_slots(slots);
    const uint32_t strategies = game_.strategy_count();
    payoff_.zero();
    turns_.zero();
    counters_.zero();
    if (total_ > 0) {
      const SlotAgents batch = batch_view();
      const unsigned int blocks = blocks_for(total_, sms_);
      if (layout_.mode == PartnerMode::kComplete) {
        give_complete_mixing_payoffs(slots, blocks);
      } else if (host_game_.kind == GameKind::kGroup) {
        launch(batch_groups_kernel, blocks, kBlock)(batch, layout_, game_.view().group, strategies,
                                                    strategy_.data(), payoff_.data(), turns_.data(),
                                                    counters_.data());
      } else {
        launch(batch_play_kernel, blocks, kBlock)(batch, layout_, game_.view(), strategy_.data(),
                                                  payoff_.data(), turns_.data(), counters_.data());
      }
      launch(batch_sum_kernel, blocks, kBlock)(batch, strategies, strategy_.data(), payoff_.data(),
                                               turns_.data(), counters_.data());
    }
    const std::vector<uint64_t> sums = counters_.download();  // waits for the kernels
    const size_t width = counter_words(strategies);
    std::vector<StrategyTotals> totals(slot_count_);
    for (size_t k = 0; k < slot_count_; ++k) {
      if (slots[k].active) totals[k] = totals_from_counters(sums.data() + k * width, strategies);
    }
    return totals;
  }

  void evolve(const std::vector<BatchSlot>& slots) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    upload_slots(slots);
    check_evolution_setup(evolution_, game_.strategy_count());
    if (total_ == 0) return;
    const UpdateParams params = fermi_.params(evolution_);
    const SlotAgents batch = batch_view();
    const unsigned int blocks = blocks_for(total_, sms_);
    const PayoffPerTurns fitness{payoff_.data(), turns_.data(),
                                 host_game_.kind == GameKind::kGroup};
    launch(pack_kernel<PayoffPerTurns>, blocks, kBlock)(total_, strategy_.data(), fitness,
                                                        packed_.data());
    launch(batch_evolve_kernel, blocks, kBlock)(batch, layout_, params, packed_.data(),
                                                next_.data());
    if (params.migration.threshold == 0) {
      // Idle slots keep whatever next_ held: they are placed anew before they play.
      std::swap(strategy_, next_);
      return;
    }
    launch(batch_migrate_kernel, blocks, kBlock)(batch, layout_, params, next_.data(),
                                                 strategy_.data());
  }

  std::vector<uint16_t> strategies(size_t slot) const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (slot >= slot_count_) {
      throw std::out_of_range("population batch: slot " + std::to_string(slot) + " of " +
                              std::to_string(slot_count_));
    }
    std::vector<uint16_t> out(layout_.agents);
    if (!out.empty()) {
      EVO_CUDA_CHECK(cudaMemcpy(out.data(), strategy_.data() + slot * layout_.agents,
                                out.size() * sizeof(uint16_t), cudaMemcpyDeviceToHost));
    }
    return out;
  }

 private:
  static PopulationLayout checked(const PopulationSpec& spec, const GameSetup& game) {
    check_population(spec, game);
    return spec.host_layout();
  }

  static uint64_t checked_total(size_t slots, uint64_t agents) {
    if (slots == 0 || (agents != 0 && slots > UINT64_MAX / agents)) {
      throw std::invalid_argument("population batch: " + std::to_string(slots) + " slots of " +
                                  std::to_string(agents) + " agents");
    }
    return slots * agents;
  }

  // The slots' seeds, generations and activity, as every kernel of the step reads them.
  void upload_slots(const std::vector<BatchSlot>& slots) {
    if (slots.size() != slot_count_) {
      throw std::invalid_argument("population batch: " + std::to_string(slots.size()) +
                                  " slot states for " + std::to_string(slot_count_) + " slots");
    }
    std::vector<DeviceSlot> device(slots.size());
    for (size_t k = 0; k < slots.size(); ++k) {
      device[k] = DeviceSlot{slots[k].seed, slots[k].generation, slots[k].active ? 1u : 0u};
    }
    slots_.upload(device);
  }

  SlotAgents batch_view() const { return SlotAgents{slots_.data(), layout_.agents, total_}; }

  // Complete mixing: counts per slot on the device, each active slot's S payoffs on the host
  // (complete_mixing.h, as the CPU backend), then every agent's payoff and N - 1 rounds.
  void give_complete_mixing_payoffs(const std::vector<BatchSlot>& slots, unsigned int blocks) {
    const uint32_t strategies = game_.strategy_count();
    const SlotAgents batch = batch_view();
    counts_.zero();
    launch(batch_count_kernel, blocks, kBlock)(batch, strategies, strategy_.data(), counts_.data());
    const std::vector<uint64_t> counts = counts_.download();
    std::vector<int64_t> payoffs(counts.size(), 0);
    for (size_t k = 0; k < slot_count_; ++k) {
      if (!slots[k].active) continue;
      const std::vector<uint64_t> slot_counts(counts.begin() + k * strategies,
                                              counts.begin() + (k + 1) * strategies);
      complete_mixing_payoffs(host_game_.matrix, slot_counts, payoffs.data() + k * strategies);
    }
    per_strategy_.upload(payoffs);
    launch(batch_complete_mixing_kernel, blocks, kBlock)(
        batch, strategies, strategy_.data(), per_strategy_.data(), payoff_.data(), turns_.data());
  }

  int device_;
  int sms_;
  const GameSetup& host_game_;  // complete mixing's matrix; the game kind
  const EvolutionSetup& evolution_;
  PopulationLayout layout_;  // one slot's structure; graph_* point at the device copies
  DeviceGame game_;          // its seed unused: every slot has its own
  DeviceBuffer<uint64_t> graph_offsets_;
  DeviceBuffer<uint64_t> graph_neighbours_;
  size_t slot_count_;
  uint64_t total_;  // slots x agents
  DeviceBuffer<DeviceSlot> slots_;
  DeviceBuffer<uint16_t> strategy_;
  DeviceBuffer<uint16_t> next_;
  DeviceBuffer<uint64_t> packed_;
  DeviceBuffer<int64_t> payoff_;
  DeviceBuffer<uint32_t> turns_;
  DeviceBuffer<uint64_t> counters_;     // [slot][counter_words(S)]
  DeviceBuffer<uint64_t> counts_;       // complete mixing: [slot][S]
  DeviceBuffer<int64_t> per_strategy_;  // complete mixing: [slot][S]
  DeviceFermiTable fermi_;
};

}  // namespace

std::unique_ptr<PopulationBatch> make_cuda_population_batch(const GameSetup& game,
                                                            const PopulationSpec& population,
                                                            const EvolutionSetup& evolution,
                                                            size_t slots, int device, int sms) {
  return std::make_unique<CudaPopulationBatch>(game, population, evolution, slots, device, sms);
}

}  // namespace evomarket::gpu
