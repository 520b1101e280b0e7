// Steps shared by the CUDA population and market engines: the twin of host/backend/cpu_steps.h.
// Placement by exact counts, packing strategy and fitness, the update and mutation of one
// generation, and the Fermi table's device copy. Each is the kernels/ function the CPU steps
// call, one thread per agent, so both backends give the same strategies bit for bit.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/grid_stride.cuh"
#include "cuda/launch.cuh"
#include "host/setup/evolution_setup.h"
#include "kernels/placement.h"
#include "kernels/population.h"
#include "kernels/update.h"

namespace evomarket::gpu {

// The kernels are static: every .cu file that includes this header gets its own copy (there is
// no device linking across files).

// One thread per agent: strategy of the agent at its keyed permuted position.
static __global__ void __launch_bounds__(kBlock)
    place_kernel(uint16_t* __restrict__ strategy, uint64_t agents, uint64_t seed,
                 const uint64_t* __restrict__ cumulative, uint32_t strategy_count) {
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    const uint64_t position = permute_index(i, agents, seed);
    strategy[i] = static_cast<uint16_t>(strategy_at(cumulative, strategy_count, position));
  }
}

// A population's fitness source: payoff and rounds per agent (iterated and matrix games; group
// games with payoff_q16, their payoffs being fixed point already).
struct PayoffPerTurns {
  const int64_t* payoff;
  const uint32_t* turns;
  bool payoff_q16 = false;
  __device__ int64_t payoff_of(uint64_t agent) const { return payoff[agent]; }
  __device__ uint32_t rounds_of(uint64_t agent) const { return turns[agent]; }
};

// One thread per agent: strategy and fitness packed into one word (kernels/update.h).
template <class Fitness>
__global__ void __launch_bounds__(kBlock)
    pack_kernel(uint64_t agents, const uint16_t* __restrict__ strategy, Fitness fitness,
                uint64_t* __restrict__ packed) {
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    packed[i] =
        pack_agent(strategy[i], fitness.payoff_of(i), fitness.rounds_of(i), fitness.payoff_q16);
  }
}

// One thread per agent: update, then mutation, from the previous generation's packed state
// (read only) into `next`.
static __global__ void __launch_bounds__(kBlock)
    evolve_kernel(PopulationLayout layout, AgentsView agents, UpdateParams params, uint64_t seed,
                  uint32_t generation, uint16_t* __restrict__ next) {
  for (uint64_t i = first_index(); i < layout.agents; i += grid_stride()) {
    const uint32_t updated = updated_strategy(layout, agents, params, seed, i, generation);
    next[i] = static_cast<uint16_t>(mutated_strategy(updated, params, seed, i, generation));
  }
}

// Places exact strategy counts: agent i gets the strategy at position permute_index(i) of the
// counts laid end to end (kernels/placement.h), as place_by_counts in cpu_steps.h.
inline void place_by_counts(const std::vector<uint64_t>& counts, uint64_t seed, uint64_t agents,
                            int sms, uint16_t* strategy) {
  if (agents == 0) return;
  std::vector<uint64_t> cumulative(counts.size());
  uint64_t sum = 0;
  for (size_t s = 0; s < counts.size(); ++s) cumulative[s] = sum += counts[s];
  const DeviceBuffer<uint64_t> device_cumulative(cumulative);
  launch(place_kernel, blocks_for(agents, sms), kBlock)(
      strategy, agents, seed, device_cumulative.data(), static_cast<uint32_t>(counts.size()));
  // device_cumulative is freed on return; cudaFree waits for the kernel that reads it.
}

// Every agent's strategy and fitness into `packed`, then its strategy after the update and
// mutation of `generation` into `next`: update_strategies in cpu_steps.h, with the packing.
template <class Fitness>
void update_strategies(const PopulationLayout& layout, const uint16_t* strategy, Fitness fitness,
                       const UpdateParams& params, uint64_t seed, uint32_t generation, int sms,
                       uint64_t* packed, uint16_t* next) {
  const uint64_t n = layout.agents;
  if (n == 0) return;
  launch(pack_kernel<Fitness>, blocks_for(n, sms), kBlock)(n, strategy, fitness, packed);
  launch(evolve_kernel, blocks_for(n, sms), kBlock)(layout, AgentsView{packed}, params, seed,
                                                    generation, next);
}

// The Fermi table on the device, uploaded again only when the host's table changed (the
// evolution setup may be rebuilt between generations).
class DeviceFermiTable {
 public:
  // EvolutionSetup::params() with the table on the device.
  UpdateParams params(const EvolutionSetup& evolution) {
    if (evolution.fermi_thresholds != host_) {
      host_ = evolution.fermi_thresholds;
      device_.upload(host_);
    }
    return evolution.params(device_.empty() ? nullptr : device_.data());
  }

 private:
  std::vector<uint64_t> host_;  // what device_ holds
  DeviceBuffer<uint64_t> device_;
};

}  // namespace evomarket::gpu
