// The CUDA PopulationEngine: the twin of CpuPopulation (host/backend/cpu_backend.cpp). Every
// kernel here only decides which agent or match a thread handles; the model itself is the
// kernels/ code both backends call. All sums are integer, so atomics in any order give the CPU
// backend's results bit for bit.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_game.cuh"
#include "cuda/cuda_population.cuh"
#include "cuda/cuda_steps.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/grid_stride.cuh"
#include "cuda/launch.cuh"
#include "cuda/population_play.cuh"
#include "host/backend/complete_mixing.h"
#include "host/backend/population_checks.h"
#include "kernels/game.h"
#include "kernels/group_population.h"
#include "kernels/match.h"
#include "kernels/population.h"
#include "kernels/update.h"

namespace evomarket::gpu {
namespace {

static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics on 64-bit words");
static_assert(sizeof(unsigned int) == sizeof(uint32_t), "32-bit atomics on 32-bit words");

// Per-block shared-memory counters are used when they fit comfortably (the default 48 KiB of
// dynamic shared memory per block); beyond that the kernels add straight to global memory.
constexpr uint32_t kSharedCooperationStrategies = 4096;  // (S + 1) * 8 B <= 32 KiB
constexpr uint32_t kSharedTotalsStrategies = 2048;       // 3 * S * 8 B <= 48 KiB
// With a progress callback a generation's matches run in up to kProgressLaunches launches over
// consecutive agents (each at least kMinAgentsPerLaunch), reporting after each; integer atomics
// make the split invisible in the results.
constexpr uint64_t kProgressLaunches = 64;
constexpr uint64_t kMinAgentsPerLaunch = uint64_t{1} << 16;

__device__ __forceinline__ uint64_t warp_sum(uint64_t value) {
  for (int offset = 16; offset > 0; offset /= 2) {
    value += __shfl_down_sync(0xFFFFFFFFu, value, offset);
  }
  return value;
}

// One thread per agent of [begin, end) plays its own match (self-interaction: its own seat only)
// and the match slots it starts, skipping slots that hold no match. The agent's own seat is summed
// in registers and added once; the partner's seat is added atomically per match. With kShared the
// per-strategy cooperation counts (and the match count) gather in shared memory per block
// first: dynamic shared memory of (S + 1) words.
template <bool kShared>
__global__ void __launch_bounds__(kBlock)
    play_generation_kernel(PopulationLayout layout, uint64_t begin, uint64_t end,
                           uint32_t generation, GameView game,
                           const uint16_t* __restrict__ strategy, int64_t* payoff, uint32_t* turns,
                           GenerationCounters counters) {
  uint64_t* const block_counts = dynamic_shared<uint64_t>();
  const uint32_t strategies = game.strategies;
  uint64_t* cooperations = counters.cooperations;
  if (kShared) {
    for (uint32_t s = threadIdx.x; s <= strategies; s += blockDim.x) block_counts[s] = 0;
    __syncthreads();
    cooperations = block_counts;
  }
  uint64_t played_total = 0;
  for (uint64_t agent = begin + first_index(); agent < end; agent += grid_stride()) {
    const AgentPlay own =
        play_agent_matches(layout, game, generation, strategy, payoff, turns, cooperations, agent);
    played_total += own.matches;
    if (own.played) {
      atomic_add(&payoff[agent], own.payoff);
      atomic_add(&turns[agent], own.turns);
      if (own.cooperations != 0) atomic_add(&cooperations[strategy[agent]], own.cooperations);
    }
  }
  // Every thread of the block arrives here (no early exit), so whole-warp shuffles are safe.
  played_total = warp_sum(played_total);
  if (kShared) {
    if (threadIdx.x % 32 == 0 && played_total != 0) {
      atomic_add(&block_counts[strategies], played_total);
    }
    __syncthreads();
    for (uint32_t s = threadIdx.x; s < strategies; s += blockDim.x) {
      if (block_counts[s] != 0) atomic_add(&counters.cooperations[s], block_counts[s]);
    }
    if (threadIdx.x == 0 && block_counts[strategies] != 0) {
      atomic_add(counters.matches, block_counts[strategies]);
    }
  } else if (threadIdx.x % 32 == 0 && played_total != 0) {
    atomic_add(counters.matches, played_total);
  }
}

// One thread per agent plays the groups it starts (kernels/group_population.h) and adds every
// member's payoff, rounds and moves C atomically (integer sums: any order gives the CPU's
// totals). The group's arrays live in the thread's local memory.
__global__ void __launch_bounds__(kBlock)
    play_groups_kernel(PopulationLayout layout, uint32_t generation, GroupView group, uint64_t seed,
                       const uint16_t* __restrict__ strategy, int64_t* payoff, uint32_t* turns,
                       GenerationCounters counters) {
  uint64_t groups = 0;
  GroupOutcome scratch;
  for (uint64_t agent = first_index(); agent < layout.agents; agent += grid_stride()) {
    groups += play_agent_groups(layout, group, seed, generation, strategy, payoff, turns,
                                counters.cooperations, agent, scratch);
  }
  // Every thread of the block arrives here (no early exit), so whole-warp shuffles are safe.
  groups = warp_sum(groups);
  if (threadIdx.x % 32 == 0 && groups != 0) atomic_add(counters.matches, groups);
}

// Agents per strategy (complete mixing). With kShared each block first counts into dynamic
// shared memory of S words.
template <bool kShared>
__global__ void __launch_bounds__(kBlock)
    count_strategies_kernel(const uint16_t* __restrict__ strategy, uint64_t agents,
                            uint32_t strategies, uint64_t* counts) {
  uint64_t* const block_tally = dynamic_shared<uint64_t>();
  uint64_t* tally = counts;
  if (kShared) {
    for (uint32_t s = threadIdx.x; s < strategies; s += blockDim.x) block_tally[s] = 0;
    __syncthreads();
    tally = block_tally;
  }
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    atomic_add(&tally[strategy[i]], uint64_t{1});
  }
  if (kShared) {
    __syncthreads();
    for (uint32_t s = threadIdx.x; s < strategies; s += blockDim.x) {
      if (block_tally[s] != 0) atomic_add(&counts[s], block_tally[s]);
    }
  }
}

// Complete mixing: every agent gets its strategy's payoff against all others.
__global__ void __launch_bounds__(kBlock)
    complete_mixing_kernel(const uint16_t* __restrict__ strategy,
                           const int64_t* __restrict__ per_strategy, uint32_t rounds,
                           uint64_t agents, int64_t* __restrict__ payoff,
                           uint32_t* __restrict__ turns) {
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    payoff[i] = per_strategy[strategy[i]];
    turns[i] = rounds;
  }
}

