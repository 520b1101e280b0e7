// The Backend interface: where matches are played (CPU with OpenMP, or CUDA). Both backends
// call the same kernels/ functions and give bit-identical results.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/setup/energy_batch.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"
#include "host/setup/market_setup.h"
#include "kernels/game.h"
#include "kernels/population.h"

namespace evomarket {

// Leader pricing's followers (host/setup/follower_setup.h, included where they are used).
struct FollowerSetup;
class FollowerEvaluator;
// Batches of populations (host/backend/population_batch.h).
class PopulationBatch;

// One match of an explicit list (tournaments): strategies per seat and the id keying its draws.
struct MatchJob {
  uint32_t first;
  uint32_t second;
  uint64_t match_id;
  uint32_t generation;
};

// Integer sums per strategy over one generation (order-independent, hence deterministic).
struct StrategyTotals {
  std::vector<uint64_t> agents;
  std::vector<int64_t> payoff;         // summed over the strategy's agents
  std::vector<uint64_t> turns;         // rounds its agents played (turns of iterated matches,
                                       // plays of a matrix game; both seats)
  std::vector<uint64_t> cooperations;  // moves C its agents made (iterated games)
  uint64_t matches = 0;
  // Agents per community and strategy, row-major [community][strategy]; filled only when the
  // run records per-community counts (output.community_counts).
  std::vector<uint64_t> community_agents;

