// What a run will allocate, estimated from its sizes before anything is allocated, so that a
// population of 10^10 agents or a tournament of 2^32 - 1 repetitions is refused with a message
// (the estimate, the limit and where the limit comes from) instead of growing towards the
// out-of-memory killer or ending in a bare std::bad_alloc. The per-agent and per-match bytes
// are those of the engines (host/backend/cpu_backend.cpp, cpu_market.cpp and their twins in
// cuda/); keep them in step when an engine gains or loses a per-agent array.
#pragma once

#include <cstdint>
#include <string>

#include "host/config/config.h"
#include "host/setup/market_setup.h"

namespace evomarket {

// Host (and, for the CUDA backend, device) bytes a run needs at its peak, and what they are.
struct MemoryEstimate {
  uint64_t host_bytes = 0;
  uint64_t device_bytes = 0;  // 0 on the CPU backend
  std::string what;           // the sizes behind the estimate, for messages
};

// The run option that overrides the host (and device) limit.
inline constexpr const char* kMemoryLimitOption = "--memory-limit";

// Where the limit an estimate is checked against comes from.
struct MemoryLimit {
  uint64_t host_bytes = 0;    // physical memory, or the override
  uint64_t device_bytes = 0;  // free device memory (CUDA backend), or the override; 0: none
  std::string host_source;    // e.g. "physical memory (sysconf)" or "--memory-limit"
  std::string device_source;
};

// Host bytes per agent of a population engine at its peak: the engine's arrays (strategy, next
// strategy, packed update key, payoff, rounds: 24 bytes) on the CPU backend, plus a snapshot
// copied out (strategy, payoff, rounds: 14) and a checkpoint's strategies (2).
inline constexpr uint64_t kCpuPopulationBytesPerAgent = 24 + 14 + 2;
// The CUDA population keeps the engine's 24 bytes per agent on the device; the host holds the
// snapshot and checkpoint copies.
inline constexpr uint64_t kCudaPopulationDeviceBytesPerAgent = 24;
inline constexpr uint64_t kCudaPopulationHostBytesPerAgent = 14 + 2;
// Host bytes per line of an edge-list file at most: each edge "u v" (at least 4 bytes with its
// newline) is held in both directions as a pair (2 x 16) and in the CSR neighbours (2 x 8).
inline constexpr uint64_t kGraphBytesPerFileByte = (2 * 16 + 2 * 8) / 4;

// Population mode (synchronous schedule: per-agent arrays; asynchronous: strategy counts only).
// `graph_file_bytes`: size of population.graph_file (0 without one).
MemoryEstimate estimate_population_memory(const ExperimentConfig& config, bool cuda,
                                          uint64_t graph_file_bytes);

// An ensemble (experiment.replicates > 1): one population per replicate running at once (as
// many as `threads` on the host; on the GPU one device batch, device_batch_slots), and each
// replicate's outcome (its final totals; the per-generation history it records on top depends on
// when it stops).
MemoryEstimate estimate_ensemble_memory(const ExperimentConfig& config, bool cuda,
                                        uint64_t graph_file_bytes, int threads);

// Tournament mode with `strategies` strategies: the match list, its outcomes and the per-
// repetition scores.
MemoryEstimate estimate_tournament_memory(const ExperimentConfig& config, uint32_t strategies,
                                          bool cuda);

// Market mode, from the built setup (its agents, communities and slots), on `threads` CPU
// threads (per-thread scratch of one community).
MemoryEstimate estimate_market_memory(const MarketSetup& setup, int threads, bool cuda);

// Physical memory of this machine: sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGE_SIZE); 0 when
// unknown.
uint64_t physical_memory_bytes();

// "64G", "512M", "1.5T", "1000000" (bytes; K, M, G, T are powers of 1024). ConfigError naming
// `option` unless it is a positive size.
uint64_t parse_memory_size(const std::string& text, const std::string& option);

// Throws ConfigError with the estimate, the limit and its source when the estimate exceeds it.
void check_memory(const MemoryEstimate& estimate, const MemoryLimit& limit);

// "12.3 GiB" style text for messages.
std::string format_bytes(uint64_t bytes);

}  // namespace evomarket