// Per-strategy sums of agents, payoffs and turns. With kShared each block first sums into
// dynamic shared memory of 3 * S words.
template <bool kShared>
__global__ void __launch_bounds__(kBlock)
    sum_per_strategy_kernel(const uint16_t* __restrict__ strategy,
                            const int64_t* __restrict__ payoff, const uint32_t* __restrict__ turns,
                            uint64_t agents, uint32_t strategies, GenerationCounters counters) {
  uint64_t* const block_sums = dynamic_shared<uint64_t>();
  uint64_t* agent_sum = counters.agents;
  uint64_t* payoff_sum = counters.payoff;
  uint64_t* turn_sum = counters.turns;
  if (kShared) {
    for (uint32_t s = threadIdx.x; s < 3 * strategies; s += blockDim.x) block_sums[s] = 0;
    __syncthreads();
    agent_sum = block_sums;
    payoff_sum = block_sums + strategies;
    turn_sum = block_sums + 2 * static_cast<size_t>(strategies);
  }
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    const uint32_t s = strategy[i];
    atomic_add(&agent_sum[s], uint64_t{1});
    atomic_add(&payoff_sum[s], static_cast<uint64_t>(payoff[i]));
    atomic_add(&turn_sum[s], static_cast<uint64_t>(turns[i]));
  }
  if (kShared) {
    __syncthreads();
    for (uint32_t s = threadIdx.x; s < strategies; s += blockDim.x) {
      if (agent_sum[s] == 0) continue;  // no agent: payoff and turns are zero too
      atomic_add(&counters.agents[s], agent_sum[s]);
      atomic_add(&counters.payoff[s], payoff_sum[s]);
      atomic_add(&counters.turns[s], turn_sum[s]);
    }
  }
}

// One thread per agent: the strategy that migrates into its place.
__global__ void __launch_bounds__(kBlock)
    migrate_kernel(PopulationLayout layout, UpdateParams params, uint64_t seed, uint32_t generation,
                   const uint16_t* __restrict__ next, uint16_t* __restrict__ strategy) {
  for (uint64_t i = first_index(); i < layout.agents; i += grid_stride()) {
    strategy[i] = next[migration_source(layout, params, seed, i, generation)];
  }
}