  explicit StrategyTotals(size_t strategies = 0)
      : agents(strategies), payoff(strategies), turns(strategies), cooperations(strategies) {}
};

// Per-agent state copied back to the host.
struct AgentSnapshot {
  std::vector<uint16_t> strategy;
  std::vector<int64_t> payoff;
  std::vector<uint32_t> turns;  // rounds played
};

// Told during play_generation how many of the agents have played their matches (for progress
// on the terminal; it must not touch the population).
using PlayProgress = std::function<void(uint64_t agents_done, uint64_t agents)>;

// A population whose agents live where the backend computes (host memory or GPU memory).
// A generation is play_generation(g) then evolve(g).
class PopulationEngine {
 public:
  virtual ~PopulationEngine() = default;
  // Progress inside play_generation from now on (empty: none). Complete mixing, which plays no
  // matches, never calls it.
  virtual void set_play_progress(PlayProgress progress) { (void)progress; }
  // Places exactly counts[s] agents of strategy s, at positions given by the keyed permutation
  // of kernels/placement.h (same placement on every backend).
  virtual void place_strategies(const std::vector<uint64_t>& counts) = 0;
  // Sets every agent's strategy (resuming from a checkpoint).
  virtual void set_strategies(const std::vector<uint16_t>& strategies) = 0;
  // Resets payoffs, plays all matches of `generation` (or, in complete mode, gives every agent
  // its expected payoff against all others from the strategy counts), returns the totals.
  virtual StrategyTotals play_generation(uint32_t generation) = 0;
  // Update, mutation and migration after `generation`, from the payoffs play_generation left.
  virtual void evolve(uint32_t generation) = 0;
  virtual AgentSnapshot snapshot() const = 0;
};

// Supply and demand of every community in every slot of one profile batch, in mWh.
struct CommunityEnergy {
  uint64_t first_slot = 0;
  uint64_t slots = 0;
  uint64_t communities = 0;
  std::vector<int64_t> supply;  // [community][slot]: sum of the positive net positions
  std::vector<int64_t> demand;  // [community][slot]: sum of the negative ones' magnitudes
};

// Agents following profiles (kernels/profile.h), in communities of consecutive ids.
struct ProfileAgents {
  AgentProfileRule rule{};
  uint64_t agents = 0;
  uint32_t community_size = 1;
};

// Streams profile batches through a backend: submit batch k + 1 while batch k is collected;
// on CUDA the upload of k + 1 (pinned memory, its own stream) overlaps the work on k.
class EnergyAggregator {
 public:
  virtual ~EnergyAggregator() = default;
  virtual void submit(const EnergyBatch& batch) = 0;
  // Community supply and demand of the oldest submitted batch not yet collected.
  virtual CommunityEnergy collect() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;    // "cpu" or "cuda"
  virtual std::string device() const = 0;  // e.g. "2 OpenMP threads", "NVIDIA H100 (sm_90)"
  // Free memory of the device the backend computes on, in bytes; 0 when it computes in host
  // memory (the CPU backend). Runs estimate what they need against it (host/run/memory_estimate.h).
  virtual uint64_t device_memory_free() const { return 0; }
  virtual std::vector<MatchOutcome> play_matches(const GameSetup& game,
                                                 const std::vector<MatchJob>& jobs) = 0;
  // play_matches that also records every turn's moves (kernels/game.h: play_pair_recorded):
  // job k's first seat into moves[(2 k) * capacity ...], its second seat into
  // moves[(2 k + 1) * capacity ...], kNoMove past the match's end. Resizes `moves`;
  // precondition: capacity >= longest_match(game.view()).
  virtual std::vector<MatchOutcome> play_matches_recorded(const GameSetup& game,
                                                          const std::vector<MatchJob>& jobs,
                                                          uint32_t capacity,
                                                          std::vector<int8_t>& moves) = 0;
  // `game`, `population` and `evolution` must outlive the engine.
  virtual std::unique_ptr<PopulationEngine> make_population(const GameSetup& game,
                                                            const PopulationSpec& population,
                                                            const EvolutionSetup& evolution) = 0;
  // How many populations of `population` the backend advances together to good effect
  // (make_population_batch): 1 unless it plays a batch in one launch.
  virtual size_t population_batch_slots(const GameSetup& game,
                                        const PopulationSpec& population) const {
    (void)game;
    (void)population;
    return 1;
  }
  // `slots` populations of one game and structure that differ in their seeds; by default its
  // PopulationEngines one after another. The arguments must outlive the batch.
  virtual std::unique_ptr<PopulationBatch> make_population_batch(const GameSetup& game,
                                                                 const PopulationSpec& population,
                                                                 const EvolutionSetup& evolution,
                                                                 size_t slots);
  virtual std::unique_ptr<EnergyAggregator> make_energy_aggregator(const ProfileAgents& agents) = 0;
  // The market game (host/market_setup.h); `setup` and `evolution` must outlive the engine.
  virtual std::unique_ptr<MarketEngine> make_market(const MarketSetup& setup,
                                                    const EvolutionSetup& evolution) = 0;
  // Leader pricing's followers (host/setup/follower_setup.h); `setup` must outlive the evaluator.
  virtual std::unique_ptr<FollowerEvaluator> make_follower_evaluator(
      const FollowerSetup& setup) = 0;
};

// The precondition of play_matches_recorded, checked by both backends (a short buffer would be
// written past its end).
inline void check_move_capacity(const GameView& game, uint32_t capacity) {
  if (capacity < longest_match(game)) {
    throw std::invalid_argument("play_matches_recorded: " + std::to_string(capacity) +
                                " moves per seat, but matches may last " +
                                std::to_string(longest_match(game)) + " turns");
  }
}

enum class BackendChoice { kAuto, kCpu, kCuda };

BackendChoice parse_backend_choice(const std::string& text);

// The most CPU threads a run may ask for. libgomp starts every thread of a team with its own
// stack (OMP_STACKSIZE, megabytes each) and crashes inside its thread pool when it cannot, as
// --threads 100000 did; 4096 is above the hardware threads of any current node (2 sockets x 192
// cores x 2-way SMT = 768), leaving room to study oversubscription, and far below where thread
// creation fails.
inline constexpr int kMaxThreads = 4096;

// kAuto picks CUDA only when a device is present. threads <= 0 means all cores (CPU backend);
// more than kMaxThreads is refused (ConfigError).
std::unique_ptr<Backend> make_backend(BackendChoice choice, int threads);

std::unique_ptr<Backend> make_cpu_backend(int threads);
std::unique_ptr<MarketEngine> make_cpu_market(const MarketSetup& setup,
                                              const EvolutionSetup& evolution, int threads);
std::unique_ptr<FollowerEvaluator> make_cpu_follower_evaluator(const FollowerSetup& setup,
                                                               int threads);

// Implemented in cuda/ when the CUDA backend is built, else by cuda_backend_absent.cpp.
bool cuda_backend_built();
// Number of usable CUDA devices (0 without a driver or device); `why` explains a zero.
int cuda_device_count(std::string* why);
// The CUDA backend on the first usable device, or null with `why` saying why there is none.
std::unique_ptr<Backend> try_make_cuda_backend(std::string* why);

// The CUDA backend on the first usable device; throws ConfigError when there is none.
std::unique_ptr<Backend> make_cuda_backend();

}  // namespace evomarket
