// The CUDA backend: the CPU backend's twin (host/backend/cpu_backend.cpp). Every kernel here only
// decides which agent or match a thread handles and where the data lives; the model itself is the
// kernels/ code both backends call. All sums are integer, so atomics in any order give the CPU
// backend's results bit for bit.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_market.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/energy_aggregator.cuh"
#include "cuda/grid_stride.cuh"
#include "host/backend/backend.h"
#include "host/backend/complete_mixing.h"
#include "host/backend/population_checks.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"
#include "kernels/game.h"
#include "kernels/match.h"
#include "kernels/placement.h"
#include "kernels/population.h"
#include "kernels/update.h"

namespace evomarket {
namespace {

using gpu::DeviceBuffer;

static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit atomics on 64-bit words");
static_assert(sizeof(unsigned int) == sizeof(uint32_t), "32-bit atomics on 32-bit words");

constexpr int kBlock = 256;
// Resident blocks per SM that grid-stride launches aim for (2048 threads per SM / kBlock), times
// a few waves so that matches of uneven length even out across SMs.
constexpr int kBlocksPerSm = 16;
// Per-block shared-memory counters are used when they fit comfortably (the default 48 KiB of
// dynamic shared memory per block); beyond that the kernels add straight to global memory.
constexpr uint32_t kSharedCooperationStrategies = 4096;  // (S + 1) * 8 B <= 32 KiB
constexpr uint32_t kSharedTotalsStrategies = 2048;       // 3 * S * 8 B <= 48 KiB

// The oldest compute capability this build carries code for (PTX of the lowest virtual
// architecture JIT-compiles for every newer device), e.g. 80 from CUDA_ARCHITECTURES 80;90.
constexpr int oldest_built_arch() {
#if defined(__CUDA_ARCH_LIST__)
  constexpr int archs[] = {__CUDA_ARCH_LIST__};
  int oldest = archs[0];
  for (int a : archs) oldest = a < oldest ? a : oldest;
  return oldest / 10;  // 800 -> 80
#else
  return 80;
#endif
}

// ---------------------------------------------------------------------------------------------
// Device helpers

using gpu::atomic_add;
using gpu::first_index;
using gpu::grid_stride;

__device__ __forceinline__ uint64_t warp_sum(uint64_t value) {
  for (int offset = 16; offset > 0; offset /= 2) {
    value += __shfl_down_sync(0xFFFFFFFFu, value, offset);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Kernels

// One thread per listed match; the whole match runs in registers.
__global__ void __launch_bounds__(kBlock)
    play_jobs_kernel(GameView game, const MatchJob* __restrict__ jobs, uint64_t count,
                     MatchOutcome* __restrict__ out) {
  for (uint64_t i = first_index(); i < count; i += grid_stride()) {
    const MatchJob job = jobs[i];
    out[i] = play_pair(game, job.first, job.second, job.match_id, job.generation);
  }
}

// One thread per agent: strategy of the agent at its keyed permuted position.
__global__ void __launch_bounds__(kBlock)
    place_kernel(uint16_t* __restrict__ strategy, uint64_t agents, uint64_t seed,
                 const uint64_t* __restrict__ cumulative, uint32_t strategy_count) {
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    const uint64_t position = permute_index(i, agents, seed);
    strategy[i] = static_cast<uint16_t>(strategy_at(cumulative, strategy_count, position));
  }
}

// Global counters of one generation, in one zeroed array: [cooperations S | agents S |
// payoff S | turns S | matches 1].
struct GenerationCounters {
  uint64_t* cooperations;
  uint64_t* agents;
  uint64_t* payoff;  // int64 sums as two's-complement bits
  uint64_t* turns;
  uint64_t* matches;
};

// One thread per agent plays its own match (self-interaction: its own seat only) and the match
// slots it starts, skipping slots that hold no match. The agent's own seat is summed in
// registers and added once; the partner's seat is added atomically per match. With kShared the
// per-strategy cooperation counts (and the match count) gather in shared memory per block
// first: dynamic shared memory of (S + 1) words.
template <bool kShared>
__global__ void __launch_bounds__(kBlock)
    play_generation_kernel(PopulationLayout layout, uint32_t generation, GameView game,
                           const uint16_t* __restrict__ strategy, int64_t* payoff, uint32_t* turns,
                           GenerationCounters counters) {
  extern __shared__ uint64_t block_counts[];
  const uint32_t strategies = game.strategies;
  uint64_t* cooperations = counters.cooperations;
  if (kShared) {
    for (uint32_t s = threadIdx.x; s <= strategies; s += blockDim.x) block_counts[s] = 0;
    __syncthreads();
    cooperations = block_counts;
  }
  uint64_t played_total = 0;
  for (uint64_t agent = first_index(); agent < layout.agents; agent += grid_stride()) {
    const uint32_t a = strategy[agent];
    uint64_t own_payoff = 0;
    uint32_t own_turns = 0;  // wraps like the CPU's uint32 +=
    uint64_t own_cooperations = 0;
    bool played = false;
    if (layout.self_interaction) {
      const MatchOutcome o = play_pair(game, a, a, self_match_id(agent), generation);
      own_payoff += static_cast<uint64_t>(o.score[0]);
      own_turns += o.turns;
      own_cooperations += o.cooperations[0];
      played = true;
    }
    const uint64_t slots = match_slots(layout, agent);
    for (uint64_t j = 0; j < slots; ++j) {
      const uint64_t other = match_partner(layout, game.seed, agent, j, generation);
      if (other == agent) continue;
      const uint32_t b = strategy[other];
      const MatchOutcome o = play_pair(game, a, b, match_id_of(layout, agent, j), generation);
      own_payoff += static_cast<uint64_t>(o.score[0]);
      own_turns += o.turns;
      own_cooperations += o.cooperations[0];
      atomic_add(&payoff[other], static_cast<uint64_t>(o.score[1]));
      atomic_add(&turns[other], o.turns);
      if (o.cooperations[1] != 0) {
        atomic_add(&cooperations[b], static_cast<uint64_t>(o.cooperations[1]));
      }
      ++played_total;
      played = true;
    }
    if (played) {
      atomic_add(&payoff[agent], own_payoff);
      atomic_add(&turns[agent], own_turns);
      if (own_cooperations != 0) atomic_add(&cooperations[a], own_cooperations);
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

// Agents per strategy (complete mixing). With kShared each block first counts into dynamic
// shared memory of S words.
template <bool kShared>
__global__ void __launch_bounds__(kBlock)
    count_strategies_kernel(const uint16_t* __restrict__ strategy, uint64_t agents,
                            uint32_t strategies, uint64_t* counts) {
  extern __shared__ uint64_t block_tally[];
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
  extern __shared__ uint64_t block_sums[];
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

// One thread per agent: strategy and fitness packed into one word (kernels/update.h).
__global__ void __launch_bounds__(kBlock)
    pack_kernel(uint64_t agents, const uint16_t* __restrict__ strategy,
                const int64_t* __restrict__ payoff, const uint32_t* __restrict__ turns,
                uint64_t* __restrict__ packed) {
  for (uint64_t i = first_index(); i < agents; i += grid_stride()) {
    packed[i] = pack_agent(strategy[i], payoff[i], turns[i]);
  }
}

// One thread per agent: update, then mutation, from the previous generation's packed state
// (read only) into `next`.
__global__ void __launch_bounds__(kBlock)
    evolve_kernel(PopulationLayout layout, AgentsView agents, UpdateParams params, uint64_t seed,
                  uint32_t generation, uint16_t* __restrict__ next) {
  for (uint64_t i = first_index(); i < layout.agents; i += grid_stride()) {
    const uint32_t updated = updated_strategy(layout, agents, params, seed, i, generation);
    next[i] = static_cast<uint16_t>(mutated_strategy(updated, params, seed, i, generation));
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

// ---------------------------------------------------------------------------------------------
// Host side

// Blocks for a grid-stride launch over `items` (at least 1; the caller skips items == 0).
unsigned int grid_for(uint64_t items, int max_blocks) {
  const uint64_t needed = (items + kBlock - 1) / kBlock;
  return static_cast<unsigned int>(std::max<uint64_t>(
      1, std::min<uint64_t>(needed, static_cast<uint64_t>(std::max(max_blocks, 1)))));
}

struct DeviceInfo {
  int id = 0;
  std::string name;
  int major = 0;
  int minor = 0;
  int sms = 1;
};

// A GameSetup copied to the device: strategy machines, shortcut table and rules (iterated
// games) or the payoff matrix (matrix games). view() is GameSetup::view() on device memory.
class DeviceGame {
 public:
  explicit DeviceGame(const GameSetup& game)
      : kind_(game.kind),
        strategy_count_(game.strategy_count()),
        machine_count_(game.strategies.size()),
        seed_(game.seed),
        rules_(game.rules),
        infos_(game.strategies.infos),
        states_(game.strategies.states),
        matrix_(game.matrix) {
    if (kind_ == GameKind::kMatrix) {
      if (game.matrix.size() != static_cast<size_t>(strategy_count_) * strategy_count_) {
        throw std::invalid_argument(
            "CUDA backend: a matrix game of " + std::to_string(strategy_count_) +
            " strategies needs " +
            std::to_string(static_cast<size_t>(strategy_count_) * strategy_count_) +
            " payoffs, got " + std::to_string(game.matrix.size()));
      }
      return;
    }
    if (machine_count_ != strategy_count_) {
      throw std::invalid_argument("CUDA backend: an iterated game with " +
                                  std::to_string(strategy_count_) + " strategy names but " +
                                  std::to_string(machine_count_) + " compiled strategies");
    }
    const MatchTable& table = game.shortcuts;
    if (!table.outcomes.empty()) {
      const uint64_t n = table.strategy_count;
      if (table.known.size() != table.outcomes.size() || table.outcomes.size() < n * n ||
          n < machine_count_) {
        throw std::invalid_argument("CUDA backend: inconsistent match table (outcomes " +
                                    std::to_string(table.outcomes.size()) + ", known " +
                                    std::to_string(table.known.size()) + ", " + std::to_string(n) +
                                    " strategies)");
      }
      outcomes_.upload(table.outcomes);
      known_.upload(table.known);
      shortcut_count_ = table.strategy_count;
    }
  }

  // Null pointers exactly where GameSetup::view() has them.
  GameView view() const {
    const MatchTableView shortcuts =
        outcomes_.empty() ? MatchTableView{nullptr, nullptr, 0}
                          : MatchTableView{outcomes_.data(), known_.data(), shortcut_count_};
    return GameView{kind_,
                    strategy_count_,
                    seed_,
                    StrategyTableView{infos_.data(), states_.data(), machine_count_},
                    shortcuts,
                    rules_,
                    matrix_.empty() ? nullptr : matrix_.data()};
  }
  uint64_t seed() const { return seed_; }
  uint32_t strategy_count() const { return strategy_count_; }

 private:
  GameKind kind_;
  uint32_t strategy_count_;
  uint32_t machine_count_;
  uint64_t seed_;
  MatchRules rules_;
  uint32_t shortcut_count_ = 0;
  DeviceBuffer<StrategyInfo> infos_;
  DeviceBuffer<MachineState> states_;
  DeviceBuffer<MatchOutcome> outcomes_;
  DeviceBuffer<uint8_t> known_;
  DeviceBuffer<int64_t> matrix_;
};

class CudaPopulation final : public PopulationEngine {
 public:
  CudaPopulation(const GameSetup& game, const PopulationSpec& spec, const EvolutionSetup& evolution,
                 const DeviceInfo& device)
      : device_(device.id),
        max_blocks_(device.sms * kBlocksPerSm),
        host_game_(game),
        evolution_(evolution),
        layout_(checked(spec, game)),
        game_(game),
        graph_offsets_(spec.graph_offsets),
        graph_neighbours_(spec.graph_neighbours),
        strategy_(layout_.agents),
        next_(layout_.agents),
        packed_(layout_.agents),
        payoff_(layout_.agents),
        turns_(layout_.agents),
        counters_(4 * static_cast<size_t>(game.strategy_count()) + 1) {
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
    if (layout_.agents == 0) return;
    std::vector<uint64_t> cumulative(counts.size());
    uint64_t sum = 0;
    for (size_t s = 0; s < counts.size(); ++s) cumulative[s] = sum += counts[s];
    const DeviceBuffer<uint64_t> device_cumulative(cumulative);
    place_kernel<<<grid_for(layout_.agents, max_blocks_), kBlock>>>(
        strategy_.data(), layout_.agents, game_.seed(), device_cumulative.data(),
        static_cast<uint32_t>(counts.size()));
    EVO_CUDA_CHECK(cudaGetLastError());
    // device_cumulative is freed on return; cudaFree waits for the kernel that reads it.
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
      const unsigned int blocks = grid_for(n, max_blocks_);
      if (layout_.mode == PartnerMode::kComplete) {
        give_complete_mixing_payoffs(blocks);
      } else {
        play_matches_of(generation, blocks, counters);
      }
      if (strategies <= kSharedTotalsStrategies) {
        const size_t shared = 3 * static_cast<size_t>(strategies) * sizeof(uint64_t);
        sum_per_strategy_kernel<true><<<blocks, kBlock, shared>>>(
            strategy_.data(), payoff_.data(), turns_.data(), n, strategies, counters);
      } else {
        sum_per_strategy_kernel<false><<<blocks, kBlock>>>(strategy_.data(), payoff_.data(),
                                                           turns_.data(), n, strategies, counters);
      }
      EVO_CUDA_CHECK(cudaGetLastError());
    }
    const std::vector<uint64_t> sums = counters_.download();  // waits for the kernels
    StrategyTotals totals(strategies);
    for (uint32_t s = 0; s < strategies; ++s) {
      totals.cooperations[s] = sums[s];
      totals.agents[s] = sums[strategies + s];
      totals.payoff[s] = static_cast<int64_t>(sums[2 * static_cast<size_t>(strategies) + s]);
      totals.turns[s] = sums[3 * static_cast<size_t>(strategies) + s];
    }
    totals.matches = sums[4 * static_cast<size_t>(strategies)];
    return totals;
  }

  void evolve(uint32_t generation) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    const UpdateParams params = device_params();
    const uint64_t n = layout_.agents;
    if (n > 0) {
      pack_kernel<<<grid_for(n, max_blocks_), kBlock>>>(n, strategy_.data(), payoff_.data(),
                                                        turns_.data(), packed_.data());
      EVO_CUDA_CHECK(cudaGetLastError());
      const AgentsView agents{packed_.data()};
      evolve_kernel<<<grid_for(n, max_blocks_), kBlock>>>(layout_, agents, params, game_.seed(),
                                                          generation, next_.data());
      EVO_CUDA_CHECK(cudaGetLastError());
    }
    if (params.migration.threshold == 0) {
      std::swap(strategy_, next_);
      return;
    }
    if (n > 0) {
      migrate_kernel<<<grid_for(n, max_blocks_), kBlock>>>(
          layout_, params, game_.seed(), generation, next_.data(), strategy_.data());
      EVO_CUDA_CHECK(cudaGetLastError());
    }
  }

  AgentSnapshot snapshot() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return AgentSnapshot{strategy_.download(), payoff_.download(), turns_.download()};
  }

 private:
  // The host layout once check_population() accepts it; on the device a bad index would be an
  // illegal address that ends the CUDA context. Graph pointers are replaced by the device
  // copies' in the constructor.
  static PopulationLayout checked(const PopulationSpec& spec, const GameSetup& game) {
    check_population(spec, game);
    return spec.host_layout();
  }

  // The evolution setup as the CPU backend reads it at every evolve, with the Fermi table on
  // the device (uploaded again only when the host's table changed).
  UpdateParams device_params() {
    const EvolutionSetup& e = evolution_;
    check_evolution_setup(e, game_.strategy_count());
    if (e.fermi_thresholds != fermi_host_) {
      fermi_host_ = e.fermi_thresholds;
      fermi_.upload(fermi_host_);
    }
    return e.params(fermi_.empty() ? nullptr : fermi_.data());
  }

  void play_matches_of(uint32_t generation, unsigned int blocks,
                       const GenerationCounters& counters) {
    const uint32_t strategies = game_.strategy_count();
    const GameView game = game_.view();
    if (strategies <= kSharedCooperationStrategies) {
      const size_t shared = (static_cast<size_t>(strategies) + 1) * sizeof(uint64_t);
      play_generation_kernel<true><<<blocks, kBlock, shared>>>(
          layout_, generation, game, strategy_.data(), payoff_.data(), turns_.data(), counters);
    } else {
      play_generation_kernel<false><<<blocks, kBlock>>>(layout_, generation, game, strategy_.data(),
                                                        payoff_.data(), turns_.data(), counters);
    }
    EVO_CUDA_CHECK(cudaGetLastError());
  }

  // Complete mixing: counts on the device, the S payoffs on the host (complete_mixing.h, as
  // the CPU backend), then every agent's payoff and Z - 1 rounds.
  void give_complete_mixing_payoffs(unsigned int blocks) {
    const uint32_t strategies = game_.strategy_count();
    const uint64_t n = layout_.agents;
    strategy_counts_.zero();
    if (strategies <= kSharedCooperationStrategies) {
      const size_t shared = static_cast<size_t>(strategies) * sizeof(uint64_t);
      count_strategies_kernel<true>
          <<<blocks, kBlock, shared>>>(strategy_.data(), n, strategies, strategy_counts_.data());
    } else {
      count_strategies_kernel<false>
          <<<blocks, kBlock>>>(strategy_.data(), n, strategies, strategy_counts_.data());
    }
    EVO_CUDA_CHECK(cudaGetLastError());
    const std::vector<uint64_t> counts = strategy_counts_.download();
    per_strategy_payoff_.upload(complete_mixing_payoffs(host_game_.matrix, counts));
    const auto rounds = static_cast<uint32_t>(n - 1);
    complete_mixing_kernel<<<blocks, kBlock>>>(strategy_.data(), per_strategy_payoff_.data(),
                                               rounds, n, payoff_.data(), turns_.data());
    EVO_CUDA_CHECK(cudaGetLastError());
  }

  GenerationCounters counter_view() {
    const size_t s = game_.strategy_count();
    uint64_t* base = counters_.data();
    return GenerationCounters{base, base + s, base + 2 * s, base + 3 * s, base + 4 * s};
  }

  int device_;
  int max_blocks_;
  const GameSetup& host_game_;  // complete mixing is computed on the host from its matrix
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
  std::vector<uint64_t> fermi_host_;           // what fermi_ holds
  DeviceBuffer<uint64_t> fermi_;
};

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int device) {
    EVO_CUDA_CHECK(cudaSetDevice(device));
    cudaDeviceProp props{};
    EVO_CUDA_CHECK(cudaGetDeviceProperties(&props, device));
    device_.id = device;
    device_.name = props.name;
    device_.major = props.major;
    device_.minor = props.minor;
    device_.sms = std::max(props.multiProcessorCount, 1);
    // Fails with cudaErrorNoKernelImageForDevice when this build carries no code the device
    // can run; better here, with the device named, than at the first launch.
    cudaFuncAttributes attributes{};
    const cudaError_t error = cudaFuncGetAttributes(&attributes, play_jobs_kernel);
    if (error != cudaSuccess) {
      const std::string what = "cudaFuncGetAttributes on " + device_.name + " (sm_" +
                               std::to_string(device_.major) + std::to_string(device_.minor) + ")";
      gpu::throw_cuda_error(error, what.c_str(), __FILE__, __LINE__);
    }
  }

  std::string name() const override { return "cuda"; }

  std::string device() const override {
    return device_.name + " (sm_" + std::to_string(device_.major) + std::to_string(device_.minor) +
           ", " + std::to_string(device_.sms) + " SMs)";
  }

  std::vector<MatchOutcome> play_matches(const GameSetup& game,
                                         const std::vector<MatchJob>& jobs) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    std::vector<MatchOutcome> out;
    if (jobs.empty()) return out;
    const uint32_t strategies = game.strategy_count();
    for (const MatchJob& job : jobs) {
      if (job.first >= strategies || job.second >= strategies) {
        throw std::out_of_range("CUDA backend: match job between strategies " +
                                std::to_string(job.first) + " and " + std::to_string(job.second) +
                                " of " + std::to_string(strategies));
      }
    }
    const DeviceGame device_game(game);
    const DeviceBuffer<MatchJob> device_jobs(jobs);
    DeviceBuffer<MatchOutcome> device_out(jobs.size());
    play_jobs_kernel<<<grid_for(jobs.size(), device_.sms * kBlocksPerSm), kBlock>>>(
        device_game.view(), device_jobs.data(), jobs.size(), device_out.data());
    EVO_CUDA_CHECK(cudaGetLastError());
    device_out.download(out);
    return out;
  }

  std::unique_ptr<PopulationEngine> make_population(const GameSetup& game,
                                                    const PopulationSpec& population,
                                                    const EvolutionSetup& evolution) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    return std::make_unique<CudaPopulation>(game, population, evolution, device_);
  }

  std::unique_ptr<EnergyAggregator> make_energy_aggregator(const ProfileAgents& agents) override {
    return gpu::make_cuda_energy_aggregator(agents, device_.id, device_.sms);
  }

  std::unique_ptr<MarketEngine> make_market(const MarketSetup& setup,
                                            const EvolutionSetup& evolution) override {
    return gpu::make_cuda_market(setup, evolution, device_.id, device_.sms);
  }

 private:
  DeviceInfo device_;
};

// Devices this build can run on, in CUDA's order; `why` explains an empty list. Never throws,
// never prints, and leaves no CUDA error pending.
std::vector<int> usable_devices(std::string* why) {
  std::vector<int> usable;
  try {
    int count = 0;
    const cudaError_t error = cudaGetDeviceCount(&count);
    if (error != cudaSuccess) {
      (void)cudaGetLastError();
      if (why) {
        // Without any driver the runtime reports an "insufficient" one; say what is meant.
        int driver = 0;
        const bool has_driver = cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0;
        (void)cudaGetLastError();
        if (error == cudaErrorInsufficientDriver && !has_driver) {
          *why = "no NVIDIA driver is installed (libcuda.so.1 not found)";
        } else {
          *why = std::string(cudaGetErrorName(error)) + ": " + cudaGetErrorString(error);
          if (error == cudaErrorInsufficientDriver && has_driver) {
            *why += " (driver supports CUDA " + std::to_string(driver / 1000) + "." +
                    std::to_string(driver % 1000 / 10) + ", this evomarket needs " +
                    std::to_string(CUDART_VERSION / 1000) + "." +
                    std::to_string(CUDART_VERSION % 1000 / 10) + ")";
          }
        }
      }
      return usable;
    }
    if (count == 0) {
      if (why) *why = "the CUDA driver reports no device";
      return usable;
    }
    std::string skipped;
    for (int d = 0; d < count; ++d) {
      int major = 0;
      int minor = 0;
      if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, d) != cudaSuccess ||
          cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, d) != cudaSuccess) {
        (void)cudaGetLastError();
        skipped += (skipped.empty() ? "" : ", ") + std::string("device ") + std::to_string(d) +
                   " (unreadable)";
        continue;
      }
      if (major * 10 + minor >= oldest_built_arch()) {
        usable.push_back(d);
      } else {
        skipped += (skipped.empty() ? "" : ", ") + std::string("device ") + std::to_string(d) +
                   " (sm_" + std::to_string(major) + std::to_string(minor) + ")";
      }
    }
    if (usable.empty() && why) {
      *why = "no device of compute capability " + std::to_string(oldest_built_arch() / 10) + "." +
             std::to_string(oldest_built_arch() % 10) +
             " or newer, the oldest this evomarket was built for: " + skipped;
    }
  } catch (...) {  // std::bad_alloc from the strings; report no device rather than throw
    (void)cudaGetLastError();
    usable.clear();
    if (why) why->clear();
  }
  return usable;
}

}  // namespace

bool cuda_backend_built() {
  return true;
}

int cuda_device_count(std::string* why) {
  return static_cast<int>(usable_devices(why).size());
}

std::unique_ptr<Backend> try_make_cuda_backend(std::string* why) {
  const std::vector<int> devices = usable_devices(why);
  if (devices.empty()) return nullptr;
  return std::make_unique<CudaBackend>(devices.front());
}

}  // namespace evomarket