class CudaPopulation final : public PopulationEngine {
 public:
  CudaPopulation(const GameSetup& game, const PopulationSpec& spec, const EvolutionSetup& evolution,
                 int device, int sms)
      : device_(device),
        sms_(sms),
        host_game_(game),
        evolution_(evolution),
        layout_(checked(spec, game)),  // graph pointers: the device copies', below
        game_(game),
        graph_offsets_(spec.graph_offsets),
        graph_neighbours_(spec.graph_neighbours),
        strategy_(layout_.agents),
        next_(layout_.agents),
        packed_(layout_.agents),
        payoff_(layout_.agents),
        turns_(layout_.agents),
        counters_(counter_words(game.strategy_count())) {
    // The device layout points at the device copies of the CSR arrays (null where the host's
    // are, as PopulationSpec::host_layout()).
    layout_.graph_offsets = graph_offsets_.empty() ? nullptr : graph_offsets_.data();
    layout_.graph_neighbours = graph_neighbours_.empty() ? nullptr : graph_neighbours_.data();
    strategy_.zero();
    next_.zero();
    payoff_.zero();
    turns_.zero();
    if (layout_.mode == PartnerMode::kComplete) {
      strategy_counts_ = DeviceBuffer<uint64_t>(game.strategy_count());
      per_strategy_payoff_ = DeviceBuffer<int64_t>(game.strategy_count());
    }
  }

  // Runs before the members' destructors, so their cudaFree calls target our device.
  ~CudaPopulation() override { (void)cudaSetDevice(device_); }

  void place_strategies(const std::vector<uint64_t>& counts) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_strategy_counts(counts, game_.strategy_count(), layout_.agents);
    place_by_counts(counts, game_.seed(), layout_.agents, sms_, strategy_.data());
  }

  void set_strategies(const std::vector<uint16_t>& strategies) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_agent_strategies(strategies, game_.strategy_count(), layout_.agents);
    strategy_.upload(strategies);
  }

  StrategyTotals play_generation(uint32_t generation) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    const uint32_t strategies = game_.strategy_count();
    const uint64_t n = layout_.agents;
    payoff_.zero();
    turns_.zero();
    counters_.zero();
    const GenerationCounters counters = counter_view();
    if (n > 0) {
      const unsigned int blocks = blocks_for(n, sms_);
      if (layout_.mode == PartnerMode::kComplete) {
        give_complete_mixing_payoffs(blocks);
      } else if (host_game_.kind == GameKind::kGroup) {
        launch(play_groups_kernel, blocks, kBlock)(layout_, generation, game_.view().group,
                                                   game_.seed(), strategy_.data(), payoff_.data(),
                                                   turns_.data(), counters);
      } else {
        play_matches_of(generation, blocks, counters);
      }
      if (strategies <= kSharedTotalsStrategies) {
        const size_t shared = 3 * static_cast<size_t>(strategies) * sizeof(uint64_t);
        launch(sum_per_strategy_kernel<true>, blocks, kBlock, shared)(
            strategy_.data(), payoff_.data(), turns_.data(), n, strategies, counters);
      } else {
        launch(sum_per_strategy_kernel<false>, blocks, kBlock)(
            strategy_.data(), payoff_.data(), turns_.data(), n, strategies, counters);
      }
    }
    const std::vector<uint64_t> sums = counters_.download();  // waits for the kernels
    return totals_from_counters(sums.data(), strategies);
  }

  void evolve(uint32_t generation) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_evolution_setup(evolution_, game_.strategy_count());
    const UpdateParams params = fermi_.params(evolution_);
    const uint64_t n = layout_.agents;
    const PayoffPerTurns fitness{payoff_.data(), turns_.data(),
                                 host_game_.kind == GameKind::kGroup};
    update_strategies(layout_, strategy_.data(), fitness, params, game_.seed(), generation, sms_,
                      packed_.data(), next_.data());
    if (params.migration.threshold == 0) {
      std::swap(strategy_, next_);
      return;
    }
    if (n > 0) {
      launch(migrate_kernel, blocks_for(n, sms_), kBlock)(layout_, params, game_.seed(), generation,
                                                          next_.data(), strategy_.data());
    }
  }

  AgentSnapshot snapshot() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return AgentSnapshot{strategy_.download(), payoff_.download(), turns_.download()};
  }

  void set_play_progress(PlayProgress progress) override { progress_ = std::move(progress); }

 private:
  // The host layout once check_population() accepts it; on the device a bad index would be an
  // illegal address that ends the CUDA context.
  static PopulationLayout checked(const PopulationSpec& spec, const GameSetup& game) {
    check_population(spec, game);
    return spec.host_layout();
  }

  void play_matches_of(uint32_t generation, unsigned int blocks,
                       const GenerationCounters& counters) {
    const uint64_t n = layout_.agents;
    if (!progress_) {
      launch_matches(0, n, generation, blocks, counters);
      return;
    }
    const uint64_t step =
        std::max(kMinAgentsPerLaunch, (n + kProgressLaunches - 1) / kProgressLaunches);
    for (uint64_t begin = 0; begin < n; begin += step) {
      const uint64_t end = std::min(n, begin + step);
      launch_matches(begin, end, generation, blocks_for(end - begin, sms_), counters);
      EVO_CUDA_CHECK(cudaDeviceSynchronize());  // the agents before `end` have played
      progress_(end, n);
    }
  }

  void launch_matches(uint64_t begin, uint64_t end, uint32_t generation, unsigned int blocks,
                      const GenerationCounters& counters) {
    const uint32_t strategies = game_.strategy_count();
    const GameView game = game_.view();
    if (strategies <= kSharedCooperationStrategies) {
      const size_t shared = (static_cast<size_t>(strategies) + 1) * sizeof(uint64_t);
      launch(play_generation_kernel<true>, blocks, kBlock, shared)(
          layout_, begin, end, generation, game, strategy_.data(), payoff_.data(), turns_.data(),
          counters);
    } else {
      launch(play_generation_kernel<false>, blocks, kBlock)(layout_, begin, end, generation, game,
                                                            strategy_.data(), payoff_.data(),
                                                            turns_.data(), counters);
    }
  }

  // Complete mixing: counts on the device, the S payoffs on the host (complete_mixing.h, as
  // the CPU backend), then every agent's payoff and Z - 1 rounds.
  void give_complete_mixing_payoffs(unsigned int blocks) {
    const uint32_t strategies = game_.strategy_count();
    const uint64_t n = layout_.agents;
    strategy_counts_.zero();
    if (strategies <= kSharedCooperationStrategies) {
      const size_t shared = static_cast<size_t>(strategies) * sizeof(uint64_t);
      launch(count_strategies_kernel<true>, blocks, kBlock, shared)(strategy_.data(), n, strategies,
                                                                    strategy_counts_.data());
    } else {
      launch(count_strategies_kernel<false>, blocks, kBlock)(strategy_.data(), n, strategies,
                                                             strategy_counts_.data());
    }
    const std::vector<uint64_t> counts = strategy_counts_.download();
    per_strategy_payoff_.upload(complete_mixing_payoffs(host_game_.matrix, counts));
    const auto rounds = static_cast<uint32_t>(n - 1);
    launch(complete_mixing_kernel, blocks, kBlock)(strategy_.data(), per_strategy_payoff_.data(),
                                                   rounds, n, payoff_.data(), turns_.data());
  }

  GenerationCounters counter_view() {
    return counters_at(counters_.data(), game_.strategy_count());
  }

  int device_;
  int sms_;
  const GameSetup& host_game_;  // complete mixing is computed on the host from its matrix;
                                // the game kind
  const EvolutionSetup& evolution_;
  PopulationLayout layout_;  // graph_* point at graph_offsets_ / graph_neighbours_
  DeviceGame game_;
  DeviceBuffer<uint64_t> graph_offsets_;
  DeviceBuffer<uint64_t> graph_neighbours_;
  DeviceBuffer<uint16_t> strategy_;
  DeviceBuffer<uint16_t> next_;
  DeviceBuffer<uint64_t> packed_;  // strategy and fitness for the update step
  DeviceBuffer<int64_t> payoff_;
  DeviceBuffer<uint32_t> turns_;
  DeviceBuffer<uint64_t> counters_;
  DeviceBuffer<uint64_t> strategy_counts_;     // complete mixing
  DeviceBuffer<int64_t> per_strategy_payoff_;  // complete mixing
  DeviceFermiTable fermi_;
  PlayProgress progress_;  // set_play_progress: matches in several launches
};

}  // namespace

std::unique_ptr<PopulationEngine> make_cuda_population(const GameSetup& game,
                                                       const PopulationSpec& population,
                                                       const EvolutionSetup& evolution, int device,
                                                       int sms) {
  return std::make_unique<CudaPopulation>(game, population, evolution, device, sms);
}

}  // namespace evomarket::gpu
